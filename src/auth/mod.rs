//! Authentication pieces that need no store (server only): passwords, session tokens,
//! cookies, the client's address, the same-origin check and where to go after logging in.
//! The data layer builds on them (`dal::session`); the flows that also need the store sit
//! above it, in `crate::accounts` and `crate::middleware`.

/// The client's address, behind trusted proxies too.
pub mod client_ip;
/// The `session` cookie.
pub mod cookie;
/// Refusing cross-site mutating requests.
pub mod csrf;
/// argon2id password hashing and verification.
pub mod password;
/// Where to go after logging in.
pub mod redirect;
/// `SESSION_SECRET`, required in production.
pub mod secret;
/// HS256 session tokens.
pub mod token;
