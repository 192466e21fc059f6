//! A throwaway PostgreSQL database per test, on the server `QUIRE_TEST_POSTGRES_URL` names
//! (shared by the test binaries that need one).

use sea_orm::{ConnectionTrait, Database};

/// A database created for one test; [`ScratchDatabase::drop_now`] removes it.
pub struct ScratchDatabase {
    pub admin_url: String,
    pub name: String,
    /// The URL of the new database.
    pub url: String,
}

impl ScratchDatabase {
    /// Creates a database named `<prefix>_<random>`.
    pub async fn create(prefix: &str) -> Self {
        let admin_url = std::env::var("QUIRE_TEST_POSTGRES_URL").expect(
            "QUIRE_TEST_POSTGRES_URL must name a PostgreSQL server for the PostgreSQL tests",
        );
        let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
        Self::admin_sql(&admin_url, &format!("CREATE DATABASE \"{name}\"")).await;
        let url = with_database(&admin_url, &name);
        ScratchDatabase {
            admin_url,
            name,
            url,
        }
    }

    /// Runs `sql` on the server's administrative database.
    pub async fn admin(&self, sql: &str) {
        Self::admin_sql(&self.admin_url, sql).await;
    }

    async fn admin_sql(admin_url: &str, sql: &str) {
        let admin = Database::connect(admin_url).await.expect("PostgreSQL");
        admin
            .execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        admin.close().await.ok();
    }

    /// Drops the database, cutting off whoever is still connected.
    pub async fn drop_now(self) {
        self.admin(&format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        ))
        .await;
    }
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_and_path = &base[scheme_end..];
    let host = host_and_path.split('/').next().unwrap_or(host_and_path);
    let mut out = format!("{}{}/{}", &base[..scheme_end], host, name);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

#[test]
fn database_names_are_swapped_in_urls() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://u:p@h/test?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
}
