//! Liking a post: the Next.js guide's `incrementLike` pattern. The like button calls
//! [`set_like`] from its click handler and shows the returned count; without JavaScript
//! the same button posts its form here and comes back to the post.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A like after a change: whether the user now likes the post, and its total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LikeState {
    pub liked: bool,
    pub count: i32,
}

/// Makes the signed-in user like (`like = true`) or unlike a post; one like per user per
/// post, so repeating a request changes nothing. 401 signed out, 404 for no such post.
#[server]
pub async fn set_like(post_id: i32, like: bool) -> Result<LikeState, AppError> {
    use crate::{
        cache::{self, Purge},
        dal::posts::NO_SUCH_POST,
    };

    let user = crate::dal::current::require_user().await?;
    let db = crate::dal::current::db()?;
    crate::test_hooks::before_write().await;
    let txn = crate::dal::db::begin_write(&db).await?;
    let state = crate::dal::likes::set_like_in(&txn, user.user_id, post_id, like)
        .await?
        .ok_or_else(|| AppError::not_found(NO_SUCH_POST))?;
    // Counts show on the post's page and in every list that holds it.
    cache::from_context()?
        .commit(txn, Purge::default().tag(cache::POSTS_TAG))
        .await?;
    Ok(LikeState {
        liked: state.liked,
        count: state.count,
    })
}
