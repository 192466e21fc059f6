//! The "Delete" control of a post, for its author and admins. With JavaScript a first
//! click asks for confirmation ("Delete this post?" with "Yes, delete" and "Cancel");
//! without, the button posts the form at once. The server function checks the right to
//! delete again, whatever the page showed.

use leptos::{form::ActionForm, prelude::*};

use crate::{
    actions::posts::DeletePost,
    components::forms::{form_error, leave_when_signed_out},
    error::AppError,
};

/// The delete form of post `post_id`; `refused` is a refusal the page was rendered with
/// (a plain form post, without JavaScript).
#[component]
pub fn DeleteButton(post_id: i32, refused: Option<AppError>) -> impl IntoView {
    let action = ServerAction::<DeletePost>::new();
    let confirming = RwSignal::new(false);
    let pending = action.pending();
    let error = form_error(action, refused);
    leave_when_signed_out(move || error.get());
    let refused = move || error.get().and_then(|e| e.form_message());
    view! {
        <ActionForm action=action attr:class="delete-post">
            <input type="hidden" name="post_id" value=post_id/>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button
                        type="submit"
                        class="danger"
                        on:click=move |ev| {
                            ev.prevent_default();
                            confirming.set(true);
                        }
                    >
                        "Delete"
                    </button>
                }
            >
                <p>"Delete this post? This cannot be undone."</p>
                <button type="submit" class="danger" disabled=move || pending.get()>
                    {move || if pending.get() { "Deleting…" } else { "Yes, delete" }}
                </button>
                <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
            </Show>
            <p class="form-error" role="alert">{refused}</p>
        </ActionForm>
    }
}
