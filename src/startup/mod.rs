//! The axum application in one place: [`app`] builds the router (so tests can serve it on
//! a random port) and [`serve`] runs it until Ctrl-C or SIGTERM, then stops accepting and
//! lets the requests in flight finish, for at most [`SHUTDOWN_GRACE`].

pub mod body_limit;
pub mod janitor;
pub mod security_headers;

use axum::{
    extract::{DefaultBodyLimit, FromRef, State},
    http::{header, HeaderValue, StatusCode},
    middleware,
    response::IntoResponse,
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos_axum::{
    file_and_error_handler_with_context, generate_route_list, site_pkg_dir_service,
    site_pkg_dir_service_route_path, LeptosRoutes,
};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{predicate::Predicate, CompressionLayer, DefaultPredicate},
    request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
    CompressionLevel,
};

use crate::{
    api::revalidate::RevalidateToken,
    app::{shell, App},
    auth::{
        client_ip::{self, TrustedProxies},
        csrf,
        csrf::AllowedOrigins,
        password::HashPool,
    },
    cache::DataCache,
    dal::{db, session::SessionKeys},
    error::http as error,
    middleware as session_middleware,
};
use security_headers::{CspNonce, SecurityPolicy};

/// Everything a request handler may need.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    /// The session secret and cookie policy.
    pub keys: SessionKeys,
    /// Origins allowed to send mutating requests; the first is the site's own.
    pub origins: AllowedOrigins,
    /// The data cache of the public reads.
    pub cache: DataCache,
    /// What `/api/revalidate` callers must present.
    pub revalidate_token: RevalidateToken,
    /// The password hashing threads.
    pub hashing: HashPool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub proxies: TrustedProxies,
    /// HSTS and the Content-Security-Policy.
    pub security: SecurityPolicy,
}

pub use body_limit::MAX_BODY_BYTES;

/// Longest the server waits, once told to stop, for the requests in flight.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Hashed asset names change with their content, so browsers may keep them for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The app's routes, generated once per process. Generating renders the app with resource
/// loading switched off by a process-wide flag (leptos_server's `SuppressResourceLoad`),
/// so doing it while another router in the same process serves pages (as tests do) would
/// leave those pages waiting for data that never loads.
fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application: pages, server functions, static files, health check.
pub fn app(state: AppState) -> Router {
    let routes = routes();
    let options = state.leptos_options.clone();

    let context = {
        let db = state.db.clone();
        let keys = state.keys.clone();
        let origins = state.origins.clone();
        let cache = state.cache.clone();
        let hashing = state.hashing.clone();
        move || {
            provide_context(db.clone());
            provide_context(keys.clone());
            provide_context(origins.clone());
            provide_context(cache.clone());
            provide_context(hashing.clone());
            if let Some(parts) = use_context::<axum::http::request::Parts>() {
                // Leptos' inline scripts carry the nonce the response's CSP names.
                if let Some(nonce) = parts.extensions.get::<CspNonce>() {
                    provide_context(leptos::nonce::Nonce::from_value(nonce.value()));
                }
                // A page the page cache may keep learns what it depends on.
                if let Some(notes) = parts.extensions.get::<crate::cache::pages::RenderNotes>() {
                    provide_context(notes.clone());
                }
            }
        }
    };
    let pkg_route = site_pkg_dir_service_route_path(&options);
    // Only an asset that exists is immutable: a missing one may appear with the next
    // deploy, so its 404 must not be kept for a year.
    let assets = Router::new()
        .route_service(&pkg_route, site_pkg_dir_service(&options))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            |response: &axum::response::Response| {
                let status = response.status();
                (status.is_success() || status == StatusCode::NOT_MODIFIED)
                    .then(|| HeaderValue::from_static(IMMUTABLE))
                    .or_else(|| Some(HeaderValue::from_static("no-store")))
            },
        ));

    let sessions = session_middleware::SessionState {
        db: state.db.clone(),
        keys: state.keys.clone(),
    };
    // Everything that renders or changes something. Layers run bottom-up for a request:
    // size and origin are checked before any session work.
    let site = Router::new()
        .route("/healthz", get(healthz))
        .merge(crate::api::router())
        .merge(crate::test_hooks::router())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
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
        .with_state(state.clone());

    // Around it: a kept public page is answered before the site is routed at all;
    // compression wraps whatever the site streams.
    Router::new()
        .merge(assets)
        .fallback_service(site)
        .layer(middleware::from_fn_with_state(
            state.cache.clone(),
            crate::cache::pages::serve,
        ))
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(PAGE_COMPRESSION_QUALITY))
                .compress_when(DefaultPredicate::new().and(is_html)),
        )
        // Outermost: every request gets an id first, and a panic anywhere inside becomes
        // the 500 page (logged with that id) while the server serves on; every answer,
        // that page included, gets the security headers.
        .layer(CatchPanicLayer::custom(error::panic_page))
        .layer(middleware::from_fn_with_state(
            state.security.clone(),
            security_headers::add,
        ))
        .layer(middleware::from_fn(scope_request_id))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                // Failures are logged where they happen, with their cause and the id.
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(RandomRequestId))
        // Outermost of all: a client's own `X-Request-Id` is set aside (logged as
        // `client_request_id`), so the request id is always one Quire made.
        .layer(middleware::from_fn(set_aside_client_request_id))
}

/// The `X-Request-Id` a client sent, kept apart from Quire's own id (for the log only).
#[derive(Clone, Debug)]
pub struct ClientRequestId(pub String);

/// Longest client request id carried into the log.
const MAX_CLIENT_REQUEST_ID: usize = 128;

async fn set_aside_client_request_id(
    mut request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    if let Some(sent) = request.headers_mut().remove("x-request-id") {
        let sent: String = String::from_utf8_lossy(sent.as_bytes())
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_CLIENT_REQUEST_ID)
            .collect();
        request.extensions_mut().insert(ClientRequestId(sent));
    }
    next.run(request).await
}

/// Compression quality for pages rendered per request (brotli 4, gzip 4): several times
/// faster than brotli 5 for a few percent more bytes (measured with `make bench`). Pages
/// kept by the page cache are compressed once, apart, at the best quality.
///
/// Streaming survives it: when Leptos has nothing more to send yet (the list still
/// loading), the encoder flushes what it has (async-compression since 0.4.31), so the
/// head decodes on arrival. `tests/api/streaming.rs` holds the list back and checks.
const PAGE_COMPRESSION_QUALITY: i32 = 4;

/// Only HTML is compressed here: static assets are precompressed at build time, and kept
/// pages carry their own encoding (which the layer leaves alone).
fn is_html(
    _status: StatusCode,
    _version: axum::http::Version,
    headers: &axum::http::HeaderMap,
    _extensions: &axum::http::Extensions,
) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// A request id: 128 random bits from the thread's generator, in hex (a UUID v4 would ask
/// the operating system for randomness on every request).
#[derive(Clone, Copy, Debug, Default)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        use rand::Rng;
        let id = format!("{:032x}", rand::rng().random::<u128>());
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// The tracing span of a request (every log line it causes carries its id, method and
/// path), for tower-http's `TraceLayer`.
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let client_id = request
        .extensions()
        .get::<ClientRequestId>()
        .map(|id| id.0.as_str());
    tracing::info_span!(
        "request",
        request_id = %request_id(request),
        client_request_id = client_id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

fn request_id<B>(request: &axum::http::Request<B>) -> &str {
    request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or_default()
}

/// Runs the request with its id at hand for error messages and the panic page.
async fn scope_request_id(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let id = request_id(&request).to_string();
    error::scope_request_id(id, next.run(request)).await
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
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if is_api {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// 200 when the store answers, 503 when it does not.
async fn healthz(State(db): State<DatabaseConnection>) -> impl IntoResponse {
    if db::ping(&db).await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "store unavailable")
    }
}

/// Serves `router` on `listener` until the process is asked to stop (Ctrl-C or SIGTERM):
/// then it stops accepting, lets the requests in flight finish, and returns; requests still
/// running after [`SHUTDOWN_GRACE`] are abandoned (their transactions roll back).
pub async fn serve(listener: TcpListener, router: Router) -> std::io::Result<()> {
    serve_until(listener, router, shutdown_signal()).await
}

/// [`serve`], stopping when `stop` completes instead of on a signal.
pub async fn serve_until(
    listener: TcpListener,
    router: Router,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stopping = std::sync::Arc::new(tokio::sync::Notify::new());
    use axum::serve::ListenerExt;
    // Streamed pages go out in several writes; without TCP_NODELAY a later write waits for
    // the client's delayed ACK of the first (about 40 ms on Linux).
    let listener = listener.tap_io(|stream| {
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(error = %err, "could not set TCP_NODELAY");
        }
    });
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown({
        let stopping = std::sync::Arc::clone(&stopping);
        async move {
            stop.await;
            stopping.notify_one();
        }
    });
    let deadline = async move {
        stopping.notified().await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        served = server => {
            tracing::info!("stopped: every request in flight was answered");
            served
        }
        _ = deadline => {
            tracing::warn!("stopped: requests still in flight after {SHUTDOWN_GRACE:?} were abandoned");
            Ok(())
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: no new connections; finishing the requests in flight");
}
