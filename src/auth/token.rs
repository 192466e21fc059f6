//! The session token: an HS256 JWT naming a session row (`sid`) and its user (`uid`), with
//! the role at issue time (`role`, for optimistic checks only; the secure check reads the
//! role from the database), issued-at and expiry.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::ids::{SessionId, UserId};
use crate::role::Role;

/// How long a session lives without use.
pub const SESSION_TTL: Duration = Duration::days(7);
/// A session used this long after its cookie was issued gets a fresh cookie and expiry.
pub const REFRESH_AFTER: Duration = Duration::days(1);
/// No session lives longer than this after its log-in, however often it is used.
pub const MAX_SESSION_AGE: Duration = Duration::days(30);

/// When a session used at `now`, begun at `started`, expires: [`SESSION_TTL`] from now, but
/// never past [`MAX_SESSION_AGE`] from its log-in.
pub fn session_expiry(started: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    (now + SESSION_TTL).min(started + MAX_SESSION_AGE)
}

/// What the token says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sid: SessionId,
    pub uid: UserId,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    /// Claims for a session issued at `now`, valid for [`SESSION_TTL`].
    pub fn new(sid: &SessionId, uid: UserId, role: Role, now: DateTime<Utc>) -> Self {
        Claims {
            sid: sid.clone(),
            uid,
            role,
            iat: now.timestamp(),
            exp: (now + SESSION_TTL).timestamp(),
        }
    }

    /// Claims reissued at `now` for a session begun at `started` (the sliding refresh):
    /// they expire with the session (see [`session_expiry`]).
    pub fn renewed(&self, started: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        Claims {
            iat: now.timestamp(),
            exp: session_expiry(started, now).timestamp(),
            ..self.clone()
        }
    }

    /// Whether the cookie is old enough to be reissued.
    pub fn wants_refresh(&self, now: DateTime<Utc>) -> bool {
        now.timestamp() - self.iat >= REFRESH_AFTER.num_seconds()
    }
}

/// Signs `claims` with the session secret.
pub fn sign(claims: &Claims, secret: &[u8]) -> anyhow::Result<String> {
    Ok(encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret),
    )?)
}

/// The claims of a token signed with `secret`, HS256 only, not expired. Anything else
/// (tampered, other key, other algorithm, expired, malformed) is `None`.
pub fn verify(token: &str, secret: &[u8]) -> Option<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "iat"]);
    decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation)
        .ok()
        .map(|data| data.claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn sid() -> SessionId {
        SessionId("0123456789abcdef".repeat(4))
    }

    #[test]
    fn a_signed_token_verifies_with_its_key_only() {
        let claims = Claims::new(&sid(), UserId(7), Role::User, Utc::now());
        let token = sign(&claims, KEY).unwrap();
        assert_eq!(verify(&token, KEY), Some(claims));
        assert_eq!(verify(&token, b"another key, also 32 bytes long!"), None);
    }

    #[test]
    fn tampered_and_expired_tokens_are_refused() {
        let claims = Claims::new(&sid(), UserId(7), Role::User, Utc::now());
        let token = sign(&claims, KEY).unwrap();
        let mut parts: Vec<&str> = token.split('.').collect();
        let admin = Claims {
            role: Role::Admin,
            ..claims.clone()
        };
        let forged = sign(&admin, KEY).unwrap();
        parts[1] = forged.split('.').nth(1).unwrap();
        assert_eq!(verify(&parts.join("."), KEY), None);

        let old = Claims::new(
            &sid(),
            UserId(7),
            Role::User,
            Utc::now() - Duration::days(8),
        );
        assert_eq!(verify(&sign(&old, KEY).unwrap(), KEY), None);
        assert_eq!(verify("not.a.token", KEY), None);
    }

    #[test]
    fn an_unsigned_token_is_refused() {
        // {"alg":"none"} with valid-looking claims.
        let claims = Claims::new(&sid(), UserId(7), Role::Admin, Utc::now());
        let body = serde_json::to_vec(&claims).unwrap();
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let token = format!(
            "{}.{}.",
            b64.encode(br#"{"alg":"none","typ":"JWT"}"#),
            b64.encode(body)
        );
        assert_eq!(verify(&token, KEY), None);
    }

    #[test]
    fn a_session_slides_but_ends_thirty_days_after_its_log_in() {
        let started = Utc::now() - Duration::days(29);
        let now = Utc::now();
        assert_eq!(session_expiry(now, now), now + SESSION_TTL);
        assert_eq!(session_expiry(started, now), started + MAX_SESSION_AGE);
        let old = Claims::new(&sid(), UserId(1), Role::User, started);
        let renewed = old.renewed(started, now);
        assert_eq!(renewed.iat, now.timestamp());
        assert_eq!(renewed.exp, (started + MAX_SESSION_AGE).timestamp());
        assert_eq!((&renewed.sid, renewed.uid), (&sid(), UserId(1)));
    }

    #[test]
    fn cookies_older_than_a_day_want_refresh() {
        let now = Utc::now();
        assert!(!Claims::new(&sid(), UserId(1), Role::User, now).wants_refresh(now));
        assert!(
            Claims::new(&sid(), UserId(1), Role::User, now - Duration::hours(25))
                .wants_refresh(now)
        );
    }
}
