//! `/posts/new`: "Title", "Content", "Create Post" (disabled, reading "Creating…", while
//! the post is on its way). Errors show beside each field and the entered values are kept;
//! success goes to `/posts`, with the new post on top. Signed-out visitors never get here:
//! the middleware sends them to log in first.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    actions::posts::CreatePost,
    components::forms::{field_error, Field, FormMessage},
    error::AppError,
    flash,
    islands::pending_form::PendingForm,
    validation::MAX_TITLE_CHARS,
};

/// The new-post page.
#[component]
pub fn NewPostPage() -> impl IntoView {
    // Posted forms come back here with their failure and what was typed (the flash).
    let flashed = flash::take("post");
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

/// "Title" and "Content" with their errors and kept values (shared with the edit page).
#[component]
pub fn PostFields(error: Option<AppError>, title: String, content: String) -> impl IntoView {
    let title_error = field_error(&error, "title");
    let content_error = field_error(&error, "content");
    view! {
        <FormMessage error/>
        <Field id="post-title" label="Title" error=title_error.clone()>
            <input
                id="post-title"
                name="title"
                autocomplete="off"
                aria-describedby="post-title-error"
                aria-invalid=title_error.is_some().to_string()
                placeholder=format!("Up to {MAX_TITLE_CHARS} characters")
                value=title
            />
        </Field>
        <Field id="post-content" label="Content" error=content_error.clone()>
            <textarea
                id="post-content"
                name="content"
                rows="14"
                aria-describedby="post-content-error"
                aria-invalid=content_error.is_some().to_string()
            >
                {content}
            </textarea>
            <p class="hint">"Separate paragraphs with a blank line."</p>
        </Field>
    }
}
