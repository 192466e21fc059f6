//! Hostile strings through every field a user controls (name, title, content, phone, the
//! search, `next`) and every page that shows them, signed out (first render and page-cache
//! hit) and signed in (author and admin), on SQLite and on PostgreSQL: no markup of a
//! payload survives. Each page's text shows the payload as it was typed (so nothing was
//! decoded twice), its head has one `<title>`, no element carries an event handler or a
//! `javascript:` link that a payload made, and every inline script carries the nonce the
//! page's Content-Security-Policy names, on a first render and a cache hit alike.

use crate::helpers::ADA;
use quire::{
    actions::{auth::Signup, posts::CreatePost, settings::SaveProfile},
    dal::users,
    entities::post,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server_fn::ServerFn;

use crate::{
    helpers::{location, spawn_app_from, TestApp, TestConfig},
    postgres,
};

/// The payloads: each tries another way out of the text it is put in.
pub const HOSTILE: [&str; 10] = [
    "X</title><script>alert(41)</script>",
    "\"><img src=x onerror=alert(42)>",
    "javascript:alert(43)",
    "<svg onload=alert(44)>",
    "&lt;script&gt;alert(45)&lt;/script&gt;",
    "\u{202e}<iframe srcdoc=\"<script>alert(46)</script>\"></iframe>",
    "<a href=\"javascript:alert(47)\">x</a>",
    "'><body onload=alert(48)>",
    "<!--<script>alert(49)//-->",
    "</textarea><script>alert(50)</script>",
];

/// What a page must hold for a payload to count as inert: checked on its HTML and its
/// Content-Security-Policy.
fn assert_inert(page: &str, html: &str, csp: &str, shown: &[&str]) {
    let doc = scraper::Html::parse_document(html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let titles = doc.select(&select("title")).count();
    assert_eq!(titles, 1, "{page}: {titles} <title> elements");
    let text: String = doc.root_element().text().collect();
    for payload in shown {
        assert!(
            text.contains(payload.trim_start_matches('\u{202e}')),
            "{page}: the payload {payload:?} is not shown as typed"
        );
    }
    for element in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let tag = element.value().name();
        // Quire renders none of these on the pages checked here: one would be a payload's.
        assert!(
            !matches!(tag, "iframe" | "svg" | "img" | "textarea"),
            "{page}: a payload made a <{tag}>"
        );
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "{page}: <{tag} {name}={value:?}>");
            if name == "href" || name == "src" || name == "action" || name == "srcdoc" {
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "{page}: <{tag} {name}={value:?}>"
                );
            }
        }
    }
    let nonce = csp
        .split(';')
        .find_map(|d| d.trim().strip_prefix("script-src"))
        .and_then(|sources| {
            sources
                .split_whitespace()
                .find_map(|s| s.strip_prefix("'nonce-").and_then(|s| s.strip_suffix('\'')))
        })
        .unwrap_or_else(|| panic!("{page}: no nonce in {csp:?}"));
    assert!(
        !csp.contains("sha256-"),
        "{page}: the policy allows scripts by hash: {csp}"
    );
    for script in doc.select(&select("script")) {
        let body: String = script.text().collect();
        assert!(
            !body.contains("alert("),
            "{page}: a payload is in a script: {body:?}"
        );
        if script.value().attr("src").is_none() {
            assert_eq!(
                script.value().attr("nonce"),
                Some(nonce),
                "{page}: an inline script without the page's nonce"
            );
        }
    }
}

/// GETs `path` with `client`: status, body and Content-Security-Policy, and whether the
/// page cache answered.
async fn fetch(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
) -> (StatusCode, String, String, bool) {
    let response = client.get(app.url(path)).send().await.expect("request");
    let status = response.status();
    let csp = response
        .headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let hit = response
        .headers()
        .get("x-quire-cache")
        .is_some_and(|v| v == "hit");
    (status, response.text().await.expect("body"), csp, hit)
}

async fn the_hostile_strings_stay_text_on(app: TestApp) {
    let admin = app.signed_in("admin@quire.test", "Admin123!x").await;
    let mut written = Vec::new();
    for (n, payload) in HOSTILE.iter().enumerate() {
        // A user named by the payload, who writes a post titled and made of it.
        let client = app.new_client();
        let email = format!("hostile{n}@quire.test");
        let signed_up = app
            .post_form(
                &client,
                Signup::PATH,
                &[
                    ("name", payload),
                    ("email", &email),
                    ("password", "Hostile123!x"),
                ],
            )
            .await;
        assert_eq!(location(&signed_up), "/dashboard", "sign-up as {payload:?}");
        let posted = app
            .post_form(
                &client,
                CreatePost::PATH,
                &[("title", payload), ("content", payload)],
            )
            .await;
        assert!(
            posted.status().is_redirection(),
            "post by {payload:?}: {}",
            posted.status()
        );
        let account = users::find_by_email(&app.db, &email)
            .await
            .unwrap()
            .unwrap();
        let slug = post::Entity::find()
            .filter(post::Column::AuthorId.eq(account.id))
            .one(&app.db)
            .await
            .unwrap()
            .expect("the post")
            .slug;

        // The same payload as a phone number: refused, and shown back in the form.
        let refused = app
            .post_form(
                &client,
                SaveProfile::PATH,
                &[("name", payload), ("phone", payload)],
            )
            .await;
        assert_eq!(location(&refused), "/settings");
        let (status, html, csp, _) = fetch(&app, &client, "/settings").await;
        assert_eq!(status, StatusCode::OK);
        assert_inert(
            &format!("/settings refused with {payload:?}"),
            &html,
            &csp,
            &[],
        );
        assert!(html.contains("value=\""), "the kept values are in the form");
        written.push((payload, client, account.username, slug));
    }

    for (n, (payload, author, username, slug)) in written.iter().enumerate() {
        let q = quire::paths::encode_query_value(payload);
        let shown: &[&str] = &[payload];
        // The home page lists the latest five posts.
        let on_home: &[&str] = if n + 5 >= HOSTILE.len() { shown } else { &[] };
        let pages: Vec<(String, &[&str])> = vec![
            ("/".to_string(), on_home),
            ("/posts".to_string(), shown),
            (format!("/posts?q={q}"), &[]),
            (format!("/blog/{slug}"), shown),
            (format!("/users/{username}"), shown),
            (format!("/login?next={q}"), &[]),
        ];
        let anonymous = app.new_client();
        for (path, shown) in &pages {
            // Signed out: the first render, then (for public pages) the page cache's copy.
            for round in ["first", "again"] {
                let (status, html, csp, hit) = fetch(&app, &anonymous, path).await;
                assert!(status.is_success(), "{path}: {status}");
                assert_inert(
                    &format!("{path} signed out ({round}, hit: {hit})"),
                    &html,
                    &csp,
                    shown,
                );
            }
            // Signed in, as the payload's author and as an admin.
            if path.starts_with("/login") {
                continue;
            }
            for (who, client) in [("author", author), ("admin", &admin)] {
                let (status, html, csp, _) = fetch(&app, client, path).await;
                assert_eq!(status, StatusCode::OK, "{path} as {who}");
                assert_inert(&format!("{path} as {who}"), &html, &csp, shown);
            }
        }
        for (path, client) in [
            ("/dashboard", author),
            ("/dashboard", &admin),
            ("/settings", author),
        ] {
            let (status, html, csp, _) = fetch(&app, client, path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_inert(&format!("{path} with {payload:?}"), &html, &csp, &[payload]);
        }

        // `next` as the payload: the log-in sends nowhere but this site.
        let visitor = app.new_client();
        let email = format!("hostile{n}@quire.test");
        let response = app
            .post_login(&visitor, &email, "Hostile123!x", payload)
            .await;
        let to = location(&response);
        assert!(
            to.starts_with('/') && !to.starts_with("//"),
            "next {payload:?} sent to {to:?}"
        );
    }

    // A page-cache hit was among them: the cache answered public pages the second time.
    let (_, _, _, hit) = fetch(&app, &app.new_client(), "/posts").await;
    assert!(hit, "/posts should come from the page cache by now");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_strings_stay_text_everywhere_on_sqlite() {
    the_hostile_strings_stay_text_on(spawn_app_from(TestConfig::default()).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
// Selected, not skipped: scripts/test.sh runs the PostgreSQL tests with `--ignored`
// whenever QUIRE_TEST_POSTGRES_URL is set (always in CI), and they fail without it.
#[ignore = "needs QUIRE_TEST_POSTGRES_URL; run with --ignored"]
async fn hostile_strings_stay_text_everywhere_on_postgresql() {
    let scratch = postgres::ScratchDatabase::create("quire_hostile").await;
    let app = spawn_app_from(TestConfig {
        database_url: Some(scratch.url.clone()),
        ..TestConfig::default()
    })
    .await;
    the_hostile_strings_stay_text_on(app).await;
    scratch.drop_now().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_title_that_closes_the_title_element_is_escaped_in_the_head() {
    // The reproduction of the stored XSS: before the fix, leptos_meta wrote this title into
    // `<title>` as it is, and the script after it ran for every visitor.
    let app = spawn_app_from(TestConfig::default()).await;
    let ada = app.signed_in(ADA.0, ADA.1).await;
    let payload = "X</title><script>alert(41)</script>";
    app.post_form(
        &ada,
        CreatePost::PATH,
        &[("title", payload), ("content", "body")],
    )
    .await;
    let slug = post::Entity::find()
        .filter(post::Column::Title.eq(payload))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .slug;
    for round in ["first render", "page cache"] {
        let (_, html, _, hit) = fetch(&app, &app.new_client(), &format!("/blog/{slug}")).await;
        assert_eq!(hit, round == "page cache", "{round}");
        let head = html.split("</head>").next().unwrap();
        assert!(!head.contains("<script>alert(41)"), "{round}: {head}");
        assert!(
            head.contains(
                "<title>X&lt;/title&gt;&lt;script&gt;alert(41)&lt;/script&gt; · Quire</title>"
            ),
            "{round}: {head}"
        );
    }
}
