//! Calling a server function so that leaving the page does not cancel it: a `fetch` with
//! `keepalive`, which the browser finishes even after the page is gone. The usual
//! server-function client aborts its request when the page unloads, so a like clicked just
//! before following a link was shown, then lost. An optimistic action (the page shows it as
//! done at once) goes through here.
//!
//! The arguments travel as the server function expects them (its default `PostUrl`
//! encoding: a url-encoded form, from the same argument struct), and the answer is read as
//! its `Json` output or the shared [`AppError`].

use leptos::server_fn::{
    error::{FromServerFnError, ServerFnErrorErr},
    ServerFn,
};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::AppError;

/// Calls server function `S` with `args`, kept alive past the page's end; its answer.
pub async fn call<S>(args: &S) -> Result<S::Output, AppError>
where
    S: ServerFn<Error = AppError> + Serialize,
    S::Output: DeserializeOwned,
{
    let unreachable = |why: String| AppError::from_server_fn_error(ServerFnErrorErr::Request(why));
    let body = serde_urlencoded::to_string(args).map_err(|e| unreachable(e.to_string()))?;
    let response = send(S::PATH, &body)
        .await
        .map_err(|e| unreachable(format!("{e:?}")))?;
    let ok = response.ok();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string()),
        Err(_) => None,
    }
    .unwrap_or_default();
    if ok {
        serde_json::from_str(&text).map_err(|e| {
            AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(e.to_string()))
        })
    } else {
        Err(serde_json::from_str::<AppError>(&text).unwrap_or_else(|e| {
            AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(e.to_string()))
        }))
    }
}

/// Posts `body` to `path` with `keepalive`, asking for JSON.
async fn send(path: &str, body: &str) -> Result<web_sys::Response, JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    let headers = web_sys::Headers::new()?;
    headers.set("content-type", "application/x-www-form-urlencoded")?;
    headers.set("accept", "application/json")?;
    init.set_headers(&headers);
    // Not in web-sys's `RequestInit` yet; a plain property of the init object.
    js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE)?;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(path, &init)).await?;
    answer.dyn_into::<web_sys::Response>()
}
