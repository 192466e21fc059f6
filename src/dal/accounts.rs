//! A signed-in user's changes to their own account: profile (name, phone), password, and
//! deleting it with everything it made. The callers validate and hash; the rules that need
//! the database (the last admin) live here.

use sea_orm::{
    sea_query::{Expr, ExprTrait, Query},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};

use super::{
    dto::{AccountDto, Role},
    users,
};
use crate::entities::{like, post, session, user};
use crate::ids::{SessionId, UserId};

/// Said when the last admin tries to delete their account.
pub const LAST_ADMIN_CANNOT_LEAVE: &str = "The last admin cannot delete their account.";

/// The user's own account, as `/settings` shows it.
pub async fn account<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
) -> Result<Option<AccountDto>, DbErr> {
    Ok(user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .map(|u| AccountDto {
            name: u.name,
            username: u.username,
            email: u.email,
            phone: u.phone,
        }))
}

/// The user's stored password hash (to check the current password against).
pub async fn password_hash<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
) -> Result<Option<(String, String)>, DbErr> {
    Ok(user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .map(|u| (u.email, u.password_hash)))
}

/// Stores a new name and phone (validated by the caller); returns the username, whose
/// profile shows them, or `None` when the account is gone.
pub async fn update_profile<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    name: &str,
    phone: Option<&str>,
) -> Result<Option<String>, DbErr> {
    let changed = user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(name))
        .col_expr(user::Column::Phone, Expr::value(phone.map(str::to_string)))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Ok(None);
    }
    user::Entity::find_by_id(user_id)
        .select_only()
        .column(user::Column::Username)
        .into_tuple()
        .one(db)
        .await
}

/// Stores a new password hash, and revokes every session of the user but `keep` (whoever
/// knew the old password is shut out; the device that changed it stays signed in).
/// Returns how many sessions were revoked.
pub async fn set_password<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    hash: String,
    keep: &SessionId,
) -> Result<u64, DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    super::session::revoke_other_sessions(db, user_id, keep).await
}

/// Why an account was not deleted.
#[derive(Debug, thiserror::Error)]
pub enum DeletionError {
    /// It is the only admin left.
    #[error("the last admin cannot delete their account")]
    LastAdmin,
    /// It no longer exists.
    #[error("the account no longer exists")]
    Gone,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// What a deletion removed, for revalidation.
#[derive(Debug, PartialEq, Eq)]
pub struct Deleted {
    pub username: String,
    /// Posts of others whose like count went down.
    pub unliked_posts: u64,
    /// The user's own posts, removed.
    pub posts: u64,
}

/// Deletes account `user_id` inside `txn` (a write transaction the caller commits): its
/// likes first, with the like counts of the posts they were on lowered in the same
/// transaction, then its posts (their likes go by the foreign key), its sessions and the
/// account itself. The last admin is refused.
///
/// Race-free on both databases. The first statement writes the admins' rows (changing
/// nothing), which makes two admins leaving at once take turns (see `users::set_role`).
/// Then the account's row is read `FOR UPDATE` on PostgreSQL (SQLite's write lock already
/// covers it): a like this user is adding at that moment holds a key-share lock on the row,
/// so it either committed before (and is counted below) or waits and then finds the account
/// gone, and no like is ever removed without its count.
pub async fn delete_account<C: ConnectionTrait>(
    txn: &C,
    user_id: UserId,
) -> Result<Deleted, DeletionError> {
    users::lock_admins(txn).await?;
    let Some(account) = user::Entity::find_by_id(user_id)
        .lock_exclusive()
        .one(txn)
        .await?
    else {
        return Err(DeletionError::Gone);
    };
    if account.role == Role::Admin && users::count_admins(txn).await? <= 1 {
        return Err(DeletionError::LastAdmin);
    }

    let liked = Query::select()
        .column(like::Column::PostId)
        .from(like::Entity)
        .and_where(Expr::col(like::Column::UserId).eq(user_id))
        .to_owned();
    let unliked_posts = post::Entity::update_many()
        .col_expr(
            post::Column::LikeCount,
            Expr::col(post::Column::LikeCount).sub(1),
        )
        .filter(post::Column::Id.in_subquery(liked))
        .filter(post::Column::AuthorId.ne(user_id))
        .exec(txn)
        .await?
        .rows_affected;
    like::Entity::delete_many()
        .filter(like::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    let posts = post::Entity::delete_many()
        .filter(post::Column::AuthorId.eq(user_id))
        .exec(txn)
        .await?
        .rows_affected;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    user::Entity::delete_by_id(user_id).exec(txn).await?;
    tracing::info!(user_id = user_id.0, posts, "account deleted by its owner");
    Ok(Deleted {
        username: account.username,
        unliked_posts,
        posts,
    })
}
