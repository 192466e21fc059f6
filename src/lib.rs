//! Quire: a small publishing community built as one Leptos 0.8 crate.
//!
//! The same components render on the server (axum, streamed HTML) and hydrate in the
//! browser (this crate compiled to WebAssembly with the `hydrate` feature). The folders
//! follow the vocabulary of the Next.js guides:
//!
//! - [`app`]: the HTML shell, `<App/>`, the router and the layout.
//! - [`routes`]: one file per page.
//! - [`components`]: view pieces shared by pages.
//! - [`actions`]: `#[server]` functions, the only way the browser reaches data.
//! - [`dal`]: the data access layer; its DTOs are shared, its queries are server only.
//! - [`error`]: the one error type every server function and API route answers with.
//! - `entities`, `auth`, `cache`, `api`, `config`, `startup`: server only.

/// Server functions, one file per area.
pub mod actions;
/// The HTML shell, `<App/>`, router and layout.
pub mod app;
/// Reusable view pieces.
pub mod components;
/// Data access: DTOs (shared) and queries (server only).
pub mod dal;
/// The one error type: shared shape, server-side mapping to HTTP.
pub mod error;
/// Failed forms carried to their page for browsers without JavaScript.
pub mod flash;
/// Addresses the app links to.
pub mod paths;
/// One file per page.
pub mod routes;
/// Slugs made from titles.
pub mod slug;
/// Test-only latency, faults and panics (no-ops unless built with `test-hooks`).
pub mod test_hooks;
/// Form rules shared by client and server.
pub mod validation;

/// `quire create-admin`.
#[cfg(feature = "ssr")]
pub mod admin_cli;
/// JSON route handlers.
#[cfg(feature = "ssr")]
pub mod api;
/// Password hashing.
#[cfg(feature = "ssr")]
pub mod auth;
/// The data cache for public reads, and revalidation.
#[cfg(feature = "ssr")]
pub mod cache;
/// Settings from Leptos.toml and the environment.
#[cfg(feature = "ssr")]
pub mod config;
/// sea-orm entities.
#[cfg(feature = "ssr")]
pub mod entities;
/// Demo data for `quire seed` and an empty store.
#[cfg(feature = "ssr")]
pub mod seed;
/// The axum router, middleware and server start-up.
#[cfg(feature = "ssr")]
pub mod startup;
/// Logging set-up.
#[cfg(feature = "ssr")]
pub mod telemetry;

/// The browser entry point: hydrate the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets tests (and curious readers of the DOM) know the page is interactive now.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
