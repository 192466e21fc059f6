//! Posts: the public reads (served from the data cache) and the mutations, create and
//! delete. Each mutation authorizes itself (the rules live in the DAL), answers failures as
//! an [`AppError`] the form shows, and revalidates what it changed before redirecting.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    dal::dto::{EditablePost, PostDetail, PostPage, PostSummary},
    error::AppError,
};

/// What the viewer of a post may do with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewerRights {
    /// Whether they like it.
    pub liked: bool,
    /// Whether they may edit and delete it (its author, or an admin).
    pub can_change: bool,
}

/// One page of `/posts`, newest first, optionally searched (title or content, any case).
#[server]
pub async fn list_posts(page: u64, query: String) -> Result<PostPage, AppError> {
    use crate::{cache, test_hooks};

    test_hooks::panic_if_asked();
    test_hooks::fault(test_hooks::segment::POSTS)?;
    test_hooks::before_posts_query().await;
    let db = crate::dal::current::db()?;
    let page = crate::dal::posts::normalize_page(page);
    let query = crate::dal::posts::normalize_query(&query);
    let read = cache::Read {
        key: format!("posts:list:{page}:{query}"),
        path: "/posts".into(),
        tags: vec![cache::POSTS_TAG.into()],
    };
    Ok(cache::from_context()?
        .get_or_load(read, || crate::dal::posts::list_posts(&db, page, &query))
        .await?)
}

/// The newest posts, for the home page.
#[server]
pub async fn latest_posts() -> Result<Vec<PostSummary>, AppError> {
    use crate::{cache, test_hooks};

    test_hooks::fault(test_hooks::segment::LATEST)?;
    test_hooks::before_posts_query().await;
    let db = crate::dal::current::db()?;
    let read = cache::Read {
        key: "posts:latest".into(),
        path: "/".into(),
        tags: vec![cache::POSTS_TAG.into()],
    };
    Ok(cache::from_context()?
        .get_or_load(read, || crate::dal::posts::latest_posts(&db))
        .await?)
}

/// One post by slug; 404 when there is no such post.
#[server]
pub async fn get_post(slug: String) -> Result<PostDetail, AppError> {
    use crate::{cache, dal::posts::NO_SUCH_POST, test_hooks};

    test_hooks::fault(test_hooks::segment::POST)?;
    test_hooks::before_posts_query().await;
    // No slug is this long (titles are at most 120 characters): not worth a cache entry.
    if slug.len() > 512 {
        return Err(AppError::not_found(NO_SUCH_POST));
    }
    let db = crate::dal::current::db()?;
    let read = cache::Read {
        key: format!("post:{slug}"),
        path: crate::paths::post_href(&slug),
        tags: vec![cache::POSTS_TAG.into(), cache::post_tag(&slug)],
    };
    cache::from_context()?
        .get_or_load(read, || crate::dal::posts::find_by_slug(&db, &slug))
        .await?
        .ok_or_else(|| AppError::not_found(NO_SUCH_POST))
}

/// What the current viewer may do with the post at `slug`; `None` when signed out or
/// there is no such post (the page itself says so). Never cached: it is per viewer.
#[server]
pub async fn post_viewer(slug: String) -> Result<Option<ViewerRights>, AppError> {
    let Some(user) = crate::dal::current::current_user().await? else {
        return Ok(None);
    };
    let db = crate::dal::current::db()?;
    let Some(owner) = crate::dal::posts::owner_by_slug(&db, &slug).await? else {
        return Ok(None);
    };
    let liked = crate::dal::likes::likes(&db, user.user_id, owner.id).await?;
    Ok(Some(ViewerRights {
        liked,
        can_change: owner.may_be_changed_by(&user),
    }))
}

/// Publishes a post by the signed-in user, then revalidates the lists and redirects to
/// `/posts`, where it is on top.
#[server]
pub async fn create_post(title: String, content: String) -> Result<(), AppError> {
    use crate::{
        cache::{self, PathKind, Purge},
        dal::posts::NewPost,
    };

    let result = async {
        let (user, title, content, txn) = ssr::begin_post_write(&title, &content).await?;
        let post = crate::dal::posts::create_post(
            &txn,
            NewPost {
                author_id: user.user_id,
                title: &title,
                content: &content,
                created_at: None,
            },
        )
        .await?;
        let purge = Purge::default()
            .path("/posts", PathKind::Page)
            .path("/", PathKind::Page)
            // A visit before it existed may have cached its page as "not found".
            .path(crate::paths::post_href(&post.slug), PathKind::Page);
        cache::from_context()?.commit(txn, purge).await?;
        leptos_axum::redirect("/posts");
        Ok(())
    }
    .await;
    let kept = [("title", title.as_str()), ("content", content.as_str())];
    crate::flash::finish("post", "/posts/new", &kept, result).await
}

/// The post at `slug` as its edit form starts: its author or an admin only (403 for anyone
/// else, 401 signed out, 404 when there is no such post). Never cached: it is per viewer.
#[server]
pub async fn post_for_edit(slug: String) -> Result<EditablePost, AppError> {
    let user = crate::dal::current::require_user().await?;
    crate::dal::posts::editable(&crate::dal::current::db()?, &user, &slug).await
}

/// Stores a new title and content for the post at `slug` (the create rules), as its author
/// or an admin (403 for anyone else; nothing changes), with its edit time; revalidates the
/// post's page, the lists and the home page, and redirects to the post (its slug, and so
/// every link to it, stays).
#[server]
pub async fn update_post(slug: String, title: String, content: String) -> Result<(), AppError> {
    use crate::cache::{self, PathKind, Purge};

    let result = async {
        let (user, title, content, txn) = ssr::begin_post_write(&title, &content).await?;
        let post = crate::dal::posts::update_post(
            &txn,
            &user,
            &slug,
            &title,
            &content,
            chrono::Utc::now(),
        )
        .await?;
        let href = crate::paths::post_href(&post.slug);
        // The lists and home show the title; the post's page and its reads are tagged too.
        let purge = Purge::default()
            .tag(cache::POSTS_TAG)
            .path(href.clone(), PathKind::Page);
        cache::from_context()?.commit(txn, purge).await?;
        leptos_axum::redirect(&href);
        Ok(())
    }
    .await;
    let kept = [("title", title.as_str()), ("content", content.as_str())];
    let back = crate::paths::edit_post_href(&slug);
    crate::flash::finish("edit", &back, &kept, result).await
}

/// Deletes a post: its author or an admin only (403 for anyone else, 404 when it is gone;
/// nothing changes). On success, revalidates and redirects to `/posts`.
#[server]
pub async fn delete_post(post_id: i32) -> Result<(), AppError> {
    use crate::cache::{self, PathKind, Purge};

    let result = async {
        let user = crate::dal::current::require_user().await?;
        let db = crate::dal::current::db()?;
        let txn = crate::dal::db::begin_write(&db).await?;
        let deleted = crate::dal::posts::delete_post(&txn, &user, post_id).await?;
        let purge = Purge::default()
            .tag(cache::POSTS_TAG)
            .path(crate::paths::post_href(&deleted.slug), PathKind::Page);
        cache::from_context()?.commit(txn, purge).await?;
        leptos_axum::redirect("/posts");
        Ok(())
    }
    .await;
    // A refusal is shown on the post's page (the form's own); when it is gone, on /posts.
    let mut back = None;
    if let (Err(_), Ok(db)) = (&result, crate::dal::current::db()) {
        if let Ok(Some(owner)) = crate::dal::posts::owner(&db, post_id).await {
            back = Some(crate::paths::post_href(&owner.slug));
        }
    }
    crate::flash::finish("delete", back.as_deref().unwrap_or("/posts"), &[], result).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use sea_orm::DatabaseTransaction;

    use crate::{dal::session::SessionUser, error::AppError};

    /// What writing a post (new or edited) starts with: the signed-in author (401 if none),
    /// the title and content as stored (422 with each field's messages), and the write
    /// transaction.
    pub async fn begin_post_write(
        title: &str,
        content: &str,
    ) -> Result<(SessionUser, String, String, DatabaseTransaction), AppError> {
        let user = crate::dal::current::require_user().await?;
        let (title, content) =
            crate::validation::check_post(title, content).map_err(AppError::invalid)?;
        let db = crate::dal::current::db()?;
        crate::test_hooks::before_write().await;
        let txn = crate::dal::db::begin_write(&db).await?;
        Ok((user, title, content, txn))
    }
}
