//! What a page segment shows when its data fails: the rest of the page stays.

use leptos::prelude::*;

/// "Something went wrong!" with the server's safe message and a "Try again" button that
/// re-runs only this segment's data.
#[component]
pub fn SegmentError(
    errors: ArcRwSignal<Errors>,
    #[prop(into)] retry: Callback<()>,
) -> impl IntoView {
    let messages = move || {
        errors
            .get()
            .into_iter()
            .map(|(_, e)| view! { <li>{e.to_string()}</li> })
            .collect_view()
    };
    view! {
        <div class="segment-error" role="alert">
            <h2>"Something went wrong!"</h2>
            <ul>{messages}</ul>
            <button type="button" on:click=move |_| retry.run(())>"Try again"</button>
        </div>
    }
}
