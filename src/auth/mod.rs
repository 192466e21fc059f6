//! Authentication pieces (server only): passwords, session tokens and cookies.

/// Signing up and logging in.
pub mod accounts;
/// Starting and ending the browser's session in a server function.
pub mod browser_session;
/// The client's address, behind trusted proxies too.
pub mod client_ip;
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
/// Account settings: profile, password, deletion.
pub mod settings;
/// HS256 session tokens.
pub mod token;
