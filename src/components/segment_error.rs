//! Error boundaries of the page segments. Each segment renders its data's `Result` through
//! [`segment`], inside an element marked `data-segment="<name>"`: the content when it
//! loaded, else "Something went wrong!" with "Try again" (the [`TryAgain`] island, which
//! retries only this segment), while the rest of the page stays.
//!
//! The error is rendered as a value, not thrown to a Leptos `<ErrorBoundary>`: during
//! server rendering a thrown error reaches its boundary through a thread-local hook, and on
//! tokio's multi-threaded runtime an error thrown after an `await` sometimes reached no
//! boundary at all, so the segment came out empty (seen in up to half of the requests).

use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_location};

use crate::{error::AppError, islands::try_again::TryAgain, segment::Segment};

/// Segment `segment`'s view of `data`: `content` of the value, or the error with "Try again".
/// A session that ended while the page was being asked for sends the visitor to log in.
pub fn segment<T, V: IntoView + 'static>(
    segment: Segment,
    data: Result<T, AppError>,
    content: impl FnOnce(T) -> V,
) -> AnyView {
    let name = segment.name();
    match data {
        Ok(value) => {
            view! { <div class="segment" data-segment=name>{content(value)}</div> }.into_any()
        }
        Err(error) if error.is_unauthenticated() => {
            let path = use_location().pathname.get_untracked();
            view! { <Redirect path=crate::paths::login_url(&path)/> }.into_any()
        }
        Err(error) => {
            error.log_cause();
            // A failure is this render's, not the page's: the page cache must not keep it.
            crate::cache::pages::do_not_cache();
            view! {
            <div class="segment segment-error" data-segment=name role="alert">
                <h2>"Something went wrong!"</h2>
                <p>{error.message}</p>
                <TryAgain segment=name.to_string()/>
            </div>
                }
            .into_any()
        }
    }
}
