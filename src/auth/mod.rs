//! Authentication pieces that have no page of their own (server only).

/// argon2id password hashing and verification.
pub mod password;
