//! The log-in rate limit: after 5 failures for one email from one IP within 15 minutes,
//! further attempts are refused until the oldest failure ages out. Stored in the store, so
//! it holds across restarts.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use crate::entities::login_attempt;

/// Failures allowed in the window.
pub const MAX_FAILURES: u64 = 5;
/// The window.
pub const WINDOW: Duration = Duration::minutes(15);

/// Whether `email` from `ip` has used up its attempts.
pub async fn is_limited<C: ConnectionTrait>(db: &C, email: &str, ip: &str) -> Result<bool, DbErr> {
    let recent = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::Ip.eq(ip))
        .filter(login_attempt::Column::AttemptedAt.gt(Utc::now() - WINDOW))
        .count(db)
        .await?;
    Ok(recent >= MAX_FAILURES)
}

/// Records a failed attempt (and forgets failures older than the window).
pub async fn record_failure<C: ConnectionTrait>(
    db: &C,
    email: &str,
    ip: &str,
) -> Result<(), DbErr> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(Utc::now() - WINDOW))
        .exec(db)
        .await?;
    login_attempt::ActiveModel {
        email: Set(email.chars().take(254).collect()),
        ip: Set(ip.to_string()),
        attempted_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Forgets the failures of `email` from `ip` after a successful log-in.
pub async fn clear<C: ConnectionTrait>(db: &C, email: &str, ip: &str) -> Result<(), DbErr> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::Ip.eq(ip))
        .exec(db)
        .await?;
    Ok(())
}
