//! users, sessions, posts and likes as the contract lists them, with the indexes the
//! queries need: post slug (unique) and created_at (list order), user email and username
//! (unique), session user, one like per (user, post).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Name,
    Username,
    Email,
    PasswordHash,
    Role,
    Team,
    Phone,
    CreatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    LastSeenAt,
    UserAgent,
    Ip,
    Revoked,
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    Slug,
    Title,
    Content,
    AuthorId,
    LikeCount,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Likes {
    Table,
    UserId,
    PostId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .if_not_exists()
                    .col(pk_auto(Users::Id))
                    .col(string_len(Users::Name, 100))
                    .col(string_len_uniq(Users::Username, 64))
                    // Stored lower-cased, so the unique index makes email case-insensitive
                    // on every backend.
                    .col(string_len_uniq(Users::Email, 254))
                    .col(string(Users::PasswordHash))
                    .col(string_len(Users::Role, 16).default("user"))
                    .col(string_len_null(Users::Team, 64))
                    .col(string_len_null(Users::Phone, 32))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .if_not_exists()
                    .col(string_len(Sessions::Id, 64).primary_key())
                    .col(integer(Sessions::UserId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .col(string_len_null(Sessions::UserAgent, 512))
                    .col(string_len_null(Sessions::Ip, 64))
                    .col(boolean(Sessions::Revoked).default(false))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Posts::Table)
                    .if_not_exists()
                    .col(pk_auto(Posts::Id))
                    .col(string_len_uniq(Posts::Slug, 160))
                    .col(string_len(Posts::Title, 120))
                    .col(text(Posts::Content))
                    .col(integer(Posts::AuthorId))
                    .col(integer(Posts::LikeCount).default(0))
                    .col(timestamp_with_time_zone(Posts::CreatedAt))
                    .col(timestamp_with_time_zone(Posts::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_posts_author")
                            .from(Posts::Table, Posts::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The list is "newest first"; id breaks ties between posts made in the same instant.
        manager
            .create_index(
                Index::create()
                    .name("idx_posts_created_at")
                    .table(Posts::Table)
                    .col(Posts::CreatedAt)
                    .col(Posts::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_posts_author")
                    .table(Posts::Table)
                    .col(Posts::AuthorId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Likes::Table)
                    .if_not_exists()
                    .col(integer(Likes::UserId))
                    .col(integer(Likes::PostId))
                    .col(timestamp_with_time_zone(Likes::CreatedAt))
                    .primary_key(Index::create().col(Likes::UserId).col(Likes::PostId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_likes_user")
                            .from(Likes::Table, Likes::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_likes_post")
                            .from(Likes::Table, Likes::PostId)
                            .to(Posts::Table, Posts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_likes_post")
                    .table(Likes::Table)
                    .col(Likes::PostId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Likes::Table.into_iden(),
            Posts::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
