//! Rate limits kept in the database, so they hold across restarts and across several
//! servers sharing it: each [`Limit`] allows `max` hits per key (a client address) in a
//! fixed window. A hit first upserts its counter row inside a write transaction, which makes
//! concurrent hits for one key take turns (a row lock on PostgreSQL, the write lock on
//! SQLite), so no burst gets more than `max` through.
//!
//! (The log-in limit, per e-mail and address and per address, has its own tables: its
//! tries are forgiven by a successful log-in; see `login_attempts`.)

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::{Expr, OnConflict},
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, Set,
};

use crate::entities::rate_limit;

/// A limit: at most `max` hits per key in each `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Its name in the table.
    pub bucket: &'static str,
    pub max: i32,
    pub window: Duration,
}

/// Checks of whether an e-mail address has an account, per client address: the sign-up
/// form's availability check (`/api/email-available`) and sign-ups themselves (whose
/// "already exists" says the same). Enough for a person trying a few addresses; far too
/// few to walk a list.
pub const EMAIL_LOOKUPS: Limit = Limit {
    bucket: "email_lookups",
    max: 20,
    window: Duration::minutes(15),
};

/// Whether a hit may go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// Counted; go on.
    Allowed,
    /// The key used up its hits; its window ends after this many seconds.
    Limited { retry_after_secs: u64 },
}

/// Counts a hit of `key` under `limit`, unless it used up its hits in the current window.
pub async fn hit(
    db: &DatabaseConnection,
    limit: Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Hit, DbErr> {
    let key: String = crate::auth::client_ip::limit_key(key)
        .chars()
        .take(320)
        .collect();
    // A key that used up its hits is answered from a plain read: a flood of refused
    // requests takes no write lock.
    let current = rate_limit::Entity::find_by_id((limit.bucket.to_string(), key.clone()))
        .one(db)
        .await?;
    if let Some(row) = current {
        if let Some(limited) = used_up(&limit, row.window_start, row.hits, now) {
            return Ok(limited);
        }
    }
    let txn = super::db::begin_write(db).await?;
    let row = lock_row(&txn, &limit, &key, now).await?;
    let (window_start, hits) = if row.window_start + limit.window <= now {
        (now, 0)
    } else {
        (row.window_start, row.hits)
    };
    if let Some(limited) = used_up(&limit, window_start, hits, now) {
        txn.commit().await?;
        return Ok(limited);
    }
    rate_limit::Entity::update_many()
        .col_expr(rate_limit::Column::WindowStart, Expr::value(window_start))
        .col_expr(rate_limit::Column::Hits, Expr::value(hits + 1))
        .filter(rate_limit::Column::Bucket.eq(limit.bucket))
        .filter(rate_limit::Column::Key.eq(&key))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Hit::Allowed)
}

/// `Limited` when a window that started at `window_start` and holds `hits` is still open
/// and full.
fn used_up(
    limit: &Limit,
    window_start: DateTime<Utc>,
    hits: i32,
    now: DateTime<Utc>,
) -> Option<Hit> {
    let ends = window_start + limit.window;
    (ends > now && hits >= limit.max).then(|| Hit::Limited {
        retry_after_secs: (ends - now).num_seconds().max(1) as u64,
    })
}

/// The key's row, created if missing, read inside `txn` after a write to it: the write
/// makes concurrent hits of this key take turns.
async fn lock_row(
    txn: &DatabaseTransaction,
    limit: &Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<rate_limit::Model, DbErr> {
    rate_limit::Entity::insert(rate_limit::ActiveModel {
        bucket: Set(limit.bucket.to_string()),
        key: Set(key.to_string()),
        window_start: Set(now),
        hits: Set(0),
    })
    .on_conflict(
        OnConflict::columns([rate_limit::Column::Bucket, rate_limit::Column::Key])
            .value(
                rate_limit::Column::Hits,
                Expr::col((rate_limit::Entity, rate_limit::Column::Hits)),
            )
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    rate_limit::Entity::find_by_id((limit.bucket.to_string(), key.to_string()))
        .one(txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the rate limit row just written".into()))
}

/// Deletes counters whose window ended (the janitor's job); how many rows. Every limit's
/// window is at most a day, so a day-old window is over whatever its limit.
pub async fn forget_old<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(rate_limit::Entity::delete_many()
        .filter(rate_limit::Column::WindowStart.lt(now - Duration::days(1)))
        .exec(db)
        .await?
        .rows_affected)
}
