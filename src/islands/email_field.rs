//! An island: the sign-up form's "Email" field, which also says "An account with this email
//! already exists." as soon as the field loses focus on a taken address (it asks
//! `/api/email-available`, debounced; only the latest answer counts). Before the
//! WebAssembly arrives, or without JavaScript, it is the plain field, and the form's own
//! answer says the same.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::validation::EMAIL_TAKEN;

/// How long the field must rest before the check runs.
const DEBOUNCE_MS: u64 = 300;

/// The field, holding `value`, showing `error` (the form's last answer about it) until the
/// address is changed.
// Lazy (its own WebAssembly chunk) in split builds; see `split-islands` in Cargo.toml.
#[cfg_attr(feature = "split-islands", island(lazy))]
#[cfg_attr(not(feature = "split-islands"), island)]
pub fn EmailField(value: String, error: Option<String>) -> impl IntoView {
    super::mark_hydrated();
    let server_error = RwSignal::new(error);
    let taken = RwSignal::new(false);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let latest = StoredValue::new(0u64);
    let check = move |email: String| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let seq = latest.get_value() + 1;
        latest.set_value(seq);
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(available) = is_available(&email).await {
                        if latest.get_value() == seq {
                            taken.set(!available);
                        }
                    }
                });
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        )
        .ok();
        pending.set_value(handle);
    };
    let shown = move || {
        server_error
            .get()
            .or_else(|| taken.get().then(|| EMAIL_TAKEN.to_string()))
    };
    view! {
        <div class="field">
            <label for="signup-email">"Email"</label>
            <input
                id="signup-email"
                name="email"
                type="email"
                autocomplete="email"
                aria-describedby="signup-email-error"
                value=value
                on:input=move |_| {
                    taken.set(false);
                    server_error.set(None);
                }
                on:blur=move |ev| check(event_target_value(&ev))
            />
            <p id="signup-email-error" class="field-error" role="alert">{shown}</p>
        </div>
    }
}

/// Asks the server whether `email` is free.
async fn is_available(email: &str) -> Result<bool, JsValue> {
    use wasm_bindgen_futures::JsFuture;

    let url = format!(
        "{}?email={}",
        crate::paths::EMAIL_AVAILABLE_API,
        crate::paths::encode_query_value(email)
    );
    let response: web_sys::Response = JsFuture::from(window().fetch_with_str(&url))
        .await?
        .dyn_into()?;
    let body = JsFuture::from(response.json()?).await?;
    Ok(
        js_sys::Reflect::get(&body, &JsValue::from_str("available"))?
            .as_bool()
            .unwrap_or(true),
    )
}
