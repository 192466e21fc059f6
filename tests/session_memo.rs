//! The secure check is memoized per request: a dashboard render asks for the user in the
//! navigation, the page and its panel, and the store is asked once. (Its own test binary,
//! so the process-wide lookup counter sees only this test.)

#[path = "api/helpers.rs"]
mod helpers;

use std::sync::atomic::Ordering;

use quire::test_hooks::SESSION_LOOKUPS;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_request_costs_one_session_lookup() {
    let app = helpers::spawn_app().await;
    let ada = app.signed_in("ada@quire.test", "User123!x").await;
    let before = SESSION_LOOKUPS.load(Ordering::SeqCst);
    let (status, page) = app.get_with(&ada, "/dashboard").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(page.contains("Welcome, Ada Lovelace"));
    assert!(page.contains("Log Out"));
    assert_eq!(SESSION_LOOKUPS.load(Ordering::SeqCst) - before, 1);
}
