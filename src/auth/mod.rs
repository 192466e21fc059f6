//! Authentication pieces that need no database (server only): passwords, session tokens,
//! cookies, the client's address, the same-origin check and where to go after logging in.
//! The data layer builds on them (`dal::session`); the flows that also need the database sit
//! above it, in `crate::accounts` and `crate::middleware`.

/// The client's address, behind trusted proxies too.
pub mod client_ip;
/// The `session` cookie.
pub mod cookie;
/// The nonce of a response's Content-Security-Policy.
pub mod csp_nonce;
/// Refusing cross-site mutating requests.
pub mod csrf;
/// argon2id password hashing and verification.
pub mod password;
/// Where to go after logging in.
pub mod redirect;
/// `SESSION_SECRET`, required in production.
pub mod secret;
/// One structured log line per security event.
pub mod security_log;
/// HS256 session tokens.
pub mod token;
