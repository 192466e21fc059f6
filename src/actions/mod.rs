//! Server functions: the browser's only way to data. Each authorizes itself and returns
//! DTOs; reads that pages stream live here too, because a page navigated to in the
//! browser fetches its data through them.

/// Sign-up, log-in, log-out.
pub mod auth;
/// Post reads (lists, one post).
pub mod posts;
