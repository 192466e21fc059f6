//! The HTTP status of a server-rendered page.

/// Marks the response being rendered as 404 Not Found.
pub fn set_not_found() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}
