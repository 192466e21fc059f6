//! The `quire` binary: settings, store, router, serve; or a maintenance command.

use clap::Parser;
use quire::{
    admin_cli,
    api::revalidate::RevalidateToken,
    auth::{self, client_ip::TrustedProxies, csrf::AllowedOrigins, password::HashPool},
    cache::{self, DataCache},
    config::{self, Cli, Command},
    dal::{db, posts, session::SessionKeys},
    seed,
    startup::{self, security_headers::SecurityPolicy, AppState},
    telemetry,
};
use secrecy::ExposeSecret;

/// mimalloc: rendering pages allocates many small strings, and it serves them faster than
/// the system allocator (measured with `make bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let cli = Cli::parse();
    let settings = cli.settings;
    let db = db::connect_and_migrate(&settings.database_url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the store: {e}"))?;

    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            tracing::info!("store migrated");
            Ok(())
        }
        Command::Seed => {
            let report = seed::seed(&db).await?;
            tracing::info!(
                users_added = report.users_added,
                posts_added = report.posts_added,
                "seeded"
            );
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            let outcome = admin_cli::create_or_promote(&db, &email, name.as_deref()).await?;
            println!("{outcome}");
            Ok(())
        }
        Command::Serve => {
            let leptos_options = config::leptos_options(&settings.leptos_toml)?;
            let dev = config::is_dev(&leptos_options);
            // Demo accounts have published passwords: only a developer's server adds them.
            if dev && settings.seed_empty && posts::count(&db).await? == 0 {
                let report = seed::seed(&db).await?;
                tracing::info!(
                    posts_added = report.posts_added,
                    "dev mode: empty store seeded with demo data"
                );
            }
            let secret = auth::secret::resolve(
                settings
                    .session_secret
                    .as_ref()
                    .map(ExposeSecret::expose_secret),
                dev,
                &config::data_dir(&settings.database_url),
            )?;
            let addr = leptos_options.site_addr;
            let site_origin = settings
                .site_origin
                .clone()
                .unwrap_or_else(|| format!("http://{addr}"));
            // Plain http only in dev mode; anything served for real is behind https.
            let keys = SessionKeys::new(secret, !(dev && site_origin.starts_with("http://")));
            let origins = AllowedOrigins::new(&site_origin, &settings.allowed_origins);
            let proxies = TrustedProxies::parse(&settings.trusted_proxies)?;
            let hashing = HashPool::for_cores();
            // The dummy hash for unknown emails, computed now rather than by a request.
            hashing.warm_up().await?;
            let security = SecurityPolicy {
                hsts: !dev,
                reload_port: dev.then_some(leptos_options.reload_port),
            };
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!("Quire listening on http://{}", listener.local_addr()?);
            if settings.revalidate_token.is_none() {
                tracing::info!("REVALIDATE_TOKEN is not set: /api/revalidate refuses every call");
            }
            let cache = DataCache::new(std::time::Duration::from_secs(settings.cache_ttl_secs));
            if !db::is_sqlite(&settings.database_url) {
                // Hear the purges of the other servers on this store.
                cache::bus::listen(&settings.database_url, cache.clone());
            }
            let app = startup::app(AppState {
                leptos_options,
                db: db.clone(),
                keys,
                origins,
                cache,
                revalidate_token: RevalidateToken::new(
                    settings
                        .revalidate_token
                        .as_ref()
                        .map(ExposeSecret::expose_secret),
                ),
                hashing,
                proxies,
                security,
            });
            startup::janitor::spawn(db.clone());
            startup::serve(listener, app).await?;
            Ok(())
        }
    }
}
