//! Quire's schema, one file per migration. The server runs `Migrator::up` at start-up, so a
//! fresh store (SQLite or PostgreSQL) is always brought to the current schema.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_core_tables;
mod m20261127_000002_create_login_attempts;
mod m20261127_000003_login_limits_and_slug_suffixes;
mod m20261127_000004_create_flashes;
mod m20261127_000005_post_edits;
mod m20261201_000006_rate_limits;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_core_tables::Migration),
            Box::new(m20261127_000002_create_login_attempts::Migration),
            Box::new(m20261127_000003_login_limits_and_slug_suffixes::Migration),
            Box::new(m20261127_000004_create_flashes::Migration),
            Box::new(m20261127_000005_post_edits::Migration),
            Box::new(m20261201_000006_rate_limits::Migration),
        ]
    }
}
