//! Posts: the public reads (served from the data cache) and the mutations, create and
//! delete. Each mutation authorizes itself (the rules live in the DAL), answers failures as
//! an [`AppError`] the form shows, and revalidates what it changed before redirecting.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    dal::dto::{EditablePost, PostDetail, PostPage, PostSummary},
    error::AppError,
    ids::PostId,
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
    use self::ssr::*;

    test_hooks::panic_if_asked();
    test_hooks::fault(Segment::Posts)?;
    test_hooks::before_posts_query().await;
    let db = current::db()?;
    let reading = PostsQuery {
        page: dal::posts::normalize_page(page),
        q: dal::posts::normalize_query(&query),
    };
    let read = PostList(reading.clone());
    Ok(cache::from_context()?
        .get_or_load(read, || {
            dal::posts::list_posts(&db, reading.page, &reading.q)
        })
        .await?)
}

/// The newest posts, for the home page.
#[server]
pub async fn latest_posts() -> Result<Vec<PostSummary>, AppError> {
    use self::ssr::*;

    test_hooks::fault(Segment::Latest)?;
    test_hooks::before_posts_query().await;
    let db = current::db()?;
    Ok(cache::from_context()?
        .get_or_load(LatestPosts, || dal::posts::latest_posts(&db))
        .await?)
}

/// One post by slug; 404 when there is no such post.
#[server]
pub async fn get_post(slug: String) -> Result<PostDetail, AppError> {
    use self::ssr::*;

    test_hooks::fault(Segment::Post)?;
    test_hooks::before_posts_query().await;
    // No slug is this long (titles are at most 120 characters): not worth a cache entry.
    if slug.len() > 512 {
        return Err(AppError::not_found(NO_SUCH_POST));
    }
    let db = current::db()?;
    cache::from_context()?
        .get_or_load(PostBySlug(slug.clone()), || {
            dal::posts::find_by_slug(&db, &slug)
        })
        .await?
        .ok_or_else(|| AppError::not_found(NO_SUCH_POST))
}

/// What the current viewer may do with the post at `slug`; `None` when signed out or
/// there is no such post (the page itself says so). Never cached: it is per viewer.
#[server]
pub async fn post_viewer(slug: String) -> Result<Option<ViewerRights>, AppError> {
    use self::ssr::*;

    let Some(user) = current::current_user().await? else {
        return Ok(None);
    };
    let db = current::db()?;
    let Some(owner) = dal::posts::owner_by_slug(&db, &slug).await? else {
        return Ok(None);
    };
    let liked = dal::likes::user_likes_post(&db, user.user_id, owner.id).await?;
    Ok(Some(ViewerRights {
        liked,
        can_change: owner.may_be_changed_by(&user),
    }))
}

/// Publishes a post by the signed-in user, then revalidates the lists and redirects to
/// `/posts`, where it is on top.
#[server]
pub async fn create_post(title: String, content: String) -> Result<(), AppError> {
    use self::ssr::*;

    let typed = [("title", title.as_str()), ("content", content.as_str())];
    flash::answer(Form::NewPost, paths::Page::NewPost.href(), &typed, async {
        let (user, title, content, txn) = begin_post_write(&title, &content).await?;
        let new_post = NewPost {
            author_id: user.user_id,
            title: &title,
            content: &content,
            created_at: None,
        };
        let post = dal::posts::create_post(&txn, new_post).await?;
        let purge = Purge::default()
            .path(paths::Page::Posts.href().to_string(), PathKind::Page)
            .path(paths::Page::Home.href().to_string(), PathKind::Page)
            // A visit before it existed may have cached its page as "not found".
            .path(paths::post_href(&post.slug), PathKind::Page);
        cache::from_context()?.commit(txn, purge).await?;
        leptos_axum::redirect(paths::Page::Posts.href());
        Ok(())
    })
    .await
}

/// The post at `slug` as its edit form starts: its author or an admin only (403 for anyone
/// else, 401 signed out, 404 when there is no such post). Never cached: it is per viewer.
#[server]
pub async fn post_for_edit(slug: String) -> Result<EditablePost, AppError> {
    use self::ssr::*;

    let user = current::require_user().await?;
    dal::posts::editable(&current::db()?, &user, &slug).await
}

/// Stores a new title and content for the post at `slug` (the create rules), as its author
/// or an admin (403 for anyone else; nothing changes), with its edit time; revalidates the
/// post's page, the lists and the home page, and redirects to the post (its slug, and so
/// every link to it, stays).
#[server]
pub async fn update_post(slug: String, title: String, content: String) -> Result<(), AppError> {
    use self::ssr::*;

    let typed = [("title", title.as_str()), ("content", content.as_str())];
    let back = paths::edit_post_href(&slug);
    flash::answer(Form::EditPost, &back, &typed, async {
        let (user, title, content, txn) = begin_post_write(&title, &content).await?;
        let now = chrono::Utc::now();
        let post = dal::posts::update_post(&txn, &user, &slug, &title, &content, now).await?;
        let href = paths::post_href(&post.slug);
        // The lists and home show the title; the post's page and its reads are tagged too.
        let purge = Purge::default()
            .tag(cache::POSTS_TAG)
            .path(href.clone(), PathKind::Page);
        cache::from_context()?.commit(txn, purge).await?;
        leptos_axum::redirect(&href);
        Ok(())
    })
    .await
}

/// Deletes a post: its author or an admin only (403 for anyone else, 404 when it is gone;
/// nothing changes). On success, revalidates and redirects to `/posts`.
#[server]
pub async fn delete_post(post_id: PostId) -> Result<(), AppError> {
    use self::ssr::*;

    // A refusal is shown on the post's page (the form's own); when it is gone, on /posts.
    let back = post_page_or_list(post_id).await;
    flash::answer(Form::DeletePost, &back, &[], async {
        let user = current::require_user().await?;
        let db = current::db()?;
        let txn = dal::db::begin_write(&db).await?;
        let deleted = dal::posts::delete_post(&txn, &user, post_id).await?;
        let purge = Purge::default()
            .tag(cache::POSTS_TAG)
            .path(paths::post_href(&deleted.slug), PathKind::Page);
        cache::from_context()?.commit(txn, purge).await?;
        leptos_axum::redirect(paths::Page::Posts.href());
        Ok(())
    })
    .await
}

/// What the post functions use on the server (the Leptos examples' `ssr` prelude), and
/// their cached reads.
#[cfg(feature = "ssr")]
pub mod ssr {
    pub use crate::{
        cache::{self, CacheKey, CachedRead, PathKind, Purge},
        dal::{
            self, current,
            posts::{NewPost, NO_SUCH_POST},
        },
        flash::{self, Form},
        ids::PostId,
        paths::{self, PostsQuery},
        segment::Segment,
        test_hooks,
    };

    use sea_orm::DatabaseTransaction;

    use super::{PostDetail, PostPage, PostSummary};
    use crate::{dal::session::SessionUser, error::AppError};

    /// A page of `/posts`, cached per page and search.
    pub struct PostList(pub PostsQuery);

    impl CachedRead for PostList {
        type Value = PostPage;
        fn key(&self) -> CacheKey {
            CacheKey::PostList {
                page: self.0.page,
                query: self.0.q.clone(),
            }
        }
        fn path(&self) -> String {
            paths::Page::Posts.href().to_string()
        }
        fn tags(&self) -> Vec<String> {
            vec![cache::POSTS_TAG.into()]
        }
    }

    /// The home page's latest posts.
    pub struct LatestPosts;

    impl CachedRead for LatestPosts {
        type Value = Vec<PostSummary>;
        fn key(&self) -> CacheKey {
            CacheKey::LatestPosts
        }
        fn path(&self) -> String {
            paths::Page::Home.href().to_string()
        }
        fn tags(&self) -> Vec<String> {
            vec![cache::POSTS_TAG.into()]
        }
    }

    /// One post by slug; "no such post" is cached too, under the post's own tag.
    pub struct PostBySlug(pub String);

    impl CachedRead for PostBySlug {
        type Value = Option<PostDetail>;
        fn key(&self) -> CacheKey {
            CacheKey::Post {
                slug: self.0.clone(),
            }
        }
        fn path(&self) -> String {
            paths::post_href(&self.0)
        }
        fn tags(&self) -> Vec<String> {
            vec![cache::POSTS_TAG.into(), cache::post_tag(&self.0)]
        }
    }

    /// What writing a post (new or edited) starts with: the signed-in author (401 if none),
    /// the title and content as stored (422 with each field's messages), and the write
    /// transaction.
    pub async fn begin_post_write(
        title: &str,
        content: &str,
    ) -> Result<(SessionUser, String, String, DatabaseTransaction), AppError> {
        let user = current::require_user().await?;
        let (title, content) =
            crate::validation::check_post(title, content).map_err(AppError::invalid)?;
        let db = current::db()?;
        test_hooks::before_write().await;
        let txn = dal::db::begin_write(&db).await?;
        Ok((user, title, content, txn))
    }

    /// Where a refused delete of `post_id` goes back to: the post's page, or the list when
    /// the post is gone. Only a plain form post goes back anywhere.
    pub async fn post_page_or_list(post_id: PostId) -> String {
        if flash::is_plain_form_post() {
            if let Ok(db) = current::db() {
                if let Ok(Some(owner)) = dal::posts::owner(&db, post_id).await {
                    return paths::post_href(&owner.slug);
                }
            }
        }
        paths::Page::Posts.href().to_string()
    }
}
