//! The dashboard's panels and the admin's role change. Each function authorizes itself.

use leptos::prelude::*;

use crate::dal::dto::{AdminUserRow, PostSummary};

/// The signed-in user's posts with their like counts; `None` when signed out.
#[server]
pub async fn my_posts() -> Result<Option<Vec<PostSummary>>, ServerFnError> {
    crate::test_hooks::fault(crate::test_hooks::segment::MY_POSTS)?;
    let Some(user) = crate::dal::current::current_user().await? else {
        return Ok(None);
    };
    let db = crate::dal::current::db()?;
    crate::dal::posts::posts_by_author(&db, user.user_id)
        .await
        .map(Some)
        .map_err(crate::error::internal)
}

/// Every user, for admins only: `None` for anyone else (signed out too), who has no
/// such panel.
#[server]
pub async fn admin_users() -> Result<Option<Vec<AdminUserRow>>, ServerFnError> {
    let Some(user) = crate::dal::current::current_user().await? else {
        return Ok(None);
    };
    if !user.is_admin() {
        return Ok(None);
    }
    crate::test_hooks::fault(crate::test_hooks::segment::USERS)?;
    let db = crate::dal::current::db()?;
    crate::dal::users::all_users(&db)
        .await
        .map(Some)
        .map_err(crate::error::internal)
}

/// Changes a user's role (admins only). `Ok(Some(message))` when refused.
#[server]
pub async fn change_role(user_id: i32, role: String) -> Result<Option<String>, ServerFnError> {
    use crate::dal::users::RoleChangeRefused;

    let Some(admin) = crate::dal::current::current_user().await? else {
        return Ok(Some("You need to log in first.".into()));
    };
    if !admin.is_admin() {
        return Ok(Some("Only admins may change roles.".into()));
    }
    let db = crate::dal::current::db()?;
    let outcome = crate::dal::users::set_role(&db, user_id, &role)
        .await
        .map_err(crate::error::internal)?;
    let refused = match outcome {
        Ok(()) => None,
        Err(RoleChangeRefused::UnknownRole) => Some("Roles are \"user\" or \"admin\".".into()),
        Err(RoleChangeRefused::UnknownUser) => Some("There is no such user.".into()),
        Err(RoleChangeRefused::LastAdmin) => {
            Some("The last admin cannot stop being an admin.".to_string())
        }
    };
    match refused {
        // Without JavaScript the refusal travels back to the dashboard in the flash.
        Some(message) => Ok(crate::components::flash::fail(
            "role",
            "/dashboard",
            message,
        )),
        None => Ok(None),
    }
}
