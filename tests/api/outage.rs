//! PostgreSQL going away under a running server, and coming back: `/healthz` says 503
//! within a second, pages answer promptly with their segments' error boundaries, writes
//! are refused with 503 and leave nothing half-done, and once the database is back the
//! server recovers by itself, without a restart.

use crate::helpers::ADA;
use std::time::{Duration, Instant};

use quire::actions::posts::CreatePost;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use server_fn::ServerFn;

use crate::helpers::{error_of, listed_titles, spawn_app_from, JsonError, TestConfig};

use crate::postgres;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
// Selected, not skipped: scripts/test.sh runs the PostgreSQL tests with `--ignored`
// whenever QUIRE_TEST_POSTGRES_URL is set (always in CI), and they fail without it.
#[ignore = "needs QUIRE_TEST_POSTGRES_URL; run with --ignored"]
async fn a_postgresql_outage_answers_503_promptly_and_the_server_recovers_by_itself() {
    let scratch = postgres::ScratchDatabase::create("quire_outage").await;
    let app = spawn_app_from(TestConfig {
        database_url: Some(scratch.url.clone()),
        ..TestConfig::default()
    })
    .await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    let (status, _) = app.get_text("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    let posts_before = quire::entities::post::Entity::find()
        .count(&app.db)
        .await
        .unwrap();

    // The database stops taking connections and loses the ones it had.
    scratch
        .admin(&format!(
            "ALTER DATABASE \"{}\" ALLOW_CONNECTIONS false",
            scratch.name
        ))
        .await;
    scratch
        .admin(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}'",
            scratch.name
        ))
        .await;

    let started = Instant::now();
    let (status, _) = app.get_text("/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "/healthz took {:?}",
        started.elapsed()
    );

    // A page whose data is not cached: its segment fails, the page stands, promptly.
    let started = Instant::now();
    let (status, page) = app.get_text("/posts?page=2").await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "/posts took {:?}",
        started.elapsed()
    );
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Posts</h1>"), "the page stands");
    assert!(page.contains("Something went wrong!") && page.contains("Try again"));

    // A write is refused as unavailable, with a hint when to retry.
    let started = Instant::now();
    let refused = app
        .call_fn(
            &ada,
            CreatePost::PATH,
            &[("title", "During the outage"), ("content", "Lost?")],
        )
        .await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.headers().contains_key("retry-after"));
    let JsonError { code, .. } = error_of(refused).await;
    assert_eq!(code, "unavailable");

    // Back: the server finds the database again on its own.
    scratch
        .admin(&format!(
            "ALTER DATABASE \"{}\" ALLOW_CONNECTIONS true",
            scratch.name
        ))
        .await;
    let back = Instant::now();
    loop {
        let (status, _) = app.get_text("/healthz").await;
        if status == StatusCode::OK {
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(5),
            "not recovered 5 s after the database came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (status, page) = app.get_text("/posts?page=3").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed_titles(&page).len(), 20);
    let (status, _) = app.get_with(&ada, "/dashboard").await;
    assert_eq!(status, StatusCode::OK, "the session survived the outage");
    assert_eq!(
        quire::entities::post::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        posts_before,
        "the refused write left nothing behind"
    );

    app.db.clone().close().await.ok();
    scratch.drop_now().await;
}
