//! Quire's cookies: their names, reading them, and the `session` cookie: HttpOnly, SameSite=Lax, Path=/, 7 days, Secure unless the server
//! runs in dev mode on plain http.

use axum::http::{header, HeaderMap, HeaderValue};
use cookie::{time::Duration as CookieDuration, Cookie, SameSite};

use super::token::SESSION_TTL;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "session";

/// The flash cookie's name: a failed plain form post's id (see `crate::flash`).
pub const FLASH_COOKIE: &str = "quire_flash";

/// A `Set-Cookie` value carrying `token`, for 7 days.
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    session_cookie_for(token, secure, SESSION_TTL)
}

/// A `Set-Cookie` value carrying `token` for `lifetime` (a renewed session near its 30-day
/// end gets less than 7 days).
pub fn session_cookie_for(token: &str, secure: bool, lifetime: chrono::Duration) -> HeaderValue {
    let cookie = Cookie::build((SESSION_COOKIE, token.to_string()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(secure)
        .max_age(CookieDuration::seconds(lifetime.num_seconds().max(0)));
    HeaderValue::from_str(&cookie.to_string()).expect("a JWT is a valid cookie value")
}

/// A `Set-Cookie` value deleting the session cookie.
pub fn removal_cookie(secure: bool) -> HeaderValue {
    let cookie = Cookie::build((SESSION_COOKIE, ""))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(secure)
        .max_age(CookieDuration::ZERO);
    HeaderValue::from_str(&cookie.to_string()).expect("static cookie")
}

/// The value of cookie `name` in the request headers, if any.
pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_has_the_contract_flags() {
        let value = session_cookie("abc", true);
        let text = value.to_str().unwrap();
        for flag in [
            "session=abc",
            "HttpOnly",
            "SameSite=Lax",
            "Path=/",
            "Secure",
            "Max-Age=604800",
        ] {
            assert!(text.contains(flag), "{text} lacks {flag}");
        }
        assert!(!session_cookie("abc", false)
            .to_str()
            .unwrap()
            .contains("Secure"));
        assert!(removal_cookie(false)
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; session=tok; b=2"),
        );
        assert_eq!(
            read_cookie(&headers, SESSION_COOKIE).as_deref(),
            Some("tok")
        );
        assert_eq!(read_cookie(&headers, "missing"), None);
    }
}
