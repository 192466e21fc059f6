//! The public pages as a browser without JavaScript gets them.

use crate::helpers::ADA;
use quire::{dal::posts, entities::user, seed::DEMO_POST_COUNT};
use reqwest::StatusCode;
use sea_orm::EntityTrait;

use crate::helpers::{listed_posts, listed_titles, spawn_app, spawn_app_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_lists_the_newest_20_with_a_link_to_older() {
    let app = spawn_app().await;
    let (status, html) = app.get_text("/posts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Posts</h1>"));
    let titles = listed_titles(&html);
    assert_eq!(titles.len(), 20);
    // The seed numbers posts oldest first; the newest is the last one.
    assert!(
        titles[0].ends_with(&format!("#{DEMO_POST_COUNT}")),
        "{}",
        titles[0]
    );
    assert!(titles[19].ends_with(&format!("#{}", DEMO_POST_COUNT - 19)));
    assert!(html.contains(">Older</a>"));
    assert!(!html.contains(">Newer</a>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_page_links_newer_and_not_older() {
    let app = spawn_app().await;
    let (_, html) = app.get_text("/posts?page=4").await;
    let titles = listed_titles(&html);
    assert_eq!(titles.len(), DEMO_POST_COUNT - 60);
    assert!(titles.last().unwrap().ends_with("#1"));
    assert!(html.contains("href=\"/posts?page=3\""));
    assert!(html.contains(">Newer</a>"));
    assert!(!html.contains(">Older</a>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nonsense_page_number_shows_the_first_page() {
    let app = spawn_app().await;
    let (status, html) = app.get_text("/posts?page=abc").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed_titles(&html).len(), 20);
    let (status, html) = app.get_text("/posts?page=99999999999999999999999").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed_titles(&html).len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_matches_title_or_content_ignoring_case() {
    let app = spawn_app().await;
    let (_, html) = app.get_text("/posts?q=hYdRaTiOn").await;
    let titles = listed_titles(&html);
    assert!(!titles.is_empty());
    assert!(
        titles.iter().all(|t| t.starts_with("Hydration")),
        "{titles:?}"
    );

    // "number 7," appears only in post 7's content.
    let (_, html) = app.get_text("/posts?q=NUMBER+7%2C").await;
    assert_eq!(listed_titles(&html).len(), 1);

    let (_, html) = app.get_text("/posts?q=no+such+words+anywhere").await;
    assert!(listed_titles(&html).is_empty());
    assert!(html.contains("No posts match"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_page_shows_title_author_content_and_likes() {
    let app = spawn_app().await;
    let (_, list) = app.get_text("/posts").await;
    // The first visit reads the post from the store (nothing cached yet): its title must
    // still be in the head, as on every later visit, signed out and signed in.
    let (title, href) = listed_posts(&list)[0].clone();
    let ada = app.signed_in(ADA.0, ADA.1).await;
    // A slow store for the first read, as a cold one can be.
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(
        &format!("{}=300", quire::test_hooks::POSTS_DELAY_COOKIE),
        &app.address.parse().unwrap(),
    );
    let slow = crate::helpers::client_with_jar(jar);
    for client in [&slow, &app.client, &ada] {
        let (status, html) = app.get_with(client, &href).await;
        assert_eq!(status, StatusCode::OK);
        let head = &html[..html.find("</head>").unwrap()];
        assert!(
            head.contains(&format!("<title>{title} · Quire</title>")),
            "{head}"
        );
        assert!(html.contains(&format!("<h1>{title}</h1>")));
        assert!(html.contains("Total Likes: 0"));
        assert!(html.contains("href=\"/users/"));
        assert!(html.contains("This is demo post number"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_content_is_shown_as_text_not_run() {
    let app = spawn_app_with(false).await;
    let author = quire::dal::users::create_user(
        &app.db,
        quire::dal::users::NewUser {
            name: "Mallory",
            username: "mallory",
            email: "mallory@quire.test",
            password_hash: "x".into(),
            role: quire::dal::dto::Role::User,
            team: None,
            phone: None,
        },
    )
    .await
    .unwrap();
    let post = posts::create_post(
        &app.db,
        posts::NewPost {
            author_id: author.id,
            title: "<b>Bold</b> claims",
            content: "<script>alert(1)</script>\n\nSecond paragraph",
            created_at: None,
        },
    )
    .await
    .unwrap();
    let (_, html) = app.get_text(&format!("/blog/{}", post.slug)).await;
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<p>Second paragraph</p>"));
    assert!(html.contains("&lt;b&gt;Bold&lt;/b&gt; claims"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_slug_is_a_404_page() {
    let app = spawn_app().await;
    let (status, html) = app.get_text("/blog/no-such-post").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("404 - Page Not Found"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_path_is_a_404_page() {
    let app = spawn_app().await;
    let (status, html) = app.get_text("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("404 - Page Not Found"));
    assert!(html.contains("<html lang=\"en\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_shows_the_latest_five_posts() {
    let app = spawn_app().await;
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, StatusCode::OK);
    let titles = listed_titles(&html);
    assert_eq!(titles.len(), 5);
    assert!(titles[0].ends_with(&format!("#{DEMO_POST_COUNT}")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_has_the_layout() {
    let app = spawn_app().await;
    for path in ["/", "/posts", "/no-such"] {
        let (_, html) = app.get_text(path).await;
        assert!(html.starts_with("<!DOCTYPE html>"), "{path}");
        assert!(html.contains("<html lang=\"en\""), "{path}");
        assert!(html.contains("<title>"), "{path}");
        assert_eq!(html.matches("<main").count(), 1, "{path}");
        for link in [">Posts</a>", ">Log In</a>", ">Sign Up</a>"] {
            assert!(html.contains(link), "{path} lacks {link}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_when_the_store_does() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
    app.db.clone().close().await.unwrap();
    let (status, _) = app.get_text("/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_store_lists_no_posts() {
    let app = spawn_app_with(false).await;
    assert!(user::Entity::find().all(&app.db).await.unwrap().is_empty());
    let (status, html) = app.get_text("/posts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No posts yet."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashed_assets_are_served_precompressed_and_cached_for_a_year() {
    let app = spawn_app().await;
    let pkg = app.site_root().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("quire.abc123.js"), "console.log('plain')").unwrap();
    std::fs::write(pkg.join("quire.abc123.js.br"), b"brotli bytes").unwrap();
    let response = reqwest::Client::builder()
        .no_brotli()
        .build()
        .unwrap()
        .get(app.url("/pkg/quire.abc123.js"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let (status, _) = app.get_text("/pkg/missing.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_function_answers_are_never_cached() {
    use server_fn::ServerFn;
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url(quire::actions::posts::LatestPosts::PATH))
        .header("origin", &app.address)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
}
