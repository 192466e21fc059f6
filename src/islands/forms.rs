//! What the islands that call server functions share: the error to show (the server
//! function's answer, or the failure the page was rendered with), and sending a visitor
//! whose session ended to log in.

use leptos::{prelude::*, server_fn::ServerFn};

use crate::error::AppError;

/// The error a form shows: its server function's answer to the last submit (with
/// JavaScript), else the failure its page was rendered with (`flashed`: a plain form post
/// that failed, carried by the flash).
pub fn form_error<S>(action: ServerAction<S>, flashed: Option<AppError>) -> Memo<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Memo::new(move |_| match action.value().get() {
        Some(Ok(_)) => None,
        Some(Err(error)) => Some(error),
        None => flashed.clone(),
    })
}

/// When `error` says the session has ended (revoked on another device, or expired while
/// the page was open), sends the visitor to log in, coming back here after.
pub fn leave_when_signed_out(error: impl Fn() -> Option<AppError> + Send + Sync + 'static) {
    Effect::new(move |_| {
        if error().is_some_and(|e| e.is_unauthenticated()) {
            go_to_login();
        }
    });
}

/// Sends the visitor to log in, coming back to this page after.
pub fn go_to_login() {
    let location = window().location();
    let here = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let _ = location.set_href(&crate::paths::login_url(&here));
}
