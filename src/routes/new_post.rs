//! `/posts/new`: "Title", "Content", "Create Post" (disabled, reading "Creating…", while
//! the post is on its way). Errors show beside each field and the entered values are kept;
//! success goes to `/posts`, with the new post on top. Signed-out visitors never get here:
//! the middleware sends them to log in first.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    actions::posts::CreatePost, components::post_form::PostFields, flash,
    islands::pending_form::PendingForm,
};

/// The new-post page.
#[component]
pub fn NewPostPage() -> impl IntoView {
    // Posted forms come back here with their failure and what was typed (the flash).
    let flashed = flash::take(flash::Form::NewPost);
    let (title, content) = flashed
        .as_ref()
        .map(|f| (f.value("title"), f.value("content")))
        .unwrap_or_default();
    let error = flashed.map(|f| f.error);
    view! {
        <Title text="New Post"/>
        <section class="post-form">
            <h1>"New Post"</h1>
            <PendingForm action=CreatePost::PATH.to_string() submit="Create Post".to_string() pending="Creating…".to_string()>
                <PostFields error=error.clone() title=title.clone() content=content.clone()/>
            </PendingForm>
        </section>
    }
}
