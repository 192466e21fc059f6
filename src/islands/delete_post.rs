//! An island: the "Delete" control of a post, for its author and admins. With JavaScript a
//! first click asks ("Delete this post? This cannot be undone.", "Yes, delete" /
//! "Cancel"); "Yes, delete" then posts the form, reading "Deleting…" until the next page
//! comes. Without JavaScript the button posts the form at once. The server function checks
//! the right to delete again, whatever the page showed.

use crate::ids::PostId;
use leptos::prelude::*;

/// The delete form of post `post_id`, posting to `action` (the server function).
// Lazy (its own WebAssembly chunk) in split builds; see `split-islands` in Cargo.toml.
#[cfg_attr(feature = "split-islands", island(lazy))]
#[cfg_attr(not(feature = "split-islands"), island)]
pub fn DeleteButton(action: String, post_id: PostId) -> impl IntoView {
    super::mark_hydrated();
    let confirming = RwSignal::new(false);
    let sent = RwSignal::new(false);
    view! {
        <form method="post" action=action class="delete-post" on:submit=move |_| sent.set(true)>
            <input type="hidden" name="post_id" value=post_id.0/>
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
                <button type="submit" class="danger" disabled=move || sent.get()>
                    {move || if sent.get() { "Deleting…" } else { "Yes, delete" }}
                </button>
                <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
            </Show>
        </form>
    }
}
