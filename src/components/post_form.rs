//! A post's fields, "Title" and "Content", as the new-post and edit pages show them: with
//! each field's error and the values to show (kept after a failure, or the post's own).

use leptos::prelude::*;

use crate::{
    components::forms::{field_error, Field, FormMessage, TextField},
    error::AppError,
    validation::MAX_TITLE_CHARS,
};

/// "Title" and "Content" with their errors and the values to show.
#[component]
pub fn PostFields(error: Option<AppError>, title: String, content: String) -> impl IntoView {
    let title_error = field_error(&error, "title");
    let content_error = field_error(&error, "content");
    view! {
        <FormMessage error/>
        <TextField
            id="post-title"
            label="Title"
            name="title"
            autocomplete="off"
            placeholder=format!("Up to {MAX_TITLE_CHARS} characters")
            value=title
            error=title_error
        />
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
