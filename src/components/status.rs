//! The HTTP status of a server-rendered page.

use axum::http::StatusCode;

/// Marks the response being rendered with `status`.
pub fn set_status(status: StatusCode) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// Marks the response being rendered as 404 Not Found.
pub fn set_not_found() {
    set_status(StatusCode::NOT_FOUND);
}
