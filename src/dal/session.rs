//! Sessions: creating them at log-in, the secure check (`verify_session`), refresh and
//! revocation. The secure check is the JWT *and* a live session row *and* an existing
//! user, and it reads the role from the database, so a role change or a revoked session takes
//! effect on the next request. It is memoized per request: however many pages, panels
//! and server functions ask, a request costs one database lookup.

use std::sync::Arc;

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use secrecy::{ExposeSecret, SecretSlice};
use tokio::sync::OnceCell;

use crate::ids::{SessionId, UserId};
use crate::{
    auth::{
        cookie::{read_cookie, SESSION_COOKIE},
        token::{self, session_expiry, Claims, MAX_SESSION_AGE, SESSION_TTL},
    },
    dal::dto::{Role, UserDto},
    entities::{session, user},
};

/// The signed-in user of a request, as the database says now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionUser {
    pub session_id: SessionId,
    pub user_id: UserId,
    pub name: String,
    pub username: String,
    pub role: Role,
    pub team: Option<String>,
    /// The token's claims, for the sliding refresh.
    pub claims: Claims,
    /// When the session began (its log-in), which bounds how long it may slide.
    pub started_at: DateTime<Utc>,
}

impl SessionUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn dto(&self) -> UserDto {
        UserDto {
            id: self.user_id,
            name: self.name.clone(),
            username: self.username.clone(),
            role: self.role,
        }
    }
}

/// The per-request memo of [`verify_session`], put in the request's extensions by the
/// session middleware (and so into every server function's and page's context).
#[derive(Clone, Default, Debug)]
pub struct SessionMemo(Arc<OnceCell<Option<SessionUser>>>);

impl SessionMemo {
    /// Whether the secure check ran and found no live session.
    pub fn resolved_signed_out(&self) -> bool {
        matches!(self.0.get(), Some(None))
    }
}

/// What the secure check needs besides the request.
#[derive(Clone, Debug)]
pub struct SessionKeys {
    /// `SESSION_SECRET`'s bytes (never printed; zeroed when dropped).
    pub secret: Arc<SecretSlice<u8>>,
    /// Whether cookies carry `Secure`.
    pub secure_cookies: bool,
}

impl SessionKeys {
    /// Keys signing with `secret`.
    pub fn new(secret: Vec<u8>, secure_cookies: bool) -> Self {
        SessionKeys {
            secret: Arc::new(secret.into()),
            secure_cookies,
        }
    }

    /// The secret's bytes, for signing and verifying tokens.
    pub fn secret(&self) -> &[u8] {
        self.secret.expose_secret()
    }
}

/// The JWT of the request's `session` cookie, if it verifies (no database access): the
/// optimistic check.
pub fn optimistic_claims(headers: &HeaderMap, keys: &SessionKeys) -> Option<Claims> {
    let token = read_cookie(headers, SESSION_COOKIE)?;
    token::verify(&token, keys.secret())
}

/// The secure check, memoized in `memo`.
pub async fn verify_session<C: ConnectionTrait>(
    db: &C,
    headers: &HeaderMap,
    keys: &SessionKeys,
    memo: &SessionMemo,
) -> Result<Option<SessionUser>, DbErr> {
    memo.0
        .get_or_try_init(|| async {
            let Some(claims) = optimistic_claims(headers, keys) else {
                return Ok(None);
            };
            lookup(db, claims, Utc::now()).await
        })
        .await
        .cloned()
}

async fn lookup<C: ConnectionTrait>(
    db: &C,
    claims: Claims,
    now: DateTime<Utc>,
) -> Result<Option<SessionUser>, DbErr> {
    crate::test_hooks::count_session_lookup();
    let found = session::Entity::find_by_id(claims.sid.clone())
        .filter(session::Column::UserId.eq(claims.uid))
        .filter(session::Column::Revoked.eq(false))
        .filter(session::Column::ExpiresAt.gt(now))
        // However it slid (rows from before the 30-day bound too), 30 days after its log-in
        // a session is over.
        .filter(session::Column::CreatedAt.gt(now - MAX_SESSION_AGE))
        .find_also_related(user::Entity)
        .one(db)
        .await?;
    Ok(match found {
        Some((row, Some(user))) => Some(SessionUser {
            session_id: row.id,
            user_id: user.id,
            name: user.name,
            username: user.username,
            role: user.role,
            team: user.team,
            claims,
            started_at: row.created_at,
        }),
        _ => None,
    })
}

/// A new random session id: 256 bits, hex.
pub fn new_session_id() -> SessionId {
    SessionId(crate::random::random_id(256))
}

/// Stores a session for `user_id` and returns its id.
pub async fn create_session<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    user_agent: Option<&str>,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SessionId, DbErr> {
    let id = new_session_id();
    session::ActiveModel {
        id: Set(id.clone()),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + SESSION_TTL),
        last_seen_at: Set(now),
        user_agent: Set(user_agent.map(|ua| ua.chars().take(512).collect())),
        ip: Set(ip.map(str::to_string)),
        revoked: Set(false),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Slides the expiry of a session begun at `started` to 7 days from `now` (the sliding
/// refresh), but never past 30 days after its log-in (`token::session_expiry`).
pub async fn extend_session<C: ConnectionTrait>(
    db: &C,
    session_id: &SessionId,
    started: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(
            session::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(session_expiry(started, now)),
        )
        .col_expr(
            session::Column::LastSeenAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(session::Column::Id.eq(session_id.clone()))
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes one of `user_id`'s sessions; `false` when there was no such live session.
pub async fn revoke_session<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    session_id: &SessionId,
) -> Result<bool, DbErr> {
    let revoked = revoke_where(db, user_id, session::Column::Id.eq(session_id.clone())).await?;
    Ok(revoked > 0)
}

/// Revokes every live session of `user_id` except `keep`; returns how many.
pub async fn revoke_other_sessions<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    keep: &SessionId,
) -> Result<u64, DbErr> {
    revoke_where(db, user_id, session::Column::Id.ne(keep.clone())).await
}

/// Revokes `user_id`'s live sessions matching `which`; returns how many.
async fn revoke_where<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    which: sea_orm::sea_query::SimpleExpr,
) -> Result<u64, DbErr> {
    let result = session::Entity::update_many()
        .col_expr(
            session::Column::Revoked,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Revoked.eq(false))
        .filter(which)
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// How long an ended session (revoked or expired) is kept, for the record, before the
/// janitor deletes it.
pub const KEEP_ENDED: chrono::Duration = chrono::Duration::days(7);

/// Deletes sessions that expired, or were revoked, more than [`KEEP_ENDED`] ago.
pub async fn forget_ended<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let cutoff = now - KEEP_ENDED;
    let result = session::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(session::Column::ExpiresAt.lt(cutoff))
                .add(
                    sea_orm::Condition::all()
                        .add(session::Column::Revoked.eq(true))
                        .add(session::Column::LastSeenAt.lt(cutoff)),
                ),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// `user_id`'s live sessions, most recently used first.
pub async fn live_sessions<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    now: DateTime<Utc>,
) -> Result<Vec<session::Model>, DbErr> {
    use sea_orm::QueryOrder;
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Revoked.eq(false))
        .filter(session::Column::ExpiresAt.gt(now))
        .order_by_desc(session::Column::LastSeenAt)
        .all(db)
        .await
}

/// A readable name for a user agent: "Chrome on Linux", "Firefox on Windows", …
pub fn describe_user_agent(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent else {
        return "Unknown browser".to_string();
    };
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else if ua.starts_with("curl/") {
        "curl"
    } else {
        "A browser"
    };
    let os = if ua.contains("Android") {
        Some("Android")
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        Some("iOS")
    } else if ua.contains("Windows") {
        Some("Windows")
    } else if ua.contains("Mac OS X") {
        Some("macOS")
    } else if ua.contains("Linux") {
        Some("Linux")
    } else {
        None
    };
    match os {
        Some(os) => format!("{browser} on {os}"),
        None => browser.to_string(),
    }
}
