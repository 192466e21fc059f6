// Shared by the `api` and `session_memo` test binaries; each uses only part of it.
#![allow(dead_code)]

//! `spawn_app()`: a fresh database, migrated and seeded, served on 127.0.0.1:0 by the
//! server `quire serve` runs (`startup::Application`), built from test settings.

use std::path::Path;

use leptos::config::Env;
use quire::{auth::password::HashPool, config, config::Settings, seed, startup::Application};
use sea_orm::DatabaseConnection;
use secrecy::SecretString;

/// The session secret of every test server.
pub const TEST_SECRET: &str = "test-secret-test-secret-test-secret-0123";
/// The demo accounts (`quire seed`), as (email, password).
pub const ADA: (&str, &str) = ("ada@quire.test", "User123!x");
pub const BOB: (&str, &str) = ("bob@quire.test", "User123!x");
pub const ADMIN: (&str, &str) = ("admin@quire.test", "Admin123!x");

/// The `/api/revalidate` token of every test server.
pub const REVALIDATE_TOKEN: &str = "test-revalidate-token";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// The site root the server serves assets from.
    pub fn site_root(&self) -> std::path::PathBuf {
        self._dir.path().join("site")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// GETs `path` and returns the status and body text.
    pub async fn get_text(&self, path: &str) -> (reqwest::StatusCode, String) {
        self.get_with(&self.client, path).await
    }
}

/// A server on its own store with the demo data.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(true).await
}

/// One long-lived runtime serves every test app in the process, as one runtime serves the
/// real server: Leptos' reactive state is process-wide, and a server whose tasks lived on
/// a test's own runtime would lose them when that test ends.
fn server_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("test server runtime")
    })
}

/// A server on its own store, seeded or empty.
pub async fn spawn_app_with(seeded: bool) -> TestApp {
    spawn_app_from(TestConfig {
        seeded,
        ..TestConfig::default()
    })
    .await
}

/// A server on its own store, seeded or empty, whose data cache keeps reads for `ttl`.
pub async fn spawn_app_configured(seeded: bool, ttl: std::time::Duration) -> TestApp {
    spawn_app_from(TestConfig {
        seeded,
        ttl,
        ..TestConfig::default()
    })
    .await
}

/// How a test server is set up: what it changes in the settings `quire serve` reads.
pub struct TestConfig {
    pub seeded: bool,
    /// How long the data cache keeps a read (whole seconds).
    pub ttl: std::time::Duration,
    /// The password hashing pool; `None`, one thread per core as in production.
    pub hashing: Option<HashPool>,
    /// `QUIRE_TRUSTED_PROXIES`.
    pub trusted_proxies: Vec<String>,
    /// Whether the server runs in production mode (HSTS, `Secure` cookies) rather than
    /// dev mode.
    pub hsts: bool,
    /// A database other than a fresh SQLite file (a PostgreSQL database).
    pub database_url: Option<String>,
}

impl Default for TestConfig {
    fn default() -> Self {
        TestConfig {
            seeded: true,
            // Long enough that only revalidation, never expiry, refreshes a test's reads.
            ttl: std::time::Duration::from_secs(3600),
            hashing: None,
            trusted_proxies: Vec::new(),
            hsts: false,
            database_url: None,
        }
    }
}

impl TestConfig {
    /// The settings of a server on `database_url` serving the files under `site_root`.
    fn settings(self, database_url: String, site_root: &Path) -> Settings {
        let mut leptos = config::leptos_options("Leptos.toml").expect("Leptos.toml");
        // No cargo-leptos build is needed here: asset names without hashes.
        leptos.hash_files = false;
        leptos.site_root = site_root.display().to_string().into();
        leptos.site_addr = ([127, 0, 0, 1], 0).into();
        leptos.env = if self.hsts { Env::PROD } else { Env::DEV };
        Settings {
            database_url,
            leptos_toml: "Leptos.toml".into(),
            session_secret: Some(SecretString::from(TEST_SECRET)),
            // The address the server binds: `http://127.0.0.1:<port>`.
            site_origin: None,
            allowed_origins: Vec::new(),
            revalidate_token: Some(SecretString::from(REVALIDATE_TOKEN)),
            cache_ttl_secs: self.ttl.as_secs(),
            // Seeded or not as the test says, in either mode.
            seed_empty: false,
            trusted_proxies: self.trusted_proxies,
            leptos_options: Some(leptos),
            hashing: self.hashing,
        }
    }
}

/// A server set up as `config` says.
pub async fn spawn_app_from(config: TestConfig) -> TestApp {
    // The database and the served files live apart, as in production.
    let dir = tempfile::tempdir().expect("temp dir");
    let site_root = dir.path().join("site");
    std::fs::create_dir_all(&site_root).expect("site root");
    let database_url = config.database_url.clone().unwrap_or_else(|| {
        let file = dir.path().join("store").join("quire.db");
        format!("sqlite://{}", file.display())
    });
    let seeded = config.seeded;
    let settings = config.settings(database_url, &site_root);
    let (address, db) = server_runtime()
        .spawn(async move {
            let app = Application::build(settings).await.expect("test server");
            if seeded {
                seed::seed(app.db()).await.expect("seed");
            }
            let address = format!("http://{}", app.address());
            let db = app.db().clone();
            // Served until the test process ends.
            tokio::spawn(app.run_until(std::future::pending()));
            (address, db)
        })
        .await
        .expect("test server start");

    TestApp {
        address,
        client: new_client(),
        db,
        _dir: dir,
    }
}

/// The posts listed in an HTML page, in order, as (title, link): each item's heading link
/// in the list labelled "Posts", as a reader (or a screen reader) finds them.
pub fn listed_posts(html: &str) -> Vec<(String, String)> {
    let links = scraper::Selector::parse(r#"ol[aria-label="Posts"] > li h2 > a[href]"#).unwrap();
    scraper::Html::parse_document(html)
        .select(&links)
        .map(|a| {
            let title = a.text().collect::<String>();
            (
                title,
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The text of every heading (`h1`–`h6`) in an HTML page, in order.
pub fn headings(html: &str) -> Vec<String> {
    let any = scraper::Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    scraper::Html::parse_document(html)
        .select(&any)
        .map(|h| h.text().collect::<String>().trim().to_string())
        .collect()
}

/// Titles of the posts listed in an HTML page, in order.
pub fn listed_titles(html: &str) -> Vec<String> {
    listed_posts(html)
        .into_iter()
        .map(|(title, _)| title)
        .collect()
}

impl TestApp {
    /// A client of its own (its own cookie jar), redirects off.
    pub fn new_client(&self) -> reqwest::Client {
        new_client()
    }

    /// POSTs a form to a server function the way a browser without JavaScript does:
    /// same-origin, accepting HTML.
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.send_form(client, path, form, "text/html").await
    }

    /// Calls a server function the way the hydrated app does (not a plain form): the
    /// answer is the function's JSON.
    pub async fn call_fn(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.send_form(client, path, form, "application/json").await
    }

    /// A same-origin form POST from the home page, accepting `accept`.
    async fn send_form(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
        accept: &str,
    ) -> reqwest::Response {
        client
            .post(self.url(path))
            .header("origin", &self.address)
            .header("referer", self.url("/"))
            .header("accept", accept)
            .form(form)
            .send()
            .await
            .expect("request failed")
    }

    /// Posts the log-in form as a browser without JavaScript does.
    pub async fn post_login(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
        next: &str,
    ) -> reqwest::Response {
        use server_fn::ServerFn;
        self.post_form(
            client,
            quire::actions::auth::Login::PATH,
            &[("email", email), ("password", password), ("next", next)],
        )
        .await
    }

    /// A client signed in as `email`.
    pub async fn signed_in(&self, email: &str, password: &str) -> reqwest::Client {
        let client = self.new_client();
        let response = self.post_login(&client, email, password, "").await;
        assert_eq!(
            response
                .headers()
                .get("location")
                .map(|v| v.to_str().unwrap()),
            Some("/dashboard"),
            "log-in as {email} failed"
        );
        client
    }

    /// GETs `path` with `client`; status and body.
    pub async fn get_with(
        &self,
        client: &reqwest::Client,
        path: &str,
    ) -> (reqwest::StatusCode, String) {
        let response = client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }
}

/// Where a redirect points; empty when it is none.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// The `Set-Cookie` value an answer sets for the session cookie, if any.
pub fn session_set_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("session="))
}

/// `POST /api/revalidate{query}` with the test token, as a webhook calls it (no Origin).
pub async fn post_revalidate(app: &TestApp, query: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/revalidate{query}")))
        .bearer_auth(REVALIDATE_TOKEN)
        .send()
        .await
        .unwrap()
}

/// A client with its own cookie jar and redirects off.
fn new_client() -> reqwest::Client {
    client_with_jar(Default::default())
}

/// A client using `jar` for its cookies (so a test can add its own), redirects off.
pub fn client_with_jar(jar: std::sync::Arc<reqwest::cookie::Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(jar)
        .build()
        .unwrap()
}

/// Every page and API route a signed-in user can GET.
pub const ALL_GET_PATHS: [&str; 15] = [
    "/",
    "/posts",
    "/blog/nope",
    "/login",
    "/signup",
    "/dashboard",
    "/dashboard/sessions",
    "/settings",
    "/blog/nope/edit",
    "/users/ada",
    "/users/admin",
    "/api/me",
    "/api/admin/users",
    "/healthz",
    "/nope",
];

/// An error answer as a client reads it: its status and the JSON's `error` and `message`.
#[derive(Debug, PartialEq, Eq)]
pub struct JsonError {
    pub status: reqwest::StatusCode,
    pub code: String,
    pub message: String,
}

impl JsonError {
    /// The error a client expects: `status`, `code`, `message`.
    pub fn new(status: reqwest::StatusCode, code: &str, message: &str) -> Self {
        JsonError {
            status,
            code: code.to_string(),
            message: message.to_string(),
        }
    }
}

/// The JSON error an answer carries.
pub async fn error_of(response: reqwest::Response) -> JsonError {
    let status = response.status();
    let body: serde_json::Value = response.json().await.expect("a JSON error");
    JsonError {
        status,
        code: body["error"].as_str().unwrap_or_default().to_string(),
        message: body["message"].as_str().unwrap_or_default().to_string(),
    }
}

/// Every row of the tables a request could change, as text: equal before and after a
/// request means the request changed nothing in the store.
pub async fn store_snapshot(db: &DatabaseConnection) -> String {
    use quire::entities::{like, post, session, user};
    use sea_orm::{EntityTrait, QueryOrder};
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}",
        user::Entity::find()
            .order_by_asc(user::Column::Id)
            .all(db)
            .await
            .unwrap(),
        post::Entity::find()
            .order_by_asc(post::Column::Id)
            .all(db)
            .await
            .unwrap(),
        like::Entity::find()
            .order_by_asc(like::Column::UserId)
            .order_by_asc(like::Column::PostId)
            .all(db)
            .await
            .unwrap(),
        session::Entity::find()
            .order_by_asc(session::Column::Id)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| (s.id, s.user_id, s.revoked, s.expires_at))
            .collect::<Vec<_>>(),
    )
}

/// GETs `path` exactly as written (no client normalizes `..` away): status and body.
pub async fn raw_get(app: &TestApp, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    let answer = String::from_utf8_lossy(&answer).to_string();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}
