//! The `quire` binary: serve the site (the whole server is `startup::Application`), or run
//! one maintenance command on the database.

use quire::{
    admin_cli,
    config::{Cli, Command, Settings},
    dal::db,
    seed,
    startup::Application,
    telemetry,
};
use sea_orm::DatabaseConnection;

/// mimalloc: rendering pages allocates many small strings, and it serves them faster than
/// the system allocator (measured with `make bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let cli = Cli::from_env();
    let settings = cli.settings;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await?;
        }
        Command::Migrate => {
            open(&settings).await?;
            tracing::info!("database migrated");
        }
        Command::Seed => {
            let report = seed::seed(&open(&settings).await?).await?;
            tracing::info!(
                users_added = report.users_added,
                posts_added = report.posts_added,
                "seeded"
            );
        }
        Command::CreateAdmin { email, name } => {
            let db = open(&settings).await?;
            let outcome = admin_cli::create_or_promote(&db, &email, name.as_deref()).await?;
            println!("{outcome}");
        }
    }
    Ok(())
}

/// The database, migrated.
async fn open(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    db::open_at_startup(&settings.database_url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the database: {e}"))
}
