//! A private, migrated store per test.

use quire::dal::db;
use sea_orm::DatabaseConnection;

#[path = "../support/postgres.rs"]
mod postgres;

pub struct TestStore {
    pub db: DatabaseConnection,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres(postgres::ScratchDatabase),
}

impl TestStore {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/quire.db", dir.path().display());
        let db = db::connect_and_migrate(&url).await.expect("SQLite store");
        TestStore {
            db,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// A new database on the server named by `QUIRE_TEST_POSTGRES_URL`.
    pub async fn postgres() -> Self {
        let scratch = postgres::ScratchDatabase::create("quire_test").await;
        let db = db::connect_and_migrate(&scratch.url)
            .await
            .expect("PostgreSQL store");
        TestStore {
            db,
            cleanup: Cleanup::Postgres(scratch),
        }
    }

    pub async fn cleanup(self) {
        self.db.close().await.ok();
        if let Cleanup::Postgres(scratch) = self.cleanup {
            scratch.drop_now().await;
        }
    }
}
