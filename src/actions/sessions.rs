//! `/dashboard/sessions`: the signed-in user's devices, and logging them out.

use leptos::prelude::*;

use crate::dal::dto::DeviceDto;

/// The signed-in user's live sessions, most recently used first.
#[server]
pub async fn devices() -> Result<Vec<DeviceDto>, ServerFnError> {
    let user = crate::dal::current::require_user().await?;
    let db = crate::dal::current::db()?;
    let rows = crate::dal::session::live_sessions(&db, user.user_id, chrono::Utc::now())
        .await
        .map_err(crate::error::internal)?;
    Ok(rows
        .into_iter()
        .map(|s| DeviceDto {
            handle: s
                .id
                .chars()
                .take(crate::dal::session::DEVICE_HANDLE_LEN)
                .collect(),
            browser: crate::dal::session::describe_user_agent(s.user_agent.as_deref()),
            signed_in_at: s.created_at,
            last_active_at: s.last_seen_at,
            this_device: s.id == user.session_id,
        })
        .collect())
}

/// Logs out one of the signed-in user's devices.
#[server]
pub async fn revoke_device(handle: String) -> Result<(), ServerFnError> {
    let user = crate::dal::current::require_user().await?;
    let db = crate::dal::current::db()?;
    let rows = crate::dal::session::live_sessions(&db, user.user_id, chrono::Utc::now())
        .await
        .map_err(crate::error::internal)?;
    if handle.len() == crate::dal::session::DEVICE_HANDLE_LEN {
        if let Some(target) = rows.iter().find(|s| s.id.starts_with(&handle)) {
            crate::dal::session::revoke_session(&db, user.user_id, &target.id)
                .await
                .map_err(crate::error::internal)?;
        }
    }
    leptos_axum::redirect("/dashboard/sessions");
    Ok(())
}

/// Logs out every device but this one.
#[server]
pub async fn revoke_other_devices() -> Result<(), ServerFnError> {
    let user = crate::dal::current::require_user().await?;
    let db = crate::dal::current::db()?;
    crate::dal::session::revoke_other_sessions(&db, user.user_id, &user.session_id)
        .await
        .map_err(crate::error::internal)?;
    leptos_axum::redirect("/dashboard/sessions");
    Ok(())
}
