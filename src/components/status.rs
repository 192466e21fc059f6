//! The HTTP status of a server-rendered page.

use axum::http::StatusCode;

/// Marks the response being rendered with `status`.
pub fn set_status(status: StatusCode) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// Marks the response with the status of a page's own refusal: 404 when what it shows
/// does not exist (or is not for this viewer to know of), 403 when the viewer may not
/// have it. Other failures are the segment's to show and keep the page's 200.
pub fn set_refusal_status<T>(result: &Result<T, crate::error::AppError>) {
    use crate::error::ErrorCode;
    match result.as_ref().map_err(|e| e.code) {
        Err(ErrorCode::NotFound) => set_not_found(),
        Err(ErrorCode::Forbidden) => set_status(StatusCode::FORBIDDEN),
        _ => {}
    }
}

/// Marks the response being rendered as 404 Not Found.
pub fn set_not_found() {
    set_status(StatusCode::NOT_FOUND);
}
