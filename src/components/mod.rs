//! View pieces shared by pages.

/// A post's "Delete" control with its confirmation step.
pub mod delete_post;
/// Small behaviours shared by the forms.
pub mod forms;
/// "Total Likes: N" and the Like/Unlike toggle.
pub mod like_button;
/// The site navigation.
pub mod nav;
/// The "404 - Page Not Found" page, with its status.
pub mod not_found;
/// Post lists, their skeleton and paging links.
pub mod post_list;
/// The fallback shown when a page segment fails.
pub mod segment_error;
