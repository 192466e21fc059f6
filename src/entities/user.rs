//! A Quire account. `password_hash` is an argon2id PHC string.

use crate::ids::UserId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: UserId,
    pub name: String,
    #[sea_orm(unique)]
    pub username: String,
    /// Always stored lower-cased.
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    pub role: crate::role::Role,
    pub team: Option<String>,
    pub phone: Option<String>,
    pub created_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::post::Entity")]
    Posts,
    #[sea_orm(has_many = "super::session::Entity")]
    Sessions,
}

impl Related<super::post::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Posts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
