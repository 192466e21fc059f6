//! `GET|POST /api/revalidate?path=P[&type=page|layout]` or `?tag=T`: on-demand
//! revalidation for webhooks and operators, as in the Next.js guide. The caller must send
//! `Authorization: Bearer $REVALIDATE_TOKEN`; without a configured token every call is
//! refused. Answers `{"revalidated":true,"now":<ms>}`, or `revalidated: false` with a
//! message when there is nothing to revalidate.

use std::sync::Arc;

use axum::{
    extract::{Query, State},
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::{
    cache::{DataCache, PathKind, Purge},
    error::{AppError, ErrorCode, FieldErrors},
};

/// The route.
pub const PATH: &str = crate::paths::REVALIDATE_API;

/// The token callers must present; `None` refuses everyone.
#[derive(Clone, Default)]
pub struct RevalidateToken(Option<Arc<str>>);

impl RevalidateToken {
    /// An empty or missing token turns the endpoint off.
    pub fn new(token: Option<&str>) -> Self {
        RevalidateToken(token.filter(|t| !t.is_empty()).map(Arc::from))
    }

    /// Whether `headers` carry `Authorization: Bearer <token>`, compared in constant time.
    fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(expected) = &self.0 else {
            return false;
        };
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| bool::from(given.trim().as_bytes().ct_eq(expected.as_bytes())))
    }
}

impl std::fmt::Debug for RevalidateToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "RevalidateToken(set)"
        } else {
            "RevalidateToken(unset)"
        })
    }
}

/// The query: a path (with its type) and/or a tag.
#[derive(Debug, Deserialize)]
pub struct Params {
    path: Option<String>,
    tag: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// 422 naming the parameter that is wrong.
fn invalid(param: &str, message: &str) -> Response {
    let mut fields = FieldErrors::default();
    fields.add(param, message);
    AppError::invalid(fields).into_response()
}

/// The handler, for GET and POST.
pub async fn revalidate(
    State(token): State<RevalidateToken>,
    State(cache): State<DataCache>,
    State(db): State<sea_orm::DatabaseConnection>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    if !token.admits(&headers) {
        return AppError::new(
            ErrorCode::Unauthenticated,
            "A valid revalidation token is required.",
        )
        .into_response();
    }
    let path = params.path.filter(|p| !p.trim().is_empty());
    let tag = params.tag.filter(|t| !t.trim().is_empty());
    let kind = match params.kind.as_deref() {
        None | Some("") => PathKind::Page,
        Some(kind) => match PathKind::parse(kind) {
            Some(kind) => kind,
            None => return invalid("type", "type must be \"page\" or \"layout\""),
        },
    };
    if path.is_none() && tag.is_none() {
        return Json(serde_json::json!({
            "revalidated": false,
            "now": now_ms(),
            "message": "Missing path to revalidate",
        }))
        .into_response();
    }
    if path.as_ref().is_some_and(|path| !path.starts_with('/')) {
        return invalid("path", "path must start with /");
    }
    let mut purge = Purge::default();
    if let Some(path) = &path {
        purge = purge.path(path.clone(), kind);
    }
    if let Some(tag) = &tag {
        purge = purge.tag(tag.clone());
    }
    // Every server on the database purges (PostgreSQL); this one at once.
    if let Err(err) = cache.publish(&db, purge).await {
        return AppError::from(err).into_response();
    }
    tracing::info!(path = ?path, tag = ?tag, kind = ?kind, "revalidated on demand");
    Json(serde_json::json!({ "revalidated": true, "now": now_ms() })).into_response()
}
