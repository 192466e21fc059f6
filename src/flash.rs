//! Form failures for browsers without JavaScript. Such a browser posts a form straight to
//! its server function and follows the redirect back to the form page, so the failure
//! cannot travel as the function's return value. Instead [`finish`] keeps it on the server
//! for 60 s under a random id, puts only that id in a short-lived HttpOnly cookie
//! (`quire_flash`) and redirects (303) to the form page, whose server render [`take`]s it
//! (once: the entry and the cookie are deleted) to show the same messages and the kept
//! values. Values stay on the server because a post's content can be far larger than a
//! cookie; passwords are never kept. With JavaScript the function's error is the value the
//! form shows, and nothing is stored.
//!
//! The page hands what it took to its form island as props, so the island hydrates into the
//! same view it was rendered with (a form sent before the WebAssembly arrived is such a
//! plain post).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The flash cookie's name.
pub const FLASH_COOKIE: &str = "quire_flash";

/// A failed form as its page shows it again: the error, and what was typed (never a
/// password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFailure {
    pub error: AppError,
    pub values: BTreeMap<String, String>,
}

impl FormFailure {
    /// The kept value of `field`, or empty.
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }
}

mod store {
    use std::{sync::OnceLock, time::Duration};

    /// How long a flash waits to be taken.
    pub const TTL: Duration = Duration::from_secs(60);

    /// At most this many bytes of flashes are kept; the oldest go first.
    const MAX_BYTES: u64 = 64 * 1024 * 1024;

    /// Flashes by id: the form's kind and its failure as JSON. Bounded by size; each expires.
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

/// Ends a form's server function. For a plain form post (no JavaScript) that failed, the
/// failure and the `kept` values are kept as a flash of the form's `kind` and the browser
/// is sent back to `back` (a signed-in page there sends a caller whose session has ended
/// on to log in). Either way the function answers with `result`.
pub fn finish<T>(
    kind: &str,
    back: &str,
    kept: &[(&str, &str)],
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    use axum::http::{header, HeaderValue};
    use leptos::prelude::use_context;
    use rand::Rng;

    let Err(error) = &result else {
        return result;
    };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return result;
    };
    if !is_plain_form_post() {
        return result;
    }
    let failure = FormFailure {
        error: error.clone(),
        values: kept
            .iter()
            .map(|(field, value)| (field.to_string(), value.to_string()))
            .collect(),
    };
    if let Ok(json) = serde_json::to_string(&failure) {
        let id = format!("{:032x}", rand::rng().random::<u128>());
        store::flashes().insert(id.clone(), (kind.to_string(), json));
        let cookie = cookie::Cookie::build((FLASH_COOKIE, id))
            .path("/")
            .http_only(true)
            .same_site(cookie::SameSite::Lax)
            .max_age(cookie::time::Duration::seconds(store::TTL.as_secs() as i64))
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.append_header(header::SET_COOKIE, value);
        }
        leptos_axum::redirect(back);
    }
    result
}

/// After a change that stays on its page: a plain form post is sent back to `page` (the
/// island that called it with JavaScript updates itself instead, without a reload).
pub fn back_after_plain_post(page: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(page);
    }
}

/// Whether the request being served is a form posted by the browser itself (it accepts
/// HTML), not a call from the hydrated app (which asks for JSON).
pub fn is_plain_form_post() -> bool {
    use axum::http::{header, request::Parts};
    leptos::prelude::use_context::<Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// During a server render: the failure left by a plain form post of this `kind`; the flash
/// and its cookie are deleted. Call it outside any `Suspense`, so the cookie's deletion is
/// in the headers.
pub fn take(kind: &str) -> Option<FormFailure> {
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
        let removal = cookie::Cookie::build((FLASH_COOKIE, ""))
            .path("/")
            .http_only(true)
            .same_site(cookie::SameSite::Lax)
            .max_age(cookie::time::Duration::ZERO)
            .build();
        if let Ok(value) = HeaderValue::from_str(&removal.to_string()) {
            response.append_header(header::SET_COOKIE, value);
        }
    }
    serde_json::from_str(&value).ok()
}
