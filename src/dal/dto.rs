//! Data transfer objects: exactly what a page needs, nothing the viewer may not see.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::ids::{PostId, UserId};

/// What an account may do (its own module, below the database and the tokens that carry it).
pub use crate::role::Role;

/// Posts per page on `/posts`.
pub const POSTS_PER_PAGE: u64 = 20;
/// Posts on the home page.
pub const LATEST_POSTS: u64 = 5;

/// A user's like of a post after a change: whether they like it now, and its total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LikeState {
    pub liked: bool,
    pub count: i32,
}

/// One row of a post list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostSummary {
    pub slug: String,
    pub title: String,
    pub author_name: String,
    pub author_username: String,
    pub like_count: i32,
    pub created_at: DateTime<Utc>,
}

/// One page of `/posts`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostPage {
    pub posts: Vec<PostSummary>,
    /// 1-based.
    pub page: u64,
    /// Whether a later page (older posts) exists.
    pub has_older: bool,
    /// The search, trimmed; empty when none.
    pub query: String,
}

impl PostPage {
    /// Whether an earlier page (newer posts) exists.
    pub fn has_newer(&self) -> bool {
        self.page > 1
    }
}

/// A post's own page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostDetail {
    pub id: PostId,
    pub slug: String,
    pub title: String,
    pub content: String,
    pub author_name: String,
    pub author_username: String,
    pub like_count: i32,
    pub created_at: DateTime<Utc>,
    /// When it was last edited; `None` if never.
    pub edited_at: Option<DateTime<Utc>>,
}

impl PostDetail {
    /// The content as paragraphs: blank lines separate them. Rendered as text nodes, so
    /// anything that looks like HTML is shown, not run.
    pub fn paragraphs(&self) -> Vec<String> {
        self.content
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// A post as its edit form starts: what its author wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditablePost {
    pub slug: String,
    pub title: String,
    pub content: String,
}

/// The signed-in user's own account, as `/settings` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDto {
    pub name: String,
    pub username: String,
    pub email: String,
    pub phone: Option<String>,
}

/// A user as the API and the navigation show them: no email, no hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDto {
    pub id: UserId,
    pub name: String,
    pub username: String,
    pub role: Role,
}

/// A row of the admin's Users table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUserRow {
    pub id: UserId,
    pub name: String,
    pub username: String,
    pub email: String,
    pub role: Role,
    pub team: Option<String>,
}

/// A profile: name and username for everyone; `contact` only for the user, admins and
/// team-mates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileDto {
    pub name: String,
    pub username: String,
    pub contact: Option<ContactDto>,
}

/// What only the user, admins and team-mates see of a profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDto {
    pub email: String,
    pub team: Option<String>,
    pub phone: Option<String>,
}

/// One signed-in device on `/dashboard/sessions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceDto {
    /// An opaque handle for "Log out" (a prefix of the session id, useless without the
    /// signed cookie).
    pub handle: String,
    pub browser: String,
    /// When it signed in, as shown ("Nov 27, 2026"); formatted on the server.
    pub signed_in: String,
    /// When it was last used, as shown ("Nov 27, 2026 16:48 UTC").
    pub last_active: String,
    pub this_device: bool,
}
