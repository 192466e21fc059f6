//! Form results for browsers without JavaScript. Such a browser posts a form straight to
//! its server function and follows the redirect back to the form page, so a failure cannot
//! travel as the function's return value. Instead [`fail`] puts it in a short-lived
//! HttpOnly cookie (`quire_flash`, 60 s) and redirects to the form page, whose server
//! render [`take`]s it (deleting the cookie) to show the errors and kept values. Passwords
//! never go in it. With JavaScript the function's return value is used and no cookie is set.

use serde::{de::DeserializeOwned, Serialize};

/// The flash cookie's name.
pub const FLASH_COOKIE: &str = "quire_flash";

/// Returns `Some(value)` for the caller to answer with; for a plain form post also stores
/// `value` in the flash cookie, tagged with the form's `kind`, and redirects to `back`.
#[cfg(feature = "ssr")]
pub fn fail<T: Serialize>(kind: &str, back: &str, value: T) -> Option<T> {
    use axum::http::{header, request::Parts, HeaderValue};
    use base64::Engine;
    use leptos::prelude::use_context;

    let plain_form = use_context::<Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if plain_form {
        if let (Ok(json), Some(response)) = (
            serde_json::to_vec(&serde_json::json!({ "kind": kind, "value": &value })),
            use_context::<leptos_axum::ResponseOptions>(),
        ) {
            let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
            let cookie =
                format!("{FLASH_COOKIE}={encoded}; Max-Age=60; Path=/; HttpOnly; SameSite=Lax");
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.append_header(header::SET_COOKIE, value);
            }
            leptos_axum::redirect(back);
        }
    }
    Some(value)
}

/// During a server render: the flash left by a failed plain form post of this `kind`; the
/// cookie is deleted with the response. Call it outside any `Suspense`, so the deletion
/// is in the headers. In the browser: `None`.
#[cfg(feature = "ssr")]
pub fn take<T: DeserializeOwned>(kind: &str) -> Option<T> {
    use axum::http::{header, request::Parts, HeaderValue};
    use base64::Engine;
    use leptos::prelude::use_context;

    let parts = use_context::<Parts>()?;
    let raw = crate::auth::cookie::read_cookie(&parts.headers, FLASH_COOKIE)?;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(
            header::SET_COOKIE,
            HeaderValue::from_static("quire_flash=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"),
        );
    }
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(raw)
        .ok()?;
    let mut flash: serde_json::Value = serde_json::from_slice(&json).ok()?;
    if flash.get("kind")?.as_str()? != kind {
        return None;
    }
    serde_json::from_value(flash.get_mut("value")?.take()).ok()
}

/// In the browser there is no flash to take.
#[cfg(not(feature = "ssr"))]
pub fn take<T: DeserializeOwned>(_kind: &str) -> Option<T> {
    None
}

/// In the browser, failures arrive as return values.
#[cfg(not(feature = "ssr"))]
pub fn fail<T: Serialize>(_kind: &str, _back: &str, value: T) -> Option<T> {
    Some(value)
}
