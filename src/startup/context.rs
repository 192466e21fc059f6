//! The per-request Leptos context: what pages and server functions take out with
//! `error::expect_context` (the database, keys, origins, data cache and hashing pool), and
//! what this request brings to its render (its CSP nonce, the page cache's notes).

use axum::http::request::Parts;
use leptos::prelude::{provide_context, use_context};

use super::{security_headers::CspNonce, AppState};
use crate::cache::pages::RenderNotes;

/// What Leptos runs at the start of every page render and server-function call.
pub(super) fn provider(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let db = state.db.clone();
    let keys = state.keys.clone();
    let origins = state.origins.clone();
    let cache = state.cache.clone();
    let hashing = state.hashing.clone();
    move || {
        provide_context(db.clone());
        provide_context(keys.clone());
        provide_context(origins.clone());
        provide_context(cache.clone());
        provide_context(hashing.clone());
        if let Some(parts) = use_context::<Parts>() {
            from_request(&parts);
        }
    }
}

/// Hands the render what the outer layers put on the request.
fn from_request(parts: &Parts) {
    // Leptos' inline scripts carry the nonce the response's CSP names.
    if let Some(nonce) = parts.extensions.get::<CspNonce>() {
        provide_context(leptos::nonce::Nonce::from_value(nonce.value()));
    }
    // A page the page cache may keep learns what it depends on.
    if let Some(notes) = parts.extensions.get::<RenderNotes>() {
        provide_context(notes.clone());
    }
}
