//! sea-orm entities: one file per table of the migrations in `migrations/`.
//! Server only. None of these types derives `Serialize`: what leaves the server is a DTO
//! from `crate::dal`, so a password hash cannot reach a client by accident.

pub mod flash;
pub mod like;
pub mod login_attempt;
pub mod login_limit;
pub mod post;
pub mod rate_limit;
pub mod session;
pub mod user;
