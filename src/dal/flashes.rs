//! Flashes in the store: a failed plain form post's answer, kept until its page takes it
//! (once) or it expires. Any server sharing the store can take what another kept.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use crate::entities::flash;

/// How long a flash waits to be taken.
pub const TTL: Duration = Duration::seconds(60);

/// Most flashes waiting at once, all servers together: a flood of refused forms can fill
/// the table only this far (each flash holds at most one form's values, cut to the field
/// limits, and lives [`TTL`]).
pub const MAX_WAITING: u64 = 10_000;

/// Keeps `payload` for a form of `kind`; returns its id (128 random bits, hex), or `None`
/// when [`MAX_WAITING`] flashes are waiting already (the form's answer then goes without
/// its messages; its status still says what happened).
pub async fn keep<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    payload: String,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let waiting = flash::Entity::find()
        .filter(flash::Column::ExpiresAt.gt(now))
        .count(db)
        .await?;
    if waiting >= MAX_WAITING {
        return Ok(None);
    }
    let id = format!("{:032x}", rand::rng().random::<u128>());
    flash::ActiveModel {
        id: Set(id.clone()),
        kind: Set(kind.chars().take(32).collect()),
        payload: Set(payload),
        expires_at: Set(now + TTL),
    }
    .insert(db)
    .await?;
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
