//! The account flows as typed outcomes over the database (server only): signing up and logging
//! in, the settings, and starting or ending the browser's session. The auth server
//! functions (`crate::actions::auth`, `crate::actions::settings`) map them to answers;
//! tests call them without HTTP.

/// Signing up and logging in.
pub mod access;
/// Starting and ending the browser's session in a server function.
pub mod browser_session;
/// Account settings: profile, password, deletion.
pub mod settings;
