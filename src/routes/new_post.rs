//! `/posts/new`: "Title", "Content", "Create Post" (disabled, reading "Creating…", while
//! pending). Errors show beside each field and the entered values are kept; success goes
//! to `/posts`, with the new post on top. Signed-out visitors never get here: the
//! middleware sends them to log in first.

use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

use crate::{
    actions::posts::CreatePost,
    components::forms::{form_error, leave_when_signed_out, Field},
    flash,
    validation::MAX_TITLE_CHARS,
};

/// The new-post page.
#[component]
pub fn NewPostPage() -> impl IntoView {
    let action = ServerAction::<CreatePost>::new();
    let flashed = flash::take("post");
    let carried = flash::carry("post", &flashed);
    // Without JavaScript the kept values come back in the flash; with it, the form is
    // never reset, so what was typed stays where it was.
    let (kept_title, kept_content) = flashed
        .as_ref()
        .map(|f| (f.value("title"), f.value("content")))
        .unwrap_or_default();
    let error = form_error(action, flashed.map(|f| f.error));
    leave_when_signed_out(move || error.get());
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    let pending = action.pending();

    view! {
        <Title text="New Post"/>
        <section class="post-form">
            {carried}
            <h1>"New Post"</h1>
            <ActionForm action=action attr:novalidate=true>
                <p class="form-error" role="alert">{move || error.get().and_then(|e| e.form_message())}</p>
                <Field id="post-title" label="Title" error=field("title")>
                    <input
                        id="post-title"
                        name="title"
                        autocomplete="off"
                        aria-describedby="post-title-error"
                        aria-invalid=move || field("title").get().is_some().to_string()
                        placeholder=format!("Up to {MAX_TITLE_CHARS} characters")
                        value=kept_title
                    />
                </Field>
                <Field id="post-content" label="Content" error=field("content")>
                    <textarea
                        id="post-content"
                        name="content"
                        rows="14"
                        aria-describedby="post-content-error"
                        aria-invalid=move || field("content").get().is_some().to_string()
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
