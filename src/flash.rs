//! Form failures for plain form posts (a browser without JavaScript, or a form sent before
//! its island woke). Such a post goes straight to its server function and follows the
//! redirect back to the form's page, so the failure cannot travel as the function's return
//! value. Instead [`finish`] keeps it in the store for 60 s under a random 128-bit id
//! (`dal::flashes`), puts only that id in a short-lived HttpOnly cookie (`quire_flash`,
//! `Secure` like the session cookie) and redirects (303) to the page. Before that page
//! renders, the middleware [`load`] takes the flash out of the store (once) and deletes the
//! cookie, and the page [`take`]s it to show the same messages and the kept values. Values
//! stay on the server because a post's content can be far larger than a cookie; passwords
//! are never kept. Being in the store, the flash is found whichever server renders the
//! page. Calls from an island get the error as their answer, and nothing is kept.

use std::collections::BTreeMap;

use axum::{
    extract::{Request, State},
    http::{header, request::Parts, HeaderValue, Method},
    middleware::Next,
    response::Response,
};
use cookie::{Cookie, SameSite};
use leptos::prelude::use_context;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};

use crate::{auth::cookie::FLASH_COOKIE, dal::session::SessionKeys, error::AppError};

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

/// The flash this request brought, taken from the store by [`load`]: its form's kind and
/// the failure as JSON.
#[derive(Clone, Debug)]
struct Brought {
    kind: String,
    payload: String,
}

fn flash_cookie(value: String, max_age_secs: i64, secure: bool) -> Option<HeaderValue> {
    let cookie = Cookie::build((FLASH_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// Ends a form's server function. For a plain form post that failed, the failure and the
/// `kept` values (each cut to twice its field's limit) are kept as a flash of the form's `kind`
/// and the browser is sent back to `back`. A caller without a session is sent to log in
/// and then back, and nothing is kept for them. Either way the function answers with
/// `result`.
pub async fn finish<T>(
    kind: &str,
    back: &str,
    kept: &[(&str, &str)],
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    let Err(error) = &result else {
        return result;
    };
    if !is_plain_form_post() {
        return result;
    }
    if error.code == crate::error::ErrorCode::Unauthenticated && !SIGNED_OUT_FORMS.contains(&kind) {
        leptos_axum::redirect(&crate::paths::login_url(back));
        return result;
    }
    let failure = FormFailure {
        error: error.clone(),
        values: kept
            .iter()
            .map(|(field, value)| {
                // Twice the field's limit: what was typed beyond the limit comes back (to be
                // cut by its author), and no flash can grow with the body.
                let limit = 2 * crate::validation::max_field_chars(field);
                (field.to_string(), value.chars().take(limit).collect())
            })
            .collect(),
    };
    // If the values make the flash too large (pathological text), the messages go alone.
    let payload = serde_json::to_string(&failure)
        .ok()
        .filter(|p| p.len() <= crate::dal::flashes::MAX_PAYLOAD_BYTES)
        .or_else(|| {
            serde_json::to_string(&FormFailure {
                values: BTreeMap::new(),
                ..failure.clone()
            })
            .ok()
        });
    if let Some(payload) = payload {
        // If the store is away, the page comes back without the messages; the answer's
        // status still says what happened.
        keep(kind, payload).await;
    }
    leptos_axum::redirect(back);
    result
}

/// The forms a visitor without a session sends (their refusals are kept like any other,
/// the contract's log-in and sign-up messages); every other form's 401 sends the visitor
/// to log in instead.
const SIGNED_OUT_FORMS: [&str; 2] = ["login", "signup"];

/// After a change that went through: `message` ("Profile saved.") is shown once by the page
/// the browser goes to next (a plain form post and a form island both follow the server
/// function's redirect), as a flash of `kind` that [`take_notice`] reads.
pub async fn notice(kind: &str, message: &str) {
    if let Ok(payload) = serde_json::to_string(message) {
        // If the store is away, the change is made; only its confirmation is lost.
        keep(&notice_kind(kind), payload).await;
    }
}

/// Keeps `payload` as a flash of `kind` and sets the cookie that brings it to the next page.
async fn keep(kind: &str, payload: String) {
    let (Some(response), Some(db)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        use_context::<DatabaseConnection>(),
    ) else {
        return;
    };
    let owner = owner();
    match crate::dal::flashes::keep(&db, kind, payload, &owner, chrono::Utc::now()).await {
        Ok(None) => tracing::warn!(
            kind,
            "a form's flash was not kept (its owner's or the table's cap)"
        ),
        Ok(Some(id)) => {
            let secure = use_context::<SessionKeys>().is_none_or(|k| k.secure_cookies);
            let ttl = crate::dal::flashes::TTL.num_seconds();
            if let Some(cookie) = flash_cookie(id, ttl, secure) {
                response.append_header(header::SET_COOKIE, cookie);
            }
        }
        Err(err) => tracing::warn!(error = %err, kind, "could not keep a flash"),
    }
}

/// Whose flash this request would keep: the account its session token names, else the
/// client's address (as the rate limits count it).
fn owner() -> String {
    let parts = use_context::<Parts>();
    let keys = use_context::<SessionKeys>();
    if let (Some(parts), Some(keys)) = (&parts, &keys) {
        if let Some(claims) = crate::dal::session::optimistic_claims(&parts.headers, keys) {
            return format!("user:{}", claims.uid);
        }
    }
    let address = parts
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::auth::client_ip::ClientIp>()
                .map(|ip| ip.0.to_string())
        })
        .unwrap_or_default();
    format!("ip:{}", crate::auth::client_ip::limit_key(&address))
}

/// The flash kind of a form's notice (a failure of the same form has the plain kind).
fn notice_kind(kind: &str) -> String {
    format!("{kind}:done")
}

/// While a page renders: the notice the request brought for a form of this `kind`.
pub fn take_notice(kind: &str) -> Option<String> {
    let parts = use_context::<Parts>()?;
    let brought = parts.extensions.get::<Brought>()?;
    if brought.kind != notice_kind(kind) {
        return None;
    }
    crate::cache::pages::spoil();
    serde_json::from_str(&brought.payload).ok()
}

/// After a change that stays on its page: a plain form post is sent back to `page` (the
/// island that called it updates itself instead, without a reload).
pub fn back_after_plain_post(page: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(page);
    }
}

/// Whether the request being served is a form posted by the browser itself (it accepts
/// HTML), not a call from an island (which asks for JSON).
pub fn is_plain_form_post() -> bool {
    use_context::<Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// While a page renders: the failure the request brought for a form of this `kind` (see
/// [`load`]).
pub fn take(kind: &str) -> Option<FormFailure> {
    let parts = use_context::<Parts>()?;
    let brought = parts.extensions.get::<Brought>()?;
    if brought.kind != kind {
        return None;
    }
    // This page is now this visitor's alone.
    crate::cache::pages::spoil();
    serde_json::from_str(&brought.payload).ok()
}

/// The middleware: a page request carrying the flash cookie takes its flash out of the
/// store (once; the cookie is deleted) and hands it to the page in the request.
pub async fn load(
    State(state): State<crate::middleware::SessionState>,
    mut request: Request,
    next: Next,
) -> Response {
    let (db, keys) = (&state.db, &state.keys);
    let path = request.uri().path();
    let page = request.method() == Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && path != "/healthz"
        && path != "/favicon.ico";
    let id = crate::auth::cookie::read_cookie(request.headers(), FLASH_COOKIE)
        .filter(|id| !id.is_empty());
    let Some(id) = id.filter(|_| page) else {
        return next.run(request).await;
    };
    match crate::dal::flashes::take(db, &id, chrono::Utc::now()).await {
        Ok(Some((kind, payload))) => {
            request.extensions_mut().insert(Brought { kind, payload });
        }
        Ok(None) => {}
        Err(err) => tracing::warn!(error = %err, "could not take a form's flash"),
    }
    let mut response = next.run(request).await;
    if let Some(removal) = flash_cookie(String::new(), 0, keys.secure_cookies) {
        response.headers_mut().append(header::SET_COOKIE, removal);
    }
    response
}
