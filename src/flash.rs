//! Form failures for plain form posts (a browser without JavaScript, or a form sent before
//! its island woke). Such a post goes straight to its server function and follows the
//! redirect back to the form's page, so the failure cannot travel as the function's return
//! value. Instead [`answer`] saves it in the database for 60 s under a random 128-bit id
//! (`dal::flashes`), puts only that id in a short-lived HttpOnly cookie (`quire_flash`,
//! `Secure` like the session cookie) and redirects (303) to the page. Before that page
//! renders, the middleware [`load`] takes the flash out of the database (once) and deletes the
//! cookie, and the page [`take`]s it to show the same messages and the values typed. Values
//! stay on the server because a post's content can be far larger than a cookie; passwords
//! are never kept. Being in the database, the flash is found whichever server renders the
//! page. Calls from an island get the error as their answer, and nothing is kept.
//!
//! A server function behind a form wraps its work in [`answer`] with its [`Form`]; the
//! form's page reads the outcome back with [`take`] (a refusal) or [`take_notice`] (a
//! confirmation). The [`Form`] names both ends, so they cannot disagree.

use std::{collections::BTreeMap, future::Future};

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

use crate::{
    auth::cookie::FLASH_COOKIE,
    dal::session::SessionKeys,
    error::{expect_context, AppError},
};

/// A failed form as its page shows it again: the error, and what was typed (never a
/// password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFailure {
    pub error: AppError,
    pub values: BTreeMap<String, String>,
}

impl FormFailure {
    /// The value typed in `field`, or empty.
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }
}

/// The forms whose outcome reaches their page as a flash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    SignUp,
    LogIn,
    NewPost,
    EditPost,
    DeletePost,
    ChangeRole,
    Devices,
    Profile,
    Password,
    DeleteAccount,
}

impl Form {
    const ALL: [Form; 10] = [
        Form::SignUp,
        Form::LogIn,
        Form::NewPost,
        Form::EditPost,
        Form::DeletePost,
        Form::ChangeRole,
        Form::Devices,
        Form::Profile,
        Form::Password,
        Form::DeleteAccount,
    ];

    /// Its name in the database's `flashes.kind` column.
    fn name(self) -> &'static str {
        match self {
            Form::SignUp => "signup",
            Form::LogIn => "login",
            Form::NewPost => "post",
            Form::EditPost => "edit",
            Form::DeletePost => "delete",
            Form::ChangeRole => "role",
            Form::Devices => "devices",
            Form::Profile => "profile",
            Form::Password => "password",
            Form::DeleteAccount => "delete-account",
        }
    }

    /// Whether a visitor without a session sends it: its refusals are shown like any
    /// other (the contract's log-in and sign-up messages), while every other form's 401
    /// sends the visitor to log in instead.
    fn is_for_signed_out(self) -> bool {
        matches!(self, Form::SignUp | Form::LogIn)
    }
}

/// What a flash holds: a form's refusal (messages and values) or its confirmation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Refused(Form),
    Done(Form),
}

impl Outcome {
    /// Suffix of a confirmation's kind (a refusal's kind is the form's name alone).
    const DONE: &'static str = ":done";

    /// The `flashes.kind` it is stored under.
    fn kind(self) -> String {
        match self {
            Outcome::Refused(form) => form.name().to_string(),
            Outcome::Done(form) => format!("{}{}", form.name(), Self::DONE),
        }
    }

    /// The outcome stored under `kind`, if any form's.
    fn parse(kind: &str) -> Option<Self> {
        let (name, done) = match kind.strip_suffix(Self::DONE) {
            Some(name) => (name, true),
            None => (kind, false),
        };
        let form = Form::ALL.into_iter().find(|form| form.name() == name)?;
        Some(if done {
            Outcome::Done(form)
        } else {
            Outcome::Refused(form)
        })
    }
}

/// The flash this request carried, taken from the database by [`load`]: what it holds and
/// its payload as JSON.
#[derive(Clone, Debug)]
struct Loaded {
    outcome: Outcome,
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

/// Runs the `work` of `form`'s server function and answers with its result. When a plain
/// form post fails, the failure and the `typed` values (each cut to twice its field's limit)
/// are saved as the form's flash and the browser is sent back to `back`; a caller without a
/// session is sent to log in and then back, and nothing is saved for them.
pub async fn answer<T>(
    form: Form,
    back: &str,
    typed: &[(&str, &str)],
    work: impl Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = work.await;
    let Err(error) = &result else {
        return result;
    };
    if !is_plain_form_post() {
        return result;
    }
    if error.code == crate::error::ErrorCode::Unauthenticated && !form.is_for_signed_out() {
        leptos_axum::redirect(&crate::paths::login_url(back));
        return result;
    }
    let failure = FormFailure {
        error: error.clone(),
        values: typed
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
        // If the database is away, the page comes back without the messages; the answer's
        // status still says what happened.
        save(Outcome::Refused(form), payload).await;
    }
    leptos_axum::redirect(back);
    result
}

/// After a change that went through: `message` ("Profile saved.") is shown once by the page
/// the browser goes to next (a plain form post and a form island both follow the server
/// function's redirect), as `form`'s confirmation that [`take_notice`] reads.
pub async fn notice(form: Form, message: &str) {
    if let Ok(payload) = serde_json::to_string(message) {
        // If the database is away, the change is made; only its confirmation is lost.
        save(Outcome::Done(form), payload).await;
    }
}

/// Saves `payload` as a flash of `outcome` and sets the cookie that brings it to the next
/// page. Best effort: the function's answer still says what happened, so a flash that
/// cannot be saved is logged, not answered.
async fn save(outcome: Outcome, payload: String) {
    if let Err(err) = try_save(outcome, payload).await {
        err.log_cause();
    }
}

async fn try_save(outcome: Outcome, payload: String) -> Result<(), AppError> {
    let kind = outcome.kind();
    let kind = kind.as_str();
    let response = expect_context::<leptos_axum::ResponseOptions>()?;
    let db = expect_context::<DatabaseConnection>()?;
    let keys = expect_context::<SessionKeys>()?;
    let parts = expect_context::<Parts>()?;
    let owner = owner(&parts, &keys)?;
    match crate::dal::flashes::save(&db, kind, payload, &owner, chrono::Utc::now()).await {
        Ok(None) => tracing::warn!(
            kind,
            "a form's flash was not saved (its owner's or the table's cap)"
        ),
        Ok(Some(id)) => {
            let ttl = crate::dal::flashes::TTL.num_seconds();
            if let Some(cookie) = flash_cookie(id, ttl, keys.secure_cookies) {
                response.append_header(header::SET_COOKIE, cookie);
            }
        }
        Err(err) => tracing::warn!(error = %err, kind, "could not save a flash"),
    }
    Ok(())
}

/// Whose flash this request would save: the account its session token names, else the
/// client's address (as the rate limits count it).
fn owner(parts: &Parts, keys: &SessionKeys) -> Result<String, AppError> {
    if let Some(claims) = crate::dal::session::optimistic_claims(&parts.headers, keys) {
        return Ok(format!("user:{}", claims.uid));
    }
    let address = crate::auth::client_ip::ClientIp::of(&parts.extensions)?;
    Ok(format!(
        "ip:{}",
        crate::auth::client_ip::limit_key(&address.0.to_string())
    ))
}

/// While a page renders: the confirmation the request carried for `form`.
pub fn take_notice(form: Form) -> Option<String> {
    loaded(Outcome::Done(form))
}

/// The payload of the flash the request carried, if it holds `outcome`, decoded. The page
/// that shows it is this visitor's alone, so the page cache must not cache it.
fn loaded<T: serde::de::DeserializeOwned>(outcome: Outcome) -> Option<T> {
    let parts = use_context::<Parts>()?;
    let loaded = parts.extensions.get::<Loaded>()?;
    if loaded.outcome != outcome {
        return None;
    }
    crate::cache::pages::do_not_cache();
    serde_json::from_str(&loaded.payload).ok()
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

/// While a page renders: the refusal the request carried for `form` (see [`load`]).
pub fn take(form: Form) -> Option<FormFailure> {
    loaded(Outcome::Refused(form))
}

/// The middleware: a page request carrying the flash cookie takes its flash out of the
/// database (once; the cookie is deleted) and hands it to the page in the request.
pub async fn load(
    State(state): State<crate::middleware::SessionState>,
    mut request: Request,
    next: Next,
) -> Response {
    let (db, keys) = (&state.db, &state.keys);
    let path = request.uri().path();
    let page = request.method() == Method::GET && crate::paths::renders_a_page(path);
    let id = crate::auth::cookie::read_cookie(request.headers(), FLASH_COOKIE)
        .filter(|id| !id.is_empty());
    let Some(id) = id.filter(|_| page) else {
        return next.run(request).await;
    };
    match crate::dal::flashes::take(db, &id, chrono::Utc::now()).await {
        Ok(Some((kind, payload))) => {
            // A kind no form has (from an older release) is dropped.
            if let Some(outcome) = Outcome::parse(&kind) {
                request.extensions_mut().insert(Loaded { outcome, payload });
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_reads_back_from_its_kind() {
        for form in Form::ALL {
            for outcome in [Outcome::Refused(form), Outcome::Done(form)] {
                assert_eq!(Outcome::parse(&outcome.kind()), Some(outcome));
            }
        }
        assert_eq!(Outcome::parse("no-such-form"), None);
        assert_eq!(Outcome::parse("post:done:done"), None);
    }

    #[test]
    fn forms_have_distinct_names() {
        let names: std::collections::BTreeSet<_> = Form::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), Form::ALL.len());
    }
}
