//! Error boundaries of the page segments. Each segment renders its data's `Result` through
//! [`segment`]: the content when it loaded, else "Something went wrong!" with "Try again",
//! while the rest of the page stays.
//!
//! The error is rendered as a value, not thrown to a Leptos `<ErrorBoundary>`: during
//! server rendering a thrown error reaches its boundary through a thread-local hook, and on
//! tokio's multi-threaded runtime an error thrown after an `await` sometimes reached no
//! boundary at all, so the segment came out empty (seen in up to half of the requests).
//! A value cannot get lost, and it hydrates the same way it rendered.

use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_location};

use crate::error::AppError;

/// The segment's view of `data`: `content` of the value, or the error with a "Try again"
/// that calls `retry` (re-running only this segment's data). A session that ended while
/// the page was open sends the visitor to log in instead.
pub fn segment<T, V: IntoView + 'static>(
    data: Result<T, AppError>,
    retry: impl Fn() + Send + Sync + 'static,
    content: impl FnOnce(T) -> V,
) -> AnyView {
    match data {
        Ok(value) => content(value).into_any(),
        Err(error) if error.is_unauthenticated() => {
            let location = use_location();
            let path = location.pathname.get_untracked();
            view! { <Redirect path=crate::paths::login_url(&path)/> }.into_any()
        }
        Err(error) => view! { <SegmentError error retry=move |_| retry()/> }.into_any(),
    }
}

/// "Something went wrong!" with the server's safe message (it carries the request id) and
/// a "Try again" button. With JavaScript it re-runs only this segment's data; without, it
/// is a link to the page's own address (`href=""`), which loads the page again.
#[component]
pub fn SegmentError(error: AppError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="segment-error" role="alert">
            <h2>"Something went wrong!"</h2>
            <p>{error.message}</p>
            <a
                href=""
                role="button"
                class="button"
                on:click=move |ev| {
                    ev.prevent_default();
                    retry.run(());
                }
            >
                "Try again"
            </a>
        </div>
    }
}
