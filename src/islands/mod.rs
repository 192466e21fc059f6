//! Islands: the only parts of a page that run in the browser. Everything else is HTML
//! rendered on the server; each island is hydrated from the props the server rendered it
//! with (and works as a plain form or link before that, or without JavaScript at all).
//! In the release build (`scripts/build_release.sh`: `--split` and the `split-islands`
//! feature) each is `lazy`: its code is a WebAssembly chunk of its own, loaded only by the
//! pages that hold it. Under `cargo leptos watch` they are one WebAssembly file, which
//! rebuilds faster.

/// A post's "Delete" control with its confirmation step.
pub mod delete_post;
/// The Devices list with its log-outs.
pub mod devices;
/// The sign-up form's email field with its availability check.
pub mod email_field;
/// What the islands that call server functions share.
pub mod forms;
/// "Total Likes: N" and the Like/Unlike toggle.
pub mod likes;
/// A form whose button says it is on its way.
pub mod pending_form;
/// Posting to server functions from islands (and calls that outlive the page).
pub mod server_call;
/// "Try again" for a failed page segment.
pub mod try_again;
/// The admin's Users table with role changes.
pub mod users_table;

/// Called by every island as it hydrates: once all the islands on the page are live, the
/// document is marked `data-hydrated="true"` (tests wait for it; so may a curious reader).
pub fn mark_hydrated() {
    use leptos::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static LIVE: AtomicUsize = AtomicUsize::new(0);
    Effect::new(|_| {
        let live = LIVE.fetch_add(1, Ordering::Relaxed) + 1;
        let on_page = document()
            .query_selector_all("leptos-island")
            .map_or(0, |islands| islands.length() as usize);
        if live >= on_page {
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-hydrated", "true");
            }
        }
    });
}
