//! How islands post to server functions themselves: one `fetch` asking for JSON, whose
//! refusal is read as the shared [`AppError`].
//!
//! [`call`] is for optimistic actions (the page shows them as done at once): its `fetch`
//! has `keepalive`, which the browser finishes even after the page is gone. The usual
//! server-function client aborts its request when the page unloads, so a like clicked just
//! before following a link was shown, then lost. The arguments travel as the server
//! function expects them (its default `PostUrl` encoding: a url-encoded form, from the same
//! argument struct), and the answer is read as its `Json` output or the [`AppError`].

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
    let body = serde_urlencoded::to_string(args).map_err(|e| unreachable(e.to_string()))?;
    let response = post(S::PATH, &JsValue::from_str(&body), true)
        .await
        .map_err(|e| unreachable(format!("{e:?}")))?;
    if !response.ok() {
        return Err(refusal(&response).await);
    }
    serde_json::from_str(&text(&response).await).map_err(|e| {
        AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(e.to_string()))
    })
}

/// Posts `body` (url-encoded fields) to `url`, asking for JSON; with `keepalive`, the
/// request outlives the page.
pub async fn post(
    url: &str,
    body: &JsValue,
    keepalive: bool,
) -> Result<web_sys::Response, JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(body);
    let headers = web_sys::Headers::new()?;
    headers.set("content-type", "application/x-www-form-urlencoded")?;
    headers.set("accept", "application/json")?;
    init.set_headers(&headers);
    if keepalive {
        // Not in web-sys's `RequestInit` yet; a plain property of the init object.
        js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE)?;
    }
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await?;
    answer.dyn_into::<web_sys::Response>()
}

/// A refused answer's error, as the server sent it (any other body reads as unexpected).
pub async fn refusal(response: &web_sys::Response) -> AppError {
    serde_json::from_str::<AppError>(&text(response).await).unwrap_or_else(|e| {
        AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(e.to_string()))
    })
}

/// The answer's body as text (empty when it cannot be read).
async fn text(response: &web_sys::Response) -> String {
    match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string()),
        Err(_) => None,
    }
    .unwrap_or_default()
}

/// The error of a request that never got an answer.
fn unreachable(why: String) -> AppError {
    AppError::from_server_fn_error(ServerFnErrorErr::Request(why))
}
