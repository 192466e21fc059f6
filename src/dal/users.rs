//! User reads and writes the server needs so far: creating accounts (sign-up, seed).

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::entities::user;

/// What a new account needs. The password arrives hashed.
pub struct NewUser<'a> {
    pub name: &'a str,
    pub username: &'a str,
    pub email: &'a str,
    pub password_hash: String,
    pub role: &'a str,
    pub team: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// Stores an account; the email is kept lower-cased so it is unique ignoring case.
pub async fn create_user<C: ConnectionTrait>(
    db: &C,
    new: NewUser<'_>,
) -> Result<user::Model, DbErr> {
    user::ActiveModel {
        name: Set(new.name.to_string()),
        username: Set(new.username.to_string()),
        email: Set(new.email.trim().to_lowercase()),
        password_hash: Set(new.password_hash),
        role: Set(new.role.to_string()),
        team: Set(new.team.map(str::to_string)),
        phone: Set(new.phone.map(str::to_string)),
        created_at: Set(Utc::now()),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The account with this email, ignoring case.
pub async fn find_by_email<C: ConnectionTrait>(
    db: &C,
    email: &str,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(db)
        .await
}

/// Whether a store error is a unique-index violation (a taken email or username).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Registers a sign-up: role `user`, a username made from the email's local part and
/// suffixed when taken. The email must already be validated and lower-cased.
pub async fn register<C: ConnectionTrait>(
    db: &C,
    name: &str,
    email: &str,
    password_hash: String,
) -> Result<user::Model, DbErr> {
    let local = email.split('@').next().unwrap_or(email);
    let base: String = crate::slug::slugify(local).chars().take(40).collect();
    for n in 1..=1000 {
        let username = crate::slug::with_suffix(&base, n);
        if user::Entity::find()
            .filter(user::Column::Username.eq(&username))
            .one(db)
            .await?
            .is_some()
        {
            continue;
        }
        match create_user(
            db,
            NewUser {
                name,
                username: &username,
                email,
                password_hash: password_hash.clone(),
                role: "user",
                team: None,
                phone: None,
            },
        )
        .await
        {
            Ok(user) => return Ok(user),
            // The email is taken (the caller reports it), or another sign-up just took
            // this username: try the next one.
            Err(err) if is_unique_violation(&err) => {
                if find_by_email(db, email).await?.is_some() {
                    return Err(err);
                }
            }
            Err(err) => return Err(err),
        }
    }
    Err(DbErr::Custom("no free username".into()))
}

/// Notes a successful log-in.
pub async fn record_login<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(
            user::Column::LastLoginAt,
            sea_orm::sea_query::Expr::value(Some(Utc::now())),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
