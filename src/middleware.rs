//! The session middleware, run before any page renders:
//! - gives the request its [`SessionMemo`] (so the secure check costs one lookup however
//!   often a request asks);
//! - the redirects, by the route table's access (`paths::Access`): visits to the signed-in
//!   pages (`/dashboard…`, `/settings`, `/posts/new`, `/blog/:slug/edit`) without a valid JWT go to `/login?next=<path>` at once (the
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
    http::{header, HeaderMap, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use chrono::Utc;
use std::ops::ControlFlow;

use crate::{
    auth::{
        cookie::{removal_cookie, session_cookie_for, SESSION_COOKIE},
        token::{self, Claims},
    },
    dal::session::{
        self, optimistic_claims, verify_session, SessionKeys, SessionMemo, SessionUser,
    },
    paths::{access_of, is_asset_or_health, login_url, Access, Page},
};

/// What the session middleware needs: the database and the keys (small, since a middleware's
/// state is cloned for every request).
#[derive(Clone, Debug)]
pub struct SessionState {
    pub db: sea_orm::DatabaseConnection,
    pub keys: SessionKeys,
}

/// What the middleware needs to know of a request.
struct Visit {
    /// The page's access, for a `GET` or `HEAD` (other methods are never redirected).
    access: Option<Access>,
    /// The path and query, to come back to after logging in.
    here: String,
}

impl Visit {
    fn of(request: &Request) -> Self {
        let reading = matches!(*request.method(), Method::GET | Method::HEAD);
        let path = request.uri().path();
        let here = request
            .uri()
            .path_and_query()
            .map_or(path, |pq| pq.as_str());
        Visit {
            access: access_of(path).filter(|_| reading),
            here: here.to_string(),
        }
    }

    /// A visit to a page only signed-in users may see.
    fn needs_session(&self) -> bool {
        self.access.is_some_and(Access::needs_session)
    }

    /// A visit to a page only signed-out users need.
    fn is_guest_only(&self) -> bool {
        self.access == Some(Access::GuestOnly)
    }

    fn to_login(&self) -> Response {
        Redirect::to(&login_url(&self.here)).into_response()
    }
}

/// The middleware itself.
pub async fn sessions(
    State(state): State<SessionState>,
    mut request: Request,
    next: Next,
) -> Response {
    let memo = SessionMemo::default();
    request.extensions_mut().insert(memo.clone());
    if is_asset_or_health(request.uri().path()) {
        return next.run(request).await;
    }
    let claims = optimistic_claims(request.headers(), &state.keys);
    let visit = Visit::of(&request);
    let set_cookie = match &claims {
        None if visit.needs_session() => return visit.to_login(),
        None => None,
        Some(claims) => match before_render(&state, request.headers(), &visit, claims, &memo).await
        {
            ControlFlow::Break(redirect) => return redirect,
            ControlFlow::Continue(cookie) => cookie,
        },
    };
    let response = next.run(request).await;
    after_render(response, &state, claims.is_some(), set_cookie, &memo)
}

/// For a request with a session token: the secure check, when the page or a due refresh
/// needs it. Breaks with a redirect, or goes on with the cookie to set, if any.
async fn before_render(
    state: &SessionState,
    headers: &HeaderMap,
    visit: &Visit,
    claims: &Claims,
    memo: &SessionMemo,
) -> ControlFlow<Response, Option<HeaderValue>> {
    let wants_refresh = claims.wants_refresh(Utc::now());
    if !(visit.needs_session() || visit.is_guest_only() || wants_refresh) {
        return ControlFlow::Continue(None);
    }
    match verify_session(&state.db, headers, &state.keys, memo).await {
        Ok(Some(_)) if visit.is_guest_only() => {
            ControlFlow::Break(Redirect::to(Page::Dashboard.href()).into_response())
        }
        Ok(Some(user)) if wants_refresh => {
            ControlFlow::Continue(refresh(state, &user, claims).await)
        }
        Ok(Some(_)) => ControlFlow::Continue(None),
        Ok(None) => {
            let removal = removal_cookie(state.keys.secure_cookies);
            if visit.needs_session() {
                let mut response = visit.to_login();
                response.headers_mut().append(header::SET_COOKIE, removal);
                return ControlFlow::Break(response);
            }
            ControlFlow::Continue(Some(removal))
        }
        // The database is away: the page renders its own error boundaries.
        Err(err) => {
            tracing::warn!(error = %err, "session check failed");
            ControlFlow::Continue(None)
        }
    }
}

/// After the page: sets `set_cookie`, or deletes the cookie of a session someone down the
/// line (a server function) found gone, unless the page set the session cookie itself.
fn after_render(
    mut response: Response,
    state: &SessionState,
    had_token: bool,
    mut set_cookie: Option<HeaderValue>,
    memo: &SessionMemo,
) -> Response {
    if had_token && set_cookie.is_none() && memo.resolved_signed_out() {
        set_cookie = Some(removal_cookie(state.keys.secure_cookies));
    }
    let Some(value) = set_cookie else {
        return response;
    };
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

    /// Who the middleware sends where, for a `GET` of `path`.
    fn access(path: &str) -> Visit {
        Visit::of(
            &Request::builder()
                .uri(path)
                .body(Default::default())
                .unwrap(),
        )
    }

    #[test]
    fn protected_and_guest_paths() {
        for path in [
            "/dashboard",
            "/dashboard/sessions",
            "/dashboard/anything",
            "/posts/new",
            "/settings",
            "/blog/hello/edit",
        ] {
            assert!(access(path).needs_session(), "{path}");
        }
        for path in ["/blog/hello", "/posts", "/dashboardx", "/", "/nope"] {
            assert!(!access(path).needs_session(), "{path}");
        }
        assert!(access("/login").is_guest_only());
        assert!(access("/signup").is_guest_only());
        assert!(!access("/login/x").is_guest_only());
        let post = Request::builder()
            .method(Method::POST)
            .uri("/settings")
            .body(Default::default())
            .unwrap();
        assert!(
            !Visit::of(&post).needs_session(),
            "only reads are redirected"
        );
        assert_eq!(access("/settings?x=1").here, "/settings?x=1");
    }
}
