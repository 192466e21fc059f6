//! Updating data: editing a post, and the account settings (profile, password, deleting
//! the account), through their server functions as a browser without JavaScript posts them
//! (303, then the page with its messages) and as a form island calls them (JSON), against a
//! real server; every cached view (data and rendered pages) shows the change at once.

use crate::helpers::{JsonError, ADA, ADMIN, BOB};
use quire::{
    actions::{
        posts::{CreatePost, UpdatePost},
        settings::{ChangePassword, DeleteAccount, SaveProfile},
    },
    dal::{accounts::LAST_ADMIN_CANNOT_LEAVE, posts::NOT_YOURS},
    entities::{post, user},
    validation,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server_fn::ServerFn;

use crate::helpers::{
    error_of, listed_titles, location, session_set_cookie, spawn_app, store_snapshot, TestApp,
};

async fn account(app: &TestApp, email: &str) -> Option<user::Model> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
}

/// One of `email`'s posts.
async fn a_post_of(app: &TestApp, email: &str) -> post::Model {
    let author = account(app, email).await.expect("the author exists");
    post::Entity::find()
        .filter(post::Column::AuthorId.eq(author.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the author has a post")
}

/// GETs `path` as a visitor without a session: how the page cache answered, and the body.
async fn visit(app: &TestApp, path: &str) -> (String, String) {
    let (how, _, body) = crate::page_cache::visit(app, path).await;
    (how, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_a_post_keeps_values_on_errors_then_revalidates_every_view() {
    let app = spawn_app().await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    // A new post, so it is on the first page of /posts and on the home page.
    let written = app
        .call_fn(
            &ada,
            CreatePost::PATH,
            &[
                ("title", "A tpyo in the title"),
                ("content", "Original words."),
            ],
        )
        .await;
    assert_eq!(written.status(), StatusCode::OK);
    let post = post::Entity::find()
        .order_by_desc(post::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(post.title, "A tpyo in the title");
    let page = format!("/blog/{}", post.slug);
    let edit = format!("{page}/edit");
    // Warm the data cache and the page cache, so the edit must purge both.
    for path in ["/posts", "/", page.as_str()] {
        let _ = visit(&app, path).await;
        assert_eq!(visit(&app, path).await.0, "hit", "{path} kept");
    }

    let (status, form) = app.get_with(&ada, &edit).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Save Changes") && form.contains(&post.title));
    let empty = app
        .post_form(
            &ada,
            UpdatePost::PATH,
            &[
                ("slug", &post.slug),
                ("title", "  "),
                ("content", "Kept text"),
            ],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&empty), edit);
    let (_, form) = app.get_with(&ada, &edit).await;
    assert!(form.contains(validation::TITLE_REQUIRED));
    assert!(form.contains("Kept text"), "the typed content is kept");
    let json = app
        .call_fn(
            &ada,
            UpdatePost::PATH,
            &[("slug", &post.slug), ("title", "t"), ("content", "")],
        )
        .await;
    assert_eq!(
        error_of(json).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let saved = app
        .post_form(
            &ada,
            UpdatePost::PATH,
            &[
                ("slug", &post.slug),
                ("title", "An edited title"),
                ("content", "Edited words."),
            ],
        )
        .await;
    assert_eq!(
        location(&saved),
        page,
        "back to the post, under the same address"
    );
    let (how, shown) = visit(&app, &page).await;
    assert_eq!(how, "miss", "the post's kept page was purged");
    assert!(shown.contains("An edited title") && shown.contains("Edited words."));
    assert!(shown.contains("Edited "), "the page says it was edited");
    let (_, list) = visit(&app, "/posts").await;
    assert!(listed_titles(&list).contains(&"An edited title".to_string()));
    assert!(!listed_titles(&list).contains(&post.title));
    let (_, home) = visit(&app, "/").await;
    assert!(!home.contains(&post.title));
    assert!(home.contains("An edited title"), "the home page follows");
    let stored = post::Entity::find_by_id(post.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.slug, post.slug);
    assert!(stored.edited_at.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_author_and_admins_may_edit() {
    let app = spawn_app().await;
    let post = a_post_of(&app, ADA.0).await;
    let edit = format!("/blog/{}/edit", post.slug);

    let bob = app.signed_in(BOB.0, BOB.1).await;
    let (status, page) = app.get_with(&bob, &format!("/blog/{}", post.slug)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(&edit), "no Edit link for someone else");
    let (status, page) = app.get_with(&bob, &edit).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("403 - Forbidden") && !page.contains("Save Changes"));
    let before = store_snapshot(&app.db).await;
    let refused = app
        .call_fn(
            &bob,
            UpdatePost::PATH,
            &[
                ("slug", &post.slug),
                ("title", "Bob was here"),
                ("content", "x"),
            ],
        )
        .await;
    assert_eq!(
        error_of(refused).await,
        JsonError::new(StatusCode::FORBIDDEN, "forbidden", NOT_YOURS)
    );
    assert_eq!(store_snapshot(&app.db).await, before, "nothing changed");

    // Signed out: the page sends to log in, the function answers 401.
    let stranger = app.new_client();
    let (status, _) = app.get_with(&stranger, &edit).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let refused = app
        .call_fn(
            &stranger,
            UpdatePost::PATH,
            &[("slug", &post.slug), ("title", "t"), ("content", "c")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = app.get_with(&bob, "/blog/no-such-post/edit").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The author sees the link; an admin may edit anyone's post.
    let ada = app.signed_in(ADA.0, ADA.1).await;
    let (_, page) = app.get_with(&ada, &format!("/blog/{}", post.slug)).await;
    assert!(page.contains(&edit), "the author gets the Edit link");
    let admin = app.signed_in(ADMIN.0, ADMIN.1).await;
    let moderated = app
        .call_fn(
            &admin,
            UpdatePost::PATH,
            &[
                ("slug", &post.slug),
                ("title", "Moderated"),
                ("content", "Calm words."),
            ],
        )
        .await;
    assert_eq!(moderated.status(), StatusCode::OK);
    let stored = post::Entity::find_by_id(post.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.title, "Moderated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_is_validated_saved_and_shown_everywhere_at_once() {
    let app = spawn_app().await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    let _ = visit(&app, "/posts").await;
    let _ = visit(&app, "/users/ada").await;

    let bad = app
        .post_form(
            &ada,
            SaveProfile::PATH,
            &[("name", "A"), ("phone", "call me")],
        )
        .await;
    assert_eq!(location(&bad), "/settings");
    let (_, page) = app.get_with(&ada, "/settings").await;
    assert!(page.contains(validation::NAME_TOO_SHORT));
    assert!(page.contains(validation::PHONE_INVALID));
    assert!(page.contains("call me"), "the typed phone is kept");
    let json = app
        .call_fn(&ada, SaveProfile::PATH, &[("name", "Ada"), ("phone", "12")])
        .await;
    let body: serde_json::Value = json.json().await.unwrap();
    assert_eq!(body["error"], "invalid");
    assert_eq!(body["fields"]["phone"][0], validation::PHONE_INVALID);

    let saved = app
        .post_form(
            &ada,
            SaveProfile::PATH,
            &[("name", "Ada King"), ("phone", "+44 20 7946 0958")],
        )
        .await;
    assert_eq!(location(&saved), "/settings");
    let (_, page) = app.get_with(&ada, "/settings").await;
    assert!(page.contains(validation::PROFILE_SAVED));
    let (_, again) = app.get_with(&ada, "/settings").await;
    assert!(!again.contains(validation::PROFILE_SAVED), "said once");
    let stored = account(&app, ADA.0).await.unwrap();
    assert_eq!(
        (stored.name.as_str(), stored.phone.as_deref()),
        ("Ada King", Some("+44 20 7946 0958"))
    );
    let (how, list) = visit(&app, "/posts").await;
    assert_eq!(how, "miss");
    assert!(list.contains("Ada King"), "the lists show the new name");
    let (_, profile) = visit(&app, "/users/ada").await;
    assert!(
        profile.contains("Ada King") && !profile.contains("+44"),
        "the phone stays private"
    );
    // Clearing the phone is allowed; the team is not the user's to set.
    let cleared = app
        .call_fn(
            &ada,
            SaveProfile::PATH,
            &[("name", "Ada King"), ("phone", ""), ("team", "red")],
        )
        .await;
    assert_eq!(cleared.status(), StatusCode::OK);
    assert_eq!(account(&app, ADA.0).await.unwrap().phone, None);
    assert_eq!(
        account(&app, ADA.0).await.unwrap().team.as_deref(),
        Some("blue")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_signs_out_every_other_device() {
    let app = spawn_app().await;
    let here = app.signed_in(ADA.0, ADA.1).await;
    let elsewhere = app.signed_in(ADA.0, ADA.1).await;

    let wrong = app
        .post_form(
            &here,
            ChangePassword::PATH,
            &[
                ("current_password", "Nope123!x"),
                ("new_password", "Fresh123!x"),
            ],
        )
        .await;
    assert_eq!(location(&wrong), "/settings");
    let (_, page) = app.get_with(&here, "/settings").await;
    assert!(page.contains(validation::CURRENT_PASSWORD_WRONG));
    let weak = app
        .call_fn(
            &here,
            ChangePassword::PATH,
            &[("current_password", ADA.1), ("new_password", "short")],
        )
        .await;
    let body: serde_json::Value = weak.json().await.unwrap();
    assert_eq!(
        body["fields"]["new_password"][0],
        validation::PASSWORD_TOO_SHORT
    );
    let (status, _) = app.get_with(&elsewhere, "/dashboard").await;
    assert_eq!(status, StatusCode::OK, "refusals change nothing");

    let changed = app
        .post_form(
            &here,
            ChangePassword::PATH,
            &[("current_password", ADA.1), ("new_password", "Fresh123!x")],
        )
        .await;
    assert_eq!(location(&changed), "/settings");
    let (_, page) = app.get_with(&here, "/settings").await;
    assert!(page.contains(validation::PASSWORD_CHANGED));
    let (status, _) = app.get_with(&here, "/dashboard").await;
    assert_eq!(status, StatusCode::OK, "this device stays signed in");
    let elsewhere_now = elsewhere.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(location(&elsewhere_now), "/login?next=%2Fdashboard");
    let hash = account(&app, ADA.0).await.unwrap().password_hash;
    assert!(hash.starts_with("$argon2id$"));

    let old = app.post_login(&app.new_client(), ADA.0, ADA.1, "").await;
    assert_eq!(location(&old), "/login");
    let new = app
        .post_login(&app.new_client(), ADA.0, "Fresh123!x", "")
        .await;
    assert_eq!(location(&new), "/dashboard");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_an_account_takes_everything_it_made_and_spares_the_last_admin() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN.0, ADMIN.1).await;
    let before = store_snapshot(&app.db).await;
    let refused = app
        .call_fn(&admin, DeleteAccount::PATH, &[("password", ADMIN.1)])
        .await;
    assert_eq!(
        error_of(refused).await,
        JsonError::new(StatusCode::CONFLICT, "conflict", LAST_ADMIN_CANNOT_LEAVE)
    );
    let refused = app
        .post_form(&admin, DeleteAccount::PATH, &[("password", ADMIN.1)])
        .await;
    assert_eq!(location(&refused), "/settings");
    let (_, page) = app.get_with(&admin, "/settings").await;
    assert!(page.contains(LAST_ADMIN_CANNOT_LEAVE));
    assert_eq!(store_snapshot(&app.db).await, before);

    let ada = app.signed_in(ADA.0, ADA.1).await;
    let ada_post = a_post_of(&app, ADA.0).await;
    let _ = visit(&app, "/posts").await;
    let wrong = app
        .call_fn(&ada, DeleteAccount::PATH, &[("password", "Nope123!x")])
        .await;
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(
        body["fields"]["password"][0],
        validation::CURRENT_PASSWORD_WRONG
    );
    assert!(account(&app, ADA.0).await.is_some());

    let gone = app
        .post_form(&ada, DeleteAccount::PATH, &[("password", ADA.1)])
        .await;
    assert_eq!(location(&gone), "/");
    let cookie = session_set_cookie(&gone).expect("the session cookie is deleted");
    assert!(cookie.contains("Max-Age=0"));
    assert!(account(&app, ADA.0).await.is_none());
    assert!(post::Entity::find_by_id(ada_post.id)
        .one(&app.db)
        .await
        .unwrap()
        .is_none());
    let (how, list) = visit(&app, "/posts").await;
    assert_eq!(how, "miss");
    assert!(!list.contains("Ada Lovelace"), "her posts left the list");
    let (status, _) = app.get_with(&ada, "/dashboard").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let again = app.post_login(&app.new_client(), ADA.0, ADA.1, "").await;
    assert_eq!(location(&again), "/login", "her log-in stopped working");
    for p in post::Entity::find().all(&app.db).await.unwrap() {
        let rows = quire::dal::likes::count_rows(&app.db, p.id).await.unwrap();
        assert_eq!(p.like_count as u64, rows, "{}", p.slug);
    }
}
