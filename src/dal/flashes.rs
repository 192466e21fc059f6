//! Flashes in the database: a failed plain form post's answer, kept until its page takes it
//! (once) or it expires. Any server sharing the database can take what another saved.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};

use crate::entities::flash;

/// How long a flash waits to be taken.
pub const TTL: Duration = Duration::seconds(60);

/// Most flashes waiting at once, all servers together: a flood of refused forms can fill
/// the table only this far (each flash holds at most [`MAX_PAYLOAD_BYTES`] and lives
/// [`TTL`]).
pub const MAX_WAITING: u64 = 10_000;
/// Most flashes one owner (an account, or a client address without a session) may have
/// waiting at once: far more than a person refused by a form in a minute.
pub const MAX_WAITING_PER_OWNER: u64 = 20;
/// Largest payload kept.
pub const MAX_PAYLOAD_BYTES: usize = 160 * 1024;

/// Saves `payload` for a form of `kind` refused for `owner`; returns its id (128 random
/// bits, hex), or `None` when it is not kept: larger than [`MAX_PAYLOAD_BYTES`], or its
/// owner already has [`MAX_WAITING_PER_OWNER`] waiting, or [`MAX_WAITING`] are waiting in
/// all (the form's answer then goes without its messages; its status still says what
/// happened). Counted and written in one write transaction, so concurrent refusals do not
/// pass the caps together.
pub async fn save(
    db: &DatabaseConnection,
    kind: &str,
    payload: String,
    owner: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Ok(None);
    }
    let owner: String = owner.chars().take(80).collect();
    let txn = super::db::begin_write(db).await?;
    let waiting = || flash::Entity::find().filter(flash::Column::ExpiresAt.gt(now));
    if waiting()
        .filter(flash::Column::Owner.eq(&owner))
        .count(&txn)
        .await?
        >= MAX_WAITING_PER_OWNER
        || waiting().count(&txn).await? >= MAX_WAITING
    {
        txn.commit().await?;
        return Ok(None);
    }
    let id = crate::random::random_id(128);
    flash::ActiveModel {
        id: Set(id.clone()),
        kind: Set(kind.chars().take(32).collect()),
        payload: Set(payload),
        expires_at: Set(now + TTL),
        owner: Set(owner),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(Some(id))
}

/// Takes flash `id` if it is still there: its kind and payload. Taken once: of two
/// servers taking it at the same time, only the one whose delete removed it gets it.
pub async fn take<C: ConnectionTrait>(
    db: &C,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<(String, String)>, DbErr> {
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let Some(found) = flash::Entity::find_by_id(id.to_string())
        .filter(flash::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let removed = flash::Entity::delete_by_id(id.to_string()).exec(db).await?;
    Ok((removed.rows_affected == 1).then_some((found.kind, found.payload)))
}

/// Deletes expired flashes (the janitor's job; harmless to run on several servers).
pub async fn forget_expired<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(flash::Entity::delete_many()
        .filter(flash::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
