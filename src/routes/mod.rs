//! Pages, one file each, named after their route.

/// `/`: intro and the latest posts.
pub mod home;
/// `/blog/:slug`: one post.
pub mod post;
/// `/posts`: the paged, searchable list.
pub mod posts;
/// Setting the HTTP status of a server-rendered page.
pub mod status;
