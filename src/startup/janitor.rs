//! Housekeeping in the background: every [`EVERY`], forget log-in tries older than the rate
//! limit's window, rate-limit counters whose window ended, expired flashes, and sessions that ended more than a week ago. Each is
//! one idempotent `DELETE … WHERE <expired>`, so several servers sharing a store can run it
//! at the same time without harm. A failed round is logged and tried again next time.

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
            if let Err(err) = round(&db, chrono::Utc::now()).await {
                tracing::warn!(error = %err, "janitor round failed");
            }
        }
    })
}

/// One round of clean-up; how many rows it removed.
pub async fn round(
    db: &DatabaseConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let removed = crate::dal::login_attempts::forget_old(db, now).await?
        + crate::dal::flashes::forget_expired(db, now).await?
        + crate::dal::rate_limits::forget_old(db, now).await?
        + crate::dal::session::forget_ended(db, now).await?;
    if removed > 0 {
        tracing::debug!(removed, "janitor round");
    }
    Ok(removed)
}
