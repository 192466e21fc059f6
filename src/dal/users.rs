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
