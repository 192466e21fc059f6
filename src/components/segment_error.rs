//! What a page segment shows when its data fails: the rest of the page stays.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// "Something went wrong!" with the server's safe message (it carries the request id) and
/// a "Try again" button. With JavaScript the button re-runs only this segment's data;
/// without, it is a GET form that loads the same address again.
#[component]
pub fn SegmentError(
    errors: ArcRwSignal<Errors>,
    #[prop(into)] retry: Callback<()>,
) -> impl IntoView {
    let location = use_location();
    let action = location.pathname.get_untracked();
    let query: Vec<(String, String)> = location
        .query
        .get_untracked()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
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
            <form
                method="get"
                action=action
                on:submit=move |ev| {
                    ev.prevent_default();
                    retry.run(());
                }
            >
                {query
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                    .collect_view()}
                <button type="submit">"Try again"</button>
            </form>
        </div>
    }
}
