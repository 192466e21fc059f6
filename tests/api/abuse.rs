//! What an anonymous visitor cannot make the server store or do without bound: a
//! signed-out form post stores nothing and goes to log in, kept values are cut to twice
//! their fields' limits, password spraying and e-mail enumeration from one address are limited
//! (429 with `Retry-After` and the contract's message), the request id is always Quire's
//! own, and a missing asset's 404 is never cached for a year.

use quire::{
    actions::{
        auth::{Login, Signup},
        posts::CreatePost,
    },
    entities::flash,
};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use server_fn::ServerFn;

use crate::helpers::{error_of, location, spawn_app, store_snapshot, JsonError};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_out_form_post_stores_nothing_and_goes_to_log_in() {
    let app = spawn_app().await;
    let before = store_snapshot(&app.db).await;
    let big = "x".repeat(900_000);
    let response = app
        .post_form(
            &app.new_client(),
            CreatePost::PATH,
            &[("title", "Hi"), ("content", &big)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?next=%2Fposts%2Fnew");
    assert_eq!(
        flash::Entity::find().count(&app.db).await.unwrap(),
        0,
        "no flash kept"
    );
    assert_eq!(store_snapshot(&app.db).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_form_keeps_its_values_cut_to_the_fields_limits() {
    let app = spawn_app().await;
    let client = app.new_client();
    let name = "n".repeat(5_000);
    let email = format!("{}@quire.test", "e".repeat(5_000));
    let response = app
        .post_form(
            &client,
            Signup::PATH,
            &[("name", &name), ("email", &email), ("password", "x")],
        )
        .await;
    assert_eq!(location(&response), "/signup");
    let kept = flash::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("a flash");
    assert!(
        kept.payload.len() < 2_000,
        "{} bytes kept",
        kept.payload.len()
    );
    // (Twice each field's limit: a name of 100 characters, an e-mail of 254.)
    let (_, page) = app.get_with(&client, "/signup").await;
    assert!(page.contains(&"n".repeat(200)) && !page.contains(&"n".repeat(201)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_wrong_log_ins_for_twenty_emails_from_one_address_get_exactly_ten_checks() {
    let app = spawn_app().await;
    let mut invalid = 0;
    let mut limited = 0;
    for n in 0..20 {
        let email = format!("someone{n}@quire.test");
        let response = app
            .call_fn(
                &app.new_client(),
                Login::PATH,
                &[("email", &email), ("password", "Wrong123!x")],
            )
            .await;
        let retry_after = response.headers().get("retry-after").cloned();
        let JsonError {
            status,
            code,
            message,
        } = error_of(response).await;
        match status {
            StatusCode::UNAUTHORIZED => {
                assert_eq!(message, "Invalid email or password.");
                invalid += 1;
            }
            StatusCode::TOO_MANY_REQUESTS => {
                assert_eq!(
                    (code.as_str(), message.as_str()),
                    ("too_many_requests", "Too many attempts. Try again later.")
                );
                let seconds: u64 = retry_after
                    .expect("Retry-After")
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=900).contains(&seconds));
                limited += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    // Ten are checked (the address's budget), the rest refused before any hash.
    assert_eq!(invalid, 10, "{invalid} wrong passwords were checked");
    assert_eq!(invalid + limited, 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_lookups_from_one_address_are_limited_in_the_check_and_in_sign_up() {
    let app = spawn_app().await;
    let check = |email: String| {
        let url = app.url(&format!(
            "{}?email={email}",
            quire::api::email_available::PATH
        ));
        async move { reqwest::get(url).await.unwrap() }
    };
    // Twenty look-ups answer, whether the address is taken or not; a sign-up is one too.
    for n in 0..19 {
        let response = check(format!("someone{n}@quire.test")).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let sign_up_as_ada = || async {
        let client = app.new_client();
        app.call_fn(
            &client,
            Signup::PATH,
            &[
                ("name", "Ada Again"),
                ("email", "ada@quire.test"),
                ("password", "Good123!x"),
            ],
        )
        .await
    };
    let taken = sign_up_as_ada().await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    // Then the address has used its look-ups: both say so, and neither says whether the
    // address has an account.
    let response = check("ada@quire.test".into()).await;
    assert!(response.headers().contains_key("retry-after"));
    let JsonError {
        status,
        code,
        message,
    } = error_of(response).await;
    assert_eq!(
        (status, code.as_str(), message.as_str()),
        (
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "Too many attempts. Try again later."
        )
    );
    let again = sign_up_as_ada().await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    // A malformed address costs no look-up and is answered by the form's own rules.
    assert_eq!(check("not-an-email".into()).await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_id_is_always_quires_own() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/posts"))
        .header("x-request-id", "attacker-chosen-id")
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert_ne!(id, "attacker-chosen-id");
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_asset_is_not_cached_for_a_year() {
    let app = spawn_app().await;
    std::fs::create_dir_all(app.site_root().join("pkg")).unwrap();
    std::fs::write(app.site_root().join("pkg/there.css"), "body{}").unwrap();
    let there = app
        .client
        .get(app.url("/pkg/there.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(there.status(), StatusCode::OK);
    assert_eq!(
        there.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let missing = app
        .client
        .get(app.url("/pkg/missing.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let cache = missing.headers()["cache-control"].to_str().unwrap();
    assert!(
        !cache.contains("immutable") && !cache.contains("max-age=31536000"),
        "{cache}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_sign_up_past_the_lookup_limit_says_so_on_the_form() {
    // Without JavaScript the refusal comes back as the sign-up page, with the contract's
    // message above the form and the typed values kept; no account is made.
    let app = spawn_app().await;
    for n in 0..quire::dal::rate_limits::EMAIL_LOOKUPS.max {
        let url = app.url(&format!(
            "{}?email=someone{n}@quire.test",
            quire::api::email_available::PATH
        ));
        assert_eq!(reqwest::get(url).await.unwrap().status(), StatusCode::OK);
    }
    let before = store_snapshot(&app.db).await;
    let client = app.new_client();
    let response = app
        .post_form(
            &client,
            Signup::PATH,
            &[
                ("name", "Late Comer"),
                ("email", "late@quire.test"),
                ("password", "Good123!x"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/signup");
    let (_, page) = app.get_with(&client, "/signup").await;
    assert!(
        page.contains("Too many attempts. Try again later."),
        "{page}"
    );
    assert!(page.contains("value=\"late@quire.test\""));
    assert_eq!(store_snapshot(&app.db).await, before);
}
