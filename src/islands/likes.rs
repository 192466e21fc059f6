//! An island: "Total Likes: N" and, for a signed-in viewer, the "Like"/"Unlike" toggle.
//! With JavaScript the click handler calls the `set_like` server function and shows the
//! change at once (optimistically); the server's answer then sets the real count, or the
//! change is rolled back with a message. The call is kept alive past the page's end
//! ([`super::server_call::call`]): a like shown as done is not lost when the reader leaves
//! at once. Without JavaScript the button posts its form to the same server function,
//! which redirects back to the post.

use leptos::{prelude::*, server_fn::ServerFn, task::spawn_local};

use crate::{
    actions::likes::{LikeState, SetLike},
    error::AppError,
    ids::PostId,
};

/// Shown when a like could not be saved and was rolled back.
const NOT_SAVED: &str = "Your like could not be saved. Please try again.";

/// The like count and the toggle, for a signed-in viewer (`liked`: whether they like the
/// post now). Signed-out readers get the count alone, from the server (no island).
// Lazy (its own WebAssembly chunk) in split builds; see `split-islands` in Cargo.toml.
#[cfg_attr(feature = "split-islands", island(lazy))]
#[cfg_attr(not(feature = "split-islands"), island)]
pub fn Likes(post_id: PostId, count: i32, liked: bool) -> impl IntoView {
    super::mark_hydrated();
    let state = Shown::new(liked, count);
    super::forms::leave_when_signed_out(move || state.refused.get());
    // The latest click, so only the answer to it is applied when clicks overlap.
    let latest_click = StoredValue::new(0u64);
    let (shown_count, shown_liked, message) = (state.count, state.liked, state.message);

    let toggle = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let want = state.click();
        let click = latest_click.get_value() + 1;
        latest_click.set_value(click);
        spawn_local(async move {
            let answer = super::server_call::call(&SetLike {
                post_id,
                like: want,
            })
            .await;
            if latest_click.get_value() == click {
                state.settle(answer);
            }
        });
    };

    view! {
        <div class="likes">
            <p aria-live="polite">{move || format!("Total Likes: {}", shown_count.get())}</p>
            <form method="post" action=SetLike::PATH>
                <input type="hidden" name="post_id" value=post_id.0/>
                <input type="hidden" name="like" value=move || if shown_liked.get() { "false" } else { "true" }/>
                <button type="submit" class="like-button" on:click=toggle>
                    {move || if shown_liked.get() { "Unlike" } else { "Like" }}
                </button>
            </form>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </div>
    }
}

/// What the island shows, and the last state the server confirmed (to roll back to).
#[derive(Clone, Copy)]
struct Shown {
    liked: RwSignal<bool>,
    count: RwSignal<i32>,
    confirmed: StoredValue<(bool, i32)>,
    message: RwSignal<Option<String>>,
    refused: RwSignal<Option<AppError>>,
}

impl Shown {
    fn new(liked: bool, count: i32) -> Self {
        Shown {
            liked: RwSignal::new(liked),
            count: RwSignal::new(count),
            confirmed: StoredValue::new((liked, count)),
            message: RwSignal::new(None),
            refused: RwSignal::new(None),
        }
    }

    /// Shows the click's outcome at once (optimistic); returns whether it likes now.
    fn click(self) -> bool {
        let want = !self.liked.get_untracked();
        self.liked.set(want);
        self.count.update(|n| *n += if want { 1 } else { -1 });
        self.message.set(None);
        want
    }

    /// Shows the server's answer: its stored state, or the confirmed one with why not.
    fn settle(self, answer: Result<LikeState, AppError>) {
        match answer {
            Ok(state) => {
                self.confirmed.set_value((state.liked, state.count));
                self.liked.set(state.liked);
                self.count.set(state.count);
            }
            Err(error) => {
                let (liked, count) = self.confirmed.get_value();
                self.liked.set(liked);
                self.count.set(count);
                // Ours or the network's: a plain sentence; the server's own refusals (the
                // post is gone) say why.
                let why = match error.code {
                    crate::error::ErrorCode::NotFound => error.message.clone(),
                    _ => NOT_SAVED.to_string(),
                };
                self.message.set(Some(why));
                self.refused.set(Some(error));
            }
        }
    }
}
