//! `/dashboard/sessions`: the signed-in user's devices, and logging them out.

use leptos::prelude::*;

use crate::{dal::dto::DeviceDto, error::AppError};

/// The signed-in user's live sessions, most recently used first.
#[server]
pub async fn devices() -> Result<Vec<DeviceDto>, AppError> {
    let user = crate::dal::current::require_user().await?;
    let db = crate::dal::current::db()?;
    let rows = crate::dal::session::live_sessions(&db, user.user_id, chrono::Utc::now()).await?;
    Ok(rows
        .into_iter()
        .map(|s| DeviceDto {
            handle: s
                .id
                .chars()
                .take(crate::dal::session::DEVICE_HANDLE_LEN)
                .collect(),
            browser: crate::dal::session::describe_user_agent(s.user_agent.as_deref()),
            signed_in: s.created_at.format("%b %-d, %Y").to_string(),
            last_active: s.last_seen_at.format("%b %-d, %Y %H:%M UTC").to_string(),
            this_device: s.id == user.session_id,
        })
        .collect())
}

/// Logs out one of the signed-in user's devices; 404 when the handle names none of them.
#[server]
pub async fn revoke_device(handle: String) -> Result<(), AppError> {
    let result = async {
        let user = crate::dal::current::require_user().await?;
        let db = crate::dal::current::db()?;
        let rows =
            crate::dal::session::live_sessions(&db, user.user_id, chrono::Utc::now()).await?;
        let target = rows
            .iter()
            .find(|s| {
                handle.len() == crate::dal::session::DEVICE_HANDLE_LEN && s.id.starts_with(&handle)
            })
            .ok_or_else(|| AppError::not_found("That device is no longer signed in."))?;
        crate::dal::session::revoke_session(&db, user.user_id, &target.id).await?;
        crate::auth::security_log::record(
            crate::auth::security_log::SecurityEvent::SessionRevoked,
            Some(user.user_id),
            &crate::accounts::browser_session::client_ip()?,
        );
        crate::flash::back_after_plain_post("/dashboard/sessions");
        Ok(())
    }
    .await;
    crate::flash::finish("devices", "/dashboard/sessions", &[], result).await
}

/// Logs out every device but this one.
#[server]
pub async fn revoke_other_devices() -> Result<(), AppError> {
    let result = async {
        let user = crate::dal::current::require_user().await?;
        let db = crate::dal::current::db()?;
        crate::dal::session::revoke_other_sessions(&db, user.user_id, &user.session_id).await?;
        crate::auth::security_log::record(
            crate::auth::security_log::SecurityEvent::OtherSessionsRevoked,
            Some(user.user_id),
            &crate::accounts::browser_session::client_ip()?,
        );
        crate::flash::back_after_plain_post("/dashboard/sessions");
        Ok(())
    }
    .await;
    crate::flash::finish("devices", "/dashboard/sessions", &[], result).await
}
