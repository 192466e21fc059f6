//! `quire seed`: the contract's accounts and enough posts to page through, once.

use quire::{
    auth::password::verify_password_blocking,
    dal::{posts, users},
    seed::{seed, DEMO_POST_COUNT, DEMO_USERS},
};
use sea_orm::DatabaseConnection;

crate::on_both_backends!(seed_adds_the_demo_accounts_and_posts_once);

async fn seed_adds_the_demo_accounts_and_posts_once(db: &DatabaseConnection) {
    let report = seed(db).await.unwrap();
    assert_eq!(report.users_added, DEMO_USERS.len());
    assert_eq!(report.posts_added, DEMO_POST_COUNT);
    const { assert!(DEMO_POST_COUNT >= 60) };

    for demo in &DEMO_USERS {
        // Emails are found ignoring case.
        let user = users::find_by_email(db, &demo.email.to_uppercase())
            .await
            .unwrap()
            .expect("demo user");
        assert_eq!(user.role, demo.role);
        assert_eq!(user.team.as_deref(), demo.team);
        assert!(user.password_hash.starts_with("$argon2id$"));
        assert!(verify_password_blocking(demo.password, &user.password_hash));
    }
    let ada = users::find_by_email(db, "ada@quire.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ada.team.as_deref(), Some("blue"));

    let again = seed(db).await.unwrap();
    assert_eq!(again, Default::default());
    assert_eq!(posts::count(db).await.unwrap(), DEMO_POST_COUNT as u64);
    assert!(!posts::list_posts(db, 4, "").await.unwrap().posts.is_empty());
}
