//! [`Application`]: the whole server made once from the settings, in zero2prod's shape
//! (`build`, then `run_until_stopped`), so `quire serve` and the tests run the same wiring:
//! the database opened and migrated, demo data on an empty one in dev mode, the session
//! secret, the router, the listener, and the background tasks (the janitor, and on
//! PostgreSQL the listener for the other servers' cache purges).

use std::{future::Future, net::SocketAddr, time::Duration};

use anyhow::Context;
use axum::Router;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;
use tokio::{net::TcpListener, task::JoinHandle};

use super::{janitor, security_headers::SecurityPolicy, serve, AppState};
use crate::{
    api::revalidate::RevalidateToken,
    auth::{self, client_ip::TrustedProxies, csrf::AllowedOrigins, password::HashPool},
    cache::{self, DataCache},
    config::{self, Settings},
    dal::{db, posts, session::SessionKeys},
    seed,
};

/// A server bound to its address and ready to serve.
pub struct Application {
    address: SocketAddr,
    db: DatabaseConnection,
    listener: TcpListener,
    router: Router,
    /// Tasks that live as long as the server serves.
    background: Vec<JoinHandle<()>>,
}

impl Application {
    /// Builds the server `settings` describe. The background tasks run on the current Tokio
    /// runtime; the listener is bound (port 0 picks a free one) but answers nothing until
    /// [`Application::run_until_stopped`].
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let leptos_options = settings.leptos()?;
        let dev = config::is_dev(&leptos_options);
        let db = db::open_at_startup(&settings.database_url)
            .await
            .map_err(|e| anyhow::anyhow!("cannot open the database: {e}"))?;
        // Demo accounts have published passwords: only a developer's server adds them.
        if dev && settings.seed_empty && posts::count(&db).await? == 0 {
            let report = seed::seed(&db).await?;
            tracing::info!(
                posts_added = report.posts_added,
                "dev mode: empty database seeded with demo data"
            );
        }
        let site_addr = leptos_options.site_addr;
        let listener = TcpListener::bind(site_addr)
            .await
            .with_context(|| format!("cannot listen on {site_addr}"))?;
        let address = listener.local_addr()?;
        let state = state(&settings, leptos_options, db.clone(), address).await?;
        // Started last, once nothing can fail, so a failed build leaves no task behind.
        let mut background = vec![janitor::spawn(db.clone())];
        if !db::is_sqlite(&settings.database_url) {
            // Hear the purges of the other servers on this database.
            let bus = cache::bus::listen(&settings.database_url, state.cache.clone());
            background.push(bus);
        }
        Ok(Application {
            address,
            db,
            listener,
            router: super::app(state),
            background,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The port the server listens on (the one picked, when the settings said 0).
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The server's database connection (the same pool its requests use).
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight, for at most
    /// [`super::SHUTDOWN_GRACE`].
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(serve::shutdown_signal()).await
    }

    /// Serves until `stop` completes, then finishes the requests in flight; the background
    /// tasks end with it.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!("Quire listening on http://{}", self.address);
        let served = serve::serve_until(self.listener, self.router, stop).await;
        for task in self.background {
            task.abort();
        }
        served
    }
}

/// What every request shares, for a server listening on `address`.
async fn state(
    settings: &Settings,
    leptos_options: LeptosOptions,
    db: DatabaseConnection,
    address: SocketAddr,
) -> anyhow::Result<AppState> {
    let dev = config::is_dev(&leptos_options);
    let site_origin = settings
        .site_origin
        .clone()
        .unwrap_or_else(|| format!("http://{address}"));
    let hashing = settings.hashing.clone().unwrap_or_else(HashPool::for_cores);
    // The dummy hash for unknown emails, computed now rather than by a request.
    hashing.warm_up().await?;
    if settings.revalidate_token.is_none() {
        tracing::info!("REVALIDATE_TOKEN is not set: /api/revalidate refuses every call");
    }
    let revalidate_token = settings
        .revalidate_token
        .as_ref()
        .map(ExposeSecret::expose_secret);
    Ok(AppState {
        keys: session_keys(settings, dev, &site_origin)?,
        origins: AllowedOrigins::new(&site_origin, &settings.allowed_origins),
        proxies: TrustedProxies::parse(&settings.trusted_proxies)?,
        security: SecurityPolicy {
            hsts: !dev,
            reload_port: dev.then_some(leptos_options.reload_port),
        },
        cache: DataCache::new(Duration::from_secs(settings.cache_ttl_secs)),
        revalidate_token: RevalidateToken::new(revalidate_token),
        hashing,
        db,
        leptos_options,
    })
}

/// The session secret (in dev mode, generated once per data directory) and whether cookies
/// are `Secure`: always, except in dev mode on plain http.
fn session_keys(settings: &Settings, dev: bool, site_origin: &str) -> anyhow::Result<SessionKeys> {
    let secret = auth::secret::resolve(
        settings
            .session_secret
            .as_ref()
            .map(ExposeSecret::expose_secret),
        dev,
        &config::data_dir(&settings.database_url),
    )?;
    let secure = !(dev && site_origin.starts_with("http://"));
    Ok(SessionKeys::new(secret, secure))
}
