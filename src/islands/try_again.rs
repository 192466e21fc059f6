//! An island: the "Try again" of a page segment's error boundary. Without JavaScript it is
//! a link to the page itself, which loads it again. With JavaScript it retries only its
//! segment: it asks the server for the page afresh, takes out the same segment (marked
//! `data-segment`), puts it in place of the failed one and wakes the islands inside it,
//! while the rest of the page stays as it is.

use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::{JsCast, JsValue};

/// The button of segment `segment`.
// Lazy (its own WebAssembly chunk) in split builds; see `split-islands` in Cargo.toml.
#[cfg_attr(feature = "split-islands", island(lazy))]
#[cfg_attr(not(feature = "split-islands"), island)]
pub fn TryAgain(segment: String) -> impl IntoView {
    super::mark_hydrated();
    let busy = RwSignal::new(false);
    let retry = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let segment = segment.clone();
        spawn_local(async move {
            if refresh_segment(&segment).await.is_err() {
                // Whatever went wrong, loading the whole page again still retries.
                let _ = window().location().reload();
            }
            busy.set(false);
        });
    };
    view! {
        <a href="" role="button" class="button" aria-busy=move || busy.get().to_string() on:click=retry>
            "Try again"
        </a>
    }
}

/// Replaces segment `segment` of this page with the same segment of a fresh render.
async fn refresh_segment(segment: &str) -> Result<(), JsValue> {
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{DomParser, Response, SupportedType};

    let window = window();
    let href = window.location().href()?;
    let response: Response = JsFuture::from(window.fetch_with_str(&href))
        .await?
        .dyn_into()?;
    let html = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    let fresh = DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)?;
    let selector = format!("[data-segment=\"{segment}\"]");
    let (Some(failed), Some(renewed)) = (
        document().query_selector(&selector)?,
        fresh.query_selector(&selector)?,
    ) else {
        return Err(JsValue::from_str("the segment is missing"));
    };
    failed.set_outer_html(&renewed.outer_html());
    let Some(placed) = document().query_selector(&selector)? else {
        return Err(JsValue::from_str("the segment was not placed"));
    };
    // The islands the renewed segment holds (not those nested in another island, which
    // their outer island wakes), woken the way the page's own bootstrap wakes them.
    let wake = js_sys::Reflect::get(&window, &JsValue::from_str("__hydrateIsland"))?;
    let wake: js_sys::Function = wake.dyn_into()?;
    let islands = placed.query_selector_all("leptos-island:not(leptos-island leptos-island)")?;
    for n in 0..islands.length() {
        if let Some(island) = islands.item(n) {
            let id = island
                .dyn_ref::<web_sys::Element>()
                .and_then(|el| el.get_attribute("data-component"))
                .unwrap_or_default();
            wake.call2(&JsValue::NULL, &island, &JsValue::from_str(&id))?;
        }
    }
    Ok(())
}
