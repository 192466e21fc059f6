//! A failed plain form post kept for its page (see `crate::flash`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "flashes")]
pub struct Model {
    /// Random, 128 bits, hex; the `quire_flash` cookie's value.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Which form it belongs to ("post", "signup", …).
    pub kind: String,
    /// The failure as JSON.
    #[sea_orm(column_type = "Text")]
    pub payload: String,
    pub expires_at: DateTimeUtc,
    /// Whose refused form it holds: `user:<id>`, or `ip:<address>` without a session.
    pub owner: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
