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
