//! User reads and writes: accounts (sign-up, seed), roles with the last-admin rule, and
//! profiles as each viewer may see them.

use chrono::Utc;
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::{
    dto::{AdminUserRow, ContactDto, ProfileDto, Role, UserDto},
    session::SessionUser,
};
use crate::entities::user;
use crate::ids::UserId;

/// What a new account needs. The password arrives hashed.
pub struct NewUser<'a> {
    pub name: &'a str,
    pub username: &'a str,
    pub email: &'a str,
    pub password_hash: String,
    pub role: Role,
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
        role: Set(new.role),
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

/// Whether a database error is a unique-index violation (a taken email or username).
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
                role: Role::User,
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
pub async fn record_login<C: ConnectionTrait>(db: &C, user_id: UserId) -> Result<(), DbErr> {
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
pub async fn all_users<C: ConnectionTrait>(db: &C) -> Result<Vec<AdminUserRow>, DbErr> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| AdminUserRow {
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
pub async fn all_user_dtos<C: ConnectionTrait>(db: &C) -> Result<Vec<UserDto>, DbErr> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| UserDto {
            id: u.id,
            name: u.name,
            username: u.username,
            role: u.role,
        })
        .collect())
}

/// Why a role change did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RoleChangeError {
    #[error("there is no such user")]
    UnknownUser,
    #[error("the last admin cannot stop being an admin")]
    LastAdmin,
    #[error(transparent)]
    Database(#[from] DbErr),
}

impl From<RoleChangeError> for crate::error::AppError {
    fn from(err: RoleChangeError) -> Self {
        use crate::error::AppError;
        match err {
            RoleChangeError::UnknownUser => AppError::not_found("There is no such user."),
            RoleChangeError::LastAdmin => {
                AppError::conflict("role", "The last admin cannot stop being an admin.")
            }
            RoleChangeError::Database(err) => err.into(),
        }
    }
}

/// Sets a user's role, refusing to leave the site without an admin. Race-free on both
/// databases: the transaction's first statement writes every admin row (changing nothing),
/// which takes those rows' locks on PostgreSQL and the write lock on SQLite, so two
/// demotions at once run one after the other and the second counts what the first left.
pub async fn set_role(
    db: &DatabaseConnection,
    user_id: UserId,
    role: Role,
) -> Result<(), RoleChangeError> {
    let txn = super::db::begin_write(db).await?;
    lock_admins(&txn).await?;
    let Some(target) = user::Entity::find_by_id(user_id).one(&txn).await? else {
        return Err(RoleChangeError::UnknownUser);
    };
    if target.role == Role::Admin && role != Role::Admin && count_admins(&txn).await? <= 1 {
        return Err(RoleChangeError::LastAdmin);
    }
    user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(role))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Makes concurrent changes to the set of admins take turns (see [`set_role`]).
pub async fn lock_admins<C: ConnectionTrait>(txn: &C) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::col(user::Column::Role))
        .filter(user::Column::Role.eq(Role::Admin))
        .exec(txn)
        .await?;
    Ok(())
}

/// How many admins there are.
pub async fn count_admins<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin))
        .count(db)
        .await
}

/// Whether `viewer` may see `user`'s contact details (email, team, phone): it is them, an
/// admin, or a member of the same team.
pub fn sees_contact(viewer: Option<&SessionUser>, user: &user::Model) -> bool {
    viewer.is_some_and(|v| {
        v.user_id == user.id || v.is_admin() || (v.team.is_some() && v.team == user.team)
    })
}

/// A user's profile as `viewer` may see it (see [`sees_contact`]).
pub async fn profile<C: ConnectionTrait>(
    db: &C,
    username: &str,
    viewer: Option<&SessionUser>,
) -> Result<Option<ProfileDto>, DbErr> {
    let Some(u) = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let contact = sees_contact(viewer, &u).then(|| ContactDto {
        email: u.email.clone(),
        team: u.team.clone(),
        phone: u.phone.clone(),
    });
    Ok(Some(ProfileDto {
        name: u.name,
        username: u.username,
        contact,
    }))
}
