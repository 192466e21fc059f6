//! Rules that must hold under concurrent requests, on both stores: the log-in rate limit
//! gives at most five tries however many guesses arrive at once, and two admins demoting
//! each other at once leave one admin.

use std::sync::Arc;

use chrono::Utc;
use quire::dal::{
    dto::Role,
    login_attempts::{self, Attempt, MAX_ATTEMPTS},
    users::{self, RoleChangeError},
};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

crate::on_both_backends!(
    thirty_concurrent_guesses_get_at_most_five_tries,
    tries_are_counted_per_email_and_address,
    two_simultaneous_demotions_of_the_last_two_admins_leave_one,
    old_tries_are_forgotten,
);

async fn thirty_concurrent_guesses_get_at_most_five_tries(db: &DatabaseConnection) {
    let barrier = Arc::new(tokio::sync::Barrier::new(30));
    let guesses = (0..30).map(|_| {
        let (db, barrier) = (db.clone(), Arc::clone(&barrier));
        tokio::spawn(async move {
            barrier.wait().await;
            login_attempts::begin_attempt(&db, "victim@quire.test", "10.0.0.1", Utc::now())
                .await
                .unwrap()
        })
    });
    let outcomes: Vec<Attempt> = futures::future::join_all(guesses)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let allowed = outcomes
        .iter()
        .filter(|o| matches!(o, Attempt::Allowed { .. }))
        .count();
    assert_eq!(allowed as u64, MAX_ATTEMPTS, "{outcomes:?}");
    assert!(outcomes.iter().all(|o| match o {
        Attempt::Allowed { .. } => true,
        Attempt::Limited { retry_after_secs } => (1..=15 * 60).contains(retry_after_secs),
    }));
}

async fn tries_are_counted_per_email_and_address(db: &DatabaseConnection) {
    for _ in 0..MAX_ATTEMPTS {
        let outcome = login_attempts::begin_attempt(db, "a@quire.test", "10.0.0.1", Utc::now())
            .await
            .unwrap();
        assert!(matches!(outcome, Attempt::Allowed { .. }));
    }
    let sixth = login_attempts::begin_attempt(db, "a@quire.test", "10.0.0.1", Utc::now())
        .await
        .unwrap();
    assert!(matches!(sixth, Attempt::Limited { .. }));
    for (email, ip) in [("b@quire.test", "10.0.0.1"), ("a@quire.test", "10.0.0.2")] {
        let other = login_attempts::begin_attempt(db, email, ip, Utc::now())
            .await
            .unwrap();
        assert!(
            matches!(other, Attempt::Allowed { .. }),
            "{email} from {ip}"
        );
    }
    // A success forgets the pair's tries.
    login_attempts::clear(db, "a@quire.test", "10.0.0.1")
        .await
        .unwrap();
    let again = login_attempts::begin_attempt(db, "a@quire.test", "10.0.0.1", Utc::now())
        .await
        .unwrap();
    assert!(matches!(again, Attempt::Allowed { .. }));
}

async fn old_tries_are_forgotten(db: &DatabaseConnection) {
    let long_ago = Utc::now() - login_attempts::WINDOW - chrono::Duration::minutes(1);
    for _ in 0..MAX_ATTEMPTS {
        login_attempts::begin_attempt(db, "old@quire.test", "10.0.0.1", long_ago)
            .await
            .unwrap();
    }
    // Tries older than the window no longer count...
    let now = login_attempts::begin_attempt(db, "old@quire.test", "10.0.0.1", Utc::now())
        .await
        .unwrap();
    assert!(matches!(now, Attempt::Allowed { .. }));
    // ...and the janitor deletes them (and nothing newer).
    let forgotten = login_attempts::forget_old(db, Utc::now()).await.unwrap();
    assert_eq!(forgotten, MAX_ATTEMPTS);
    let left = quire::entities::login_attempt::Entity::find()
        .all(db)
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
}

async fn make_admin(db: &DatabaseConnection, username: &str) -> quire::ids::UserId {
    let id = crate::account(db, username).await;
    let user = quire::entities::user::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut user: quire::entities::user::ActiveModel = user.into();
    user.role = Set(Role::Admin);
    user.update(db).await.unwrap();
    id
}

async fn two_simultaneous_demotions_of_the_last_two_admins_leave_one(db: &DatabaseConnection) {
    // Several rounds, each with two fresh admins as the only ones, to give a race its chance.
    for round in 0..8 {
        let a = make_admin(db, &format!("first{round}")).await;
        let b = make_admin(db, &format!("second{round}")).await;
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let demote = |id: quire::ids::UserId| {
            let (db, barrier) = (db.clone(), Arc::clone(&barrier));
            tokio::spawn(async move {
                barrier.wait().await;
                users::set_role(&db, id, Role::User).await
            })
        };
        let (first, second) = (demote(a), demote(b));
        let outcomes = [first.await.unwrap(), second.await.unwrap()];
        assert_eq!(
            users::count_admins(db).await.unwrap(),
            1,
            "round {round}: {outcomes:?}"
        );
        assert!(
            outcomes.iter().any(Result::is_ok)
                && outcomes
                    .iter()
                    .any(|o| matches!(o, Err(RoleChangeError::LastAdmin))),
            "round {round}: {outcomes:?}"
        );
        // Leave no admin behind for the next round.
        let survivor = if outcomes[0].is_ok() { b } else { a };
        let mut user: quire::entities::user::ActiveModel =
            quire::entities::user::Entity::find_by_id(survivor)
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .into();
        user.role = Set(Role::User);
        user.update(db).await.unwrap();
    }
}
