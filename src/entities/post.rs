//! A published post. `like_count` always equals the number of its rows in `likes`.

use crate::ids::{PostId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PostId,
    /// `slug_base` alone, or `slug_base-slug_n` when another post had the same title slug.
    #[sea_orm(unique)]
    pub slug: String,
    /// The slug made from the title.
    pub slug_base: String,
    /// The collision suffix: 1 for the first post with this base, then 2, 3, …
    pub slug_n: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub author_id: UserId,
    pub like_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When its author or an admin last edited it; `None` if never.
    pub edited_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::AuthorId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    Author,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
