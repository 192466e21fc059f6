//! Data-layer tests, run on SQLite always and on PostgreSQL when
//! `QUIRE_TEST_POSTGRES_URL` names a server (the test command sets it; the PostgreSQL
//! variants are `#[ignore]`d otherwise and fail loudly if run without it). Every test gets
//! its own store: a temporary SQLite file, or a fresh PostgreSQL database dropped after.

mod accounts;
mod likes;
mod limits;
mod posts;
mod rules;
mod seed;
mod store;

/// Stores an account for a test (the password hash is never checked here); its id.
pub async fn account(db: &sea_orm::DatabaseConnection, username: &str) -> quire::ids::UserId {
    quire::dal::users::create_user(
        db,
        quire::dal::users::NewUser {
            name: &format!("Author {username}"),
            username,
            email: &format!("{username}@Example.test"),
            password_hash: "not-a-real-hash".into(),
            role: quire::dal::dto::Role::User,
            team: None,
            phone: None,
        },
    )
    .await
    .unwrap()
    .id
}

/// Declares each listed test once per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let store = $crate::store::TestStore::sqlite().await;
                    super::$name(&store.db).await;
                    store.cleanup().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                // Selected, not skipped: scripts/test.sh runs these with `--ignored` whenever
                // QUIRE_TEST_POSTGRES_URL is set (always in CI), and they fail without it.
                #[ignore = "needs QUIRE_TEST_POSTGRES_URL; run with --include-ignored"]
                async fn $name() {
                    let store = $crate::store::TestStore::postgres().await;
                    super::$name(&store.db).await;
                    store.cleanup().await;
                }
            )*
        }
    };
}
