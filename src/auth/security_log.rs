//! Security events: one structured log line each (target `quire::security`, level INFO),
//! with the event's name, the account it concerns (when one is known), the client's
//! address and the request's id, so an operator can follow an attack or answer "who did
//! this" from the log alone. Never a password, hash, token, cookie or e-mail address.

use crate::error::http::request_id;
use crate::ids::UserId;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecurityEvent {
    /// A log-in with the right password.
    LoginSucceeded,
    /// A log-in refused: unknown e-mail or wrong password.
    LoginFailed,
    /// A log-in refused by the rate limit, before its password was checked.
    LoginLockedOut,
    /// A sign-up or an availability check refused by the e-mail lookup limit.
    LookupLimited,
    /// A session ended by its own "Log Out".
    LoggedOut,
    /// One session ended by its owner from the devices page (or replaced by a new log-in).
    SessionRevoked,
    /// All the other sessions of an account ended (devices page, password change).
    OtherSessionsRevoked,
    /// An admin changed an account's role.
    RoleChanged,
    /// An account's password changed.
    PasswordChanged,
    /// An account was deleted by its owner.
    AccountDeleted,
}

impl SecurityEvent {
    /// The event's name in the log.
    pub fn name(self) -> &'static str {
        match self {
            SecurityEvent::LoginSucceeded => "login_succeeded",
            SecurityEvent::LoginFailed => "login_failed",
            SecurityEvent::LoginLockedOut => "login_locked_out",
            SecurityEvent::LookupLimited => "email_lookup_limited",
            SecurityEvent::LoggedOut => "logged_out",
            SecurityEvent::SessionRevoked => "session_revoked",
            SecurityEvent::OtherSessionsRevoked => "other_sessions_revoked",
            SecurityEvent::RoleChanged => "role_changed",
            SecurityEvent::PasswordChanged => "password_changed",
            SecurityEvent::AccountDeleted => "account_deleted",
        }
    }
}

/// Writes the line for `event` concerning account `user_id`, from `client_ip`.
pub fn record(event: SecurityEvent, user_id: Option<UserId>, client_ip: &str) {
    tracing::info!(
        target: "quire::security",
        event = event.name(),
        user_id = user_id.map(|id| id.0),
        client_ip,
        request_id = %request_id(),
        "security event"
    );
}

/// Writes the line for an admin's (`admin_id`) change of account `target_id` to `role`.
pub fn record_role_change(admin_id: UserId, target_id: UserId, role: &str, client_ip: &str) {
    tracing::info!(
        target: "quire::security",
        event = SecurityEvent::RoleChanged.name(),
        user_id = admin_id.0,
        target_user_id = target_id.0,
        role,
        client_ip,
        request_id = %request_id(),
        "security event"
    );
}
