//! Who is signed in, and profiles.

use leptos::prelude::*;

use crate::{
    dal::dto::{ProfileDto, UserDto},
    error::AppError,
};

/// The signed-in user (for the navigation), or `None`.
#[server]
pub async fn whoami() -> Result<Option<UserDto>, AppError> {
    Ok(crate::dal::current::current_user().await?.map(|u| u.dto()))
}

/// A profile as the viewer may see it; 404 for an unknown username.
#[server]
pub async fn profile(username: String) -> Result<ProfileDto, AppError> {
    // A kept profile page is filed under these, for a change of name to purge.
    crate::cache::pages::depends_on(&[
        crate::cache::USERS_TAG.to_string(),
        crate::cache::user_tag(&username),
    ]);
    let db = crate::dal::current::db()?;
    let viewer = crate::dal::current::current_user().await?;
    crate::dal::users::profile(&db, &username, viewer.as_ref())
        .await?
        .ok_or_else(|| AppError::not_found("There is no such user."))
}
