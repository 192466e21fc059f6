//! The limits that keep anonymous visitors from making the server store or work without
//! bound, on both stores: log-in tries per address whatever the e-mails (password
//! spraying), e-mail look-ups per address (enumeration), both holding under concurrent
//! requests, and the cap on waiting form flashes.

use std::sync::Arc;

use chrono::{Duration, Utc};
use quire::{
    dal::{
        flashes,
        login_attempts::{self, Attempt, MAX_ATTEMPTS_PER_ADDRESS},
        rate_limits::{self, Hit, EMAIL_LOOKUPS},
    },
    entities::flash,
};
use sea_orm::{DatabaseConnection, EntityTrait, Set};

crate::on_both_backends!(
    twenty_emails_from_one_address_get_at_most_ten_tries,
    thirty_concurrent_lookups_from_one_address_get_the_limit_and_no_more,
    a_lookup_window_ends_and_other_addresses_are_not_limited,
    flashes_stop_being_kept_when_the_table_is_full,
    one_owner_keeps_at_most_twenty_flashes_and_none_too_large,
    an_ipv6_host_is_counted_by_its_64_network,
);

async fn twenty_emails_from_one_address_get_at_most_ten_tries(db: &DatabaseConnection) {
    let mut allowed = 0;
    for n in 0..20 {
        let email = format!("person{n}@quire.test");
        match login_attempts::begin_attempt(db, &email, "10.0.0.7", Utc::now())
            .await
            .unwrap()
        {
            Attempt::Allowed { .. } => allowed += 1,
            Attempt::Limited { retry_after_secs } => {
                assert!((1..=15 * 60).contains(&retry_after_secs))
            }
        }
    }
    assert_eq!(allowed, MAX_ATTEMPTS_PER_ADDRESS);
    // Another address is not affected.
    let other = login_attempts::begin_attempt(db, "person0@quire.test", "10.0.0.8", Utc::now())
        .await
        .unwrap();
    assert!(matches!(other, Attempt::Allowed { .. }));
}

async fn thirty_concurrent_lookups_from_one_address_get_the_limit_and_no_more(
    db: &DatabaseConnection,
) {
    let barrier = Arc::new(tokio::sync::Barrier::new(30));
    let lookups = (0..30).map(|_| {
        let (db, barrier) = (db.clone(), Arc::clone(&barrier));
        tokio::spawn(async move {
            barrier.wait().await;
            rate_limits::hit(&db, EMAIL_LOOKUPS, "10.0.0.9", Utc::now())
                .await
                .unwrap()
        })
    });
    let outcomes: Vec<Hit> = futures::future::join_all(lookups)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let allowed = outcomes.iter().filter(|o| **o == Hit::Allowed).count();
    assert_eq!(allowed as i32, EMAIL_LOOKUPS.max, "{outcomes:?}");
    assert!(outcomes.iter().all(|o| match o {
        Hit::Allowed => true,
        Hit::Limited { retry_after_secs } => (1..=15 * 60).contains(retry_after_secs),
    }));
}

async fn a_lookup_window_ends_and_other_addresses_are_not_limited(db: &DatabaseConnection) {
    let start = Utc::now() - Duration::minutes(20);
    for _ in 0..EMAIL_LOOKUPS.max {
        assert_eq!(
            rate_limits::hit(db, EMAIL_LOOKUPS, "10.1.1.1", start)
                .await
                .unwrap(),
            Hit::Allowed
        );
    }
    assert!(matches!(
        rate_limits::hit(db, EMAIL_LOOKUPS, "10.1.1.1", start)
            .await
            .unwrap(),
        Hit::Limited { .. }
    ));
    assert_eq!(
        rate_limits::hit(db, EMAIL_LOOKUPS, "10.1.1.2", start)
            .await
            .unwrap(),
        Hit::Allowed
    );
    // Fifteen minutes on, the window has ended.
    assert_eq!(
        rate_limits::hit(db, EMAIL_LOOKUPS, "10.1.1.1", Utc::now())
            .await
            .unwrap(),
        Hit::Allowed
    );
    // The janitor forgets counters a day old, and only those.
    assert_eq!(rate_limits::forget_old(db, Utc::now()).await.unwrap(), 0);
    assert_eq!(
        rate_limits::forget_old(db, Utc::now() + Duration::days(2))
            .await
            .unwrap(),
        2
    );
}

async fn flashes_stop_being_kept_when_the_table_is_full(db: &DatabaseConnection) {
    let now = Utc::now();
    let rows: Vec<flash::ActiveModel> = (0..flashes::MAX_WAITING)
        .map(|n| flash::ActiveModel {
            id: Set(format!("{n:032x}")),
            kind: Set("signup".into()),
            payload: Set("{}".into()),
            expires_at: Set(now + flashes::TTL),
            owner: Set(format!("ip:10.0.{}.{}", n / 256, n % 256)),
        })
        .collect();
    for chunk in rows.chunks(500) {
        flash::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
    let keep = |at| flashes::save(db, "signup", "{}".into(), "ip:10.9.9.9", at);
    assert_eq!(keep(now).await.unwrap(), None);
    // Once they have expired, flashes are kept again.
    assert!(keep(now + flashes::TTL + Duration::seconds(1))
        .await
        .unwrap()
        .is_some());
}

async fn one_owner_keeps_at_most_twenty_flashes_and_none_too_large(db: &DatabaseConnection) {
    let now = Utc::now();
    let keep =
        |owner: &'static str, payload: String| flashes::save(db, "post", payload, owner, now);
    for _ in 0..flashes::MAX_WAITING_PER_OWNER {
        assert!(keep("user:7", "{}".into()).await.unwrap().is_some());
    }
    assert_eq!(keep("user:7", "{}".into()).await.unwrap(), None);
    assert!(keep("user:8", "{}".into()).await.unwrap().is_some());
    let huge = "x".repeat(flashes::MAX_PAYLOAD_BYTES + 1);
    assert_eq!(keep("user:9", huge).await.unwrap(), None);
}

async fn an_ipv6_host_is_counted_by_its_64_network(db: &DatabaseConnection) {
    let mut allowed = 0;
    for n in 0..20 {
        let host = format!("2001:db8:1:2::{n:x}");
        if rate_limits::hit(db, EMAIL_LOOKUPS, &host, Utc::now())
            .await
            .unwrap()
            == Hit::Allowed
        {
            allowed += 1;
        }
        let email = format!("someone{n}@quire.test");
        login_attempts::begin_attempt(db, &email, &host, Utc::now())
            .await
            .unwrap();
    }
    assert_eq!(allowed, 20);
    let lookup = rate_limits::hit(db, EMAIL_LOOKUPS, "2001:db8:1:2::ffff", Utc::now()).await;
    assert!(matches!(lookup.unwrap(), Hit::Limited { .. }));
    let login =
        login_attempts::begin_attempt(db, "another@quire.test", "2001:db8:1:2::abcd", Utc::now())
            .await;
    assert!(matches!(login.unwrap(), Attempt::Limited { .. }));
    // Another /64 is another client.
    let other = rate_limits::hit(db, EMAIL_LOOKUPS, "2001:db8:1:3::1", Utc::now()).await;
    assert_eq!(other.unwrap(), Hit::Allowed);
}
