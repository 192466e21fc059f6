//! Pages, one file each, named after their route.

/// `/dashboard`: welcome, your posts, the admin's Users table.
pub mod dashboard;
/// `/`: intro and the latest posts.
pub mod home;
/// `/login`.
pub mod login;
/// `/posts/new`: writing a post.
pub mod new_post;
/// `/blog/:slug`: one post.
pub mod post;
/// `/posts`: the paged, searchable list.
pub mod posts;
/// `/users/:username`.
pub mod profile;
/// `/dashboard/sessions`: devices.
pub mod sessions;
/// `/signup`.
pub mod signup;
/// Setting the HTTP status of a server-rendered page.
pub mod status;
