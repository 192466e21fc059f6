//! Creating, deleting and liking posts through their server functions, as a browser
//! without JavaScript posts them (303 and a page) and as the hydrated app calls them
//! (JSON); the data cache and its revalidation; the error boundaries and the panic page.

use crate::helpers::{JsonError, ADA, ADMIN, BOB};
use quire::{
    actions::{
        likes::{LikeState, SetLike},
        posts::{CreatePost, DeletePost},
    },
    dal::posts::NOT_YOURS,
    entities::post,
    error::SIGNED_OUT,
    segment::Segment,
    test_hooks::fail_cookie,
    validation,
};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use server_fn::ServerFn;

use crate::helpers::{
    client_with_jar, error_of, listed_titles, location, spawn_app, spawn_app_configured, TestApp,
    REVALIDATE_TOKEN,
};

async fn post_count(app: &TestApp) -> u64 {
    post::Entity::find().count(&app.db).await.unwrap()
}

/// The newest post by the user with this username.
async fn newest_post_by(app: &TestApp, username: &str) -> post::Model {
    let author = quire::entities::user::Entity::find()
        .filter(quire::entities::user::Column::Username.eq(username))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the author exists");
    post::Entity::find()
        .filter(post::Column::AuthorId.eq(author.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .max_by_key(|p| (p.created_at, p.id))
        .expect("the author has posts")
}

async fn find_post(app: &TestApp, id: quire::ids::PostId) -> Option<post::Model> {
    post::Entity::find_by_id(id).one(&app.db).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_a_post_without_js_shows_each_error_keeps_values_then_lands_on_top() {
    let app = spawn_app().await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    let before = post_count(&app).await;
    // Warm the cache, so the new post must come from revalidation.
    let _ = app.get_with(&ada, "/posts").await;

    let empty = app
        .post_form(&ada, CreatePost::PATH, &[("title", "   "), ("content", "")])
        .await;
    assert_eq!(empty.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&empty), "/posts/new");
    let (_, page) = app.get_with(&ada, "/posts/new").await;
    assert!(page.contains(validation::TITLE_REQUIRED));
    assert!(page.contains(validation::CONTENT_REQUIRED));

    let long_title = "t".repeat(121);
    let long_content = "c".repeat(20_001);
    let too_long = app
        .post_form(
            &ada,
            CreatePost::PATH,
            &[("title", &long_title), ("content", &long_content)],
        )
        .await;
    assert_eq!(location(&too_long), "/posts/new");
    let (_, page) = app.get_with(&ada, "/posts/new").await;
    assert!(page.contains(validation::TITLE_TOO_LONG));
    assert!(page.contains(validation::CONTENT_TOO_LONG));
    assert!(
        page.contains(&format!("value=\"{long_title}\"")),
        "the title is kept"
    );
    assert!(
        page.contains(&long_content),
        "the content is kept, however long"
    );
    assert_eq!(post_count(&app).await, before, "nothing was stored");

    let ok = app
        .post_form(
            &ada,
            CreatePost::PATH,
            &[
                ("title", "  Fresh off the press  "),
                ("content", "First.\n\nSecond."),
            ],
        )
        .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&ok), "/posts");
    assert_eq!(post_count(&app).await, before + 1);
    let (_, list) = app.get_with(&ada, "/posts").await;
    assert_eq!(listed_titles(&list)[0], "Fresh off the press");
    let (_, home) = app.get_text("/").await;
    assert_eq!(listed_titles(&home)[0], "Fresh off the press");
    let (status, page) = app.get_text("/blog/fresh-off-the-press").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<p>First.</p>") && page.contains("<p>Second.</p>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_out_create_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let before = post_count(&app).await;
    let response = app
        .call_fn(
            &app.new_client(),
            CreatePost::PATH,
            &[("title", "Sneaky"), ("content", "Nope")],
        )
        .await;
    let JsonError {
        status,
        code,
        message,
    } = error_of(response).await;
    assert_eq!(
        (status, code.as_str(), message.as_str()),
        (StatusCode::UNAUTHORIZED, "unauthenticated", SIGNED_OUT)
    );
    assert_eq!(post_count(&app).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_page_visited_before_the_post_existed_shows_it_once_created() {
    let app = spawn_app().await;
    let (status, _) = app.get_text("/blog/brand-new").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let ada = app.signed_in(ADA.0, ADA.1).await;
    app.post_form(
        &ada,
        CreatePost::PATH,
        &[("title", "Brand new"), ("content", "Hi")],
    )
    .await;
    let (status, _) = app.get_text("/blog/brand-new").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_author_or_an_admin_can_delete_a_post() {
    let app = spawn_app().await;
    let adas = newest_post_by(&app, "ada").await;
    let path = format!("/blog/{}", adas.slug);
    let id = adas.id.to_string();
    let _ = app.get_text(&path).await;

    // Bob may not: refused, nothing changes, the page says why.
    let bob = app.signed_in(BOB.0, BOB.1).await;
    let refused = app
        .post_form(&bob, DeletePost::PATH, &[("post_id", &id)])
        .await;
    assert_eq!(location(&refused), path);
    assert!(find_post(&app, adas.id).await.is_some());
    let (_, page) = app.get_with(&bob, &path).await;
    assert!(page.contains(NOT_YOURS));
    assert!(!page.contains(">Delete<"), "no Delete control for Bob");
    let as_json = app
        .call_fn(&bob, DeletePost::PATH, &[("post_id", &id)])
        .await;
    let JsonError {
        status,
        code,
        message,
    } = error_of(as_json).await;
    assert_eq!(
        (status, code.as_str(), message.as_str()),
        (StatusCode::FORBIDDEN, "forbidden", NOT_YOURS)
    );
    let anonymous = app
        .call_fn(&app.new_client(), DeletePost::PATH, &[("post_id", &id)])
        .await;
    let JsonError {
        status, message, ..
    } = error_of(anonymous).await;
    assert_eq!(
        (status, message.as_str()),
        (StatusCode::UNAUTHORIZED, SIGNED_OUT)
    );
    assert!(find_post(&app, adas.id).await.is_some());

    // Ada may, and the page and the lists forget it at once.
    let ada = app.signed_in(ADA.0, ADA.1).await;
    let (_, page) = app.get_with(&ada, &path).await;
    assert!(page.contains(">Delete<"));
    let deleted = app
        .post_form(&ada, DeletePost::PATH, &[("post_id", &id)])
        .await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&deleted), "/posts");
    assert!(find_post(&app, adas.id).await.is_none());
    let (status, _) = app.get_text(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for _ in 0..10 {
        // Signed in, the page also waits for the viewer's rights: still 404, every time.
        let (status, page) = app.get_with(&ada, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(page.contains("404 - Page Not Found"));
    }
    let (_, list) = app.get_text("/posts").await;
    assert!(!listed_titles(&list).contains(&adas.title));

    // An admin may delete anyone's.
    let bobs = newest_post_by(&app, "bob").await;
    let admin = app.signed_in(ADMIN.0, ADMIN.1).await;
    app.post_form(
        &admin,
        DeletePost::PATH,
        &[("post_id", &bobs.id.to_string())],
    )
    .await;
    assert!(find_post(&app, bobs.id).await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn like_and_unlike_return_the_count_and_show_on_the_page() {
    let app = spawn_app().await;
    let target = newest_post_by(&app, "bob").await;
    let path = format!("/blog/{}", target.slug);
    let id = target.id.to_string();
    let (_, page) = app.get_text(&path).await;
    assert!(page.contains(&format!("Total Likes: {}", target.like_count)));
    assert!(!page.contains(">Like<"), "no Like button when signed out");

    let ada = app.signed_in(ADA.0, ADA.1).await;
    let (_, page) = app.get_with(&ada, &path).await;
    assert!(page.contains(">Like<"));
    let liked = app
        .call_fn(&ada, SetLike::PATH, &[("post_id", &id), ("like", "true")])
        .await;
    let state: LikeState = liked.json().await.unwrap();
    assert_eq!(
        state,
        LikeState {
            liked: true,
            count: target.like_count + 1
        }
    );
    let (_, page) = app.get_with(&ada, &path).await;
    assert!(page.contains(&format!("Total Likes: {}", target.like_count + 1)));
    assert!(page.contains(">Unlike<"));

    // Without JavaScript the same form posts and comes back to the post.
    let unliked = app
        .post_form(&ada, SetLike::PATH, &[("post_id", &id), ("like", "false")])
        .await;
    assert_eq!(unliked.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_with(&ada, &path).await;
    assert!(page.contains(&format!("Total Likes: {}", target.like_count)));
    assert!(page.contains(">Like<"));

    // Signed out: refused, nothing changes.
    let refused = app
        .call_fn(
            &app.new_client(),
            SetLike::PATH,
            &[("post_id", &id), ("like", "true")],
        )
        .await;
    let JsonError {
        status, message, ..
    } = error_of(refused).await;
    assert_eq!(
        (status, message.as_str()),
        (StatusCode::UNAUTHORIZED, SIGNED_OUT)
    );
    assert_eq!(
        find_post(&app, target.id).await.unwrap().like_count,
        target.like_count
    );
}

/// Renames a post straight in the store, behind the app's back.
async fn rename_behind_the_apps_back(app: &TestApp, id: quire::ids::PostId, title: &str) {
    let mut model: post::ActiveModel = find_post(app, id).await.unwrap().into();
    model.title = Set(title.to_string());
    model.update(&app.db).await.unwrap();
}

/// The post on top of `/posts` as the app serves it (and so, from then on, caches it).
async fn newest_listed_post(app: &TestApp) -> post::Model {
    let (_, list) = app.get_text("/posts").await;
    let title = listed_titles(&list)[0].clone();
    post::Entity::find()
        .filter(post::Column::Title.eq(title))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn revalidate(app: &TestApp, query: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(&format!("/api/revalidate{query}")));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_behind_the_apps_back_shows_only_after_revalidation() {
    let app = spawn_app().await;
    let newest_overall = newest_listed_post(&app).await;
    let old_title = newest_overall.title.clone();
    rename_behind_the_apps_back(&app, newest_overall.id, "Renamed in the store").await;

    let (_, cached) = app.get_text("/posts").await;
    assert_eq!(
        listed_titles(&cached)[0],
        old_title,
        "served from the cache"
    );

    for (token, why) in [(None, "no token"), (Some("wrong"), "a wrong token")] {
        let refused = revalidate(&app, "?path=/posts", token).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "{why}");
    }
    let (_, still) = app.get_text("/posts").await;
    assert_eq!(listed_titles(&still)[0], old_title);

    let missing = revalidate(&app, "", Some(REVALIDATE_TOKEN)).await;
    let body: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(body["revalidated"], false);
    assert_eq!(body["message"], "Missing path to revalidate");
    assert!(body["now"].as_i64().unwrap() > 0);

    let done = revalidate(&app, "?path=/posts", Some(REVALIDATE_TOKEN)).await;
    assert_eq!(done.status(), StatusCode::OK);
    let body: serde_json::Value = done.json().await.unwrap();
    assert_eq!(body["revalidated"], true);
    assert!(body["now"].as_i64().unwrap() > 0);
    let (_, fresh) = app.get_text("/posts").await;
    assert_eq!(listed_titles(&fresh)[0], "Renamed in the store");

    // The home page is its own page: untouched by `/posts`, purged by its tag.
    let (_, home) = app.get_text("/").await;
    assert_eq!(
        listed_titles(&home)[0],
        "Renamed in the store",
        "first visit loads"
    );
    rename_behind_the_apps_back(&app, newest_overall.id, "Renamed again").await;
    revalidate(&app, "?path=/posts", Some(REVALIDATE_TOKEN)).await;
    let (_, home) = app.get_text("/").await;
    assert_eq!(listed_titles(&home)[0], "Renamed in the store");
    let by_tag = revalidate(&app, "?tag=posts", Some(REVALIDATE_TOKEN)).await;
    assert_eq!(by_tag.status(), StatusCode::OK);
    let (_, home) = app.get_text("/").await;
    assert_eq!(listed_titles(&home)[0], "Renamed again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_behind_the_apps_back_shows_after_the_cache_ttl() {
    let app = spawn_app_configured(true, std::time::Duration::from_secs(1)).await;
    let newest = newest_listed_post(&app).await;
    rename_behind_the_apps_back(&app, newest.id, "Renamed while cached").await;
    let (_, cached) = app.get_text("/posts").await;
    assert_eq!(listed_titles(&cached)[0], newest.title, "still cached");
    // The entry expires a second after it was stored: ask until then, and a little longer.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let (_, page) = app.get_text("/posts").await;
        if listed_titles(&page)[0] == "Renamed while cached" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the change never showed after the TTL"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revalidate_by_post_also_works_and_rejects_a_bad_type() {
    let app = spawn_app().await;
    let target = newest_post_by(&app, "bob").await;
    let path = format!("/blog/{}", target.slug);
    let _ = app.get_text(&path).await;
    rename_behind_the_apps_back(&app, target.id, "A quiet rename").await;
    let bad = crate::helpers::post_revalidate(&app, "?path=/blog/[slug]&type=everything").await;
    let JsonError { status, code, .. } = error_of(bad).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid")
    );
    let (_, page) = app.get_text(&path).await;
    assert!(!page.contains("A quiet rename"));
    // POST, no Origin (a webhook): a route pattern purges every post page.
    let done = crate::helpers::post_revalidate(&app, "?path=/blog/[slug]&type=page").await;
    assert_eq!(done.status(), StatusCode::OK);
    let (_, page) = app.get_text(&path).await;
    assert!(page.contains("A quiet rename"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_segment_shows_its_boundary_and_the_rest_of_the_page() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/posts"))
        .header("cookie", fail_cookie(&[Segment::Posts]))
        .send()
        .await
        .unwrap();
    let request_id = response
        .headers()
        .get("x-request-id")
        .expect("every answer carries its request id")
        .to_str()
        .unwrap()
        .to_string();
    let page = response.text().await.unwrap();
    assert!(page.contains("Something went wrong!"));
    assert!(page.contains("Try again"));
    assert!(
        page.contains("<h1>Posts</h1>"),
        "the rest of the page stays"
    );
    assert!(page.contains("aria-label=\"Main\""), "the layout stays");
    assert!(
        page.contains(&format!(
            "<p>Something went wrong (reference {request_id}).</p>"
        )),
        "the message, as words, names the request id"
    );
    assert!(!page.contains("test fault"), "the cause is not shown");
    assert!(listed_titles(&page).is_empty());

    // Cleared, the same page works.
    let (_, page) = app.get_text("/posts").await;
    assert!(!page.contains("Something went wrong!"));
    assert_eq!(listed_titles(&page).len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_gives_a_full_500_page_and_the_server_serves_on() {
    let app = spawn_app().await;
    for path in ["/posts", "/", "/blog/anything"] {
        let response = app
            .client
            .get(app.url(path))
            .header("cookie", format!("{}=1", quire::test_hooks::PANIC_COOKIE))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "{path}"
        );
        let request_id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_string();
        let page = response.text().await.unwrap();
        assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
        assert!(page.contains("<h1>Something went wrong!</h1>"));
        assert!(page.contains(&request_id));
        assert!(!page.contains("test panic"), "the cause is not shown");

        let (status, _) = app.get_text(path).await;
        assert!(status == StatusCode::OK || status == StatusCode::NOT_FOUND);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_segment_boundary_shows_every_time() {
    // Rendering races once left a failed segment empty in some requests, so each segment
    // is asked many times.
    let app = spawn_app().await;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let admin = client_with_jar(jar.clone());
    let login = app.post_login(&admin, ADMIN.0, ADMIN.1, "").await;
    assert_eq!(location(&login), "/dashboard", "signed in");
    let post = newest_post_by(&app, "ada").await;
    let post_path = format!("/blog/{}", post.slug);
    for (path, segment, rest_of_page) in [
        ("/posts", Segment::Posts, "<h1>Posts</h1>"),
        ("/", Segment::Latest, "Latest posts"),
        (post_path.as_str(), Segment::Post, "aria-label=\"Main\""),
        ("/dashboard", Segment::MyPosts, "Welcome, Quire Admin"),
        ("/dashboard", Segment::Users, "Welcome, Quire Admin"),
    ] {
        jar.add_cookie_str(&fail_cookie(&[segment]), &app.address.parse().unwrap());
        for round in 0..25 {
            let (_, page) = app.get_with(&admin, path).await;
            assert!(
                page.contains("Something went wrong!") && page.contains("Try again"),
                "{segment:?} on {path}, round {round}: no boundary in {page}"
            );
            assert!(
                page.contains(rest_of_page),
                "{segment:?} on {path}: the page is gone"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_a_server_function_gives_the_500_page_and_the_next_call_works() {
    use quire::actions::posts::ListPosts;

    let app = spawn_app().await;
    let form = [("page", "1"), ("query", "")];
    let panicked = app
        .client
        .post(app.url(ListPosts::PATH))
        .header("origin", &app.address)
        .header("cookie", format!("{}=1", quire::test_hooks::PANIC_COOKIE))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(panicked.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(panicked
        .text()
        .await
        .unwrap()
        .contains("<h1>Something went wrong!</h1>"));

    let next = app.call_fn(&app.client, ListPosts::PATH, &form).await;
    assert_eq!(next.status(), StatusCode::OK);
    let page: quire::dal::dto::PostPage = next.json().await.unwrap();
    assert_eq!(page.posts.len(), 20);
}
