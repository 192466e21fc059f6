//! The session middleware, run before any page renders:
//! - gives the request its [`SessionMemo`] (so the secure check costs one lookup however
//!   often a request asks);
//! - the redirects: visits to the signed-in pages (`/dashboard…`, `/settings`, `/posts/new`,
//!   `/blog/:slug/edit`) without a valid JWT go to `/login?next=<path>` at once (the
//!   optimistic check); with one, the secure check runs here, before any byte of the page,
//!   so a revoked or expired session is sent to log in too (with its cookie deleted) rather
//!   than half-rendered. Signed-in visits to `/login` and `/signup` go to `/dashboard`
//!   (after a secure check, so a revoked session cannot loop between them);
//! - a cookie whose session turned out to be gone, whoever asked, is deleted;
//! - the sliding refresh: a session used more than a day after its cookie was issued gets a
//!   new 7-day cookie and expiry. It must happen here: Leptos drops `Set-Cookie` headers set
//!   from inside a streamed response (leptos issue #3147).

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use chrono::Utc;

use crate::{
    auth::{
        cookie::{removal_cookie, session_cookie_for, SESSION_COOKIE},
        token::{self, Claims},
    },
    dal::session::{
        self, optimistic_claims, verify_session, SessionKeys, SessionMemo, SessionUser,
    },
};

/// What the session middleware needs: the store and the keys (small, since a middleware's
/// state is cloned for every request).
#[derive(Clone, Debug)]
pub struct SessionState {
    pub db: sea_orm::DatabaseConnection,
    pub keys: SessionKeys,
}

/// Pages only signed-in users may see.
pub fn is_protected(path: &str) -> bool {
    path == "/dashboard"
        || path.starts_with("/dashboard/")
        || path == "/posts/new"
        || path == "/settings"
        || (path.starts_with("/blog/") && path.ends_with("/edit"))
}

/// Pages only signed-out users need.
pub fn is_guest_only(path: &str) -> bool {
    path == "/login" || path == "/signup"
}

/// Paths the middleware leaves alone: built assets and the health check.
fn is_exempt(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/healthz" || path == "/favicon.ico"
}

/// The middleware itself.
pub async fn sessions(
    State(state): State<SessionState>,
    mut request: Request,
    next: Next,
) -> Response {
    let memo = SessionMemo::default();
    request.extensions_mut().insert(memo.clone());
    let path = request.uri().path().to_string();
    if is_exempt(&path) {
        return next.run(request).await;
    }

    let claims = optimistic_claims(request.headers(), &state.keys);
    let reading = matches!(*request.method(), Method::GET | Method::HEAD);
    let here = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_string())
        .unwrap_or(path.clone());
    let to_login = || Redirect::to(&crate::paths::login_url(&here)).into_response();
    let mut set_cookie: Option<HeaderValue> = None;

    if reading && is_protected(&path) && claims.is_none() {
        return to_login();
    }

    if let Some(claims) = &claims {
        let needs_store = (reading && (is_guest_only(&path) || is_protected(&path)))
            || claims.wants_refresh(Utc::now());
        if needs_store {
            match verify_session(&state.db, request.headers(), &state.keys, &memo).await {
                Ok(Some(user)) => {
                    if reading && is_guest_only(&path) {
                        return Redirect::to("/dashboard").into_response();
                    }
                    if claims.wants_refresh(Utc::now()) {
                        set_cookie = refresh(&state, &user, claims).await;
                    }
                }
                Ok(None) => {
                    let removal = removal_cookie(state.keys.secure_cookies);
                    if reading && is_protected(&path) {
                        let mut response = to_login();
                        response.headers_mut().append(header::SET_COOKIE, removal);
                        return response;
                    }
                    set_cookie = Some(removal);
                }
                // The store is away: the page renders its own error boundaries.
                Err(err) => tracing::warn!(error = %err, "session check failed"),
            }
        }
    }

    let mut response = next.run(request).await;
    // Someone down the line (a server function) found the session gone: forget the cookie.
    if claims.is_some() && set_cookie.is_none() && memo.resolved_signed_out() {
        set_cookie = Some(removal_cookie(state.keys.secure_cookies));
    }
    if let Some(value) = set_cookie {
        let already_set = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| {
                v.as_bytes()
                    .starts_with(format!("{SESSION_COOKIE}=").as_bytes())
            });
        if !already_set {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Slides the session row's expiry and returns the new cookie.
async fn refresh(state: &SessionState, user: &SessionUser, old: &Claims) -> Option<HeaderValue> {
    let now = Utc::now();
    let started = user.started_at;
    if let Err(err) = session::extend_session(&state.db, &user.session_id, started, now).await {
        tracing::error!(error = %err, "session refresh failed");
        return None;
    }
    let claims = old.renewed(started, now);
    match token::sign(&claims, state.keys.secret()) {
        Ok(jwt) => {
            let lifetime = chrono::Duration::seconds(claims.exp - claims.iat);
            Some(session_cookie_for(
                &jwt,
                state.keys.secure_cookies,
                lifetime,
            ))
        }
        Err(err) => {
            tracing::error!(error = %err, "session token signing failed");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_and_guest_paths() {
        assert!(is_protected("/dashboard"));
        assert!(is_protected("/dashboard/sessions"));
        assert!(is_protected("/posts/new"));
        assert!(is_protected("/settings"));
        assert!(is_protected("/blog/hello/edit"));
        assert!(!is_protected("/blog/hello"));
        assert!(!is_protected("/posts"));
        assert!(!is_protected("/dashboardx"));
        assert!(is_guest_only("/login"));
        assert!(!is_guest_only("/login/x"));
    }
}
