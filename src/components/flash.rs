//! Form results for browsers without JavaScript. Such a browser posts a form straight to
//! its server function and follows the redirect back to the form page, so a failure cannot
//! travel as the function's return value. Instead [`fail`] keeps it on the server for 60 s
//! under a random id, puts only that id in a short-lived HttpOnly cookie (`quire_flash`)
//! and redirects to the form page, whose server render [`take`]s it (once: the entry and
//! the cookie are deleted) to show the errors and kept values. Values stay on the server
//! because a post's content can be far larger than a cookie; passwords are never kept.
//! With JavaScript the function's return value is used and nothing is stored.
//!
//! A page that was rendered from a flash must hydrate into the same view, so the page also
//! renders what it took with [`carry`] (a hidden element holding the value), and the
//! browser's [`take`] reads it back from there while hydrating. (A form sent before the
//! WebAssembly arrived is such a plain post.)

use serde::{de::DeserializeOwned, Serialize};

/// The flash cookie's name.
pub const FLASH_COOKIE: &str = "quire_flash";

#[cfg(feature = "ssr")]
mod store {
    use std::{sync::OnceLock, time::Duration};

    /// How long a flash waits to be taken.
    const TTL: Duration = Duration::from_secs(60);

    /// At most this many bytes of flashes are kept; the oldest go first.
    const MAX_BYTES: u64 = 64 * 1024 * 1024;

    /// Flashes by id: the form's kind and its value as JSON. Bounded by size; each expires.
    pub fn flashes() -> &'static moka::sync::Cache<String, (String, String)> {
        static STORE: OnceLock<moka::sync::Cache<String, (String, String)>> = OnceLock::new();
        STORE.get_or_init(|| {
            moka::sync::Cache::builder()
                .weigher(|_id: &String, (kind, json): &(String, String)| {
                    u32::try_from(kind.len() + json.len()).unwrap_or(u32::MAX)
                })
                .max_capacity(MAX_BYTES)
                .time_to_live(TTL)
                .build()
        })
    }
}

/// Returns `Some(value)` for the caller to answer with; for a plain form post also keeps
/// `value` as a flash, tagged with the form's `kind`, and redirects to `back`.
#[cfg(feature = "ssr")]
pub fn fail<T: Serialize>(kind: &str, back: &str, value: T) -> Option<T> {
    use axum::http::{header, request::Parts, HeaderValue};
    use leptos::prelude::use_context;
    use rand::Rng;

    let plain_form = use_context::<Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if plain_form {
        if let (Ok(json), Some(response)) = (
            serde_json::to_string(&value),
            use_context::<leptos_axum::ResponseOptions>(),
        ) {
            let id = format!("{:032x}", rand::rng().random::<u128>());
            store::flashes().insert(id.clone(), (kind.to_string(), json));
            let cookie = format!("{FLASH_COOKIE}={id}; Max-Age=60; Path=/; HttpOnly; SameSite=Lax");
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.append_header(header::SET_COOKIE, value);
            }
            leptos_axum::redirect(back);
        }
    }
    Some(value)
}

/// During a server render: the flash left by a failed plain form post of this `kind`; the
/// flash and its cookie are deleted. Call it outside any `Suspense`, so the cookie's
/// deletion is in the headers. In the browser: `None`.
#[cfg(feature = "ssr")]
pub fn take<T: DeserializeOwned>(kind: &str) -> Option<T> {
    use axum::http::{header, request::Parts, HeaderValue};
    use leptos::prelude::use_context;

    let parts = use_context::<Parts>()?;
    let id = crate::auth::cookie::read_cookie(&parts.headers, FLASH_COOKIE)?;
    let (flash_kind, value) = store::flashes().get(&id)?;
    if flash_kind != kind {
        return None;
    }
    store::flashes().invalidate(&id);
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(
            header::SET_COOKIE,
            HeaderValue::from_static("quire_flash=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"),
        );
    }
    serde_json::from_str(&value).ok()
}

/// In the browser, while hydrating: the flash the server rendered the page with (see
/// [`carry`]); at any other time, `None`.
#[cfg(not(feature = "ssr"))]
pub fn take<T: DeserializeOwned>(kind: &str) -> Option<T> {
    let hydrating = leptos::prelude::Owner::current_shared_context()
        .is_some_and(|context| context.during_hydration());
    if !hydrating {
        return None;
    }
    let carried = leptos::prelude::document()
        .query_selector(&format!("[data-flash=\"{kind}\"]"))
        .ok()??
        .get_attribute("data-value")?;
    serde_json::from_str(&carried).ok()
}

/// Renders the flash a page took (nothing when there was none) in a hidden element, so the
/// browser can hydrate the page with the same value.
pub fn carry<T: Serialize>(kind: &'static str, flashed: &Option<T>) -> impl leptos::IntoView {
    use leptos::prelude::*;
    flashed
        .as_ref()
        .and_then(|value| serde_json::to_string(value).ok())
        .map(|json| view! { <div hidden data-flash=kind data-value=json></div> })
}

/// In the browser, failures arrive as return values.
#[cfg(not(feature = "ssr"))]
pub fn fail<T: Serialize>(_kind: &str, _back: &str, value: T) -> Option<T> {
    Some(value)
}
