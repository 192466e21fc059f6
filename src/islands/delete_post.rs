//! An island: the "Delete" control of a post, for its author and admins. Deleting takes
//! two steps, with JavaScript and without: "Delete" asks first ("Delete this post? This
//! cannot be undone.", "Yes, delete" / "Cancel"), and only "Yes, delete" posts the form,
//! reading "Deleting…" until the next page comes. Without JavaScript "Delete" is a link to
//! the post's page with its confirmation shown (`paths::confirm_delete_href`) and "Cancel"
//! a link back; with it both act in place, and the focus moves to the question's "Cancel"
//! so a keyboard user is not left on a control that went away. The server function checks
//! the right to delete again, whatever the page showed.

use crate::ids::PostId;
use leptos::prelude::*;

use super::forms::CancelLink;

/// The delete control of post `post_id`, posting to `action` (the server function). `ask`
/// is the address of the confirmation step, `back` the post's; `confirming` whether the
/// page was asked for the confirmation.
// Lazy (its own WebAssembly chunk) in split builds; see `split-islands` in Cargo.toml.
#[cfg_attr(feature = "split-islands", island(lazy))]
#[cfg_attr(not(feature = "split-islands"), island)]
pub fn DeleteButton(
    action: String,
    post_id: PostId,
    ask: String,
    back: String,
    confirming: bool,
) -> impl IntoView {
    super::mark_hydrated();
    let confirming = RwSignal::new(confirming);
    let sent = RwSignal::new(false);
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <a
                    class="button quiet-danger"
                    href=ask.clone()
                    on:click=move |ev| {
                        ev.prevent_default();
                        confirming.set(true);
                    }
                >
                    "Delete"
                </a>
            }
        >
            <form
                method="post"
                action=action.clone()
                class="confirm"
                id=crate::paths::DELETE_CONFIRMATION_ID
                on:submit=move |_| sent.set(true)
            >
                <input type="hidden" name="post_id" value=post_id.0/>
                <p>"Delete this post? This cannot be undone."</p>
                <button type="submit" class="danger" disabled=move || sent.get()>
                    {move || if sent.get() { "Deleting…" } else { "Yes, delete" }}
                </button>
                <CancelLink href=back.clone() close=move || confirming.set(false)/>
            </form>
        </Show>
    }
}
