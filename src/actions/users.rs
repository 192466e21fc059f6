//! Who is signed in, and profiles.

use leptos::prelude::*;

use crate::dal::dto::{ProfileDto, UserDto};

/// The signed-in user (for the navigation), or `None`.
#[server]
pub async fn whoami() -> Result<Option<UserDto>, ServerFnError> {
    Ok(crate::dal::current::current_user().await?.map(|u| u.dto()))
}

/// A profile as the viewer may see it; `None` for an unknown username.
#[server]
pub async fn profile(username: String) -> Result<Option<ProfileDto>, ServerFnError> {
    let db = crate::dal::current::db()?;
    let viewer = crate::dal::current::current_user().await?;
    crate::dal::users::profile(&db, &username, viewer.as_ref())
        .await
        .map_err(crate::error::internal)
}
