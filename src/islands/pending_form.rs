//! An island: a form that posts to its server function and says it is on its way. Before
//! the WebAssembly arrives, or without JavaScript, it is a plain form (the server answers
//! with the next page, or this page again with the errors and the typed values). Once
//! hydrated, it sends the same fields itself: its button is disabled and reads `pending`
//! ("Creating…") while the request is out; success follows the server function's redirect;
//! a refusal shows each field's messages in the error line the field names with
//! `aria-describedby` (and a form-level message in the element marked
//! `data-form-message`), keeping what was typed. The fields are the children, rendered on
//! the server.

use leptos::{ev::SubmitEvent, html::Form, prelude::*, task::spawn_local};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{SOMETHING_WENT_WRONG, UNREACHABLE};

/// A `post` form to `action` whose button reads `submit`, then `pending` while sent.
// Lazy (its own WebAssembly chunk) in split builds; see `split-islands` in Cargo.toml.
#[cfg_attr(feature = "split-islands", island(lazy))]
#[cfg_attr(not(feature = "split-islands"), island)]
pub fn PendingForm(
    action: String,
    submit: String,
    pending: String,
    children: Children,
) -> impl IntoView {
    super::mark_hydrated();
    let sent = RwSignal::new(false);
    let form = NodeRef::<Form>::new();
    let on_submit = move |ev: SubmitEvent| {
        let Some(form) = form.get() else {
            return;
        };
        ev.prevent_default();
        if sent.get_untracked() {
            return;
        }
        sent.set(true);
        spawn_local(async move {
            match send(&form).await {
                Ok(Answer::Moved(to)) => {
                    // Stays "on its way" until the next page replaces this one.
                    let _ = window().location().assign(&to);
                }
                Ok(Answer::Refused(error)) => {
                    show_refusal(&form, &error);
                    sent.set(false);
                }
                Err(_) => {
                    show_form_message(&form, UNREACHABLE);
                    sent.set(false);
                }
            }
        });
    };
    view! {
        <form method="post" action=action novalidate node_ref=form on:submit=on_submit>
            {children()}
            <button type="submit" disabled=move || sent.get()>
                {move || if sent.get() { pending.clone() } else { submit.clone() }}
            </button>
        </form>
    }
}

/// What the server function answered.
enum Answer {
    /// Done: go to this address.
    Moved(String),
    /// Refused: the error, as the JSON object the server sent.
    Refused(JsValue),
}

/// Posts the form's fields as the server function's JSON caller (the form's own encoding,
/// `Accept: application/json`). The refusal is read as the browser's own JSON object, not
/// decoded into `AppError` with serde_json: that decoder would put 6 KiB (brotli) more on
/// every page with a form, over the byte budget (measured with `make size`).
async fn send(form: &web_sys::HtmlFormElement) -> Result<Answer, JsValue> {
    use wasm_bindgen_futures::JsFuture;

    let fields = web_sys::FormData::new_with_form(form)?;
    let body = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&fields)?;
    let headers = web_sys::Headers::new()?;
    headers.set("Accept", "application/json")?;
    headers.set("Content-Type", "application/x-www-form-urlencoded")?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&body);
    let response: web_sys::Response =
        JsFuture::from(window().fetch_with_str_and_init(&form.action(), &init))
            .await?
            .dyn_into()?;
    if response.ok() {
        let to = response
            .headers()
            .get("location")?
            .unwrap_or_else(|| window().location().href().unwrap_or_default());
        return Ok(Answer::Moved(to));
    }
    let error = match response.json() {
        Ok(json) => JsFuture::from(json).await.unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    };
    Ok(Answer::Refused(error))
}

fn text_of(value: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// Shows a refusal: a signed-out caller goes to log in; otherwise each field's messages go
/// to its error line, and a message that concerns no single field above the form.
fn show_refusal(form: &web_sys::HtmlFormElement, error: &JsValue) {
    if text_of(error, "error").as_deref() == Some("unauthenticated") {
        super::forms::go_to_login();
        return;
    }
    let fields =
        js_sys::Reflect::get(error, &JsValue::from_str("fields")).unwrap_or(JsValue::UNDEFINED);
    let mut any_field = false;
    if let Ok(controls) = form.query_selector_all("[name][aria-describedby]") {
        for n in 0..controls.length() {
            let Some(control) = controls
                .item(n)
                .and_then(|c| c.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let name = control.get_attribute("name").unwrap_or_default();
            let messages: Vec<String> = js_sys::Reflect::get(&fields, &JsValue::from_str(&name))
                .ok()
                .filter(|v| v.is_array())
                .map(|v| {
                    js_sys::Array::from(&v)
                        .iter()
                        .filter_map(|m| m.as_string())
                        .collect()
                })
                .unwrap_or_default();
            any_field |= !messages.is_empty();
            let _ = control.set_attribute("aria-invalid", &(!messages.is_empty()).to_string());
            let line = control
                .get_attribute("aria-describedby")
                .and_then(|id| document().get_element_by_id(&id));
            if let Some(line) = line {
                show_messages(&line, &messages);
            }
        }
    }
    let message = if any_field {
        String::new()
    } else {
        text_of(error, "message").unwrap_or_else(|| SOMETHING_WENT_WRONG.to_string())
    };
    show_form_message(form, &message);
}

/// Puts `messages` in a field's error line: as a list under the line's `data-lead`
/// ("Password must:") when it has one, else as its text.
fn show_messages(line: &web_sys::Element, messages: &[String]) {
    line.set_text_content(None);
    let lead = line.get_attribute("data-lead");
    match (messages, lead) {
        ([], _) => {}
        (messages, None) => line.set_text_content(Some(&messages.join(" "))),
        (rules, Some(lead)) => {
            let document = document();
            if let Ok(p) = document.create_element("p") {
                p.set_text_content(Some(&lead));
                let _ = line.append_child(&p);
            }
            if let Ok(list) = document.create_element("ul") {
                for rule in rules {
                    if let Ok(item) = document.create_element("li") {
                        item.set_text_content(Some(rule));
                        let _ = list.append_child(&item);
                    }
                }
                let _ = line.append_child(&list);
            }
        }
    }
}

/// Puts `message` in the form's `data-form-message` element (empty clears it).
fn show_form_message(form: &web_sys::HtmlFormElement, message: &str) {
    if let Ok(Some(line)) = form.query_selector("[data-form-message]") {
        line.set_text_content((!message.is_empty()).then_some(message));
    }
}
