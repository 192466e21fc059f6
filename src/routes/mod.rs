//! Pages, one file each, named after their route.

/// `/dashboard`: welcome, your posts, the admin's Users table.
pub mod dashboard;
/// `/blog/:slug/edit`: editing a post.
pub mod edit_post;
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
/// `/settings`: profile, password, deleting the account.
pub mod settings;
/// `/signup`.
pub mod signup;

use leptos::prelude::*;

use crate::paths::Param;

/// The value of `param` in the address of the page being shown (empty when it has none), as
/// a closure a resource can track: it changes when the router moves to another post or
/// profile.
pub fn route_param(param: Param) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.read().get(param.name()).unwrap_or_default()
}
