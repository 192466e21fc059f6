//! `SESSION_SECRET`: at least 32 bytes, from the environment. Production refuses to start
//! without it. In dev mode a missing secret is generated once per data directory, kept in
//! `<data dir>/session_secret` (mode 0600) and reused, with a warning in the log.

use std::path::Path;

/// The shortest secret accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// Resolves the secret: the configured one, or (dev only) the data directory's.
pub fn resolve(
    configured: Option<&str>,
    dev_mode: bool,
    data_dir: &Path,
) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = configured.filter(|s| !s.is_empty()) {
        anyhow::ensure!(
            secret.len() >= MIN_SECRET_BYTES,
            "SESSION_SECRET must be at least {MIN_SECRET_BYTES} bytes long"
        );
        return Ok(secret.as_bytes().to_vec());
    }
    anyhow::ensure!(
        dev_mode,
        "SESSION_SECRET is not set. Production mode refuses to start without it: set it to a \
         random value of at least {MIN_SECRET_BYTES} bytes (e.g. `openssl rand -hex 32`), or run \
         in dev mode with LEPTOS_ENV=DEV."
    );
    let path = data_dir.join("session_secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim();
        if existing.len() >= MIN_SECRET_BYTES {
            tracing::warn!(
                "SESSION_SECRET not set; dev mode uses the one generated in {}",
                path.display()
            );
            return Ok(existing.as_bytes().to_vec());
        }
    }
    let secret = crate::random::random_id(256);
    std::fs::create_dir_all(data_dir)?;
    write_private(&path, &secret)?;
    tracing::warn!(
        "SESSION_SECRET not set; dev mode generated one in {}",
        path.display()
    );
    Ok(secret.into_bytes())
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_needs_a_long_enough_secret() {
        let dir = tempfile::tempdir().unwrap();
        assert!(resolve(None, false, dir.path()).is_err());
        assert!(resolve(Some("short"), false, dir.path()).is_err());
        let long = "x".repeat(32);
        assert_eq!(
            resolve(Some(&long), false, dir.path()).unwrap(),
            long.as_bytes()
        );
    }

    #[test]
    fn dev_mode_generates_once_and_reuses() {
        let dir = tempfile::tempdir().unwrap();
        let first = resolve(None, true, dir.path()).unwrap();
        assert!(first.len() >= MIN_SECRET_BYTES);
        assert_eq!(resolve(None, true, dir.path()).unwrap(), first);
    }
}
