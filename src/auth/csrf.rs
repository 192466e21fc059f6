//! Cross-site request refusal. Every mutating request (anything but GET, HEAD, OPTIONS)
//! must come from the site's own origin, as its `Origin` header says (or, without one, its
//! `Referer`); otherwise it is refused with 403 before anything runs. `Origin: null`
//! counts as foreign, and so does a request with neither header. The site's origin comes
//! from configuration, never from the `Host` header. Leptos has no such check of its own.
//! `/api/revalidate` is exempt: it authenticates by bearer token, not by cookie.

use axum::{
    extract::{Request, State},
    http::{header, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::error::AppError;

/// The origins allowed to send mutating requests: the site's own plus configured extras.
#[derive(Clone, Debug)]
pub struct AllowedOrigins(Vec<String>);

impl AllowedOrigins {
    /// `site` (e.g. `https://quire.example`) and `extra` origins; trailing slashes ignored.
    pub fn new(site: &str, extra: &[String]) -> Self {
        let mut origins = vec![normalize(site)];
        origins.extend(extra.iter().map(|o| normalize(o)).filter(|o| !o.is_empty()));
        AllowedOrigins(origins)
    }

    /// The site's own origin.
    pub fn site(&self) -> &str {
        &self.0[0]
    }

    /// Whether `origin` is allowed (an exact scheme://host[:port] match).
    pub fn allows(&self, origin: &str) -> bool {
        let origin = normalize(origin);
        origin != "null" && self.0.contains(&origin)
    }
}

fn normalize(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// The origin part (scheme://host[:port]) of a URL.
fn origin_of(url: &str) -> Option<String> {
    let scheme_end = url.find("://")? + 3;
    let rest = &url[scheme_end..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(format!("{}{}", &url[..scheme_end], &rest[..host_end]))
}

/// Whether a request with these headers comes from an allowed origin.
pub fn same_origin(headers: &axum::http::HeaderMap, allowed: &AllowedOrigins) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN) {
        return origin.to_str().map(|o| allowed.allows(o)).unwrap_or(false);
    }
    headers
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(origin_of)
        .is_some_and(|o| allowed.allows(&o))
}

/// The middleware: 403 for a foreign mutating request.
pub async fn refuse_cross_site(
    State(origins): State<AllowedOrigins>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // Token-authenticated, never by cookie: a foreign page cannot forge its bearer token,
    // and the webhooks that call it send no Origin.
    let token_only = request.uri().path() == crate::paths::REVALIDATE_API;
    if safe || token_only || same_origin(request.headers(), &origins) {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site request refused");
    AppError::forbidden("Cross-site requests are refused.").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(name: header::HeaderName, value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn only_the_configured_origins_pass() {
        let allowed =
            AllowedOrigins::new("http://127.0.0.1:3000/", &["https://Admin.Example".into()]);
        assert!(same_origin(
            &headers(header::ORIGIN, "http://127.0.0.1:3000"),
            &allowed
        ));
        assert!(same_origin(
            &headers(header::ORIGIN, "https://admin.example"),
            &allowed
        ));
        assert!(!same_origin(
            &headers(header::ORIGIN, "http://evil.example"),
            &allowed
        ));
        assert!(!same_origin(&headers(header::ORIGIN, "null"), &allowed));
        assert!(!same_origin(
            &headers(header::ORIGIN, "http://127.0.0.1:3001"),
            &allowed
        ));
    }

    #[test]
    fn referer_counts_when_origin_is_missing() {
        let allowed = AllowedOrigins::new("http://127.0.0.1:3000", &[]);
        assert!(same_origin(
            &headers(header::REFERER, "http://127.0.0.1:3000/posts/new?x=1"),
            &allowed
        ));
        assert!(!same_origin(
            &headers(header::REFERER, "http://127.0.0.1:3000.evil.example/"),
            &allowed
        ));
        assert!(!same_origin(&HeaderMap::new(), &allowed));
    }
}
