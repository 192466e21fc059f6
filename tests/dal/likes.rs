//! Likes: one per user and post, and the post's count always equal to its rows, even
//! when many users like at once.

use quire::dal::{
    likes::{self, LikeState},
    posts::{self, NewPost},
};
use quire::ids::{PostId, UserId};
use sea_orm::{DatabaseConnection, EntityTrait};

crate::on_both_backends!(
    like_and_unlike_toggle_one_row_and_the_count,
    liking_twice_counts_once,
    a_missing_post_is_none_and_changes_nothing,
    concurrent_likes_from_200_users_count_exactly_200,
);

async fn post(db: &DatabaseConnection, author_id: UserId) -> PostId {
    posts::create_post(
        db,
        NewPost {
            author_id,
            title: "Worth liking",
            content: "Yes.",
            created_at: None,
        },
    )
    .await
    .unwrap()
    .id
}

/// The stored count and the number of like rows.
async fn counts(db: &DatabaseConnection, post_id: PostId) -> (i32, u64) {
    let stored = quire::entities::post::Entity::find_by_id(post_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .like_count;
    (stored, likes::count_rows(db, post_id).await.unwrap())
}

async fn like_and_unlike_toggle_one_row_and_the_count(db: &DatabaseConnection) {
    let author = crate::account(db, "author").await;
    let fan = crate::account(db, "fan").await;
    let post_id = post(db, author).await;

    let liked = likes::set_like(db, fan, post_id, true).await.unwrap();
    assert_eq!(
        liked,
        Some(LikeState {
            liked: true,
            count: 1
        })
    );
    assert!(likes::user_likes_post(db, fan, post_id).await.unwrap());
    assert_eq!(counts(db, post_id).await, (1, 1));

    let unliked = likes::set_like(db, fan, post_id, false).await.unwrap();
    assert_eq!(
        unliked,
        Some(LikeState {
            liked: false,
            count: 0
        })
    );
    assert!(!likes::user_likes_post(db, fan, post_id).await.unwrap());
    assert_eq!(counts(db, post_id).await, (0, 0));

    // Unliking what is not liked changes nothing.
    let again = likes::set_like(db, fan, post_id, false).await.unwrap();
    assert_eq!(
        again,
        Some(LikeState {
            liked: false,
            count: 0
        })
    );
    assert_eq!(counts(db, post_id).await, (0, 0));
}

async fn liking_twice_counts_once(db: &DatabaseConnection) {
    let author = crate::account(db, "author").await;
    let fan = crate::account(db, "fan").await;
    let post_id = post(db, author).await;
    likes::set_like(db, fan, post_id, true).await.unwrap();
    let second = likes::set_like(db, fan, post_id, true).await.unwrap();
    assert_eq!(
        second,
        Some(LikeState {
            liked: true,
            count: 1
        })
    );
    assert_eq!(counts(db, post_id).await, (1, 1));
}

async fn a_missing_post_is_none_and_changes_nothing(db: &DatabaseConnection) {
    let fan = crate::account(db, "fan").await;
    assert_eq!(
        likes::set_like(db, fan, PostId(987_654), true)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        likes::set_like(db, fan, PostId(987_654), false)
            .await
            .unwrap(),
        None
    );
    assert_eq!(likes::count_rows(db, PostId(987_654)).await.unwrap(), 0);
}

async fn concurrent_likes_from_200_users_count_exactly_200(db: &DatabaseConnection) {
    const FANS: usize = 200;
    let author = crate::account(db, "author").await;
    let post_id = post(db, author).await;
    let mut fans = Vec::with_capacity(FANS);
    for i in 0..FANS {
        fans.push(crate::account(db, &format!("fan{i}")).await);
    }

    let mut likes_at_once = tokio::task::JoinSet::new();
    for fan in fans {
        let db = db.clone();
        likes_at_once.spawn(async move { likes::set_like(&db, fan, post_id, true).await });
    }
    let mut answered = 0;
    while let Some(result) = likes_at_once.join_next().await {
        let state = result.unwrap().unwrap().expect("the post exists");
        assert!(state.liked && state.count >= 1 && state.count <= FANS as i32);
        answered += 1;
    }
    assert_eq!(answered, FANS);
    assert_eq!(counts(db, post_id).await, (FANS as i32, FANS as u64));
}
