//! The axum application in one place. [`Application::build`] makes the whole server from
//! the settings (the binary and the tests call it alike); [`app`] puts the router together
//! from its parts: the per-request Leptos context (`context`), the site (`site`: pages,
//! server functions, API and their layers) and the layers around everything (`outer`);
//! [`serve`] runs it until Ctrl-C or SIGTERM, then lets the requests in flight finish, for
//! at most [`SHUTDOWN_GRACE`].

pub mod application;
pub mod body_limit;
mod context;
pub mod janitor;
mod outer;
mod request_id;
pub mod security_headers;
mod serve;
mod site;

use axum::{extract::FromRef, Router};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, AxumRouteListing};
use sea_orm::DatabaseConnection;

use crate::{
    api::revalidate::RevalidateToken,
    app::App,
    auth::{client_ip::TrustedProxies, csrf::AllowedOrigins, password::HashPool},
    cache::DataCache,
    dal::session::SessionKeys,
};
use security_headers::SecurityPolicy;

pub use application::Application;
pub use body_limit::MAX_BODY_BYTES;
pub use request_id::ClientRequestId;
pub use serve::{serve, serve_until, SHUTDOWN_GRACE};

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

/// The app's routes, generated once per process. Generating renders the app with resource
/// loading switched off by a process-wide flag (leptos_server's `SuppressResourceLoad`),
/// so doing it while another router in the same process serves pages (as tests do) would
/// leave those pages waiting for data that never loads.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application: the static assets, else the site, inside the outer layers.
pub fn app(state: AppState) -> Router {
    let site = site::router(&state, routes());
    let inner = Router::new()
        .merge(site::assets(&state.leptos_options))
        .fallback_service(site);
    outer::wrap(inner, &state)
}
