//! Authentication pieces (server only): passwords, session tokens and cookies.

/// The `session` cookie.
pub mod cookie;
/// Refusing cross-site mutating requests.
pub mod csrf;
/// Optimistic redirects and the sliding refresh.
pub mod middleware;
/// argon2id password hashing and verification.
pub mod password;
/// Where to go after logging in.
pub mod redirect;
/// `SESSION_SECRET`, required in production.
pub mod secret;
/// HS256 session tokens.
pub mod token;
