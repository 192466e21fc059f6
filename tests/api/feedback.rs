//! Every action ends with a visible status message: a plain form post (no JavaScript) is
//! sent on to a page that says what happened once, in the one `role="status"` message at
//! the top; an island's call gets its answer and leaves nothing for the next page.

use quire::{
    actions::{
        auth::Logout,
        dashboard::ChangeRole,
        posts::{CreatePost, DeletePost, UpdatePost},
        sessions::{Devices, RevokeDevice, RevokeOtherDevices},
        settings::{ChangePassword, DeleteAccount, SaveProfile},
    },
    validation,
};
use reqwest::StatusCode;
use server_fn::ServerFn;

use crate::helpers::{location, spawn_app, TestApp, ADA, ADMIN, BOB};

/// The id of the account with `email`, as a form sends it.
async fn user_id(app: &TestApp, email: &str) -> String {
    let account = quire::dal::users::find_by_email(&app.db, email)
        .await
        .unwrap();
    account.expect("the account exists").id.to_string()
}

/// The text of the page's status messages (each `role="status"` element that says
/// something), without their "Dismiss".
fn status_messages(page: &str) -> Vec<String> {
    page.split("role=\"status\"")
        .skip(1)
        .filter_map(|rest| {
            let inside = &rest[rest.find('>')? + 1..rest.find("</div>")?];
            let text = strip_tags(inside).replace("Dismiss", "");
            let text = text.trim();
            (!text.is_empty()).then(|| text.to_string())
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Follows a plain form post's redirect with `client`: the page it lands on says
/// `message` (once: the same page again says nothing). Returns where it went.
async fn lands_saying(
    app: &TestApp,
    client: &reqwest::Client,
    response: reqwest::Response,
    message: &str,
) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{message}");
    let to = location(&response);
    let (status, page) = app.get_with(client, &to).await;
    assert_eq!(status, StatusCode::OK, "{to}");
    assert_eq!(status_messages(&page), [message], "on {to}");
    let (_, again) = app.get_with(client, &to).await;
    assert!(status_messages(&again).is_empty(), "{message} said twice");
    to
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writing_editing_and_deleting_a_post_each_say_so_without_js() {
    let app = spawn_app().await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    let form = [("title", "Said and done"), ("content", "Body.")];
    let published = app.post_form(&ada, CreatePost::PATH, &form).await;
    let post = lands_saying(&app, &ada, published, validation::POST_PUBLISHED).await;
    assert_eq!(
        post, "/blog/said-and-done",
        "publishing goes to the new post"
    );

    let slug = post.rsplit('/').next().unwrap();
    let edit = [
        ("slug", slug),
        ("title", "Said, done"),
        ("content", "More."),
    ];
    let saved = app.post_form(&ada, UpdatePost::PATH, &edit).await;
    let back = lands_saying(&app, &ada, saved, validation::CHANGES_SAVED).await;
    assert_eq!(back, post);

    let id = crate::mutations::newest_post_by(&app, "ada")
        .await
        .id
        .to_string();
    let deleted = app
        .post_form(&ada, DeletePost::PATH, &[("post_id", &id)])
        .await;
    let list = lands_saying(&app, &ada, deleted, validation::POST_DELETED).await;
    assert_eq!(list, "/posts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_devices_and_logging_out_each_say_so_without_js() {
    let app = spawn_app().await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    let profile = [("name", "Ada L."), ("phone", "")];
    let saved = app.post_form(&ada, SaveProfile::PATH, &profile).await;
    lands_saying(&app, &ada, saved, validation::PROFILE_SAVED).await;

    let other = app.signed_in(ADA.0, ADA.1).await;
    let passwords = [("current_password", ADA.1), ("new_password", "Newer123!x")];
    let changed = app.post_form(&ada, ChangePassword::PATH, &passwords).await;
    lands_saying(&app, &ada, changed, validation::PASSWORD_CHANGED).await;
    let (status, _) = app.get_with(&other, "/api/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the other device is out");

    let third = app.signed_in(ADA.0, "Newer123!x").await;
    let devices = app.call_fn(&ada, Devices::PATH, &[]).await;
    let devices: Vec<serde_json::Value> = devices.json().await.unwrap();
    assert_eq!(
        devices[0]["this_device"], true,
        "this device first: {devices:?}"
    );
    let handle = devices
        .iter()
        .find(|d| d["this_device"] == false)
        .and_then(|d| d["handle"].as_str())
        .expect("another device")
        .to_string();
    let revoked = app
        .post_form(&ada, RevokeDevice::PATH, &[("handle", &handle)])
        .await;
    lands_saying(&app, &ada, revoked, validation::DEVICE_LOGGED_OUT).await;
    let (status, _) = app.get_with(&third, "/api/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "that device is out");

    let others = app.post_form(&ada, RevokeOtherDevices::PATH, &[]).await;
    lands_saying(&app, &ada, others, validation::OTHER_DEVICES_LOGGED_OUT).await;

    let out = app.post_form(&ada, Logout::PATH, &[]).await;
    let login = lands_saying(&app, &ada, out, validation::LOGGED_OUT).await;
    assert_eq!(login, "/login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_change_and_a_deleted_account_each_say_so_without_js() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN.0, ADMIN.1).await;
    let bob_id = user_id(&app, BOB.0).await;
    // The change asks first: the dashboard holds no role form until a row's question is
    // open, and then only that row's.
    let form = format!("action=\"{}\"", ChangeRole::PATH);
    let (_, dashboard) = app.get_with(&admin, "/dashboard").await;
    assert!(!dashboard.contains(&form), "{dashboard}");
    let bob = quire::ids::UserId(bob_id.parse().unwrap());
    let ask = quire::paths::confirm_role_href(bob);
    assert!(
        dashboard.contains(&format!("href=\"{ask}\"")),
        "{dashboard}"
    );
    let (_, asked) = app.get_with(&admin, ask.split('#').next().unwrap()).await;
    assert_eq!(asked.matches(&form).count(), 1, "{asked}");
    assert!(asked.contains("Make Bob Marley an admin?"), "{asked}");

    let promote = [("user_id", bob_id.as_str()), ("role", "admin")];
    let changed = app.post_form(&admin, ChangeRole::PATH, &promote).await;
    let message = validation::role_changed(quire::role::Role::Admin);
    assert_eq!(message, "Role changed to admin.");
    lands_saying(&app, &admin, changed, &message).await;

    let ada = app.signed_in(ADA.0, ADA.1).await;
    let gone = app
        .post_form(&ada, DeleteAccount::PATH, &[("password", ADA.1)])
        .await;
    let home = lands_saying(&app, &ada, gone, validation::ACCOUNT_DELETED).await;
    assert_eq!(home, "/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_islands_call_gets_its_answer_and_leaves_nothing_for_the_next_page() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN.0, ADMIN.1).await;
    let bob_id = user_id(&app, BOB.0).await;
    let promote = [("user_id", bob_id.as_str()), ("role", "admin")];
    let answer = app.call_fn(&admin, ChangeRole::PATH, &promote).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let role: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(role, "admin", "the role now held");
    let (_, dashboard) = app.get_with(&admin, "/dashboard").await;
    assert!(status_messages(&dashboard).is_empty(), "{dashboard}");

    let others = app.call_fn(&admin, RevokeOtherDevices::PATH, &[]).await;
    assert_eq!(others.status(), StatusCode::OK);
    let (_, sessions) = app.get_with(&admin, "/dashboard/sessions").await;
    assert!(status_messages(&sessions).is_empty(), "{sessions}");
}

#[test]
fn the_status_reader_finds_each_message_and_skips_empty_ones() {
    let page = r#"<div class="status" role="status"><!----></div>
        <div class="status" role="status"><p>Post published.</p><a href="/x">Dismiss</a></div>"#;
    assert_eq!(status_messages(page), ["Post published."]);
    assert!(status_messages("<p>Post published.</p>").is_empty());
}
