//! Changing data after the fact, on both stores: editing a post (its author or an admin,
//! the slug stays, the edit time is kept) and deleting an account (its likes, posts and
//! sessions go, the like counts of other posts follow, the last admin stays), also while
//! other writes race it.

use quire::ids::{SessionId, UserId};
use std::sync::Arc;

use chrono::Utc;
use quire::{
    auth::token::Claims,
    dal::{
        accounts::{self, DeletionError},
        dto::Role,
        likes,
        posts::{self, NewPost},
        session::{self, SessionUser},
    },
    entities::{like, post, session as session_entity, user},
    error::ErrorCode,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait,
};

crate::on_both_backends!(
    an_edit_keeps_the_slug_records_its_time_and_follows_the_rule,
    deleting_an_account_takes_its_likes_posts_and_sessions_and_the_counts_follow,
    two_admins_leaving_at_once_leave_one,
    likes_racing_a_deletion_leave_every_count_equal_to_its_rows,
);

async fn write(db: &DatabaseConnection, author_id: UserId, title: &str) -> post::Model {
    posts::create_post(
        db,
        NewPost {
            author_id,
            title,
            content: "Some words.",
            created_at: None,
        },
    )
    .await
    .unwrap()
}

async fn viewer(db: &DatabaseConnection, id: UserId) -> SessionUser {
    let u = user::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    SessionUser {
        session_id: SessionId("s".into()),
        user_id: u.id,
        name: u.name,
        username: u.username,
        role: u.role,
        team: u.team,
        claims: Claims::new(&SessionId("s".into()), u.id, u.role, Utc::now()),
        started_at: Utc::now(),
    }
}

async fn promote(db: &DatabaseConnection, id: UserId) {
    let u = user::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    let mut u: user::ActiveModel = u.into();
    u.role = Set(Role::Admin);
    u.update(db).await.unwrap();
}

/// Every post's like count against its rows in `likes`.
/// Edits the post at `slug` as user `who`, now: the DAL's answer.
async fn edit_as(
    db: &DatabaseConnection,
    who: UserId,
    slug: &str,
    title: &str,
) -> Result<posts::PostOwner, quire::error::AppError> {
    let viewer = viewer(db, who).await;
    posts::update_post(db, &viewer, slug, title, "Edited words.", Utc::now()).await
}

/// The stored title of the post at `slug`.
async fn title_of(db: &DatabaseConnection, slug: &str) -> String {
    posts::find_by_slug(db, slug).await.unwrap().unwrap().title
}

async fn counts_match_rows(db: &DatabaseConnection) {
    for p in post::Entity::find().all(db).await.unwrap() {
        let rows = likes::count_rows(db, p.id).await.unwrap();
        assert_eq!(p.like_count as u64, rows, "post {}", p.slug);
    }
}

async fn delete(db: &DatabaseConnection, id: UserId) -> Result<accounts::Deleted, DeletionError> {
    let txn = quire::dal::db::begin_write(db).await.unwrap();
    let outcome = accounts::delete_account(&txn, id).await;
    assert!(
        !matches!(outcome, Err(DeletionError::Database(_))),
        "{outcome:?}"
    );
    txn.commit().await.unwrap();
    outcome
}

async fn an_edit_keeps_the_slug_records_its_time_and_follows_the_rule(db: &DatabaseConnection) {
    let author = crate::account(db, "author").await;
    let other = crate::account(db, "other").await;
    let admin = crate::account(db, "moderator").await;
    promote(db, admin).await;
    let written = write(db, author, "A tpyo in the title").await;
    assert_eq!(written.edited_at, None);

    let at = Utc::now();
    let txn = db.begin().await.unwrap();
    posts::update_post(
        &txn,
        &viewer(db, author).await,
        &written.slug,
        "A typo fixed",
        "New words.",
        at,
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let edited = posts::find_by_slug(db, &written.slug)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (edited.title.as_str(), edited.content.as_str()),
        ("A typo fixed", "New words.")
    );
    assert_eq!(edited.slug, written.slug, "the slug never changes");
    assert_eq!(
        edited.created_at.timestamp(),
        written.created_at.timestamp()
    );
    assert_eq!(
        edited.edited_at.map(|t| t.timestamp()),
        Some(at.timestamp())
    );

    // Someone else: 403, nothing changes; an admin may; an unknown post is 404.
    let refused = edit_as(db, other, &written.slug, "Mine now")
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    let editable = posts::editable(db, &viewer(db, other).await, &written.slug).await;
    assert_eq!(editable.unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(title_of(db, &written.slug).await, "A typo fixed");
    edit_as(db, admin, &written.slug, "Moderated")
        .await
        .unwrap();
    assert_eq!(title_of(db, &written.slug).await, "Moderated");
    let missing = edit_as(db, admin, "no-such-post", "t").await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
}

async fn deleting_an_account_takes_its_likes_posts_and_sessions_and_the_counts_follow(
    db: &DatabaseConnection,
) {
    let leaving = crate::account(db, "leaving").await;
    let staying = crate::account(db, "staying").await;
    let own = write(db, leaving, "Written by the one leaving").await;
    let theirs = write(db, staying, "Written by the one staying").await;
    let also = write(db, staying, "Also by the one staying").await;
    for (who, what) in [
        (leaving, theirs.id),
        (leaving, also.id),
        (leaving, own.id),
        (staying, own.id),
        (staying, theirs.id),
    ] {
        likes::set_like(db, who, what, true).await.unwrap();
    }
    session::create_session(db, leaving, Some("test"), None, Utc::now())
        .await
        .unwrap();
    session::create_session(db, staying, Some("test"), None, Utc::now())
        .await
        .unwrap();

    let deleted = delete(db, leaving).await.unwrap();
    assert_eq!(deleted.username, "leaving");
    assert_eq!(deleted.posts, 1);
    assert_eq!(deleted.unliked_posts, 2);

    assert!(user::Entity::find_by_id(leaving)
        .one(db)
        .await
        .unwrap()
        .is_none());
    assert!(post::Entity::find_by_id(own.id)
        .one(db)
        .await
        .unwrap()
        .is_none());
    let left_likes = like::Entity::find().all(db).await.unwrap();
    assert_eq!(left_likes.len(), 1, "{left_likes:?}");
    assert_eq!(
        (left_likes[0].user_id, left_likes[0].post_id),
        (staying, theirs.id)
    );
    let sessions = session_entity::Entity::find()
        .filter(session_entity::Column::UserId.eq(leaving))
        .count(db)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
    assert_eq!(
        post::Entity::find_by_id(theirs.id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .like_count,
        1
    );
    assert_eq!(
        post::Entity::find_by_id(also.id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .like_count,
        0
    );
    counts_match_rows(db).await;
    // The one staying is untouched.
    assert_eq!(session_entity::Entity::find().count(db).await.unwrap(), 1);
    assert!(matches!(
        delete(db, leaving).await,
        Err(DeletionError::Gone)
    ));
}

async fn two_admins_leaving_at_once_leave_one(db: &DatabaseConnection) {
    for round in 0..6 {
        let a = crate::account(db, &format!("first{round}")).await;
        let b = crate::account(db, &format!("second{round}")).await;
        promote(db, a).await;
        promote(db, b).await;
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let leave = |id: UserId| {
            let (db, barrier) = (db.clone(), Arc::clone(&barrier));
            tokio::spawn(async move {
                barrier.wait().await;
                delete(&db, id).await.map(|_| ())
            })
        };
        let (first, second) = (leave(a), leave(b));
        let outcomes = [first.await.unwrap(), second.await.unwrap()];
        assert!(
            outcomes.iter().any(Result::is_ok)
                && outcomes
                    .iter()
                    .any(|o| matches!(o, Err(DeletionError::LastAdmin))),
            "round {round}: {outcomes:?}"
        );
        assert_eq!(quire::dal::users::count_admins(db).await.unwrap(), 1);
        // The survivor steps down, so the next round's two are the only admins.
        let survivor = if outcomes[0].is_ok() { b } else { a };
        let u = user::Entity::find_by_id(survivor)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut u: user::ActiveModel = u.into();
        u.role = Set(Role::User);
        u.update(db).await.unwrap();
    }
}

async fn likes_racing_a_deletion_leave_every_count_equal_to_its_rows(db: &DatabaseConnection) {
    let leaving = crate::account(db, "leaving").await;
    let author = crate::account(db, "author").await;
    let mut targets = Vec::new();
    for n in 0..8 {
        targets.push(write(db, author, &format!("Post number {n}")).await.id);
    }
    let barrier = Arc::new(tokio::sync::Barrier::new(targets.len() + 1));
    let mut tasks = Vec::new();
    for id in targets.clone() {
        let (db, barrier) = (db.clone(), Arc::clone(&barrier));
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            // The account may already be gone: then the like is refused, never half-made.
            let _ = likes::set_like(&db, leaving, id, true).await;
        }));
    }
    let deletion = {
        let (db, barrier) = (db.clone(), Arc::clone(&barrier));
        tokio::spawn(async move {
            barrier.wait().await;
            delete(&db, leaving).await.unwrap()
        })
    };
    for task in tasks {
        task.await.unwrap();
    }
    deletion.await.unwrap();
    assert!(user::Entity::find_by_id(leaving)
        .one(db)
        .await
        .unwrap()
        .is_none());
    assert_eq!(like::Entity::find().count(db).await.unwrap(), 0);
    counts_match_rows(db).await;
}
