//! `/posts/new`: "Title", "Content", "Create Post" (disabled, reading "Creating…", while
//! pending). Errors show beside each field and the entered values are kept; success goes
//! to `/posts`, with the new post on top. Signed-out visitors never get here: the
//! middleware sends them to log in first.

use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

use crate::{
    actions::posts::{CreatePost, PostFailure},
    components::{flash, forms::Field},
    validation::{PostErrors, MAX_TITLE_CHARS},
};

/// The new-post page.
#[component]
pub fn NewPostPage() -> impl IntoView {
    let action = ServerAction::<CreatePost>::new();
    let flashed = flash::take::<PostFailure>("post");
    let carried = flash::carry("post", &flashed);
    // Without JavaScript the kept values come back in the flash; with it, the form is
    // never reset, so what was typed stays where it was.
    let (kept_title, kept_content) = flashed
        .as_ref()
        .map(|f| (f.title.clone(), f.content.clone()))
        .unwrap_or_default();
    let errors = Memo::new(move |_| match action.value().get() {
        Some(Ok(failure)) => failure.map(|f| f.errors).unwrap_or_default(),
        Some(Err(_)) => PostErrors {
            form: Some("Something went wrong. Please try again.".into()),
            ..Default::default()
        },
        None => flashed.clone().map(|f| f.errors).unwrap_or_default(),
    });
    let pending = action.pending();

    view! {
        <Title text="New Post"/>
        <section class="post-form">
            {carried}
            <h1>"New Post"</h1>
            <ActionForm action=action attr:novalidate=true>
                <p class="form-error" role="alert">{move || errors.get().form}</p>
                <Field id="post-title" label="Title" error=Signal::derive(move || errors.get().title)>
                    <input
                        id="post-title"
                        name="title"
                        autocomplete="off"
                        aria-describedby="post-title-error"
                        aria-invalid=move || errors.get().title.is_some().to_string()
                        placeholder=format!("Up to {MAX_TITLE_CHARS} characters")
                        value=kept_title
                    />
                </Field>
                <Field id="post-content" label="Content" error=Signal::derive(move || errors.get().content)>
                    <textarea
                        id="post-content"
                        name="content"
                        rows="14"
                        aria-describedby="post-content-error"
                        aria-invalid=move || errors.get().content.is_some().to_string()
                    >
                        {kept_content}
                    </textarea>
                    <p class="hint">"Separate paragraphs with a blank line."</p>
                </Field>
                <button type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Creating…" } else { "Create Post" }}
                </button>
            </ActionForm>
        </section>
    }
}
