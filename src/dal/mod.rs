//! The data access layer. DTOs ([`dto`]) are shared with the browser, since server
//! functions return them; the queries below them run on the server only and are the one
//! place that reads or writes the database.

/// What leaves the server: shapes built for their viewer, never entities.
pub mod dto;

/// A user's changes to their own account: profile, password, deletion.
#[cfg(feature = "ssr")]
pub mod accounts;
/// The current request's user, for server functions and pages.
#[cfg(feature = "ssr")]
pub mod current;
/// Connecting to the database and migrating it.
#[cfg(feature = "ssr")]
pub mod db;
/// Failed plain form posts kept for their page.
#[cfg(feature = "ssr")]
pub mod flashes;
/// Likes: one per user and post, counted in the same transaction.
#[cfg(feature = "ssr")]
pub mod likes;
/// The log-in rate limit.
#[cfg(feature = "ssr")]
pub mod login_attempts;
/// Post reads and writes.
#[cfg(feature = "ssr")]
pub mod posts;
/// Rate limits per client address, kept in the database.
#[cfg(feature = "ssr")]
pub mod rate_limits;
/// Sessions: the secure check and its memo.
#[cfg(feature = "ssr")]
pub mod session;
/// User reads and writes.
#[cfg(feature = "ssr")]
pub mod users;
