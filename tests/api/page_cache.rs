//! The rendered-page cache: public pages for visitors without a session come from it,
//! identical to a fresh render but for the nonce, with every security header; every write
//! and `/api/revalidate` purge the pages that show what changed; nothing personal or
//! failed is ever kept.

use crate::helpers::ADA;
use quire::{
    actions::{
        likes::SetLike,
        posts::{CreatePost, DeletePost},
    },
    cache::pages::CACHE_HEADER,
    segment::Segment,
    test_hooks::fail_cookie,
};
use reqwest::{header::HeaderMap, StatusCode};
use server_fn::ServerFn;

use crate::helpers::{listed_titles, post_revalidate, spawn_app, TestApp};

fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// GETs `path` as a visitor without a session: how it was answered, its headers and body.
pub async fn visit(app: &TestApp, path: &str) -> (String, HeaderMap, String) {
    let response = plain_client()
        .get(app.url(path))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    let how = response
        .headers()
        .get(CACHE_HEADER)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let headers = response.headers().clone();
    (how, headers, response.text().await.unwrap())
}

/// GETs `path` until the page cache answers it (it keeps a page once it has gone out).
async fn until_kept(app: &TestApp, path: &str) -> (HeaderMap, String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (how, headers, body) = visit(app, path).await;
        if how == "hit" {
            return (headers, body);
        }
        assert!(std::time::Instant::now() < deadline, "{path} never kept");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

fn without_nonces(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("nonce=\"") {
        out.push_str(&rest[..at + 7]);
        rest = &rest[at + 7..];
        let end = rest.find('"').unwrap();
        rest = &rest[end..];
    }
    out.push_str(rest);
    // The bootstrap's preload links carry the nonce as their `crossorigin` value.
    let mut cleaned = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find("crossorigin=\"") {
        cleaned.push_str(&rest[..at + 13]);
        rest = &rest[at + 13..];
        let end = rest.find('"').unwrap();
        rest = &rest[end..];
    }
    cleaned.push_str(rest);
    cleaned
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_page_is_the_fresh_render_but_for_the_nonce_with_every_header() {
    let app = spawn_app().await;
    for path in ["/posts", "/", "/posts?page=2", "/users/ada"] {
        let (how, fresh_headers, fresh) = visit(&app, path).await;
        assert_eq!(how, "miss", "{path}");
        let (kept_headers, kept) = until_kept(&app, path).await;
        assert_eq!(without_nonces(&kept), without_nonces(&fresh), "{path}");
        // The kept page's policy names the nonce its own scripts carry, and nothing else.
        let csp = header(&kept_headers, "content-security-policy");
        let nonce = kept
            .split("nonce=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("Quire's inline scripts carry a nonce");
        assert!(
            csp.contains(&format!(
                "script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval';"
            )),
            "{path}: {csp}"
        );
        assert!(!csp.contains("sha256-"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        for name in [
            "x-content-type-options",
            "referrer-policy",
            "x-frame-options",
            "x-request-id",
        ] {
            assert!(!header(&kept_headers, name).is_empty(), "{path}: {name}");
        }
        assert_eq!(header(&kept_headers, "cache-control"), "no-cache");
        assert_ne!(
            header(&kept_headers, "x-request-id"),
            header(&fresh_headers, "x-request-id"),
            "each answer has its own request id"
        );
    }
    // An unknown post or user is never kept: made-up addresses cost no memory.
    for path in ["/blog/nothing-here", "/users/nobody"] {
        for _ in 0..2 {
            let response = plain_client().get(app.url(path)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND);
            assert_ne!(header(response.headers(), CACHE_HEADER), "hit", "{path}");
        }
    }

    // Compressed straight from the cache (once the compression that follows keeping is
    // done), decoding to the same page.
    let (_, identity) = until_kept(&app, "/posts").await;
    for encoding in ["br", "gzip"] {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let compressed = loop {
            let response = plain_client()
                .get(app.url("/posts"))
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(header(response.headers(), CACHE_HEADER), "hit");
            if header(response.headers(), "content-encoding") == encoding {
                break response.bytes().await.unwrap();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "never served as {encoding}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        };
        let mut decoded = String::new();
        if encoding == "br" {
            std::io::Read::read_to_string(
                &mut brotli::Decompressor::new(&compressed[..], 4096),
                &mut decoded,
            )
            .unwrap();
        } else {
            std::io::Read::read_to_string(
                &mut flate2::read::GzDecoder::new(&compressed[..]),
                &mut decoded,
            )
            .unwrap();
        }
        assert_eq!(decoded, identity, "{encoding} decodes to the kept page");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_and_revalidation_purge_the_kept_pages_that_show_them() {
    let app = spawn_app().await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    until_kept(&app, "/posts").await;
    until_kept(&app, "/").await;

    // A new post: the lists are rendered afresh and show it.
    let created = app
        .call_fn(
            &ada,
            CreatePost::PATH,
            &[("title", "Kept no more"), ("content", "Fresh.")],
        )
        .await;
    assert_eq!(created.status(), StatusCode::OK);
    for path in ["/posts", "/"] {
        let (how, _, page) = visit(&app, path).await;
        assert_eq!(how, "miss", "{path}");
        assert_eq!(listed_titles(&page)[0], "Kept no more", "{path}");
    }

    // A like: the post's page shows the new count.
    let path = "/blog/kept-no-more";
    let (_, before) = until_kept(&app, path).await;
    assert!(before.contains("Total Likes: 0"));
    let id = quire::dal::posts::owner_by_slug(&app.db, "kept-no-more")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let liked = app
        .call_fn(&ada, SetLike::PATH, &[("post_id", &id), ("like", "true")])
        .await;
    assert_eq!(liked.status(), StatusCode::OK);
    let (how, _, after) = visit(&app, path).await;
    assert_eq!(how, "miss");
    assert!(after.contains("Total Likes: 1"));

    // A deletion: its page is gone, and the list forgets it.
    until_kept(&app, path).await;
    until_kept(&app, "/posts").await;
    let deleted = app
        .call_fn(&ada, DeletePost::PATH, &[("post_id", &id)])
        .await;
    assert_eq!(deleted.status(), StatusCode::OK);
    let gone = plain_client().get(app.url(path)).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let (_, _, list) = visit(&app, "/posts").await;
    assert!(!listed_titles(&list).contains(&"Kept no more".to_string()));

    // A change behind the app's back shows after /api/revalidate.
    let (_, kept) = until_kept(&app, "/posts").await;
    let top = listed_titles(&kept)[0].clone();
    {
        use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
        let post = quire::entities::post::Entity::find()
            .filter(quire::entities::post::Column::Title.eq(top.clone()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let mut renamed: quire::entities::post::ActiveModel = post.into();
        renamed.title = Set("Renamed behind the back".into());
        renamed.update(&app.db).await.unwrap();
    }
    let (how, _, still) = visit(&app, "/posts").await;
    assert_eq!(
        (how.as_str(), listed_titles(&still)[0].as_str()),
        ("hit", top.as_str())
    );
    let done = post_revalidate(&app, "?path=/posts").await;
    assert_eq!(done.status(), StatusCode::OK);
    let (how, _, fresh) = visit(&app, "/posts").await;
    assert_eq!(how, "miss");
    assert_eq!(listed_titles(&fresh)[0], "Renamed behind the back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_personal_or_failed_is_kept_or_served() {
    let app = spawn_app().await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    until_kept(&app, "/posts").await;

    // Signed in: always rendered for the viewer, never from the cache.
    let response = ada.get(app.url("/posts")).send().await.unwrap();
    assert_ne!(header(response.headers(), CACHE_HEADER), "hit");
    assert!(response.text().await.unwrap().contains("Log Out"));

    // A page rendered for someone signed in is never kept for anyone else.
    let (_, _, list) = visit(&app, "/posts").await;
    let href = list
        .split("href=\"/blog/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|slug| format!("/blog/{slug}"))
        .unwrap();
    let mine = ada.get(app.url(&href)).send().await.unwrap();
    assert!(mine.text().await.unwrap().contains(">Like<"));
    let (how, _, page) = visit(&app, &href).await;
    assert_eq!(how, "miss", "the signed-in render was not kept");
    assert!(!page.contains(">Like<") && !page.contains("Log Out"));

    // A render that showed an error boundary is not kept: the next visit renders afresh.
    let failing = plain_client()
        .get(app.url("/posts?page=3"))
        .header("cookie", fail_cookie(&[Segment::Posts]))
        .send()
        .await
        .unwrap();
    assert!(failing
        .text()
        .await
        .unwrap()
        .contains("Something went wrong!"));
    let (how, _, page) = visit(&app, "/posts?page=3").await;
    assert_eq!(how, "miss");
    assert!(!page.contains("Something went wrong!"));
    assert_eq!(listed_titles(&page).len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_what_changes_the_page_makes_a_kept_page_of_its_own() {
    let app = spawn_app().await;
    let (_, page_one) = until_kept(&app, "/posts").await;
    // Any other query, an out-of-range page and a search cut to its length read as the
    // page already kept: answered from it, no new entry, no new render.
    for (path, same_as) in [
        ("/posts?utm_source=x&ref=y".to_string(), "/posts"),
        ("/posts?page=0".to_string(), "/posts"),
        ("/posts?page=banana".to_string(), "/posts"),
        (format!("/posts?q=&r={}", "z".repeat(3000)), "/posts"),
    ] {
        let (how, _, body) = visit(&app, &path).await;
        assert_eq!(how, "hit", "{path} is {same_as}");
        assert_eq!(without_nonces(&body), without_nonces(&page_one), "{path}");
    }
    let long = format!("/posts?q={}", "rust".repeat(100));
    let (_, searched) = until_kept(&app, &long).await;
    let cut = format!("/posts?q={}&page=1", &"rust".repeat(100)[..100]);
    let (how, _, body) = visit(&app, &cut).await;
    assert_eq!((how.as_str(), body), ("hit", searched));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_the_router_reads_otherwise_is_never_kept_for_another() {
    // leptos_router 0.8.17 decodes query values twice: `%2532` reads as `2`, while the
    // cache's one decoding reads `%32` (not a number, so page 1). That render must not be
    // kept as page 1.
    let app = spawn_app().await;
    let (_, _, page_two) = visit(&app, "/posts?page=2").await;
    let (_, _, odd) = visit(&app, "/posts?page=%2532").await;
    assert_eq!(
        listed_titles(&odd),
        listed_titles(&page_two),
        "the router read page 2"
    );
    let (_, _, odd_again) = visit(&app, "/posts?page=%2532").await;
    assert_eq!(listed_titles(&odd_again), listed_titles(&page_two));
    let (_, page_one) = until_kept(&app, "/posts").await;
    assert_ne!(
        listed_titles(&page_one),
        listed_titles(&page_two),
        "/posts is page 1"
    );
    // The same with the search, where the cut at 100 characters meets an escape.
    let (_, _, _) = visit(&app, &format!("/posts?q={}%2541", "a".repeat(99))).await;
    let (how, _, body) = visit(&app, &format!("/posts?q={}%41", "a".repeat(99))).await;
    assert_ne!(how, "hit", "a search read otherwise was kept");
    assert!(
        body.contains(&format!("{}A", "a".repeat(99))),
        "the page read its own search"
    );
}
