//! Signing up and logging in, as typed outcomes a server function maps to its answer
//! (and tests can call without HTTP). Messages are the contract's.

use chrono::Utc;
use sea_orm::DatabaseConnection;

use crate::{
    auth::{
        password::HashPool,
        security_log::{self, SecurityEvent},
    },
    dal::{
        login_attempts::{self, Attempt},
        rate_limits::{self, Hit},
        users,
    },
    entities::user,
    error::{AppError, ErrorCode, FieldErrors},
    validation,
};

/// Creates an account (role `user`) after the sign-up rules, the email's availability and
/// the password's hash. Errors name their fields: 422 for rules, 409 for a taken email.
/// Whether an address has an account is asked at most `rate_limits::EMAIL_LOOKUPS` times
/// per client address (429 after that), so sign-up cannot walk a list of addresses.
pub async fn sign_up(
    db: &DatabaseConnection,
    hashing: &HashPool,
    name: &str,
    email: &str,
    password: String,
    client_ip: &str,
) -> Result<user::Model, AppError> {
    let mut errors = FieldErrors::default();
    errors.add_err("name", validation::check_name(name));
    let email = validation::check_email(email);
    let mut taken = false;
    match &email {
        Ok(email) => {
            count_lookup(db, client_ip).await?;
            taken = users::find_by_email(db, email).await?.is_some();
        }
        Err(message) => errors.add("email", message.clone()),
    }
    for rule in validation::password_failures(&password) {
        errors.add("password", rule);
    }
    if taken {
        if errors.is_empty() {
            return Err(AppError::conflict("email", validation::EMAIL_TAKEN));
        }
        errors.add("email", validation::EMAIL_TAKEN);
    }
    errors.into_result()?;
    let (name, email) = (name.trim(), email.unwrap_or_default());

    let hash = hashing.hash(password).await?;
    match users::register(db, name, &email, hash).await {
        Ok(user) => Ok(user),
        // Lost a race for the same email: the unique index decides.
        Err(err) if users::is_unique_violation(&err) => {
            Err(AppError::conflict("email", validation::EMAIL_TAKEN))
        }
        Err(err) => Err(err.into()),
    }
}

/// Checks an email and password. The try is counted before the password is verified (see
/// `dal::login_attempts`), and given back if the server was too busy to verify it; an
/// unknown email is verified against a dummy hash, so it takes
/// as long as a wrong password and answers the same 401 "Invalid email or password.". A
/// success forgets the pair's tries and notes the log-in.
pub async fn log_in(
    db: &DatabaseConnection,
    hashing: &HashPool,
    email: &str,
    password: String,
    client_ip: &str,
) -> Result<user::Model, AppError> {
    let email = email.trim().to_lowercase();
    let attempt = match count_try(db, &email, client_ip).await {
        Ok(attempt) => attempt,
        Err(limited) => {
            security_log::record(SecurityEvent::LoginLockedOut, None, client_ip);
            return Err(limited);
        }
    };
    let account = users::find_by_email(db, &email).await?;
    let hash = match &account {
        Some(account) => account.password_hash.clone(),
        None => hashing.dummy_hash().await?,
    };
    let matches = match hashing.verify(password, hash).await {
        Ok(matches) => matches,
        Err(busy) => {
            // Not checked, so not a try: a flood must not lock people out of their account.
            login_attempts::give_back(db, attempt).await?;
            return Err(busy);
        }
    };
    let account = match account {
        Some(account) if matches => account,
        other => {
            let user_id = other.map(|account| account.id);
            security_log::record(SecurityEvent::LoginFailed, user_id, client_ip);
            return Err(AppError::new(
                ErrorCode::Unauthenticated,
                validation::INVALID_CREDENTIALS,
            ));
        }
    };
    login_attempts::clear(db, &email, client_ip).await?;
    users::record_login(db, account.id).await?;
    security_log::record(SecurityEvent::LoginSucceeded, Some(account.id), client_ip);
    Ok(account)
}

/// Counts a password try of `email` from `client_ip` under the log-in rate limit (see
/// `dal::login_attempts`): the try's id, or 429 "Too many attempts. Try again later.".
pub async fn count_try(
    db: &DatabaseConnection,
    email: &str,
    client_ip: &str,
) -> Result<i32, AppError> {
    match login_attempts::begin_attempt(db, email, client_ip, Utc::now()).await? {
        Attempt::Allowed { id } => Ok(id),
        Attempt::Limited { retry_after_secs } => Err(AppError::too_many_requests(
            validation::TOO_MANY_ATTEMPTS,
            retry_after_secs,
        )),
    }
}

/// Counts one look-up of whether an e-mail address has an account, by `client_ip`, under
/// `rate_limits::EMAIL_LOOKUPS`: 429 "Too many attempts. Try again later." once used up.
pub async fn count_lookup(db: &DatabaseConnection, client_ip: &str) -> Result<(), AppError> {
    match rate_limits::hit(db, rate_limits::EMAIL_LOOKUPS, client_ip, Utc::now()).await? {
        Hit::Allowed => Ok(()),
        Hit::Limited { retry_after_secs } => {
            security_log::record(SecurityEvent::LookupLimited, None, client_ip);
            Err(AppError::too_many_requests(
                validation::TOO_MANY_ATTEMPTS,
                retry_after_secs,
            ))
        }
    }
}
