//! Housekeeping in the background: every [`EVERY`], forget log-in tries older than the rate
//! limit's window. A failed round is logged and tried again next time.

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
            match crate::dal::login_attempts::forget_old(&db, chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(rows) => tracing::debug!(rows, "forgot old log-in tries"),
                Err(err) => tracing::warn!(error = %err, "janitor round failed"),
            }
        }
    })
}
