//! The account settings as typed outcomes (a server function maps them to its answer; tests
//! call them without HTTP): saving the profile, changing the password, deleting the
//! account. Every password check goes through the same bounded hashing and the same rate
//! limit as logging in, so a stolen session cannot be used to guess the password.

use sea_orm::DatabaseConnection;

use crate::{
    auth::password::HashPool,
    cache::{self, DataCache, Purge},
    dal::{
        accounts::{self, Deleted, DeletionError, LAST_ADMIN_CANNOT_LEAVE},
        login_attempts,
        session::SessionUser,
    },
    error::{AppError, ErrorCode, FieldErrors},
    validation,
};

/// What a change of the user's name shows up in: their posts in every list and page,
/// their profile, the admin's table.
fn name_shows_in(username: &str) -> Purge {
    Purge::default()
        .tag(cache::POSTS_TAG)
        .tag(cache::USERS_TAG)
        .tag(cache::user_tag(username))
}

/// Stores a new name (the sign-up rule) and phone (optional, plausible), and purges what
/// shows them.
pub async fn save_profile(
    db: &DatabaseConnection,
    cache: &DataCache,
    user: &SessionUser,
    name: &str,
    phone: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let name = validation::check_name(name);
    let phone = validation::check_phone(phone);
    errors.add_err("name", name.clone());
    errors.add_err("phone", phone.clone());
    errors.into_result()?;
    let (name, phone) = (name.unwrap_or_default(), phone.unwrap_or_default());

    let txn = crate::dal::db::begin_write(db).await?;
    let username = accounts::update_profile(&txn, user.user_id, &name, phone.as_deref())
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    cache.commit(txn, name_shows_in(&username)).await?;
    Ok(())
}

/// Checks `password` as the user's current one, under the log-in rate limit of their email
/// and `client_ip`: a wrong one is `field`'s "Current password is incorrect.".
pub async fn check_current_password(
    db: &DatabaseConnection,
    hashing: &HashPool,
    user: &SessionUser,
    password: String,
    client_ip: &str,
    field: &str,
) -> Result<(), AppError> {
    let (email, hash) = accounts::password_hash(db, user.user_id)
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    let attempt = super::access::count_try(db, &email, client_ip).await?;
    match hashing.verify(password, hash).await {
        Ok(true) => {
            login_attempts::clear(db, &email, client_ip).await?;
            Ok(())
        }
        Ok(false) => {
            let mut errors = FieldErrors::default();
            errors.add(field, validation::CURRENT_PASSWORD_WRONG);
            Err(AppError::invalid(errors))
        }
        Err(busy) => {
            // Not checked, so not a try.
            login_attempts::give_back(db, attempt).await?;
            Err(busy)
        }
    }
}

/// Changes the password: the current one must be right and the new one must follow the
/// sign-up rules; it is hashed as at sign-up, and every other session of the user is
/// revoked (this one stays). Returns how many sessions were revoked.
pub async fn change_password(
    db: &DatabaseConnection,
    hashing: &HashPool,
    user: &SessionUser,
    current: String,
    new: String,
    client_ip: &str,
) -> Result<u64, AppError> {
    // The rules first: a new password that breaks them costs no hash and no try.
    let mut errors = FieldErrors::default();
    if current.is_empty() {
        errors.add("current_password", validation::CURRENT_PASSWORD_WRONG);
    }
    for rule in validation::password_failures(&new) {
        errors.add("new_password", rule);
    }
    errors.into_result()?;
    check_current_password(db, hashing, user, current, client_ip, "current_password").await?;
    let hash = hashing.hash(new).await?;
    let txn = crate::dal::db::begin_write(db).await?;
    let revoked = accounts::set_password(&txn, user.user_id, hash, &user.session_id).await?;
    txn.commit().await?;
    tracing::info!(
        user_id = user.user_id.0,
        revoked,
        "password changed; other sessions revoked"
    );
    Ok(revoked)
}

/// Deletes the account after checking its password: sessions, likes (the counts follow),
/// posts and the account go in one transaction, and every list, page and profile that
/// showed them is purged. The last admin is refused (409).
pub async fn delete_account(
    db: &DatabaseConnection,
    hashing: &HashPool,
    cache: &DataCache,
    user: &SessionUser,
    password: String,
    client_ip: &str,
) -> Result<Deleted, AppError> {
    if password.is_empty() {
        let mut errors = FieldErrors::default();
        errors.add("password", validation::CURRENT_PASSWORD_WRONG);
        return Err(AppError::invalid(errors));
    }
    check_current_password(db, hashing, user, password, client_ip, "password").await?;
    let txn = crate::dal::db::begin_write(db).await?;
    let deleted = match accounts::delete_account(&txn, user.user_id).await {
        Ok(deleted) => deleted,
        Err(DeletionError::LastAdmin) => {
            return Err(AppError::new(ErrorCode::Conflict, LAST_ADMIN_CANNOT_LEAVE))
        }
        Err(DeletionError::Gone) => return Err(AppError::unauthenticated()),
        Err(DeletionError::Database(err)) => return Err(err.into()),
    };
    cache.commit(txn, name_shows_in(&deleted.username)).await?;
    Ok(deleted)
}
