//! Demo data: the contract's three accounts and enough posts to page through. Safe to run
//! twice: accounts that exist are left alone, and posts are only added to a database that
//! has none.

use chrono::{Duration, Utc};
use sea_orm::{DatabaseConnection, DbErr, TransactionTrait};

use crate::{
    auth::password,
    dal::{dto::Role, posts, users},
};

/// Demo posts written by `quire seed`.
pub const DEMO_POST_COUNT: usize = 64;

/// A demo account.
pub struct DemoUser {
    pub name: &'static str,
    pub username: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub role: Role,
    pub team: Option<&'static str>,
    pub phone: Option<&'static str>,
}

/// The contract's demo accounts.
pub const DEMO_USERS: [DemoUser; 4] = [
    DemoUser {
        name: "Quire Admin",
        username: "admin",
        email: "admin@quire.test",
        password: "Admin123!x",
        role: Role::Admin,
        team: None,
        phone: Some("+1 555 0100"),
    },
    DemoUser {
        name: "Ada Lovelace",
        username: "ada",
        email: "ada@quire.test",
        password: "User123!x",
        role: Role::User,
        team: Some("blue"),
        phone: Some("+1 555 0101"),
    },
    DemoUser {
        name: "Bob Marley",
        username: "bob",
        email: "bob@quire.test",
        password: "User123!x",
        role: Role::User,
        team: Some("red"),
        phone: Some("+1 555 0102"),
    },
    // Ada's team-mate, so "same team sees contact details" can be tried.
    DemoUser {
        name: "Carol Shaw",
        username: "carol",
        email: "carol@quire.test",
        password: "User123!x",
        role: Role::User,
        team: Some("blue"),
        phone: None,
    },
];

const TOPICS: [&str; 16] = [
    "Streaming HTML",
    "Server functions",
    "Hydration",
    "Error boundaries",
    "Revalidating data",
    "Signals and memos",
    "Writing in public",
    "Argon2 in practice",
    "Sessions that slide",
    "SQLite in production",
    "Paging without counts",
    "Accessible forms",
    "Dark mode done right",
    "Progressive enhancement",
    "Rust on the server",
    "WebAssembly budgets",
];

const ANGLES: [&str; 4] = [
    "notes on",
    "a field guide to",
    "what I learned about",
    "revisiting",
];

/// What seeding added.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub users_added: usize,
    pub posts_added: usize,
}

/// Adds the demo accounts that are missing and, to a database without posts, the demo posts.
pub async fn seed(db: &DatabaseConnection) -> Result<SeedReport, DbErr> {
    let mut report = SeedReport::default();
    let mut authors = Vec::new();
    for demo in &DEMO_USERS {
        let user = match users::find_by_email(db, demo.email).await? {
            Some(user) => user,
            None => {
                let hash = password::hash_offline(demo.password.to_string())
                    .await
                    .map_err(|e| DbErr::Custom(e.to_string()))?;
                report.users_added += 1;
                users::create_user(
                    db,
                    users::NewUser {
                        name: demo.name,
                        username: demo.username,
                        email: demo.email,
                        password_hash: hash,
                        role: demo.role,
                        team: demo.team,
                        phone: demo.phone,
                    },
                )
                .await?
            }
        };
        authors.push(user.id);
    }

    if posts::count(db).await? > 0 {
        return Ok(report);
    }
    let txn = db.begin().await?;
    let newest = Utc::now();
    for i in 0..DEMO_POST_COUNT {
        let (title, content) = demo_post(i);
        // Oldest first, an hour apart, so the list order is the numbering order reversed.
        let created_at = newest - Duration::hours((DEMO_POST_COUNT - i) as i64);
        posts::create_post(
            &txn,
            posts::NewPost {
                // The admin, Ada and Bob take turns; Carol only reads.
                author_id: authors[i % 3],
                title: &title,
                content: &content,
                created_at: Some(created_at),
            },
        )
        .await?;
        report.posts_added += 1;
    }
    txn.commit().await?;
    Ok(report)
}

/// The `i`th demo post's title and content.
pub fn demo_post(i: usize) -> (String, String) {
    let topic = TOPICS[i % TOPICS.len()];
    let angle = ANGLES[(i / TOPICS.len()) % ANGLES.len()];
    let title = format!("{topic}: {angle} #{n}", n = i + 1);
    let content = format!(
        "This is demo post number {n}, {angle} {lower}.\n\n\
         Quire renders every page on the server and hydrates it in the browser, so this \
         text arrives as HTML first and becomes interactive once the WebAssembly loads.\n\n\
         Try searching for \"{topic}\" or paging through the list to see the rest.",
        n = i + 1,
        lower = topic.to_lowercase(),
    );
    (title, content)
}
