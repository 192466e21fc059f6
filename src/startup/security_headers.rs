//! The headers every answer carries for the browser's protection:
//! - HTML pages: a Content-Security-Policy that runs only Quire's own scripts and
//!   WebAssembly. Leptos' inline scripts (the island bootstrap and the streamed resource
//!   data) carry a nonce made fresh for each response here and handed to Leptos through
//!   the request (see `startup::context`), so no `unsafe-inline` is needed; a page
//!   from the page cache names the nonce its scripts were rendered with (`cache::pages`).
//!   `frame-ancestors 'none'` (and `X-Frame-Options: DENY` for older browsers) forbids
//!   framing.
//! - Every answer: `X-Content-Type-Options: nosniff`, `Referrer-Policy:
//!   strict-origin-when-cross-origin`, and HSTS outside dev mode.
//! - HTML for a visitor who carries a session or a flash, or whose answer sets a cookie:
//!   `Cache-Control: private, no-store`, so no cache (and no Back button after Log Out)
//!   shows a personal page again. Other pages: `no-cache` (kept, but checked each time).
//!   Answers that already say how to cache (assets, API) keep their own policy.

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue},
    middleware::Next,
    response::Response,
};

use crate::auth::cookie::{FLASH_COOKIE, SESSION_COOKIE};
pub use crate::auth::csp_nonce::CspNonce;

/// What the policy depends on.
#[derive(Clone, Debug)]
pub struct SecurityPolicy {
    /// Send `Strict-Transport-Security` (not in dev mode, which serves plain http).
    pub hsts: bool,
    /// In dev mode, the live-reload websocket port the page may connect to.
    pub reload_port: Option<u32>,
}

const HSTS: &str = "max-age=63072000; includeSubDomains";

impl SecurityPolicy {
    /// The Content-Security-Policy for a page whose inline scripts carry `nonce`.
    pub fn csp(&self, nonce: &str) -> String {
        let reload = self
            .reload_port
            .map(|port| format!(" ws://127.0.0.1:{port} ws://localhost:{port}"))
            .unwrap_or_default();
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; font-src 'self'; \
             connect-src 'self'{reload}; object-src 'none'; base-uri 'self'; \
             form-action 'self'; frame-ancestors 'none'"
        )
    }
}

/// Whether the request carries per-visitor state (a session or a flash).
fn is_personal(headers: &HeaderMap) -> bool {
    [SESSION_COOKIE, FLASH_COOKIE]
        .iter()
        .any(|name| crate::auth::cookie::read_cookie(headers, name).is_some_and(|v| !v.is_empty()))
}

/// The middleware.
pub async fn add(
    State(policy): State<SecurityPolicy>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = CspNonce::default();
    request.extensions_mut().insert(nonce.clone());
    let personal = is_personal(request.headers());
    let mut response = next.run(request).await;
    // A cached page's scripts carry the nonce of the render it was cached from; its policy is
    // made once and kept with it.
    let csp = match response
        .extensions()
        .get::<crate::cache::pages::CachedNonce>()
    {
        Some(kept) => kept
            .header
            .get_or_init(|| {
                HeaderValue::from_str(&policy.csp(&kept.nonce))
                    .unwrap_or(HeaderValue::from_static("default-src 'self'"))
            })
            .clone(),
        None => HeaderValue::from_str(&policy.csp(&nonce.value()))
            .unwrap_or(HeaderValue::from_static("default-src 'self'")),
    };

    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if policy.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        let sets_cookie = headers.contains_key(header::SET_COOKIE);
        if personal || sets_cookie {
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
        } else if !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_only_own_and_nonced_scripts() {
        let policy = SecurityPolicy {
            hsts: true,
            reload_port: None,
        };
        let csp = policy.csp("abc");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(!csp.contains("ws://"));
        let dev = SecurityPolicy {
            hsts: false,
            reload_port: Some(3001),
        };
        assert!(dev
            .csp("x")
            .contains("connect-src 'self' ws://127.0.0.1:3001"));
    }
}
