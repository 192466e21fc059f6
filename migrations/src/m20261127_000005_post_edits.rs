//! `posts.edited_at`: when a post was last edited by its author or an admin; empty for a
//! post never edited (its page then shows no "Edited" line). `updated_at` stays the time of
//! any change to the row, edits included.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posts {
    Table,
    EditedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Posts::Table)
                    .add_column(timestamp_with_time_zone_null(Posts::EditedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Posts::Table)
                    .drop_column(Posts::EditedAt)
                    .to_owned(),
            )
            .await
    }
}
