//! The dashboard's panels and the admin's role change. Each function authorizes itself:
//! 401 signed out, 403 for a panel or change that is the admins' alone.

use leptos::prelude::*;

use crate::{
    dal::dto::{AdminUserRow, PostSummary, Role},
    error::AppError,
    ids::UserId,
};

/// The signed-in user's posts with their like counts.
#[server]
pub async fn my_posts() -> Result<Vec<PostSummary>, AppError> {
    use self::ssr::*;

    test_hooks::fault(Segment::MyPosts)?;
    let user = current::require_user().await?;
    let db = current::db()?;
    Ok(dal::posts::posts_by_author(&db, user.user_id).await?)
}

/// Every user, for admins only.
#[server]
pub async fn admin_users() -> Result<Vec<AdminUserRow>, AppError> {
    use self::ssr::*;

    current::require_admin().await?;
    test_hooks::fault(Segment::Users)?;
    let db = current::db()?;
    Ok(dal::users::all_users(&db).await?)
}

/// Changes a user's role (admins only): 422 for an unknown role (it does not decode), 404
/// for an unknown user, 409 when it would leave the site without an admin.
#[server]
pub async fn change_role(user_id: UserId, role: Role) -> Result<(), AppError> {
    use self::ssr::*;

    flash::answer(
        Form::ChangeRole,
        paths::Page::Dashboard.href(),
        &[],
        async {
            let admin = current::require_admin().await?;
            let db = current::db()?;
            dal::users::set_role(&db, user_id, role).await?;
            let ip = browser_session::client_ip()?;
            security_log::record_role_change(admin.user_id, user_id, role.as_str(), &ip);
            Ok(())
        },
    )
    .await
}

/// What the dashboard's functions use on the server (the Leptos examples' `ssr` prelude).
#[cfg(feature = "ssr")]
pub mod ssr {
    pub use crate::{
        accounts::browser_session,
        auth::security_log,
        dal::{self, current},
        flash::{self, Form},
        paths,
        segment::Segment,
        test_hooks,
    };
}
