//! Liking a post: the Next.js guide's `incrementLike` pattern. The like button calls
//! [`set_like`] from its click handler and shows the returned count; without JavaScript
//! the same button posts its form here.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The answer to a like or unlike.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LikeOutcome {
    /// Stored: whether the user now likes the post, and its total.
    Saved { liked: bool, count: i32 },
    /// Not stored, and why.
    Refused(String),
}

/// Makes the signed-in user like (`like = true`) or unlike a post; one like per user per
/// post, so repeating a request changes nothing. Returns the post's new total.
#[server]
pub async fn set_like(post_id: i32, like: bool) -> Result<LikeOutcome, ServerFnError> {
    use crate::{
        actions::posts::{NO_SUCH_POST, SIGNED_OUT},
        cache,
    };

    let Some(user) = crate::dal::current::current_user().await? else {
        return Ok(LikeOutcome::Refused(SIGNED_OUT.into()));
    };
    let db = crate::dal::current::db()?;
    let state = crate::dal::likes::set_like(&db, user.user_id, post_id, like)
        .await
        .map_err(crate::error::internal)?;
    let Some(state) = state else {
        return Ok(LikeOutcome::Refused(NO_SUCH_POST.into()));
    };
    // Counts show on the post's page and in every list that holds it.
    cache::from_context()?.revalidate_tag(cache::POSTS_TAG);
    Ok(LikeOutcome::Saved {
        liked: state.liked,
        count: state.count,
    })
}
