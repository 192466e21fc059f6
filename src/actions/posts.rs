//! Post reads for the public pages.

use leptos::prelude::*;

use crate::dal::dto::{PostDetail, PostPage, PostSummary};

/// One page of `/posts`, newest first, optionally searched (title or content, any case).
#[server]
pub async fn list_posts(page: u64, query: String) -> Result<PostPage, ServerFnError> {
    let db = ssr::db()?;
    crate::dal::posts::list_posts(&db, page, &query)
        .await
        .map_err(crate::error::internal)
}

/// The newest posts, for the home page.
#[server]
pub async fn latest_posts() -> Result<Vec<PostSummary>, ServerFnError> {
    let db = ssr::db()?;
    crate::dal::posts::latest_posts(&db)
        .await
        .map_err(crate::error::internal)
}

/// One post by slug; `None` when there is no such post.
#[server]
pub async fn get_post(slug: String) -> Result<Option<PostDetail>, ServerFnError> {
    let db = ssr::db()?;
    crate::dal::posts::find_by_slug(&db, &slug)
        .await
        .map_err(crate::error::internal)
}

#[cfg(feature = "ssr")]
mod ssr {
    use leptos::prelude::*;
    use sea_orm::DatabaseConnection;

    /// The store handle the router provides to every request.
    pub fn db() -> Result<DatabaseConnection, ServerFnError> {
        use_context::<DatabaseConnection>()
            .ok_or_else(|| ServerFnError::ServerError("the store is not configured".into()))
    }
}
