//! Opening the store. SQLite (the default, a file under `data/`) gets WAL, a busy timeout
//! and foreign keys; PostgreSQL is the same code path. Migrations run on every start.

use std::{path::Path, str::FromStr, time::Duration};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous},
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr,
};

/// The default store, relative to the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/quire.db";

/// Connects to `url` (creating a SQLite file and its folder if missing) and migrates.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// Connects without migrating.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if is_sqlite(url) {
        ensure_sqlite_folder(url)?;
        let url = url.to_string();
        options.max_connections(8).map_sqlx_sqlite_opts(move |_| {
            // Parse again here so the file is created and our pragmas win over the URL's.
            SqliteConnectOptions::from_str(&url)
                .unwrap_or_default()
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
        });
    } else {
        options.max_connections(16);
    }
    Database::connect(options).await
}

/// Whether the store answers a trivial query (for `/healthz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}

/// Whether `url` names a SQLite store.
pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

fn ensure_sqlite_folder(url: &str) -> Result<(), DbErr> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)
                .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
        }
    }
    Ok(())
}
