//! `flashes`: a failed plain form post's error and typed values, kept for the page the
//! browser is sent back to, which takes it once. In the store, so the server that renders
//! that page need not be the one that took the post.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Flashes {
    Table,
    Id,
    Kind,
    Payload,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Flashes::Table)
                    .if_not_exists()
                    .col(string_len(Flashes::Id, 64).primary_key())
                    .col(string_len(Flashes::Kind, 32))
                    .col(text(Flashes::Payload))
                    .col(timestamp_with_time_zone(Flashes::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_flashes_expires_at")
                    .table(Flashes::Table)
                    .col(Flashes::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Flashes::Table).if_exists().to_owned())
            .await
    }
}
