//! The dashboard's panels and the admin's role change. Each function authorizes itself:
//! 401 signed out, 403 for a panel or change that is the admins' alone.

use leptos::prelude::*;

use crate::{
    dal::dto::{AdminUserRow, PostSummary},
    error::AppError,
};

/// The signed-in user's posts with their like counts.
#[server]
pub async fn my_posts() -> Result<Vec<PostSummary>, AppError> {
    crate::test_hooks::fault(crate::test_hooks::segment::MY_POSTS)?;
    let user = crate::dal::current::require_user().await?;
    let db = crate::dal::current::db()?;
    Ok(crate::dal::posts::posts_by_author(&db, user.user_id).await?)
}

/// Every user, for admins only.
#[server]
pub async fn admin_users() -> Result<Vec<AdminUserRow>, AppError> {
    crate::dal::current::require_admin().await?;
    crate::test_hooks::fault(crate::test_hooks::segment::USERS)?;
    let db = crate::dal::current::db()?;
    Ok(crate::dal::users::all_users(&db).await?)
}

/// Changes a user's role (admins only): 422 for an unknown role, 404 for an unknown user,
/// 409 when it would leave the site without an admin.
#[server]
pub async fn change_role(user_id: i32, role: String) -> Result<(), AppError> {
    use crate::dal::{dto::Role, users::RoleChangeRefused};

    let result = async {
        let admin = crate::dal::current::require_admin().await?;
        let role = Role::parse(&role).ok_or_else(|| {
            let mut fields = crate::error::FieldErrors::default();
            fields.add("role", "Roles are \"user\" or \"admin\".");
            AppError::invalid(fields)
        })?;
        let db = crate::dal::current::db()?;
        match crate::dal::users::set_role(&db, user_id, role).await? {
            Ok(()) => {
                crate::auth::security_log::record_role_change(
                    admin.user_id,
                    user_id,
                    role.as_str(),
                    &crate::accounts::browser_session::client_ip()?,
                );
                Ok(())
            }
            Err(RoleChangeRefused::UnknownUser) => {
                Err(AppError::not_found("There is no such user."))
            }
            Err(RoleChangeRefused::LastAdmin) => Err(AppError::conflict(
                "role",
                "The last admin cannot stop being an admin.",
            )),
        }
    }
    .await;
    crate::flash::finish("role", "/dashboard", &[], result).await
}
