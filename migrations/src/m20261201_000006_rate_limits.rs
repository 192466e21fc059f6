//! Rate limits beyond the log-in pair's:
//! - `rate_limits`: one counter per (limit, key) for a fixed window, e.g. the e-mail
//!   availability checks of one client address. A hit upserts the row first in its
//!   transaction, so concurrent hits, on one server or several sharing the database, take
//!   turns on it (a row lock on PostgreSQL, the write lock on SQLite).
//! - an index on `login_attempts (ip, attempted_at)`, for the log-in limit per address;
//! - `flashes.owner`: whose refused form a flash holds (an account, or a client address for
//!   a visitor without a session), so each owner may keep only a few waiting at once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Bucket,
    Key,
    WindowStart,
    Hits,
}

#[derive(DeriveIden)]
enum Flashes {
    Table,
    Owner,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Ip,
    AttemptedAt,
}

const ADDRESS_INDEX: &str = "idx_login_attempts_ip";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .if_not_exists()
                    .col(string_len(RateLimits::Bucket, 32))
                    .col(string_len(RateLimits::Key, 320))
                    .col(timestamp_with_time_zone(RateLimits::WindowStart))
                    .col(integer(RateLimits::Hits))
                    .primary_key(Index::create().col(RateLimits::Bucket).col(RateLimits::Key))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(ADDRESS_INDEX)
                    .table(LoginAttempts::Table)
                    .col(LoginAttempts::Ip)
                    .col(LoginAttempts::AttemptedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Flashes::Table)
                    .add_column(string_len(Flashes::Owner, 80).default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Flashes::Table)
                    .drop_column(Flashes::Owner)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(ADDRESS_INDEX)
                    .table(LoginAttempts::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(RateLimits::Table).to_owned())
            .await
    }
}
