//! Paging, search and slugs, as the list pages use them.

use chrono::{Duration, Utc};
use quire::dal::{
    dto::POSTS_PER_PAGE,
    posts::{self, NewPost},
};
use sea_orm::DatabaseConnection;

crate::on_both_backends!(
    pages_are_newest_first_and_20_long,
    search_ignores_case_and_matches_title_or_content,
    search_treats_wildcards_literally,
    colliding_titles_get_suffixed_slugs,
    concurrent_identical_titles_get_distinct_slugs,
    lists_carry_the_author_name,
    unknown_slugs_are_none,
);

async fn write(
    db: &DatabaseConnection,
    author_id: quire::ids::UserId,
    title: &str,
    content: &str,
    age_hours: i64,
) {
    posts::create_post(
        db,
        NewPost {
            author_id,
            title,
            content,
            created_at: Some(Utc::now() - Duration::hours(age_hours)),
        },
    )
    .await
    .unwrap();
}

async fn pages_are_newest_first_and_20_long(db: &DatabaseConnection) {
    let a = crate::account(db, "pager").await;
    for i in 0..45 {
        // Post i is i hours younger than post 0.
        write(db, a, &format!("Post {i}"), "body", 100 - i).await;
    }
    let first = posts::list_posts(db, 1, "").await.unwrap();
    assert_eq!(first.posts.len() as u64, POSTS_PER_PAGE);
    assert_eq!(first.posts[0].title, "Post 44");
    assert_eq!(first.posts[19].title, "Post 25");
    assert!(first.has_older);
    assert!(!first.has_newer());

    let third = posts::list_posts(db, 3, "").await.unwrap();
    assert_eq!(third.posts.len(), 5);
    assert_eq!(third.posts[4].title, "Post 0");
    assert!(!third.has_older);
    assert!(third.has_newer());

    let beyond = posts::list_posts(db, 9, "").await.unwrap();
    assert!(beyond.posts.is_empty());
    assert_eq!(posts::list_posts(db, 0, "").await.unwrap().page, 1);
}

async fn search_ignores_case_and_matches_title_or_content(db: &DatabaseConnection) {
    let a = crate::account(db, "searcher").await;
    write(db, a, "Leptos streaming", "all about HTML", 3).await;
    write(
        db,
        a,
        "Unrelated",
        "but the body mentions LEPTOS twice: leptos",
        2,
    )
    .await;
    write(db, a, "Nothing here", "plain", 1).await;

    let found = posts::list_posts(db, 1, "  lEpToS ").await.unwrap();
    let titles: Vec<_> = found.posts.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["Unrelated", "Leptos streaming"]);
    assert_eq!(found.query, "lEpToS");

    assert!(posts::list_posts(db, 1, "absent")
        .await
        .unwrap()
        .posts
        .is_empty());
}

async fn search_treats_wildcards_literally(db: &DatabaseConnection) {
    let a = crate::account(db, "wild").await;
    write(db, a, "100% sure", "x", 2).await;
    write(db, a, "1000 reasons", "x", 1).await;
    write(db, a, "snake_case", "x", 3).await;
    write(db, a, "snakeXcase", "x", 4).await;

    let percent = posts::list_posts(db, 1, "0%").await.unwrap();
    assert_eq!(percent.posts.len(), 1);
    assert_eq!(percent.posts[0].title, "100% sure");

    let underscore = posts::list_posts(db, 1, "e_c").await.unwrap();
    assert_eq!(underscore.posts.len(), 1);
    assert_eq!(underscore.posts[0].title, "snake_case");
}

async fn colliding_titles_get_suffixed_slugs(db: &DatabaseConnection) {
    let a = crate::account(db, "slugger").await;
    let mut slugs = Vec::new();
    for _ in 0..3 {
        let post = posts::create_post(
            db,
            NewPost {
                author_id: a,
                title: "Hello, World!",
                content: "x",
                created_at: None,
            },
        )
        .await
        .unwrap();
        slugs.push(post.slug);
    }
    assert_eq!(slugs, ["hello-world", "hello-world-2", "hello-world-3"]);
    // A title whose slug looks like a suffixed one does not confuse the count.
    let post = posts::create_post(
        db,
        NewPost {
            author_id: a,
            title: "Hello world 2",
            content: "x",
            created_at: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(post.slug, "hello-world-2-2");
}

async fn concurrent_identical_titles_get_distinct_slugs(db: &DatabaseConnection) {
    let a = crate::account(db, "racer").await;
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                posts::create_post(
                    &db,
                    NewPost {
                        author_id: a,
                        title: "Same title",
                        content: "x",
                        created_at: None,
                    },
                )
                .await
                .map(|p| p.slug)
            })
        })
        .collect();
    let mut slugs = Vec::new();
    for task in tasks {
        slugs.push(task.await.unwrap().expect("every writer gets a slug"));
    }
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 12);
    assert!(slugs.contains(&"same-title".to_string()));
}

async fn lists_carry_the_author_name(db: &DatabaseConnection) {
    let a = crate::account(db, "named").await;
    write(db, a, "By someone", "x", 1).await;
    let page = posts::list_posts(db, 1, "").await.unwrap();
    assert_eq!(page.posts[0].author_name, "Author named");
    assert_eq!(page.posts[0].author_username, "named");
    let latest = posts::latest_posts(db).await.unwrap();
    assert_eq!(latest[0].author_name, "Author named");
}

async fn unknown_slugs_are_none(db: &DatabaseConnection) {
    assert!(posts::find_by_slug(db, "nope").await.unwrap().is_none());
    let a = crate::account(db, "finder").await;
    write(db, a, "Findable", "first\n\nsecond", 1).await;
    let post = posts::find_by_slug(db, "findable").await.unwrap().unwrap();
    assert_eq!(post.paragraphs(), ["first", "second"]);
}
