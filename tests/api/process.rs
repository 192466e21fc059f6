//! The `quire` binary as an operator runs it, each test its own process on a free port with
//! its own store: a production server never creates accounts by itself; SIGTERM lets the
//! writes in flight finish and exits 0; a flood of log-ins stays well within memory while
//! `/healthz` keeps answering.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

use quire::{
    actions::{auth::Login, likes::SetLike, posts::CreatePost},
    entities::{post, user},
    test_hooks::{WRITE_HELD, WRITE_RELEASED},
};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use server_fn::ServerFn;

/// A running `quire` process.
struct Server {
    child: Child,
    address: String,
    database_url: String,
    dir: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Dev,
    Production,
    /// No `LEPTOS_ENV` and no `SESSION_SECRET`: the build's own default.
    Unset,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    /// Starts `quire` in `mode` on a fresh SQLite store under `dir`, and waits for /healthz.
    async fn start(mode: Mode, dir: &Path) -> Server {
        let port = free_port();
        let database_url = format!("sqlite://{}/quire.db", dir.display());
        std::fs::create_dir_all(dir.join("site")).unwrap();
        let log = std::fs::File::create(dir.join("server.log")).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
        command
            .env_clear()
            .env("DATABASE_URL", &database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", dir.join("site"))
            .env("LEPTOS_HASH_FILES", "false")
            .env(
                "QUIRE_LEPTOS_TOML",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml"),
            )
            .env("RUST_LOG", "info")
            // The flood below comes from many addresses, through a proxy on this machine.
            .env("QUIRE_TRUSTED_PROXIES", "127.0.0.1")
            // Asked for explicitly: production must ignore it.
            .env("QUIRE_SEED_EMPTY", "true")
            .stdout(Stdio::null())
            .stderr(log);
        match mode {
            Mode::Unset => &mut command,
            Mode::Dev => command.env("LEPTOS_ENV", "DEV"),
            Mode::Production => command
                .env("LEPTOS_ENV", "PROD")
                .env("SESSION_SECRET", "process-test-secret-process-test-secret")
                // Tests speak plain http; production cookies are Secure.
                .env("QUIRE_SITE_ORIGIN", format!("http://127.0.0.1:{port}")),
        };
        let child = command.spawn().expect("quire starts");
        let mut server = Server {
            child,
            address: format!("http://127.0.0.1:{port}"),
            database_url,
            dir: dir.to_path_buf(),
        };
        server.wait_until_healthy().await;
        server
    }

    async fn wait_until_healthy(&mut self) {
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("quire exited with {status}: {}", self.log());
            }
            if let Ok(response) = client.get(self.url("/healthz")).send().await {
                if response.status() == StatusCode::OK {
                    return;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "quire did not become healthy: {}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    async fn store(&self) -> sea_orm::DatabaseConnection {
        quire::dal::db::connect(&self.database_url).await.unwrap()
    }

    fn terminate(&self) {
        // SAFETY: sending a signal to our own child process.
        let sent = unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        assert_eq!(sent, 0, "SIGTERM sent");
    }

    /// The peak resident memory of the process so far, in bytes.
    fn peak_memory(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse::<u64>().ok())
            .expect("VmHWM in /proc/<pid>/status")
            * 1024
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// Calls a server function as the hydrated app does.
async fn call(
    server: &Server,
    client: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(server.url(path))
        .header("origin", &server.address)
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_production_server_never_creates_accounts_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let production = Server::start(Mode::Production, &dir.path().join("prod")).await;
    let store = production.store().await;
    assert_eq!(user::Entity::find().count(&store).await.unwrap(), 0);
    assert_eq!(post::Entity::find().count(&store).await.unwrap(), 0);
    let login = call(
        &production,
        &client(),
        Login::PATH,
        &[("email", "admin@quire.test"), ("password", "Admin123!x")],
    )
    .await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
    assert!(!production.log().contains("seeded"), "{}", production.log());

    // A developer's server on an empty store gets the demo data.
    let dev = Server::start(Mode::Dev, &dir.path().join("dev")).await;
    let store = dev.store().await;
    assert_eq!(
        user::Entity::find().count(&store).await.unwrap() as usize,
        quire::seed::DEMO_USERS.len()
    );
}

/// The rule of `config::mode`, in the binary the tests build (a debug build): with nothing
/// set it serves in dev mode, demo data and a generated secret included, as `cargo leptos
/// watch` needs. (The release side, refusing to start without `SESSION_SECRET`, is checked
/// by `scripts/test.sh` on the release binary.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_debug_build_with_nothing_set_serves_in_dev_mode() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(Mode::Unset, dir.path()).await;
    let login = call(
        &server,
        &client(),
        Login::PATH,
        &[("email", "admin@quire.test"), ("password", "Admin123!x")],
    )
    .await;
    assert_eq!(login.status(), StatusCode::OK, "{}", server.log());
    let cookie = crate::helpers::session_set_cookie(&login).expect("a session cookie");
    assert!(
        !cookie.contains("Secure"),
        "dev mode on plain http: {cookie}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_the_writes_in_flight_finish_then_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(Mode::Dev, dir.path()).await;
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let ada = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(Arc::clone(&jar))
        .build()
        .unwrap();
    let login = call(
        &server,
        &ada,
        Login::PATH,
        &[("email", "ada@quire.test"), ("password", "User123!x")],
    )
    .await;
    assert_eq!(login.status(), StatusCode::OK);
    let store = server.store().await;
    let posts_before = post::Entity::find().count(&store).await.unwrap();
    let target = quire::dal::posts::latest_posts(&store)
        .await
        .unwrap()
        .remove(0);
    let target_id = quire::dal::posts::owner_by_slug(&store, &target.slug)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();

    // Each write waits 1.5 s before it stores; the test signals while all five wait.
    jar.add_cookie_str(
        &format!("{}=1500", quire::test_hooks::WRITE_DELAY_COOKIE),
        &server.address.parse().unwrap(),
    );
    let server_ref = Arc::new(server.address.clone());
    let writes: Vec<_> = (0..4)
        .map(|n| {
            let ada = ada.clone();
            let address = Arc::clone(&server_ref);
            tokio::spawn(async move {
                let title = format!("Written during shutdown {n}");
                ada.post(format!("{address}{}", CreatePost::PATH))
                    .header("origin", address.as_str())
                    .header("accept", "application/json")
                    .form(&[("title", title.as_str()), ("content", "Kept.")])
                    .send()
                    .await
                    .map(|r| r.status())
            })
        })
        .collect();
    let like = {
        let ada = ada.clone();
        let address = Arc::clone(&server_ref);
        let target_id = target_id.clone();
        tokio::spawn(async move {
            ada.post(format!("{address}{}", SetLike::PATH))
                .header("origin", address.as_str())
                .header("accept", "application/json")
                .form(&[("post_id", target_id.as_str()), ("like", "true")])
                .send()
                .await
                .map(|r| r.status())
        })
    };
    // Signal once the server's log shows all five writes held.
    let in_flight = Instant::now() + Duration::from_secs(20);
    while server.log().matches(WRITE_HELD).count() < 5 {
        assert!(
            Instant::now() < in_flight,
            "the writes never started: {}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let signalled = Instant::now();
    server.terminate();
    // No new connections once told to stop (asked until the listener has closed).
    let closing = Instant::now() + Duration::from_secs(5);
    while reqwest::Client::new()
        .get(server.url("/healthz"))
        .timeout(Duration::from_secs(2))
        .send()
        .await
        .is_ok()
    {
        assert!(
            Instant::now() < closing,
            "new requests were still accepted 5 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    for write in writes {
        let status = write.await.unwrap().expect("the write was answered");
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(like.await.unwrap().expect("answered"), StatusCode::OK);
    let exit = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(15),
            "still running 15 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let log = server.log();
    assert!(exit.success(), "exit status {exit}: {log}");
    // The log's order is the proof that the writes were in flight at the signal.
    let stopping = log.find("shutting down").expect("the shutdown is logged");
    assert_eq!(log[..stopping].matches(WRITE_HELD).count(), 5, "{log}");
    assert_eq!(log[..stopping].matches(WRITE_RELEASED).count(), 0, "{log}");
    assert_eq!(log[stopping..].matches(WRITE_RELEASED).count(), 5, "{log}");
    assert_eq!(
        post::Entity::find().count(&store).await.unwrap(),
        posts_before + 4,
        "every answered write is stored"
    );
    let liked = quire::dal::posts::find_by_slug(&store, &target.slug)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(liked.like_count, target.like_count + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_150_log_ins_stays_under_1_gb_and_health_answers_within_2_s() {
    let dir = tempfile::tempdir().unwrap();
    let server = Arc::new(Server::start(Mode::Dev, dir.path()).await);
    let flooding = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let health = {
        let (server, flooding) = (Arc::clone(&server), Arc::clone(&flooding));
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut slowest = Duration::ZERO;
            let mut checks = 0;
            while flooding.load(std::sync::atomic::Ordering::SeqCst) {
                let started = Instant::now();
                let response = client
                    .get(server.url("/healthz"))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await
                    .expect("/healthz answers during the flood");
                assert_eq!(response.status(), StatusCode::OK);
                slowest = slowest.max(started.elapsed());
                checks += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            (slowest, checks)
        })
    };
    let barrier = Arc::new(tokio::sync::Barrier::new(150));
    let logins: Vec<_> = (0..150)
        .map(|n| {
            let (server, barrier) = (Arc::clone(&server), Arc::clone(&barrier));
            tokio::spawn(async move {
                let email = format!("made-up-{n}@example.test");
                barrier.wait().await;
                // From many addresses (a botnet), so the per-address limit does not stop
                // it before the hashing pool: what is tested here is the pool.
                reqwest::Client::new()
                    .post(server.url(Login::PATH))
                    .header("origin", &server.address)
                    .header("accept", "application/json")
                    .header("x-forwarded-for", format!("10.9.{}.{}", n / 256, n % 256))
                    .form(&[("email", email.as_str()), ("password", "Guess123!x")])
                    .send()
                    .await
                    .expect("request")
                    .status()
            })
        })
        .collect();
    let mut answered = 0;
    for login in logins {
        let status = login.await.unwrap();
        assert!(
            status == StatusCode::UNAUTHORIZED || status == StatusCode::SERVICE_UNAVAILABLE,
            "{status}"
        );
        answered += 1;
    }
    flooding.store(false, std::sync::atomic::Ordering::SeqCst);
    let (slowest, checks) = health.await.unwrap();
    assert_eq!(answered, 150);
    assert!(checks > 0);
    assert!(
        slowest < Duration::from_secs(2),
        "/healthz took {slowest:?} during the flood"
    );
    let peak = server.peak_memory();
    assert!(
        peak < 1024 * 1024 * 1024,
        "peak memory {} MB",
        peak / 1024 / 1024
    );
}

/// Calls a server function with the session cookie `session` (a production cookie is
/// `Secure`, so a cookie jar would not send it over the tests' plain http).
async fn call_as(
    server: &Server,
    session: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client()
        .post(server.url(path))
        .header("origin", &server.address)
        .header("accept", "application/json")
        .header("cookie", format!("session={session}"))
        .form(form)
        .send()
        .await
        .expect("request")
}

/// The session cookie's value an answer sets.
fn session_of(response: &reqwest::Response) -> String {
    crate::helpers::session_set_cookie(response)
        .expect("a session cookie")
        .trim_start_matches("session=")
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_security_event_writes_one_structured_line_without_secrets() {
    use quire::actions::{
        auth::{Logout, Signup},
        dashboard::ChangeRole,
        sessions::RevokeOtherDevices,
        settings::{ChangePassword, DeleteAccount},
    };
    use sea_orm::{ActiveModelTrait, Set};

    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(Mode::Production, dir.path()).await;
    let store = server.store().await;
    let password = "Secret123!pass";
    let signup = |email: &'static str| {
        let server = &server;
        async move {
            let response = call(
                server,
                &client(),
                Signup::PATH,
                &[
                    ("name", "Sam Person"),
                    ("email", email),
                    ("password", password),
                ],
            )
            .await;
            assert_eq!(response.status(), StatusCode::OK, "{}", server.log());
            session_of(&response)
        }
    };
    let admin_session = signup("boss@quire.test").await;
    let sam_session = signup("sam@quire.test").await;
    let admin = quire::dal::users::find_by_email(&store, "boss@quire.test")
        .await
        .unwrap()
        .unwrap();
    let sam = quire::dal::users::find_by_email(&store, "sam@quire.test")
        .await
        .unwrap()
        .unwrap();
    let mut promoted: user::ActiveModel = admin.clone().into();
    promoted.role = Set(quire::dal::dto::Role::Admin);
    promoted.update(&store).await.unwrap();

    let log_in = |email: &'static str, pass: &'static str| {
        let server = &server;
        async move {
            call(
                server,
                &client(),
                Login::PATH,
                &[("email", email), ("password", pass)],
            )
            .await
        }
    };
    assert_eq!(
        log_in("sam@quire.test", "Wrong123!pass").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        log_in("nobody@quire.test", "Wrong123!pass").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let second = log_in("sam@quire.test", password).await;
    assert_eq!(second.status(), StatusCode::OK);
    let second = session_of(&second);
    for _ in 0..5 {
        log_in("locked@quire.test", "Wrong123!pass").await;
    }
    assert_eq!(
        log_in("locked@quire.test", "Wrong123!pass").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    let sam_id = sam.id.to_string();
    let changed = call_as(
        &server,
        &admin_session,
        ChangeRole::PATH,
        &[("user_id", &sam_id), ("role", "admin")],
    )
    .await;
    assert_eq!(changed.status(), StatusCode::OK, "{}", server.log());
    let revoked = call_as(&server, &sam_session, RevokeOtherDevices::PATH, &[]).await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let changed = call_as(
        &server,
        &sam_session,
        ChangePassword::PATH,
        &[
            ("current_password", password),
            ("new_password", "Another123!pass"),
        ],
    )
    .await;
    assert_eq!(changed.status(), StatusCode::OK, "{}", server.log());
    assert_eq!(
        call_as(&server, &sam_session, Logout::PATH, &[])
            .await
            .status(),
        StatusCode::OK
    );
    let again = log_in("sam@quire.test", "Another123!pass").await;
    let again = session_of(&again);
    let deleted = call_as(
        &server,
        &again,
        DeleteAccount::PATH,
        &[("password", "Another123!pass")],
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::OK, "{}", server.log());

    let log = server.log();
    let events: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("security event"))
        .collect();
    let line = |event: &str, user: Option<quire::ids::UserId>| {
        events
            .iter()
            .find(|l| {
                l.contains(&format!("event=\"{event}\""))
                    && user.is_none_or(|id| l.contains(&format!("user_id={id}")))
            })
            .unwrap_or_else(|| panic!("no {event} line for {user:?} in:\n{}", events.join("\n")))
            .to_string()
    };
    for (event, user) in [
        ("login_failed", Some(sam.id)),
        ("login_failed", None),
        ("login_succeeded", Some(sam.id)),
        ("login_locked_out", None),
        ("role_changed", Some(admin.id)),
        ("other_sessions_revoked", Some(sam.id)),
        ("password_changed", Some(sam.id)),
        ("logged_out", Some(sam.id)),
        ("account_deleted", Some(sam.id)),
    ] {
        let found = line(event, user);
        assert!(found.contains("client_ip=\"127.0.0.1\""), "{found}");
        let id = found
            .split("request_id=")
            .nth(1)
            .map(|rest| rest.split(|c: char| !c.is_ascii_hexdigit()).next().unwrap())
            .unwrap_or_default();
        assert_eq!(id.len(), 32, "a request id in {found}");
    }
    assert!(line("role_changed", Some(admin.id)).contains(&format!("target_user_id={}", sam.id)));
    for secret in [
        password,
        "Another123!pass",
        "Wrong123!pass",
        "$argon2",
        "process-test-secret",
        &second,
        &admin_session,
    ] {
        assert!(!log.contains(secret), "the log holds a secret: {secret}");
    }
}
