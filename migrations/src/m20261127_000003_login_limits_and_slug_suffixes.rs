//! Two things the hardening needed:
//! - `login_limits`: one row per (email, client address) that a log-in attempt writes first,
//!   in its transaction, so concurrent attempts for the same pair queue on that row (a row
//!   lock on PostgreSQL, the write lock on SQLite) and count each other's attempts;
//! - `posts.slug_base` and `posts.slug_n`: a slug split into the title's slug and its
//!   collision suffix, so the next free suffix is one indexed `MAX` instead of reading every
//!   colliding slug. Existing posts are split here once.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::ConnectionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LoginLimits {
    Table,
    Email,
    Ip,
    TouchedAt,
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    Slug,
    SlugBase,
    SlugN,
}

/// `hello-3` → (`hello`, 3); a slug without a numeric suffix of 2 or more is its own base.
fn split_slug(slug: &str) -> (&str, i32) {
    if let Some((base, n)) = slug.rsplit_once('-') {
        if let Ok(n) = n.parse::<i32>() {
            if n >= 2 && !base.is_empty() && n.to_string() == slug[base.len() + 1..] {
                return (base, n);
            }
        }
    }
    (slug, 1)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginLimits::Table)
                    .if_not_exists()
                    .col(string_len(LoginLimits::Email, 254))
                    .col(string_len(LoginLimits::Ip, 64))
                    .col(timestamp_with_time_zone(LoginLimits::TouchedAt))
                    .primary_key(Index::create().col(LoginLimits::Email).col(LoginLimits::Ip))
                    .to_owned(),
            )
            .await?;

        // SQLite adds one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Posts::Table)
                    .add_column(string_len(Posts::SlugBase, 160).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Posts::Table)
                    .add_column(integer(Posts::SlugN).default(1))
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        let rows = db
            .query_all(
                &Query::select()
                    .columns([Posts::Id, Posts::Slug])
                    .from(Posts::Table)
                    .to_owned(),
            )
            .await?;
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let slug: String = row.try_get("", "slug")?;
            let (base, n) = split_slug(&slug);
            let update = Query::update()
                .table(Posts::Table)
                .value(Posts::SlugBase, base)
                .value(Posts::SlugN, n)
                .and_where(Expr::col(Posts::Id).eq(id))
                .to_owned();
            db.execute(&update).await?;
        }

        manager
            .create_index(
                Index::create()
                    .name("idx_posts_slug_base")
                    .table(Posts::Table)
                    .col(Posts::SlugBase)
                    .col(Posts::SlugN)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_posts_slug_base")
                    .table(Posts::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Posts::SlugN, Posts::SlugBase] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Posts::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(
                Table::drop()
                    .table(LoginLimits::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::split_slug;

    #[test]
    fn suffixes_are_split_off() {
        assert_eq!(split_slug("hello"), ("hello", 1));
        assert_eq!(split_slug("hello-3"), ("hello", 3));
        assert_eq!(split_slug("hello-world"), ("hello-world", 1));
        assert_eq!(split_slug("top-10-1"), ("top-10-1", 1));
        assert_eq!(split_slug("x-05"), ("x-05", 1));
        assert_eq!(split_slug("-2"), ("-2", 1));
    }
}
