//! The ids of accounts and posts as types of their own, so a post's id can never be passed
//! where a user's is meant. They travel as plain numbers (in JSON, forms and tokens) and
//! are stored as integer columns.

use serde::{Deserialize, Serialize};

/// An account's id.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
#[serde(transparent)]
pub struct UserId(pub i32);

/// A post's id.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
#[serde(transparent)]
pub struct PostId(pub i32);

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for PostId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A session's id: 256 random bits, hex, the primary key of its row and the `sid` of its
/// token. It names a live log-in, so `Debug` shows only the first characters (enough to
/// tell two apart in a test failure) and there is no `Display`: a log line cannot carry it
/// whole by accident.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
#[serde(transparent)]
pub struct SessionId(pub String);

/// Characters of a session id shown to its owner as a device handle.
pub const DEVICE_HANDLE_LEN: usize = 16;

impl SessionId {
    /// The id as stored and signed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the devices page shows and posts back for this session: its first
    /// [`DEVICE_HANDLE_LEN`] characters (64 bits), never the whole id.
    pub fn device_handle(&self) -> String {
        self.0.chars().take(DEVICE_HANDLE_LEN).collect()
    }

    /// Whether `handle` is this session's device handle.
    pub fn has_device_handle(&self, handle: &str) -> bool {
        handle.len() == DEVICE_HANDLE_LEN && self.0.starts_with(handle)
    }
}

impl std::fmt::Debug for SessionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown: String = self.0.chars().take(8).collect();
        write!(f, "SessionId({shown}…)")
    }
}

/// A session's primary key is never made from an integer (sea-orm asks every key type).
#[cfg(feature = "ssr")]
impl sea_orm::TryFromU64 for SessionId {
    fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
        Err(sea_orm::DbErr::ConvertFromU64("SessionId"))
    }
}
