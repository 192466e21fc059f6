//! Who is signed in, and profiles.

use leptos::prelude::*;

use crate::{
    dal::dto::{ProfileDto, UserDto},
    error::AppError,
};

/// The signed-in user (for the navigation), or `None`.
#[server]
pub async fn whoami() -> Result<Option<UserDto>, AppError> {
    use self::ssr::*;

    Ok(current::current_user().await?.map(|u| u.dto()))
}

/// A profile as the viewer may see it; 404 for an unknown username.
#[server]
pub async fn profile(username: String) -> Result<ProfileDto, AppError> {
    use self::ssr::*;

    // A cached profile page is filed under these, for a change of name to purge.
    cache::pages::depends_on(&[cache::USERS_TAG.to_string(), cache::user_tag(&username)]);
    let db = current::db()?;
    let viewer = current::current_user().await?;
    dal::users::profile(&db, &username, viewer.as_ref())
        .await?
        .ok_or_else(|| AppError::not_found("There is no such user."))
}

/// What the user functions use on the server (the Leptos examples' `ssr` prelude).
#[cfg(feature = "ssr")]
pub mod ssr {
    pub use crate::{
        cache,
        dal::{self, current},
    };
}
