//! Quire under hostile and concurrent input: a table of bad requests, each answered with
//! its status and changing nothing in the store; the one error shape with its statuses;
//! the rate limit under a burst and behind proxies; a busy server; revoked sessions; the
//! security headers.

use crate::helpers::{JsonError, ADA, BOB};
use std::sync::Arc;

use base64::Engine;
use chrono::{Duration, Utc};
use quire::{
    actions::{
        auth::{Login, Signup},
        dashboard::{AdminUsers, ChangeRole, MyPosts},
        likes::SetLike,
        posts::{CreatePost, DeletePost},
        sessions::{Devices, RevokeDevice, RevokeOtherDevices},
    },
    auth::{
        password::HashPool,
        token::{self, Claims},
    },
    dal::{dto::Role, session, users},
    error::{BUSY, SIGNED_OUT},
    ids::SessionId,
    validation,
};
use reqwest::{RequestBuilder, StatusCode};
use server_fn::ServerFn;

use crate::helpers::{
    error_of, location, spawn_app, spawn_app_from, store_snapshot, TestApp, TestConfig, TEST_SECRET,
};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A request to a server function as the hydrated app sends it (same origin, JSON back).
fn fn_call(app: &TestApp, client: &reqwest::Client, path: &str) -> RequestBuilder {
    client
        .post(app.url(path))
        .header("origin", &app.address)
        .header("accept", "application/json")
}

fn with_session(app: &TestApp, path: &str, jwt: &str) -> RequestBuilder {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url(path))
        .header("cookie", format!("session={jwt}"))
}

/// Sends each request and checks it gets its status, a JSON error body when it is a client
/// error answered as JSON, and changes nothing in the database.
async fn assert_answered_without_change(
    app: &TestApp,
    cases: Vec<(&str, RequestBuilder, StatusCode)>,
) {
    for (what, request, expected) in cases {
        let before = store_snapshot(&app.db).await;
        let response = request.send().await.expect(what);
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(status, expected, "{what}: {body:.300}");
        assert!(
            !body.contains("SQLite format"),
            "{what} served the database"
        );
        if status.is_client_error() && !body.starts_with('<') && !body.is_empty() {
            let json: serde_json::Value = serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("{what}: not the JSON error shape ({e}): {body:.300}"));
            assert!(
                json["error"].is_string() && json["message"].is_string(),
                "{what}: {body}"
            );
        }
        assert_eq!(
            store_snapshot(&app.db).await,
            before,
            "{what} changed the database"
        );
    }
}

/// Ada's session tokens: a real one, and every way to fake or outlive it.
struct Tokens {
    forged: String,
    expired: String,
    alg_none: String,
    wrong_key: String,
    revoked: String,
}

async fn adas_tokens(app: &TestApp) -> Tokens {
    let ada = users::find_by_email(&app.db, ADA.0).await.unwrap().unwrap();
    let new_session = || session::create_session(&app.db, ada.id, None, None, Utc::now());
    let (sid, revoked_sid) = (new_session().await.unwrap(), new_session().await.unwrap());
    let secret = TEST_SECRET.as_bytes();
    let sign = |sid: &SessionId, role, at, key: &[u8]| {
        token::sign(&Claims::new(sid, ada.id, role, at), key).unwrap()
    };
    let good = sign(&sid, Role::User, Utc::now(), secret);
    let payload =
        b64(&serde_json::to_vec(&Claims::new(&sid, ada.id, Role::Admin, Utc::now())).unwrap());
    let mut forged: Vec<&str> = good.split('.').collect();
    forged[1] = &payload;
    session::revoke_session(&app.db, ada.id, &revoked_sid)
        .await
        .unwrap();
    Tokens {
        forged: forged.join("."),
        expired: sign(&sid, Role::User, Utc::now() - Duration::days(8), secret),
        alg_none: format!("{}.{payload}.", b64(br#"{"alg":"none","typ":"JWT"}"#)),
        wrong_key: sign(
            &sid,
            Role::Admin,
            Utc::now(),
            b"another-key-another-key-another-key!",
        ),
        revoked: sign(&revoked_sid, Role::User, Utc::now(), secret),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_expired_and_revoked_tokens_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let Tokens {
        forged,
        expired,
        alg_none,
        wrong_key,
        revoked,
    } = adas_tokens(&app).await;
    let mut cases: Vec<(&str, RequestBuilder, StatusCode)> = [
        ("a forged token", &forged),
        ("an expired token", &expired),
        ("an alg:none token", &alg_none),
        ("a wrong-key token", &wrong_key),
        ("a revoked session", &revoked),
    ]
    .into_iter()
    .map(|(name, token)| {
        let request = with_session(&app, "/api/me", token);
        (name, request, StatusCode::UNAUTHORIZED)
    })
    .collect();
    cases.push((
        "a revoked session on a signed-in page",
        with_session(&app, "/dashboard", &revoked),
        StatusCode::SEE_OTHER,
    ));
    assert_answered_without_change(&app, cases).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_oversized_and_malformed_posts_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    let anonymous = app.new_client();
    let huge = "x".repeat(1024 * 1024 + 1);
    let chunked =
        futures::stream::iter((0..20).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 64 * 1024])));
    let cases: Vec<(&str, RequestBuilder, StatusCode)> = vec![
        (
            "a cross-origin post",
            ada.post(app.url(CreatePost::PATH))
                .header("origin", "http://evil.example")
                .form(&[("title", "Evil"), ("content", "x")]),
            StatusCode::FORBIDDEN,
        ),
        (
            "an Origin: null post",
            ada.post(app.url(CreatePost::PATH))
                .header("origin", "null")
                .form(&[("title", "Evil"), ("content", "x")]),
            StatusCode::FORBIDDEN,
        ),
        (
            "a body over 1 MB with Content-Length",
            fn_call(&app, &ada, CreatePost::PATH).form(&[("title", "Big"), ("content", &huge)]),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "a chunked body over 1 MB",
            fn_call(&app, &ada, CreatePost::PATH)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(reqwest::Body::wrap_stream(chunked)),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "invalid UTF-8 in a form body",
            fn_call(&app, &ada, CreatePost::PATH)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(b"title=%FF%FE&content=\xff\xfe".to_vec()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "duplicated form fields",
            fn_call(&app, &ada, CreatePost::PATH)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("title=One&title=Two&content=Body"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "an overlong title",
            fn_call(&app, &ada, CreatePost::PATH)
                .form(&[("title", "t".repeat(121).as_str()), ("content", "Body")]),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "an overlong name",
            fn_call(&app, &anonymous, Signup::PATH).form(&[
                ("name", "n".repeat(101).as_str()),
                ("email", "long@quire.test"),
                ("password", "Long123!x"),
            ]),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    assert_answered_without_change(&app, cases).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_list_queries_and_asset_traversals_are_answered_safely() {
    let app = spawn_app().await;
    let anonymous = app.new_client();
    let long_search = format!("/posts?q={}", "a".repeat(10 * 1024));
    let cases: Vec<(&str, RequestBuilder, StatusCode)> = [
        (
            "a huge page",
            "/posts?page=18446744073709551615",
            StatusCode::OK,
        ),
        (
            "a page past u64",
            "/posts?page=99999999999999999999999",
            StatusCode::OK,
        ),
        ("a negative page", "/posts?page=-3", StatusCode::OK),
        ("a non-numeric page", "/posts?page=abc", StatusCode::OK),
        (
            "a search with wildcards",
            "/posts?q=%25_%25",
            StatusCode::OK,
        ),
        (
            "a search with quotes",
            "/posts?q=%27%22%3B--",
            StatusCode::OK,
        ),
        ("a 10 KB search", long_search.as_str(), StatusCode::OK),
        (
            "a traversal under the asset path",
            "/pkg/../quire.db",
            StatusCode::NOT_FOUND,
        ),
        (
            "an encoded traversal",
            "/pkg/%2e%2e/quire.db",
            StatusCode::NOT_FOUND,
        ),
        (
            "an encoded slash traversal",
            "/pkg/..%2fquire.db",
            StatusCode::NOT_FOUND,
        ),
        (
            "a double-encoded traversal",
            "/pkg/%252e%252e%252fquire.db",
            StatusCode::NOT_FOUND,
        ),
    ]
    .into_iter()
    .map(|(name, path, status)| (name, anonymous.get(app.url(path)), status))
    .collect();
    assert_answered_without_change(&app, cases).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_refuse_the_signed_out_and_the_wrong_user_and_change_nothing() {
    let app = spawn_app().await;
    let bob = app.signed_in(BOB.0, BOB.1).await;
    let anonymous = app.new_client();
    let ada_account = users::find_by_email(&app.db, ADA.0).await.unwrap().unwrap();
    let adas_post = quire::dal::posts::posts_by_author(&app.db, ada_account.id)
        .await
        .unwrap()
        .remove(0);
    let adas_post_id = quire::dal::posts::owner_by_slug(&app.db, &adas_post.slug)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let mut cases: Vec<(&str, RequestBuilder, StatusCode)> = Vec::new();
    // Every server function a signed-out caller may not use: 401.
    let post_id = adas_post_id.as_str();
    for (path, form) in [
        (CreatePost::PATH, vec![("title", "T"), ("content", "C")]),
        (DeletePost::PATH, vec![("post_id", post_id)]),
        (SetLike::PATH, vec![("post_id", post_id), ("like", "true")]),
        (ChangeRole::PATH, vec![("user_id", "1"), ("role", "user")]),
        (MyPosts::PATH, vec![]),
        (AdminUsers::PATH, vec![]),
        (Devices::PATH, vec![]),
        (RevokeDevice::PATH, vec![("handle", "0123456789abcdef")]),
        (RevokeOtherDevices::PATH, vec![]),
    ] {
        cases.push((
            path,
            fn_call(&app, &anonymous, path).form(&form),
            StatusCode::UNAUTHORIZED,
        ));
    }
    // And those the wrong user may not: 403.
    let ada_id = ada_account.id.to_string();
    for (path, form) in [
        (DeletePost::PATH, vec![("post_id", post_id)]),
        (
            ChangeRole::PATH,
            vec![("user_id", ada_id.as_str()), ("role", "admin")],
        ),
        (AdminUsers::PATH, vec![]),
    ] {
        cases.push((
            path,
            fn_call(&app, &bob, path).form(&form),
            StatusCode::FORBIDDEN,
        ));
    }
    assert_answered_without_change(&app, cases).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_carry_their_status_and_one_json_shape() {
    let app = spawn_app().await;
    let anonymous = app.new_client();
    let ada = app.signed_in(ADA.0, ADA.1).await;

    let JsonError {
        status,
        code,
        message,
    } = error_of(
        app.call_fn(
            &anonymous,
            CreatePost::PATH,
            &[("title", "T"), ("content", "C")],
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, code.as_str(), message.as_str()),
        (StatusCode::UNAUTHORIZED, "unauthenticated", SIGNED_OUT)
    );

    let JsonError { status, code, .. } = error_of(
        app.call_fn(
            &ada,
            SetLike::PATH,
            &[("post_id", "999999"), ("like", "true")],
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );

    let invalid = app
        .call_fn(&ada, CreatePost::PATH, &[("title", " "), ("content", "")])
        .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = invalid.json().await.unwrap();
    assert_eq!(body["error"], "invalid");
    assert_eq!(body["fields"]["title"][0], validation::TITLE_REQUIRED);
    assert_eq!(body["fields"]["content"][0], validation::CONTENT_REQUIRED);

    let taken = app
        .call_fn(
            &anonymous,
            Signup::PATH,
            &[
                ("name", "Ada Two"),
                ("email", "ADA@quire.test"),
                ("password", "User123!x"),
            ],
        )
        .await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = taken.json().await.unwrap();
    assert_eq!(body["error"], "conflict");
    assert_eq!(body["fields"]["email"][0], validation::EMAIL_TAKEN);

    let JsonError {
        status,
        code,
        message,
    } = error_of(
        app.call_fn(
            &anonymous,
            Login::PATH,
            &[("email", ADA.0), ("password", "Wrong123!x")],
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, code.as_str(), message.as_str()),
        (
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            validation::INVALID_CREDENTIALS
        )
    );
    for _ in 0..4 {
        app.call_fn(
            &anonymous,
            Login::PATH,
            &[("email", ADA.0), ("password", "Wrong123!x")],
        )
        .await;
    }
    let limited = app
        .call_fn(
            &anonymous,
            Login::PATH,
            &[("email", ADA.0), ("password", ADA.1)],
        )
        .await;
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15 * 60).contains(&retry_after));
    let JsonError {
        status,
        code,
        message,
    } = error_of(limited).await;
    assert_eq!(
        (status, code.as_str(), message.as_str()),
        (
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            validation::TOO_MANY_ATTEMPTS
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_concurrent_wrong_log_ins_get_at_most_five_tries() {
    let app = Arc::new(spawn_app().await);
    let barrier = Arc::new(tokio::sync::Barrier::new(30));
    let guesses = (0..30).map(|n| {
        let (app, barrier) = (Arc::clone(&app), Arc::clone(&barrier));
        tokio::spawn(async move {
            let client = app.new_client();
            let password = format!("Wrong{n}!x");
            barrier.wait().await;
            app.call_fn(
                &client,
                Login::PATH,
                &[("email", BOB.0), ("password", &password)],
            )
            .await
            .status()
        })
    });
    let statuses: Vec<StatusCode> = futures::future::join_all(guesses)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let tried = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((tried, limited), (5, 25), "{statuses:?}");
    // Even the right password waits out the window now.
    let right = app
        .call_fn(
            &app.new_client(),
            Login::PATH,
            &[("email", BOB.0), ("password", BOB.1)],
        )
        .await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// Five wrong log-ins for Bob claiming `forwarded_for`, then one more from `then_from`: its status.
async fn sixth_try_status(app: &TestApp, forwarded_for: &str, then_from: &str) -> StatusCode {
    let client = app.new_client();
    for _ in 0..5 {
        let response = fn_call(app, &client, Login::PATH)
            .header("x-forwarded-for", forwarded_for)
            .form(&[("email", BOB.0), ("password", "Wrong123!x")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    fn_call(app, &client, Login::PATH)
        .header("x-forwarded-for", then_from)
        .form(&[("email", BOB.0), ("password", "Wrong123!x")])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_address_comes_from_x_forwarded_for_only_behind_a_trusted_proxy() {
    let behind_proxy = spawn_app_from(TestConfig {
        trusted_proxies: vec!["127.0.0.1/32".into()],
        ..TestConfig::default()
    })
    .await;
    // Two clients behind one proxy: each has its own tries.
    assert_eq!(
        sixth_try_status(&behind_proxy, "203.0.113.7", "198.51.100.9").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sixth_try_status(&behind_proxy, "192.0.2.1", "192.0.2.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Without a trusted proxy the header is the client's own word, and ignored.
    let direct = spawn_app().await;
    assert_eq!(
        sixth_try_status(&direct, "203.0.113.7", "198.51.100.9").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saturated_hashing_pool_answers_busy_with_retry_after() {
    // One hashing thread, a 50 ms wait, and a job of ours holding the thread.
    let pool = HashPool::new(1, std::time::Duration::from_millis(50));
    let app = spawn_app_from(TestConfig {
        hashing: Some(pool.clone()),
        ..TestConfig::default()
    })
    .await;
    let (release, hold) = std::sync::mpsc::channel::<()>();
    let holder = {
        let pool = pool.clone();
        tokio::spawn(async move {
            pool.run(move || {
                let _ = hold.recv();
            })
            .await
        })
    };

    let client = app.new_client();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let busy = loop {
        let response = app
            .call_fn(
                &client,
                Login::PATH,
                &[("email", "someone@quire.test"), ("password", "Wrong123!x")],
            )
            .await;
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            break response;
        }
        // Our job had not taken the thread yet.
        assert!(std::time::Instant::now() < deadline, "never busy");
    };
    assert_eq!(busy.headers()["retry-after"], "2");
    let JsonError { code, message, .. } = error_of(busy).await;
    assert_eq!((code.as_str(), message.as_str()), ("unavailable", BUSY));

    // Without JavaScript the form shows the same words.
    let response = app
        .post_login(&client, "late@quire.test", "Wrong123!x", "")
        .await;
    assert_eq!(location(&response), "/login");
    let (_, page) = app.get_with(&client, "/login").await;
    assert!(
        page.contains(BUSY),
        "the log-in page shows the busy message"
    );

    // A busy answer is not a try: the rate limit did not count these.
    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    for _ in 0..5 {
        let response = app
            .call_fn(
                &client,
                Login::PATH,
                &[("email", "someone@quire.test"), ("password", "Wrong123!x")],
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_session_is_sent_to_log_in_and_its_cookie_deleted() {
    let app = spawn_app().await;
    let login = app.post_login(&app.new_client(), ADA.0, ADA.1, "").await;
    let laptop_jwt = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find_map(|c| c.strip_prefix("session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let (status, _) = {
        let response = with_session(&app, "/dashboard", &laptop_jwt)
            .send()
            .await
            .unwrap();
        (response.status(), ())
    };
    assert_eq!(status, StatusCode::OK);
    let phone = app.signed_in(ADA.0, ADA.1).await;
    let out = app.post_form(&phone, RevokeOtherDevices::PATH, &[]).await;
    assert_eq!(location(&out), "/dashboard/sessions");

    for (path, next) in [
        ("/dashboard", "%2Fdashboard"),
        ("/dashboard/sessions", "%2Fdashboard%2Fsessions"),
        ("/posts/new", "%2Fposts%2Fnew"),
    ] {
        let response = with_session(&app, path, &laptop_jwt).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&response), format!("/login?next={next}"));
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with("session="));
        assert!(
            cookie.is_some_and(|c| c.contains("Max-Age=0")),
            "{path}: cookie kept"
        );
        assert!(response.text().await.unwrap().is_empty(), "no page body");
    }
    // Its server-function calls are refused too, and its cookie deleted.
    let call = reqwest::Client::new()
        .post(app.url(MyPosts::PATH))
        .header("origin", &app.address)
        .header("accept", "application/json")
        .header("cookie", format!("session={laptop_jwt}"))
        .send()
        .await
        .unwrap();
    assert!(call
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("session=;")));
    assert_eq!(call.status(), StatusCode::UNAUTHORIZED);
    // The phone still works.
    let (status, page) = app.get_with(&phone, "/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Welcome, Ada Lovelace"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logging_in_again_revokes_the_session_it_replaces() {
    let app = spawn_app().await;
    let client = app.signed_in(ADA.0, ADA.1).await;
    let ada_id = users::find_by_email(&app.db, ADA.0)
        .await
        .unwrap()
        .unwrap()
        .id;
    // Signed in, the log-in page itself redirects; the form's server function still works.
    let again = app.post_login(&client, ADA.0, ADA.1, "").await;
    assert_eq!(location(&again), "/dashboard");
    let live = session::live_sessions(&app.db, ada_id, Utc::now())
        .await
        .unwrap();
    assert_eq!(live.len(), 1, "the first session was revoked");
    let signup = app
        .post_form(
            &client,
            Signup::PATH,
            &[
                ("name", "Switcher"),
                ("email", "switch@quire.test"),
                ("password", "Switch1!x"),
            ],
        )
        .await;
    assert_eq!(location(&signup), "/dashboard");
    let live = session::live_sessions(&app.db, ada_id, Utc::now())
        .await
        .unwrap();
    assert!(
        live.is_empty(),
        "signing up as someone else ended Ada's session"
    );
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_the_security_headers_and_personal_ones_are_never_stored() {
    let app = spawn_app().await;
    let anonymous = app.new_client();
    let response = anonymous.get(app.url("/posts")).send().await.unwrap();
    let csp = header(&response, "content-security-policy");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the CSP")
        .to_string();
    assert!(csp.contains("script-src 'self' 'nonce-"));
    assert!(csp.contains("'wasm-unsafe-eval'"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(header(&response, "x-content-type-options"), "nosniff");
    assert_eq!(
        header(&response, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    assert_eq!(header(&response, "x-frame-options"), "DENY");
    assert_eq!(header(&response, "cache-control"), "no-cache");
    assert_eq!(
        header(&response, "strict-transport-security"),
        "",
        "dev mode: no HSTS"
    );
    let page = response.text().await.unwrap();
    let scripts: Vec<&str> = page.split("<script").skip(1).collect();
    assert!(!scripts.is_empty());
    for script in scripts {
        assert!(
            script.starts_with(&format!(" nonce=\"{nonce}\""))
                || script.contains(&format!("nonce=\"{nonce}\"")),
            "a script without the response's nonce: <script{script:.80}"
        );
    }
    // A fresh nonce for every render (a page-cache hit names the nonce of the render it
    // keeps, which its scripts carry: see page_cache.rs).
    let first = anonymous.get(app.url("/login")).send().await.unwrap();
    let again = anonymous.get(app.url("/login")).send().await.unwrap();
    assert_ne!(
        header(&first, "content-security-policy"),
        header(&again, "content-security-policy")
    );

    let ada = app.signed_in(ADA.0, ADA.1).await;
    for path in [
        "/dashboard",
        "/dashboard/sessions",
        "/users/ada",
        "/posts",
        "/",
    ] {
        let response = ada.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            header(&response, "cache-control"),
            "private, no-store",
            "{path}"
        );
        assert!(
            header(&response, "content-security-policy").contains("'nonce-"),
            "{path}"
        );
    }
    let api = ada.get(app.url("/api/me")).send().await.unwrap();
    assert_eq!(header(&api, "cache-control"), "no-store");
    assert_eq!(header(&api, "x-content-type-options"), "nosniff");

    let production = spawn_app_from(TestConfig {
        hsts: true,
        ..TestConfig::default()
    })
    .await;
    let response = production
        .client
        .get(production.url("/"))
        .send()
        .await
        .unwrap();
    assert!(header(&response, "strict-transport-security").starts_with("max-age="));
}
