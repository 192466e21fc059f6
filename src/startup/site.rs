//! The site: pages, server functions, the API, test hooks and the health check, behind the
//! layers every one of them needs (client address, body size, origin, sessions, flashes);
//! and beside it the static assets, which need none of that.

use axum::{
    extract::{DefaultBodyLimit, State},
    http::{header, HeaderValue, StatusCode},
    middleware,
    response::IntoResponse,
    routing::get,
    Router,
};
use leptos::config::LeptosOptions;
use leptos_axum::{
    file_and_error_handler_with_context, site_pkg_dir_service, site_pkg_dir_service_route_path,
    AxumRouteListing, LeptosRoutes,
};
use sea_orm::DatabaseConnection;
use tower_http::set_header::SetResponseHeaderLayer;

use super::{body_limit, context, AppState, MAX_BODY_BYTES};
use crate::{
    app::shell,
    auth::{client_ip, csrf},
    dal::db,
    error::http as error,
    middleware as session_middleware, paths,
};

/// Hashed asset names change with their content, so browsers may keep them for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Everything that renders or changes something. Layers run bottom-up for a request: the
/// client's address first, then size and origin, before any session work.
pub(super) fn router(state: &AppState, routes: Vec<AxumRouteListing>) -> Router {
    let context = context::provider(state);
    let options = state.leptos_options.clone();
    let sessions = session_middleware::SessionState {
        db: state.db.clone(),
        keys: state.keys.clone(),
    };
    Router::new()
        .route(paths::HEALTH, get(healthz))
        .merge(crate::api::router())
        .merge(crate::test_hooks::router())
        .leptos_routes_with_context(state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(middleware::from_fn_with_state(
            sessions.clone(),
            crate::flash::load,
        ))
        .layer(middleware::from_fn_with_state(
            sessions,
            session_middleware::sessions,
        ))
        .layer(middleware::from_fn(error::server_fn_status))
        .layer(middleware::from_fn_with_state(
            state.origins.clone(),
            csrf::refuse_cross_site,
        ))
        .layer(middleware::from_fn(see_other_after_post))
        .layer(middleware::from_fn(no_store_for_api))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(body_limit::limit))
        .layer(middleware::from_fn_with_state(
            state.proxies.clone(),
            client_ip::resolve,
        ))
        .with_state(state.clone())
}

/// The built WebAssembly, JavaScript and CSS. Only an asset that exists is immutable: a
/// missing one may appear with the next deploy, so its 404 must not be cached for a year.
pub(super) fn assets(options: &LeptosOptions) -> Router {
    Router::new()
        .route_service(
            &site_pkg_dir_service_route_path(options),
            site_pkg_dir_service(options),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            |response: &axum::response::Response| {
                let status = response.status();
                (status.is_success() || status == StatusCode::NOT_MODIFIED)
                    .then(|| HeaderValue::from_static(IMMUTABLE))
                    .or_else(|| Some(HeaderValue::from_static("no-store")))
            },
        ))
}

/// A form post answered with a redirect gets 303 See Other (the browser follows it with a
/// GET), not the 302 Leptos sets.
async fn see_other_after_post(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let is_post = request.method() == axum::http::Method::POST;
    let mut response = next.run(request).await;
    if is_post && response.status() == StatusCode::FOUND {
        *response.status_mut() = StatusCode::SEE_OTHER;
    }
    response
}

/// Server-function and API answers are per user and per moment: no cache may keep them.
async fn no_store_for_api(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let is_api = request.uri().path().starts_with(paths::API_PREFIX);
    let mut response = next.run(request).await;
    if is_api {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// 200 when the database answers, 503 when it does not.
async fn healthz(State(db): State<DatabaseConnection>) -> impl IntoResponse {
    if db::ping(&db).await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
