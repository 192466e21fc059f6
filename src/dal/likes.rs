//! Likes: one row per (user, post), and the post's `like_count` kept equal to its rows.
//! The row and the count change in one transaction, and the count is changed by the database
//! (`like_count = like_count ± 1`), never read, changed and written back by the app, so
//! concurrent likes are all counted.

use chrono::Utc;
use sea_orm::{
    sea_query::{Expr, ExprTrait, OnConflict, Query},
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QuerySelect, SqlErr,
};

pub use super::dto::LikeState;
use crate::entities::{like, post};
use crate::ids::{PostId, UserId};

/// Makes `user_id` like (`like = true`) or unlike post `post_id`, in a transaction of its
/// own (see [`set_like_in`]).
pub async fn set_like(
    db: &DatabaseConnection,
    user_id: UserId,
    post_id: PostId,
    like: bool,
) -> Result<Option<LikeState>, DbErr> {
    let txn = super::db::begin_write(db).await?;
    let state = set_like_in(&txn, user_id, post_id, like).await?;
    txn.commit().await?;
    Ok(state)
}

/// Makes `user_id` like (`like = true`) or unlike post `post_id` inside `txn`, which the
/// caller commits (a rolled-back unlike/like leaves nothing). Asking for the state the user
/// is already in changes nothing, so a repeated request is harmless. `None` when there is
/// no such post.
pub async fn set_like_in(
    txn: &DatabaseTransaction,
    user_id: UserId,
    post_id: PostId,
    like: bool,
) -> Result<Option<LikeState>, DbErr> {
    // The row first, then the count it changed: a like that was already there (or an
    // unlike of none) changes no count.
    let changed = if like {
        match insert_like(txn, user_id, post_id).await? {
            Some(inserted) => inserted,
            None => return Ok(None),
        }
    } else {
        like::Entity::delete_many()
            .filter(like::Column::UserId.eq(user_id))
            .filter(like::Column::PostId.eq(post_id))
            .exec(txn)
            .await?
            .rows_affected
            == 1
    };
    if changed {
        let delta = if like { 1 } else { -1 };
        post::Entity::update_many()
            .col_expr(
                post::Column::LikeCount,
                Expr::col(post::Column::LikeCount).add(delta),
            )
            .filter(post::Column::Id.eq(post_id))
            .exec(txn)
            .await?;
    }
    let count: Option<i32> = post::Entity::find_by_id(post_id)
        .select_only()
        .column(post::Column::LikeCount)
        .into_tuple()
        .one(txn)
        .await?;
    Ok(count.map(|count| LikeState { liked: like, count }))
}

/// Adds the like row unless it is there: whether it was added, or `None` when there is no
/// such post.
async fn insert_like(
    txn: &DatabaseTransaction,
    user_id: UserId,
    post_id: PostId,
) -> Result<Option<bool>, DbErr> {
    let insert = Query::insert()
        .into_table(like::Entity)
        .columns([
            like::Column::UserId,
            like::Column::PostId,
            like::Column::CreatedAt,
        ])
        .values_panic([user_id.into(), post_id.into(), Utc::now().into()])
        .on_conflict(
            OnConflict::columns([like::Column::UserId, like::Column::PostId])
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    match txn.execute(&insert).await {
        Ok(result) => Ok(Some(result.rows_affected() == 1)),
        Err(err)
            if matches!(
                err.sql_err(),
                Some(SqlErr::ForeignKeyConstraintViolation(_))
            ) =>
        {
            Ok(None)
        }
        Err(err) => Err(err),
    }
}

/// Whether `user_id` likes post `post_id`.
pub async fn user_likes_post<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    post_id: PostId,
) -> Result<bool, DbErr> {
    Ok(like::Entity::find_by_id((user_id, post_id))
        .one(db)
        .await?
        .is_some())
}

/// How many like rows post `post_id` has (the truth `like_count` must equal).
pub async fn count_rows<C: ConnectionTrait>(db: &C, post_id: PostId) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    like::Entity::find()
        .filter(like::Column::PostId.eq(post_id))
        .count(db)
        .await
}
