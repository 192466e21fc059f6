//! The log-in rate limit: at most [`MAX_ATTEMPTS`] tries for one email from one client
//! address, and at most [`MAX_ATTEMPTS_PER_ADDRESS`] tries for any emails from one address
//! (password spraying), within [`WINDOW`]. A try is counted *before* the password is
//! checked, in one transaction that first writes the address's and then the pair's
//! `login_limits` rows: on PostgreSQL those writes hold the rows' locks until commit, on
//! SQLite the first takes the database's write lock, so any number of concurrent guesses, on
//! one server or several sharing a database, are counted one after another and no more than
//! the limits get through. A successful log-in forgets the pair's tries (so people who
//! share an address and know their passwords do not use it up). Kept in the database, so the
//! limits also hold across restarts.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::OnConflict, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};

use crate::entities::{login_attempt, login_limit};

/// Tries allowed for one email from one address in the window.
pub const MAX_ATTEMPTS: u64 = 5;
/// Tries allowed for any emails from one address in the window (failed ones: a success
/// forgets its pair's).
pub const MAX_ATTEMPTS_PER_ADDRESS: u64 = 10;
/// The `login_limits` row of an address as a whole (no email is empty after validation).
const WHOLE_ADDRESS: &str = "";
/// The window.
pub const WINDOW: Duration = Duration::minutes(15);

/// Whether a log-in may check its password now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// Counted (as this row); go on.
    Allowed { id: i32 },
    /// Used up; the oldest try ages out after this many seconds.
    Limited { retry_after_secs: u64 },
}

/// Counts a try for `email` from `ip`, unless the pair has used up its tries.
pub async fn begin_attempt(
    db: &DatabaseConnection,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Attempt, DbErr> {
    let email: String = email.chars().take(254).collect();
    let key = crate::auth::client_ip::limit_key(ip);
    let ip = key.as_str();
    let txn = super::db::begin_write(db).await?;
    take_turns(&txn, &email, ip, now).await?;
    let from_address = || {
        login_attempt::Entity::find()
            .filter(login_attempt::Column::Ip.eq(ip))
            .filter(login_attempt::Column::AttemptedAt.gt(now - WINDOW))
    };
    let for_pair = || from_address().filter(login_attempt::Column::Email.eq(&email));
    for (recent, max) in [
        (for_pair(), MAX_ATTEMPTS),
        (from_address(), MAX_ATTEMPTS_PER_ADDRESS),
    ] {
        if recent.clone().count(&txn).await? >= max {
            let oldest: Option<DateTime<Utc>> = recent
                .select_only()
                .column(login_attempt::Column::AttemptedAt)
                .order_by_asc(login_attempt::Column::AttemptedAt)
                .into_tuple()
                .one(&txn)
                .await?;
            txn.commit().await?;
            let frees_at = oldest.unwrap_or(now) + WINDOW;
            let retry_after_secs = (frees_at - now).num_seconds().max(1) as u64;
            return Ok(Attempt::Limited { retry_after_secs });
        }
    }
    let counted = login_attempt::ActiveModel {
        email: Set(email.clone()),
        ip: Set(ip.to_string()),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(Attempt::Allowed { id: counted.id })
}

/// The writes that make concurrent attempts from `ip`, and for the pair, take turns
/// (always in this order, so two attempts never wait on each other).
async fn take_turns(
    txn: &DatabaseTransaction,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for row_email in [WHOLE_ADDRESS, email] {
        login_limit::Entity::insert(login_limit::ActiveModel {
            email: Set(row_email.to_string()),
            ip: Set(ip.to_string()),
            touched_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([login_limit::Column::Email, login_limit::Column::Ip])
                .update_column(login_limit::Column::TouchedAt)
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// Gives a counted try back: the server could not check the password (it was busy).
pub async fn give_back<C: ConnectionTrait>(db: &C, id: i32) -> Result<(), DbErr> {
    login_attempt::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Forgets the tries of `email` from `ip` after a successful log-in.
pub async fn clear<C: ConnectionTrait>(db: &C, email: &str, ip: &str) -> Result<(), DbErr> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::Ip.eq(crate::auth::client_ip::limit_key(ip)))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes tries and pair rows older than the window (the janitor's job); how many rows.
pub async fn forget_old<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let attempts = login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(now - WINDOW))
        .exec(db)
        .await?;
    let limits = login_limit::Entity::delete_many()
        .filter(login_limit::Column::TouchedAt.lt(now - WINDOW))
        .exec(db)
        .await?;
    Ok(attempts.rows_affected + limits.rows_affected)
}
