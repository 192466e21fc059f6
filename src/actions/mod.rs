//! Server functions: the browser's only way to data. Each authorizes itself and returns
//! DTOs; reads that pages stream live here too, because a page navigated to in the
//! browser fetches its data through them.

/// Sign-up, log-in, log-out.
pub mod auth;
/// The dashboard panels and role changes.
pub mod dashboard;
/// Liking and unliking a post.
pub mod likes;
/// Post reads (lists, one post), creating and deleting posts.
pub mod posts;
/// Devices (sessions) and logging them out.
pub mod sessions;
/// The account settings: profile, password, deleting the account.
pub mod settings;
/// The current user and profiles.
pub mod users;
