//! An island: "Total Likes: N" and, for a signed-in viewer, the "Like"/"Unlike" toggle.
//! With JavaScript the click handler calls the `set_like` server function and shows the
//! change at once (optimistically); the server's answer then sets the real count, or the
//! change is rolled back with a message. The call is kept alive past the page's end
//! ([`super::keepalive`]): a like shown as done is not lost when the reader leaves at once. Without JavaScript the button posts its form to
//! the same server function, which redirects back to the post.

use leptos::{prelude::*, server_fn::ServerFn, task::spawn_local};

use crate::{actions::likes::SetLike, error::AppError};

/// Shown when a like could not be saved and was rolled back.
const NOT_SAVED: &str = "Your like could not be saved. Please try again.";

/// The like count and the toggle, for a signed-in viewer (`liked`: whether they like the
/// post now). Signed-out readers get the count alone, from the server (no island).
// Lazy (its own WebAssembly chunk) in split builds; see `split-islands` in Cargo.toml.
#[cfg_attr(feature = "split-islands", island(lazy))]
#[cfg_attr(not(feature = "split-islands"), island)]
pub fn Likes(post_id: i32, count: i32, liked: bool) -> impl IntoView {
    super::live();
    let shown_count = RwSignal::new(count);
    let shown_liked = RwSignal::new(liked);
    let message = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<AppError>);
    super::forms::leave_when_signed_out(move || refused.get());
    // The last state the server confirmed, to roll back to; and the latest click, so only
    // the answer to it is applied when clicks overlap.
    let confirmed = StoredValue::new((liked, count));
    let latest_click = StoredValue::new(0u64);

    let toggle = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let want = !shown_liked.get_untracked();
        let click = latest_click.get_value() + 1;
        latest_click.set_value(click);
        shown_liked.set(want);
        shown_count.update(|n| *n += if want { 1 } else { -1 });
        message.set(None);
        spawn_local(async move {
            let answer = super::keepalive::call(&SetLike {
                post_id,
                like: want,
            })
            .await;
            if latest_click.get_value() != click {
                return;
            }
            match answer {
                Ok(state) => {
                    confirmed.set_value((state.liked, state.count));
                    shown_liked.set(state.liked);
                    shown_count.set(state.count);
                }
                Err(error) => {
                    let (liked, count) = confirmed.get_value();
                    shown_liked.set(liked);
                    shown_count.set(count);
                    // Ours or the network's: a plain sentence; the server's own refusals
                    // (the post is gone) say why.
                    let why = match error.code {
                        crate::error::ErrorCode::NotFound => error.message.clone(),
                        _ => NOT_SAVED.to_string(),
                    };
                    message.set(Some(why));
                    refused.set(Some(error));
                }
            }
        });
    };

    view! {
        <div class="likes">
            <p aria-live="polite">{move || format!("Total Likes: {}", shown_count.get())}</p>
            <form method="post" action=SetLike::PATH>
                <input type="hidden" name="post_id" value=post_id/>
                <input type="hidden" name="like" value=move || if shown_liked.get() { "false" } else { "true" }/>
                <button type="submit" class="like-button" on:click=toggle>
                    {move || if shown_liked.get() { "Unlike" } else { "Like" }}
                </button>
            </form>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </div>
    }
}
