//! `quire create-admin`: the password comes from standard input, never from argv.

use std::{io::Write, process::Stdio};

use quire::{auth::password::verify_password_blocking, dal::users};

fn create_admin(database_url: &str, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .arg("create-admin")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quire runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_admin_creates_or_promotes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/quire.db", dir.path().display());
    let db = quire::dal::db::connect_and_migrate(&url).await.unwrap();
    quire::seed::seed(&db).await.unwrap();

    let weak = create_admin(&url, &["--email", "ops@quire.test"], "weak\n");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("Password must:"));
    assert!(users::find_by_email(&db, "ops@quire.test")
        .await
        .unwrap()
        .is_none());

    let made = create_admin(
        &url,
        &["--email", "Ops@Quire.test", "--name", "Ops Person"],
        "Str0ng!pass\n",
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let ops = users::find_by_email(&db, "ops@quire.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (ops.role, ops.name.as_str()),
        (quire::dal::dto::Role::Admin, "Ops Person")
    );
    assert!(verify_password_blocking("Str0ng!pass", &ops.password_hash));

    let promoted = create_admin(&url, &["--email", "bob@quire.test"], "");
    assert!(promoted.status.success());
    let bob = users::find_by_email(&db, "bob@quire.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bob.role, quire::dal::dto::Role::Admin);
    assert!(
        verify_password_blocking("User123!x", &bob.password_hash),
        "password untouched"
    );
}
