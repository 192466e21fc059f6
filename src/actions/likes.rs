//! Liking a post: the Next.js guide's `incrementLike` pattern. The like button calls
//! [`set_like`] from its click handler and shows the returned count; without JavaScript
//! the same button posts its form here and comes back to the post.

use leptos::prelude::*;

pub use crate::dal::dto::LikeState;
use crate::{error::AppError, ids::PostId};

/// Makes the signed-in user like (`like = true`) or unlike a post; one like per user per
/// post, so repeating a request changes nothing. 401 signed out, 404 for no such post.
#[server]
pub async fn set_like(post_id: PostId, like: bool) -> Result<LikeState, AppError> {
    use self::ssr::*;

    let user = current::require_user().await?;
    let db = current::db()?;
    test_hooks::before_write().await;
    let txn = dal::db::begin_write(&db).await?;
    let state = dal::likes::set_like_in(&txn, user.user_id, post_id, like)
        .await?
        .ok_or_else(|| AppError::not_found(NO_SUCH_POST))?;
    // Counts show on the post's page and in every list that holds it.
    cache::from_context()?
        .commit(txn, Purge::default().tag(cache::POSTS_TAG))
        .await?;
    Ok(state)
}

/// What liking uses on the server (the Leptos examples' `ssr` prelude).
#[cfg(feature = "ssr")]
pub mod ssr {
    pub use crate::{
        cache::{self, Purge},
        dal::{self, current, posts::NO_SUCH_POST},
        test_hooks,
    };
}
