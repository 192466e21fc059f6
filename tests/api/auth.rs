//! Sign-up, log-in, sessions and authorization over HTTP, as a browser without JavaScript
//! (and an API client) meets them.

use crate::helpers::ADA;
use chrono::{Duration, Utc};
use quire::{
    actions::auth::{Logout, Signup},
    auth::token::{self, Claims},
    dal::{dto::Role, session, users},
    validation,
};
use reqwest::StatusCode;
use server_fn::ServerFn;

use quire::error::SIGNED_OUT;

use crate::helpers::{
    error_of, headings, location, session_set_cookie, spawn_app, JsonError, TestApp, ALL_GET_PATHS,
    TEST_SECRET,
};

/// The stored account with this email (which must exist).
async fn account(db: &sea_orm::DatabaseConnection, email: &str) -> quire::entities::user::Model {
    users::find_by_email(db, email)
        .await
        .unwrap()
        .expect("the account exists")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_shows_each_error_then_succeeds() {
    let app = spawn_app().await;
    let client = app.new_client();
    let bad = app
        .post_form(
            &client,
            Signup::PATH,
            &[("name", "A"), ("email", "nope"), ("password", "short")],
        )
        .await;
    assert_eq!(location(&bad), "/signup");
    let (_, page) = app.get_with(&client, "/signup").await;
    assert!(page.contains(validation::NAME_TOO_SHORT));
    assert!(page.contains(validation::EMAIL_INVALID));
    assert!(page.contains("Password must:"));
    for rule in [
        validation::PASSWORD_NO_NUMBER,
        validation::PASSWORD_NO_SPECIAL,
        validation::PASSWORD_TOO_SHORT,
    ] {
        assert!(page.contains(rule), "{rule}");
    }
    assert!(!page.contains(validation::PASSWORD_NO_LETTER));
    assert!(page.contains("value=\"nope\""), "the email is kept");
    assert!(!page.contains("short\""), "the password is not kept");
    // The flash is shown once.
    let (_, again) = app.get_with(&client, "/signup").await;
    assert!(!again.contains(validation::NAME_TOO_SHORT));

    let taken = app
        .post_form(
            &client,
            Signup::PATH,
            &[
                ("name", "Ada Two"),
                ("email", "ADA@quire.test"),
                ("password", "User123!x"),
            ],
        )
        .await;
    assert_eq!(location(&taken), "/signup");
    let (_, page) = app.get_with(&client, "/signup").await;
    assert!(page.contains(validation::EMAIL_TAKEN));

    let ok = app
        .post_form(
            &client,
            Signup::PATH,
            &[
                ("name", "Grace Hopper"),
                ("email", "Grace@Quire.test"),
                ("password", "Cobol59!x"),
            ],
        )
        .await;
    assert_eq!(location(&ok), "/dashboard");
    assert!(session_set_cookie(&ok).is_some());
    let (status, dashboard) = app.get_with(&client, "/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert!(dashboard.contains("Welcome, Grace Hopper"));
    let grace = account(&app.db, "grace@quire.test").await;
    assert_eq!(grace.role, Role::User);
    assert!(grace.password_hash.starts_with("$argon2id$"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_has_the_contract_flags() {
    let app = spawn_app().await;
    let client = app.new_client();
    let response = app.post_login(&client, ADA.0, ADA.1, "").await;
    let cookie = session_set_cookie(&response).expect("session cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=604800"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    // This test server runs on plain http in dev mode.
    assert!(!cookie.contains("Secure"));
    let jwt = cookie
        .trim_start_matches("session=")
        .split(';')
        .next()
        .unwrap();
    let claims = token::verify(jwt, TEST_SECRET.as_bytes()).expect("a valid HS256 token");
    assert_eq!(claims.role, Role::User);
    assert_eq!(claims.exp - claims.iat, 7 * 24 * 3600);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_and_unknown_email_get_the_same_message() {
    let app = spawn_app().await;
    let client = app.new_client();
    for (email, password) in [
        ("ada@quire.test", "Wrong123!x"),
        ("nobody@quire.test", "User123!x"),
    ] {
        let response = app.post_login(&client, email, password, "").await;
        assert_eq!(location(&response), "/login");
        assert!(session_set_cookie(&response).is_none());
        let (_, page) = app.get_with(&client, "/login").await;
        assert!(page.contains(validation::INVALID_CREDENTIALS), "{email}");
        assert!(page.contains(&format!("value=\"{email}\"")));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_failures_lock_the_email_from_that_address() {
    let app = spawn_app().await;
    let client = app.new_client();
    for _ in 0..5 {
        app.post_login(&client, "bob@quire.test", "nope", "").await;
    }
    let response = app
        .post_login(&client, "bob@quire.test", "User123!x", "")
        .await;
    assert!(
        session_set_cookie(&response).is_none(),
        "even the right password is refused"
    );
    let (_, page) = app.get_with(&client, "/login").await;
    assert!(page.contains(validation::TOO_MANY_ATTEMPTS));
    // Another email from the same address is not affected.
    app.signed_in(ADA.0, ADA.1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_in_follows_a_local_next_only() {
    let app = spawn_app().await;
    for (next, lands_on) in [
        ("/dashboard/sessions", "/dashboard/sessions"),
        ("https://evil.example/", "/dashboard"),
    ] {
        let response = app.post_login(&app.new_client(), ADA.0, ADA.1, next).await;
        assert_eq!(location(&response), lands_on, "next={next}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protected_and_guest_pages_redirect() {
    let app = spawn_app().await;
    let anonymous = app.new_client();
    for path in [
        "/dashboard",
        "/dashboard/sessions",
        "/posts/new",
        "/settings",
        "/blog/hello/edit",
    ] {
        let response = anonymous.get(app.url(path)).send().await.unwrap();
        assert!(response.status().is_redirection(), "{path}");
        assert_eq!(
            location(&response),
            format!("/login?next={}", path.replace('/', "%2F"))
        );
    }
    let ada = app.signed_in(ADA.0, ADA.1).await;
    for path in ["/login", "/signup"] {
        let response = ada.get(app.url(path)).send().await.unwrap();
        assert_eq!(location(&response), "/dashboard", "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_expired_and_foreign_tokens_are_rejected() {
    let app = spawn_app().await;
    let ada = account(&app.db, "ada@quire.test").await;
    let sid = session::create_session(&app.db, ada.id, None, None, Utc::now())
        .await
        .unwrap();
    let good = token::sign(
        &Claims::new(&sid, ada.id, Role::User, Utc::now()),
        TEST_SECRET.as_bytes(),
    )
    .unwrap();
    let expired = token::sign(
        &Claims::new(&sid, ada.id, Role::User, Utc::now() - Duration::days(8)),
        TEST_SECRET.as_bytes(),
    )
    .unwrap();
    let other_key = token::sign(
        &Claims::new(&sid, ada.id, Role::User, Utc::now()),
        b"some-other-secret-some-other-secret!!",
    )
    .unwrap();
    let mut tampered: Vec<String> = good.split('.').map(str::to_string).collect();
    let forged = token::sign(
        &Claims::new(&sid, quire::ids::UserId(1), Role::Admin, Utc::now()),
        b"x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x-x",
    )
    .unwrap();
    tampered[1] = forged.split('.').nth(1).unwrap().to_string();

    let client = reqwest::Client::new();
    let me = |cookie: String| {
        client
            .get(app.url("/api/me"))
            .header("cookie", format!("session={cookie}"))
            .send()
    };
    assert_eq!(me(good.clone()).await.unwrap().status(), StatusCode::OK);
    for bad in [
        expired,
        other_key,
        tampered.join("."),
        "garbage".to_string(),
    ] {
        let JsonError {
            status,
            code,
            message,
        } = error_of(me(bad).await.unwrap()).await;
        assert_eq!(
            (status, code.as_str(), message.as_str()),
            (StatusCode::UNAUTHORIZED, "unauthenticated", SIGNED_OUT)
        );
    }

    // A revoked session is refused on its next request.
    session::revoke_session(&app.db, ada.id, &sid)
        .await
        .unwrap();
    assert_eq!(me(good).await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_routes_answer_401_403_200() {
    let app = spawn_app().await;
    let anonymous = app.new_client();
    let (status, body) = app.get_with(&anonymous, "/api/me").await;
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        serde_json::json!({"error": "unauthenticated", "message": SIGNED_OUT})
    );
    let (status, _) = app.get_with(&anonymous, "/api/admin/users").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let ada = app.signed_in(ADA.0, ADA.1).await;
    let (status, body) = app.get_with(&ada, "/api/me").await;
    assert_eq!(status, StatusCode::OK);
    let me: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(me["username"], "ada");
    assert_eq!(me["role"], "user");
    assert_eq!(me.as_object().unwrap().len(), 4, "{body}");
    let (status, body) = app.get_with(&ada, "/api/admin/users").await;
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "forbidden");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));

    let admin = app.signed_in("admin@quire.test", "Admin123!x").await;
    let (status, body) = app.get_with(&admin, "/api/admin/users").await;
    assert_eq!(status, StatusCode::OK);
    let list: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(list.len(), quire::seed::DEMO_USERS.len());
    assert!(!body.contains("argon2") && !body.contains("@quire.test"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_out_revokes_the_session_and_deletes_the_cookie() {
    let app = spawn_app().await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    let response = app.post_form(&ada, Logout::PATH, &[]).await;
    assert_eq!(location(&response), "/login");
    assert!(session_set_cookie(&response).unwrap().contains("Max-Age=0"));
    let (status, _) = app.get_with(&ada, "/api/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let ada_id = account(&app.db, "ada@quire.test").await.id;
    assert!(session::live_sessions(&app.db, ada_id, Utc::now())
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    for origin in [Some("http://evil.example"), Some("null"), None] {
        let mut request = reqwest::Client::new()
            .post(app.url(Signup::PATH))
            .header("accept", "text/html")
            .form(&[
                ("name", "Eve"),
                ("email", "eve@evil.example"),
                ("password", "Evil123!x"),
            ]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin:?}");
    }
    assert!(users::find_by_email(&app.db, "eve@evil.example")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_one_megabyte_get_413_and_change_nothing() {
    let app = spawn_app().await;
    let huge = "x".repeat(1024 * 1024 + 10);
    let response = reqwest::Client::new()
        .post(app.url(Signup::PATH))
        .header("origin", &app.address)
        .form(&[
            ("name", huge.as_str()),
            ("email", "big@quire.test"),
            ("password", "Big123!xx"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(users::find_by_email(&app.db, "big@quire.test")
        .await
        .unwrap()
        .is_none());
}

/// Posts the dashboard's role change as `client`, as a browser without JavaScript does.
async fn change_role(app: &TestApp, client: &reqwest::Client, user_id: &str, role: &str) {
    use quire::actions::dashboard::ChangeRole;
    app.post_form(
        client,
        ChangeRole::PATH,
        &[("user_id", user_id), ("role", role)],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn role_changes_take_effect_on_the_next_request() {
    let app = spawn_app().await;
    let bob = app.signed_in("bob@quire.test", "User123!x").await;
    let (status, _) = app.get_with(&bob, "/api/admin/users").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Bob cannot promote himself.
    let bob_id = account(&app.db, "bob@quire.test").await.id.to_string();
    change_role(&app, &bob, &bob_id, "admin").await;
    assert_eq!(account(&app.db, "bob@quire.test").await.role, Role::User);

    let admin = app.signed_in("admin@quire.test", "Admin123!x").await;
    let (_, dashboard) = app.get_with(&admin, "/dashboard").await;
    assert!(
        headings(&dashboard).iter().any(|h| h == "Users"),
        "{dashboard}"
    );
    // A role that is not one does not decode: 422, and nothing changes.
    let unknown = app
        .call_fn(
            &admin,
            quire::actions::dashboard::ChangeRole::PATH,
            &[("user_id", &bob_id), ("role", "superuser")],
        )
        .await;
    assert_eq!(
        error_of(unknown).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(account(&app.db, "bob@quire.test").await.role, Role::User);

    change_role(&app, &admin, &bob_id, "admin").await;
    // Bob's cookie still says "user"; the store says "admin", and the store wins.
    let (status, _) = app.get_with(&bob, "/api/admin/users").await;
    assert_eq!(status, StatusCode::OK);

    // The last admin cannot demote themself... but with two admins, one may.
    let admin_id = account(&app.db, "admin@quire.test").await.id.to_string();
    change_role(&app, &bob, &bob_id, "user").await;
    change_role(&app, &admin, &admin_id, "user").await;
    assert_eq!(account(&app.db, "admin@quire.test").await.role, Role::Admin);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_show_contact_details_to_self_team_and_admins_only() {
    let app = spawn_app().await;
    users::create_user(
        &app.db,
        users::NewUser {
            name: "Blue Mate",
            username: "mate",
            email: "mate@quire.test",
            password_hash: quire::auth::password::hash_password_blocking("Mate123!x").unwrap(),
            role: Role::User,
            team: Some("blue"),
            phone: None,
        },
    )
    .await
    .unwrap();
    let anonymous = app.new_client();
    let (_, page) = app.get_with(&anonymous, "/users/ada").await;
    let main = page.split("<main").nth(1).unwrap_or_default();
    assert!(main.contains("<h1>Ada Lovelace</h1>"), "{main}");
    assert!(!page.contains("ada@quire.test"));

    for (viewer, password, sees) in [
        (ADA.0, ADA.1, true),
        ("mate@quire.test", "Mate123!x", true),
        ("bob@quire.test", "User123!x", false),
        ("admin@quire.test", "Admin123!x", true),
    ] {
        let client = app.signed_in(viewer, password).await;
        let (_, page) = app.get_with(&client, "/users/ada").await;
        assert_eq!(page.contains("ada@quire.test"), sees, "{viewer}");
        assert_eq!(page.contains("+1 555 0101"), sees, "{viewer}");
    }
    let (status, _) = app.get_with(&anonymous, "/users/nobody-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_response_contains_a_password_hash() {
    let app = spawn_app().await;
    let admin = app.signed_in("admin@quire.test", "Admin123!x").await;
    for path in ALL_GET_PATHS {
        let (_, body) = app.get_with(&admin, path).await;
        assert!(!body.contains("$argon2"), "{path} leaks a hash");
        assert!(!body.contains(TEST_SECRET), "{path} leaks the secret");
    }
}

/// A session begun at `started` whose row was slid to expire in five days: its id.
async fn slid_session(
    db: &sea_orm::DatabaseConnection,
    user_id: quire::ids::UserId,
    started: chrono::DateTime<Utc>,
) -> quire::ids::SessionId {
    use quire::entities::session as session_entity;
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let sid = session::create_session(db, user_id, None, None, started)
        .await
        .unwrap();
    let mut row: session_entity::ActiveModel = session_entity::Entity::find_by_id(sid.clone())
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    row.expires_at = Set(Utc::now() + Duration::days(5));
    row.update(db).await.unwrap();
    sid
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_thirty_days_after_its_log_in_however_it_is_used() {
    use quire::entities::session as session_entity;
    use sea_orm::EntityTrait;
    let app = spawn_app().await;
    let ada = account(&app.db, "ada@quire.test").await;
    let me = |jwt: String| {
        let url = app.url("/api/me");
        async move {
            reqwest::Client::new()
                .get(url)
                .header("cookie", format!("session={jwt}"))
                .send()
                .await
                .unwrap()
        }
    };

    // 29 days and 12 hours after its log-in, a used session is renewed up to its 30th day.
    let started = Utc::now() - Duration::days(29) - Duration::hours(12);
    let sid = slid_session(&app.db, ada.id, started).await;
    let issued = Utc::now() - Duration::days(2);
    let jwt = token::sign(
        &Claims::new(&sid, ada.id, Role::User, issued),
        TEST_SECRET.as_bytes(),
    )
    .unwrap();
    let response = me(jwt).await;
    assert_eq!(response.status(), StatusCode::OK);
    let renewed = session_set_cookie(&response).expect("a renewed cookie");
    let jwt = renewed
        .trim_start_matches("session=")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let claims = token::verify(&jwt, TEST_SECRET.as_bytes()).unwrap();
    let end = started + Duration::days(30);
    assert!((claims.exp - end.timestamp()).abs() <= 1, "{claims:?}");
    let max_age: i64 = renewed
        .split("Max-Age=")
        .nth(1)
        .and_then(|v| v.split(';').next())
        .and_then(|v| v.trim().parse().ok())
        .expect("a Max-Age");
    assert!(max_age <= 12 * 3600 + 5, "Max-Age {max_age}");
    let row = session_entity::Entity::find_by_id(sid.clone())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!((row.expires_at - end).num_seconds().abs() <= 1);

    // A session begun 31 days ago is over, whatever its row's expiry says (rows slid before
    // the bound existed) and however fresh its cookie.
    let started = Utc::now() - Duration::days(31);
    let sid = slid_session(&app.db, ada.id, started).await;
    let jwt = token::sign(
        &Claims::new(&sid, ada.id, Role::User, Utc::now()),
        TEST_SECRET.as_bytes(),
    )
    .unwrap();
    assert_eq!(me(jwt).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_old_cookie_is_renewed_with_the_session() {
    use quire::entities::session as session_entity;
    use sea_orm::EntityTrait;
    let app = spawn_app().await;
    let ada = account(&app.db, "ada@quire.test").await;
    let issued = Utc::now() - Duration::hours(30);
    let sid = session::create_session(&app.db, ada.id, None, None, issued)
        .await
        .unwrap();
    let old = token::sign(
        &Claims::new(&sid, ada.id, Role::User, issued),
        TEST_SECRET.as_bytes(),
    )
    .unwrap();

    let response = reqwest::Client::new()
        .get(app.url("/api/me"))
        .header("cookie", format!("session={old}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let renewed = session_set_cookie(&response).expect("a renewed cookie");
    assert!(renewed.contains("Max-Age=604800"));
    let jwt = renewed
        .trim_start_matches("session=")
        .split(';')
        .next()
        .unwrap();
    let claims = token::verify(jwt, TEST_SECRET.as_bytes()).unwrap();
    assert_eq!(claims.sid, sid);
    assert!(claims.iat > issued.timestamp() + 3600);
    let row = session_entity::Entity::find_by_id(sid.clone())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.expires_at > Utc::now() + Duration::days(6));

    // A fresh cookie is left alone.
    let fresh = token::sign(
        &Claims::new(&sid, ada.id, Role::User, Utc::now()),
        TEST_SECRET.as_bytes(),
    )
    .unwrap();
    let response = reqwest::Client::new()
        .get(app.url("/api/me"))
        .header("cookie", format!("session={fresh}"))
        .send()
        .await
        .unwrap();
    assert!(session_set_cookie(&response).is_none());
}
