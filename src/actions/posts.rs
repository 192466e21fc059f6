//! Posts: the public reads (served from the data cache) and the mutations, create and
//! delete. Each mutation authorizes itself, answers expected failures as `Ok` values, and
//! revalidates what it changed before redirecting to `/posts`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    dal::dto::{PostDetail, PostPage, PostSummary},
    validation::PostErrors,
};

/// A post that was not created: the errors and the values to keep.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostFailure {
    pub errors: PostErrors,
    pub title: String,
    pub content: String,
}

/// What the viewer of a post may do with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewerRights {
    /// Whether they like it.
    pub liked: bool,
    /// Whether they may delete it (its author, or an admin).
    pub can_delete: bool,
}

/// Said to a signed-out caller of a mutation.
pub const SIGNED_OUT: &str = "You need to log in first.";
/// Said to someone deleting a post that is neither theirs nor theirs to moderate.
pub const NOT_YOURS: &str = "Only the author or an admin can delete this post.";
/// Said when the post is gone.
pub const NO_SUCH_POST: &str = "This post no longer exists.";

/// One page of `/posts`, newest first, optionally searched (title or content, any case).
#[server]
pub async fn list_posts(page: u64, query: String) -> Result<PostPage, ServerFnError> {
    use crate::{cache, test_hooks};

    test_hooks::panic_if_asked();
    test_hooks::fault(test_hooks::segment::POSTS)?;
    test_hooks::before_posts_query().await;
    let db = crate::dal::current::db()?;
    let page = page.max(1);
    let query = crate::dal::posts::normalize_query(&query);
    let read = cache::Read {
        key: format!("posts:list:{page}:{query}"),
        path: "/posts".into(),
        tags: vec![cache::POSTS_TAG.into()],
    };
    cache::from_context()?
        .get_or_load(read, || crate::dal::posts::list_posts(&db, page, &query))
        .await
        .map_err(crate::error::internal)
}

/// The newest posts, for the home page.
#[server]
pub async fn latest_posts() -> Result<Vec<PostSummary>, ServerFnError> {
    use crate::{cache, test_hooks};

    test_hooks::fault(test_hooks::segment::LATEST)?;
    test_hooks::before_posts_query().await;
    let db = crate::dal::current::db()?;
    let read = cache::Read {
        key: "posts:latest".into(),
        path: "/".into(),
        tags: vec![cache::POSTS_TAG.into()],
    };
    cache::from_context()?
        .get_or_load(read, || crate::dal::posts::latest_posts(&db))
        .await
        .map_err(crate::error::internal)
}

/// One post by slug; `None` when there is no such post.
#[server]
pub async fn get_post(slug: String) -> Result<Option<PostDetail>, ServerFnError> {
    use crate::{cache, test_hooks};

    test_hooks::fault(test_hooks::segment::POST)?;
    // No slug is this long (titles are at most 120 characters): not worth a cache entry.
    if slug.len() > 512 {
        return Ok(None);
    }
    let db = crate::dal::current::db()?;
    let read = cache::Read {
        key: format!("post:{slug}"),
        path: format!("/blog/{slug}"),
        tags: vec![cache::POSTS_TAG.into(), cache::post_tag(&slug)],
    };
    cache::from_context()?
        .get_or_load(read, || crate::dal::posts::find_by_slug(&db, &slug))
        .await
        .map_err(crate::error::internal)
}

/// What the current viewer may do with the post at `slug`; `None` when signed out or
/// there is no such post. Never cached: it is per viewer.
#[server]
pub async fn post_viewer(slug: String) -> Result<Option<ViewerRights>, ServerFnError> {
    let Some(user) = crate::dal::current::current_user().await? else {
        return Ok(None);
    };
    let db = crate::dal::current::db()?;
    let Some(owner) = crate::dal::posts::owner_by_slug(&db, &slug)
        .await
        .map_err(crate::error::internal)?
    else {
        return Ok(None);
    };
    let liked = crate::dal::likes::likes(&db, user.user_id, owner.id)
        .await
        .map_err(crate::error::internal)?;
    Ok(Some(ViewerRights {
        liked,
        can_delete: owner.author_id == user.user_id || user.is_admin(),
    }))
}

/// Publishes a post by the signed-in user, then revalidates the lists and redirects to
/// `/posts`, where it is on top. `Ok(Some(failure))` names the failing fields.
#[server]
pub async fn create_post(
    title: String,
    content: String,
) -> Result<Option<PostFailure>, ServerFnError> {
    use crate::{
        cache::{self, PathKind},
        components::flash,
        dal::posts::NewPost,
        validation,
    };

    let fail = |errors: PostErrors| {
        flash::fail(
            "post",
            "/posts/new",
            PostFailure {
                errors,
                title: title.clone(),
                content: content.clone(),
            },
        )
    };
    let Some(user) = crate::dal::current::current_user().await? else {
        return Ok(fail(PostErrors {
            form: Some(SIGNED_OUT.into()),
            ..Default::default()
        }));
    };
    let (clean_title, clean_content) = match validation::check_post(&title, &content) {
        Ok(clean) => clean,
        Err(errors) => return Ok(fail(errors)),
    };
    let db = crate::dal::current::db()?;
    let post = crate::dal::posts::create_post(
        &db,
        NewPost {
            author_id: user.user_id,
            title: &clean_title,
            content: &clean_content,
            created_at: None,
        },
    )
    .await
    .map_err(crate::error::internal)?;
    let cache = cache::from_context()?;
    cache.revalidate_path("/posts", PathKind::Page);
    cache.revalidate_path("/", PathKind::Page);
    // A visit before it existed may have cached its page as "not found".
    cache.revalidate_path(&format!("/blog/{}", post.slug), PathKind::Page);
    leptos_axum::redirect("/posts");
    Ok(None)
}

/// Deletes a post: its author or an admin only; anyone else gets `Ok(Some(message))` and
/// nothing changes. On success, revalidates and redirects to `/posts`.
#[server]
pub async fn delete_post(post_id: i32) -> Result<Option<String>, ServerFnError> {
    use crate::{
        cache::{self, PathKind},
        components::flash,
    };

    let Some(user) = crate::dal::current::current_user().await? else {
        return Ok(Some(SIGNED_OUT.into()));
    };
    let db = crate::dal::current::db()?;
    let Some(owner) = crate::dal::posts::owner(&db, post_id)
        .await
        .map_err(crate::error::internal)?
    else {
        leptos_axum::redirect("/posts");
        return Ok(Some(NO_SUCH_POST.into()));
    };
    if owner.author_id != user.user_id && !user.is_admin() {
        tracing::warn!(
            user_id = user.user_id,
            post_id,
            "refused to delete another user's post"
        );
        return Ok(flash::fail(
            "delete",
            &format!("/blog/{}", owner.slug),
            NOT_YOURS.to_string(),
        ));
    }
    crate::dal::posts::delete_post(&db, post_id)
        .await
        .map_err(crate::error::internal)?;
    let cache = cache::from_context()?;
    cache.revalidate_tag(cache::POSTS_TAG);
    cache.revalidate_path(&format!("/blog/{}", owner.slug), PathKind::Page);
    leptos_axum::redirect("/posts");
    Ok(None)
}
