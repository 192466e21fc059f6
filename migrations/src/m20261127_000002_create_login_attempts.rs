//! Failed log-ins, for the per email+IP rate limit. Kept in the store so the limit holds
//! across restarts and across server processes sharing a PostgreSQL store.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    Email,
    Ip,
    AttemptedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .if_not_exists()
                    .col(pk_auto(LoginAttempts::Id))
                    .col(string_len(LoginAttempts::Email, 254))
                    .col(string_len(LoginAttempts::Ip, 64))
                    .col(timestamp_with_time_zone(LoginAttempts::AttemptedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_attempts_key")
                    .table(LoginAttempts::Table)
                    .col(LoginAttempts::Email)
                    .col(LoginAttempts::Ip)
                    .col(LoginAttempts::AttemptedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(LoginAttempts::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}
