//! Quire's schema, one file per migration. The server runs `Migrator::up` at start-up, so a
//! fresh store (SQLite or PostgreSQL) is always brought to the current schema.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_core_tables;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261127_000001_create_core_tables::Migration)]
    }
}
