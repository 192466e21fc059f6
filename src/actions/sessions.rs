//! `/dashboard/sessions`: the signed-in user's devices, and logging them out.

use leptos::prelude::*;

use crate::{dal::dto::DeviceDto, error::AppError};

/// The signed-in user's live sessions, most recently used first.
#[server]
pub async fn devices() -> Result<Vec<DeviceDto>, AppError> {
    use self::ssr::*;

    let user = current::require_user().await?;
    let db = current::db()?;
    let rows = session::live_sessions(&db, user.user_id, chrono::Utc::now()).await?;
    Ok(rows
        .into_iter()
        .map(|s| DeviceDto {
            handle: s.id.device_handle(),
            browser: session::describe_user_agent(s.user_agent.as_deref()),
            signed_in: s.created_at.format("%b %-d, %Y").to_string(),
            last_active: s.last_seen_at.format("%b %-d, %Y %H:%M UTC").to_string(),
            this_device: s.id == user.session_id,
        })
        .collect())
}

/// Logs out one of the signed-in user's devices; 404 when the handle names none of them.
#[server]
pub async fn revoke_device(handle: String) -> Result<(), AppError> {
    use self::ssr::*;

    let back = paths::Page::Sessions.href().to_string();
    flash::answer(Form::Devices, &back, &[], async {
        let user = current::require_user().await?;
        let db = current::db()?;
        let rows = session::live_sessions(&db, user.user_id, chrono::Utc::now()).await?;
        let target = rows
            .iter()
            .find(|s| s.id.has_device_handle(&handle))
            .ok_or_else(|| AppError::not_found("That device is no longer signed in."))?;
        session::revoke_session(&db, user.user_id, &target.id).await?;
        let ip = browser_session::client_ip()?;
        security_log::record(SecurityEvent::SessionRevoked, Some(user.user_id), &ip);
        flash::back_after_plain_post(&back);
        Ok(())
    })
    .await
}

/// Logs out every device but this one.
#[server]
pub async fn revoke_other_devices() -> Result<(), AppError> {
    use self::ssr::*;

    let back = paths::Page::Sessions.href().to_string();
    flash::answer(Form::Devices, &back, &[], async {
        let user = current::require_user().await?;
        let db = current::db()?;
        session::revoke_other_sessions(&db, user.user_id, &user.session_id).await?;
        let ip = browser_session::client_ip()?;
        security_log::record(SecurityEvent::OtherSessionsRevoked, Some(user.user_id), &ip);
        flash::back_after_plain_post(&back);
        Ok(())
    })
    .await
}

/// What the device functions use on the server (the Leptos examples' `ssr` prelude).
#[cfg(feature = "ssr")]
pub mod ssr {
    pub use crate::{
        accounts::browser_session,
        auth::security_log::{self, SecurityEvent},
        dal::{current, session},
        flash::{self, Form},
        paths,
    };
}
