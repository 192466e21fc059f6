//! Quire: a small publishing community built as one Leptos 0.8 crate, in islands mode.
//!
//! The server renders every page (axum, streamed HTML); only the interactive parts, the
//! [`islands`], are compiled to WebAssembly (the `hydrate` feature) and hydrated in the
//! browser. The folders follow the vocabulary of the Next.js guides:
//!
//! - [`islands`]: the parts that run in the browser (forms, like, delete, "Try again").
//! - [`actions`]: `#[server]` functions, the browser's way to data (with the JSON routes in `api`).
//! - [`dal`]: the data access layer; its DTOs are shared, its queries are server only.
//! - [`error`]: the one error type every server function and API route answers with.
//! - `app`, `routes` (one file per page), `components` (server-rendered view pieces),
//!   `entities`, `auth`, `accounts`, `middleware`, `cache`, `api`, `flash`, `config`,
//!   `startup`: server only.

// The server's page views are deep types (Leptos encodes a view in its type); release
// builds need more room than the default 128 to lay them out.
#![recursion_limit = "256"]

/// Server functions, one file per area.
pub mod actions;
/// Data access: DTOs (shared) and queries (server only).
pub mod dal;
/// The one error type: shared shape, server-side mapping to HTTP.
pub mod error;
/// Typed ids of accounts and posts.
pub mod ids;
/// The interactive parts of pages, hydrated in the browser.
pub mod islands;
/// Addresses the app links to.
pub mod paths;
/// What an account may do (shared by DTOs, the database and session tokens).
pub mod role;
/// The parts of pages that load and fail on their own.
pub mod segment;
/// Slugs made from titles.
pub mod slug;
/// Form rules shared by client and server.
pub mod validation;

/// Sign-up, log-in, settings and the browser's session, over the database.
#[cfg(feature = "ssr")]
pub mod accounts;
/// `quire create-admin`.
#[cfg(feature = "ssr")]
pub mod admin_cli;
/// JSON route handlers.
#[cfg(feature = "ssr")]
pub mod api;
/// The HTML shell, `<App/>`, router and layout.
#[cfg(feature = "ssr")]
pub mod app;
/// Passwords, session tokens, cookies, client address, same-origin check (no database).
#[cfg(feature = "ssr")]
pub mod auth;
/// The data cache for public reads, and revalidation.
#[cfg(feature = "ssr")]
pub mod cache;
/// View pieces the server renders.
#[cfg(feature = "ssr")]
pub mod components;
/// Settings from Leptos.toml and the environment.
#[cfg(feature = "ssr")]
pub mod config;
/// Choosing a response's compression from `Accept-Encoding`.
#[cfg(feature = "ssr")]
pub mod content_encoding;
/// sea-orm entities.
#[cfg(feature = "ssr")]
pub mod entities;
/// Failed forms carried to their page for browsers without JavaScript.
#[cfg(feature = "ssr")]
pub mod flash;
/// The session middleware: optimistic redirects, the secure check, the sliding refresh.
#[cfg(feature = "ssr")]
pub mod middleware;
/// Random ids and generated secrets.
#[cfg(feature = "ssr")]
pub mod random;
/// One file per page.
#[cfg(feature = "ssr")]
pub mod routes;
/// Demo data for `quire seed` and an empty database.
#[cfg(feature = "ssr")]
pub mod seed;
/// The axum router, middleware and server start-up.
#[cfg(feature = "ssr")]
pub mod startup;
/// Logging set-up.
#[cfg(feature = "ssr")]
pub mod telemetry;
/// Test-only latency, faults and panics (no-ops unless built with `test-hooks`).
#[cfg(feature = "ssr")]
pub mod test_hooks;

/// The browser entry point: start the reactive system for the islands, which Leptos'
/// bootstrap script then hydrates one by one.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Readable panics in the console while developing; release builds leave the formatting
    // machinery it needs out of the WebAssembly.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
