//! The one error type of Quire, shared by the server and the browser. Server functions and
//! API routes answer with it; it travels as one JSON shape,
//! `{"error":"<code>","message":"<text>"}` (plus `fields` for per-field messages,
//! `request_id` for unexpected errors and `retry_after` when waiting helps), and each code
//! has its HTTP status (see [`ErrorCode::status`]). Forms show the same messages, as values:
//! the browser gets the error back from the server function, and without JavaScript the
//! failed form's page is rendered with it (see `components::flash`).
//!
//! The server half (`http`) logs unexpected causes with the request's id, maps database
//! failures, and turns the error into a response; a cause never reaches the client.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

/// Taking what the router provided out of a request's context, or a 500.
#[cfg(feature = "ssr")]
pub mod context;
/// The server's half: responses, request ids, logging, the panic page.
#[cfg(feature = "ssr")]
pub mod http;

#[cfg(feature = "ssr")]
pub use context::expect_context;

/// What kind of failure, as the `error` field names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not signed in (or the session has ended): 401.
    Unauthenticated,
    /// Signed in, but not allowed: 403.
    Forbidden,
    /// No such thing: 404.
    NotFound,
    /// The change clashes with the stored state (a taken email, the last admin): 409.
    Conflict,
    /// The request body is over the limit: 413.
    TooLarge,
    /// The input breaks a rule; `fields` says which: 422.
    Invalid,
    /// Too many attempts: 429.
    TooManyRequests,
    /// The server or its database cannot take the request now; `retry_after` says when: 503.
    Unavailable,
    /// A fault of ours; the message carries the request id: 500.
    Unexpected,
}

impl ErrorCode {
    /// The HTTP status this code answers with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::TooLarge => 413,
            ErrorCode::Invalid => 422,
            ErrorCode::TooManyRequests => 429,
            ErrorCode::Unavailable => 503,
            ErrorCode::Unexpected => 500,
        }
    }
}

/// Messages by form field; a field may break several rules (a password).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    /// Adds `message` to `field`'s messages.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_default()
            .push(message.into());
    }

    /// Adds `message` to `field` when there is one (the shape of single-rule checks).
    pub fn add_err(&mut self, field: &str, check: Result<impl Sized, String>) {
        if let Err(message) = check {
            self.add(field, message);
        }
    }

    /// `field`'s first message.
    pub fn first(&self, field: &str) -> Option<String> {
        self.0.get(field).and_then(|m| m.first().cloned())
    }

    /// All of `field`'s messages, in the order the rules were checked.
    pub fn all(&self, field: &str) -> Vec<String> {
        self.0.get(field).cloned().unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when no field has a message, else the 422 error carrying them.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::invalid(self))
        }
    }
}

/// Said to a signed-out caller.
pub const SIGNED_OUT: &str = "You need to log in first.";
/// Said for a fault of ours when no request id is known (in the browser).
pub const SOMETHING_WENT_WRONG: &str = "Something went wrong. Please try again.";
/// Said when the server could not be reached.
pub const UNREACHABLE: &str =
    "The server could not be reached. Check your connection and try again.";
/// Said when the server is too busy to hash a password now.
pub const BUSY: &str = "The server is busy. Try again in a moment.";
/// Said when a form's input breaks rules shown beside its fields.
pub const CHECK_FIELDS: &str = "Please correct the fields marked below.";

/// The error every server function and API route answers with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppError {
    #[serde(rename = "error")]
    pub code: ErrorCode,
    /// Safe to show as it is.
    pub message: String,
    #[serde(default, skip_serializing_if = "FieldErrors::is_empty")]
    pub fields: FieldErrors,
    /// For unexpected errors: the id the server logged the cause under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Seconds after which trying again may work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// On the server, for our faults and outages: what went wrong, logged once when the
    /// error is answered ([`AppError::log_cause`]); never sent.
    #[serde(skip)]
    pub cause: Option<String>,
}

impl AppError {
    /// An error of `code` saying `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            fields: FieldErrors::default(),
            request_id: None,
            retry_after: None,
            cause: None,
        }
    }

    /// 401: "You need to log in first."
    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, SIGNED_OUT)
    }

    /// 403 with the reason.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    /// 404 with what is missing.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    /// 409, its message shown beside `field`.
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut error = Self::new(ErrorCode::Conflict, message.clone());
        error.fields.add(field, message);
        error
    }

    /// 422 with the fields' messages.
    pub fn invalid(fields: FieldErrors) -> Self {
        AppError {
            fields,
            ..Self::new(ErrorCode::Invalid, CHECK_FIELDS)
        }
    }

    /// 429 with the message, retry after `seconds`.
    pub fn too_many_requests(message: impl Into<String>, seconds: u64) -> Self {
        AppError {
            retry_after: Some(seconds),
            ..Self::new(ErrorCode::TooManyRequests, message)
        }
    }

    /// 503 with the message, retry after `seconds`.
    pub fn unavailable(message: impl Into<String>, seconds: u64) -> Self {
        AppError {
            retry_after: Some(seconds),
            ..Self::new(ErrorCode::Unavailable, message)
        }
    }

    /// 413.
    pub fn too_large() -> Self {
        Self::new(
            ErrorCode::TooLarge,
            "The request is too large (at most 1 MB).",
        )
    }

    /// `field`'s first message.
    pub fn field(&self, field: &str) -> Option<String> {
        self.fields.first(field)
    }

    /// The message to show above the form: none when the fields carry them.
    pub fn form_message(&self) -> Option<String> {
        (self.code != ErrorCode::Invalid || self.fields.is_empty()).then(|| self.message.clone())
    }

    /// Whether this says the caller is not signed in.
    pub fn is_unauthenticated(&self) -> bool {
        self.code == ErrorCode::Unauthenticated
    }

    /// Logs the cause of a fault or an outage, with the request id, where the error is
    /// answered: a server function's or API route's response, or a page segment showing
    /// it. An error that is handled on the way is never logged; one that is answered is
    /// logged once.
    pub fn log_cause(&self) {
        #[cfg(feature = "ssr")]
        http::log_cause(self);
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

/// How the server-function machinery's own failures (a malformed request, an unreachable
/// server, an answer that is not ours) become an [`AppError`].
impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// The answer of a server function that failed: the place its error is answered.
    fn ser(&self) -> server_fn::Bytes {
        self.log_cause();
        // Encoding a plain struct to JSON does not fail; if it did, the answer still says
        // what kind of failure it was.
        <JsonEncoding as server_fn::Encodes<Self>>::encode(self).unwrap_or_else(|_| {
            server_fn::Bytes::from_static(
                br#"{"error":"unexpected","message":"Something went wrong."}"#,
            )
        })
    }

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // On the server, what cannot be decoded is the request's arguments: bad input.
            // In the browser it is the server's answer: not the visitor's fault.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
                if cfg!(feature = "ssr") =>
            {
                AppError::new(
                    ErrorCode::Invalid,
                    "The form was sent incomplete or malformed.",
                )
            }
            ServerFnErrorErr::Request(_) => AppError::new(ErrorCode::Unavailable, UNREACHABLE),
            _ => AppError::new(ErrorCode::Unexpected, SOMETHING_WENT_WRONG),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_shape_is_error_and_message() {
        let json = serde_json::to_value(AppError::unauthenticated()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error": "unauthenticated", "message": SIGNED_OUT})
        );
        let mut fields = FieldErrors::default();
        fields.add("title", "Title is required.");
        let json = serde_json::to_value(AppError::invalid(fields)).unwrap();
        assert_eq!(json["error"], "invalid");
        assert_eq!(json["fields"]["title"][0], "Title is required.");
        let back: AppError = serde_json::from_value(json).unwrap();
        assert_eq!(back.field("title").as_deref(), Some("Title is required."));
    }

    #[test]
    fn each_code_has_its_status() {
        for (code, status) in [
            (ErrorCode::Unauthenticated, 401),
            (ErrorCode::Forbidden, 403),
            (ErrorCode::NotFound, 404),
            (ErrorCode::Conflict, 409),
            (ErrorCode::TooLarge, 413),
            (ErrorCode::Invalid, 422),
            (ErrorCode::TooManyRequests, 429),
            (ErrorCode::Unavailable, 503),
            (ErrorCode::Unexpected, 500),
        ] {
            assert_eq!(code.status(), status, "{code:?}");
        }
    }
}
