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

/// Every user for the admin's table, by name.
pub async fn all_users<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<crate::dal::dto::AdminUserRow>, DbErr> {
    use sea_orm::QueryOrder;
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| crate::dal::dto::AdminUserRow {
            id: u.id,
            name: u.name,
            username: u.username,
            email: u.email,
            role: u.role,
            team: u.team,
        })
        .collect())
}

/// Every user as the API shows them.
pub async fn all_user_dtos<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<crate::dal::dto::UserDto>, DbErr> {
    use sea_orm::QueryOrder;
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| crate::dal::dto::UserDto {
            id: u.id,
            name: u.name,
            username: u.username,
            role: u.role,
        })
        .collect())
}

/// Why a role change was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum RoleChangeRefused {
    UnknownRole,
    UnknownUser,
    LastAdmin,
}

/// Sets a user's role, refusing to leave the site without an admin.
pub async fn set_role(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    role: &str,
) -> Result<Result<(), RoleChangeRefused>, DbErr> {
    use sea_orm::PaginatorTrait;
    if role != "user" && role != "admin" {
        return Ok(Err(RoleChangeRefused::UnknownRole));
    }
    use sea_orm::TransactionTrait;
    let txn = db.begin().await?;
    let Some(target) = user::Entity::find_by_id(user_id).one(&txn).await? else {
        return Ok(Err(RoleChangeRefused::UnknownUser));
    };
    if target.role == "admin" && role != "admin" {
        let admins = user::Entity::find()
            .filter(user::Column::Role.eq("admin"))
            .count(&txn)
            .await?;
        if admins <= 1 {
            return Ok(Err(RoleChangeRefused::LastAdmin));
        }
    }
    user::Entity::update_many()
        .col_expr(user::Column::Role, sea_orm::sea_query::Expr::value(role))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// A user's profile as `viewer` may see it: email and phone for themself, admins, and
/// members of the same team.
pub async fn profile<C: ConnectionTrait>(
    db: &C,
    username: &str,
    viewer: Option<&crate::dal::session::SessionUser>,
) -> Result<Option<crate::dal::dto::ProfileDto>, DbErr> {
    let Some(u) = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let sees_contact = viewer.is_some_and(|v| {
        v.user_id == u.id || v.is_admin() || (v.team.is_some() && v.team == u.team)
    });
    Ok(Some(crate::dal::dto::ProfileDto {
        name: u.name,
        username: u.username,
        team: u.team,
        email: sees_contact.then_some(u.email),
        phone: if sees_contact { u.phone } else { None },
    }))
}
