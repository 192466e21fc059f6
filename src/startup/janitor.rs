//! The janitor: a background task that, every [`EVERY`], deletes the rows nobody needs any
//! more: log-in tries older than the rate limit's window, rate-limit counters whose window
//! ended, expired flashes, and sessions that ended more than a week ago. Each is one
//! idempotent `DELETE … WHERE <expired>`, so several servers sharing a database can run it
//! at the same time without harm. A failed run is logged and tried again next time.

use std::time::Duration;

use sea_orm::DatabaseConnection;

/// How often the janitor runs.
pub const EVERY: Duration = Duration::from_secs(10 * 60);

/// Starts the janitor on the current runtime.
pub fn spawn(db: DatabaseConnection) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(err) = delete_expired_rows(&db, chrono::Utc::now()).await {
                tracing::warn!(error = %err, "janitor run failed");
            }
        }
    })
}

/// One run of the janitor; how many rows it deleted.
pub async fn delete_expired_rows(
    db: &DatabaseConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let removed = crate::dal::login_attempts::forget_old(db, now).await?
        + crate::dal::flashes::forget_expired(db, now).await?
        + crate::dal::rate_limits::forget_old(db, now).await?
        + crate::dal::session::forget_ended(db, now).await?;
    if removed > 0 {
        tracing::debug!(removed, "janitor run");
    }
    Ok(removed)
}
