//! Opening the database. SQLite (the default, a file under `data/`) gets WAL, a busy timeout
//! and foreign keys; PostgreSQL is the same code path. Migrations run on every start.
//!
//! No request waits long for a database that has gone away: connecting and taking a pooled
//! connection give up after [`CONNECTION_TIMEOUT`], PostgreSQL statements after [`STATEMENT_TIMEOUT`], and
//! the pool checks a connection before lending it, so once the database is back the next
//! request simply gets a fresh connection (no restart).

use std::{path::Path, str::FromStr, time::Duration};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous},
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// The default database, relative to the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/quire.db";

/// Longest wait to connect, or for a pooled connection, before the request fails with 503.
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(2);
/// Longest a PostgreSQL statement may run.
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest `/healthz` waits for the database's answer.
pub const PING_TIMEOUT: Duration = Duration::from_millis(800);

/// How long start-up keeps trying to reach the database before the server gives up: a
/// PostgreSQL that is still starting, or a machine too busy to lend a connection within
/// [`CONNECTION_TIMEOUT`], is waited for rather than met with an exit.
pub const STARTUP_WAIT: Duration = Duration::from_secs(30);

/// [`connect_and_migrate`] at start-up: tried again every second while the database cannot
/// be reached, for at most [`STARTUP_WAIT`]. "Cannot be reached" is every connection
/// failure, so wrong credentials or a host that does not exist are also waited for (and
/// logged each second); a migration that fails ends it at once.
pub async fn open_at_startup(url: &str) -> Result<DatabaseConnection, DbErr> {
    retry_while_unreachable(STARTUP_WAIT, Duration::from_secs(1), || {
        connect_and_migrate(url)
    })
    .await
}

/// Runs `attempt` until it succeeds, fails otherwise than by an unreachable database, or
/// `wait` has passed (then its last failure is the answer).
async fn retry_while_unreachable<T, F, Fut>(
    wait: Duration,
    pause: Duration,
    mut attempt: F,
) -> Result<T, DbErr>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, DbErr>>,
{
    let started = std::time::Instant::now();
    loop {
        match attempt().await {
            Err(err) if is_unreachable(&err) && started.elapsed() + pause < wait => {
                tracing::warn!(error = %err, "the database cannot be reached yet; trying again");
                tokio::time::sleep(pause).await;
            }
            result => return result,
        }
    }
}

/// Whether `err` is a failure to connect or to get a pooled connection (rather than a
/// statement or migration the database refused).
fn is_unreachable(err: &DbErr) -> bool {
    matches!(err, DbErr::Conn(_) | DbErr::ConnectionAcquire(_))
}

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
        .connect_timeout(CONNECTION_TIMEOUT)
        .acquire_timeout(CONNECTION_TIMEOUT)
        .test_before_acquire(true)
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
        let timeout_ms = STATEMENT_TIMEOUT.as_millis().to_string();
        options
            .max_connections(16)
            .map_sqlx_postgres_opts(move |pg| {
                pg.options([("statement_timeout", timeout_ms.as_str())])
            });
    }
    Database::connect(options).await
}

/// Whether the database answers a trivial query within [`PING_TIMEOUT`] (for `/healthz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    matches!(
        tokio::time::timeout(PING_TIMEOUT, db.execute_unprepared("SELECT 1")).await,
        Ok(Ok(_))
    )
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), waiting its turn behind other writers up to the busy timeout,
/// instead of starting as a reader and failing when it upgrades while another writer holds
/// the lock. On PostgreSQL it is a plain `BEGIN`.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Whether `url` names a SQLite database.
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use sea_orm::{ConnAcquireErr, RuntimeErr};

    use super::*;

    const PAUSE: Duration = Duration::from_millis(10);

    #[tokio::test]
    async fn start_up_waits_for_an_unreachable_database_and_not_for_a_refusal() {
        let tries = AtomicUsize::new(0);
        let reached = retry_while_unreachable(Duration::from_secs(5), PAUSE, || async {
            match tries.fetch_add(1, Ordering::SeqCst) {
                0 => Err(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout)),
                1 => Err(DbErr::Conn(RuntimeErr::Internal("refused".into()))),
                n => Ok(n),
            }
        })
        .await;
        assert_eq!(reached.unwrap(), 2, "answered on the third try");

        let tries = AtomicUsize::new(0);
        let refused = retry_while_unreachable(Duration::from_secs(5), PAUSE, || async {
            tries.fetch_add(1, Ordering::SeqCst);
            Err::<(), _>(DbErr::Migration("a migration failed".into()))
        })
        .await;
        assert!(matches!(refused, Err(DbErr::Migration(_))));
        assert_eq!(
            tries.load(Ordering::SeqCst),
            1,
            "a refusal is not tried again"
        );

        let gave_up = retry_while_unreachable(Duration::from_millis(50), PAUSE, || async {
            Err::<(), _>(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))
        })
        .await;
        assert!(matches!(gave_up, Err(DbErr::ConnectionAcquire(_))));
    }
}
