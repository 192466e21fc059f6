//! View pieces the server renders for several pages (the interactive ones are islands, in
//! [`crate::islands`]).

/// The "403 - Forbidden" page, with its status.
pub mod forbidden;
/// Form fields and messages.
pub mod forms;
/// The site navigation.
pub mod nav;
/// The "404 - Page Not Found" page, with its status.
pub mod not_found;
/// A post's "Title" and "Content" fields.
pub mod post_form;
/// Post lists, their skeleton and paging links.
pub mod post_list;
/// Segments and the error shown when one fails.
pub mod segment_error;
/// Setting the HTTP status of a server-rendered page.
pub mod status;
