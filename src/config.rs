//! Settings, validated at start. The Leptos part (site address, site root, asset names)
//! comes from `Leptos.toml` with `LEPTOS_*` environment overrides; Quire's own settings
//! come from flags or the environment (`clap`), each with its default stated here. The two
//! secrets (`SESSION_SECRET`, `REVALIDATE_TOKEN`) come from the environment only: a flag
//! would show them to anyone who can list the machine's processes.

use std::path::Path;

use clap::{Args, Parser, Subcommand};
use leptos::config::LeptosOptions;
use secrecy::SecretString;

use crate::{auth::password::HashPool, dal::db::DEFAULT_DATABASE_URL};

/// `quire`: serve the site (the default), or run one maintenance command.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about = "Quire, a small publishing community")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

impl Cli {
    /// The command line and environment, with the secrets read from the environment.
    pub fn from_env() -> Self {
        let mut cli = Cli::parse();
        cli.settings = cli.settings.with_secrets(|name| std::env::var(name).ok());
        cli
    }
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the site (what `quire` alone does).
    Serve,
    /// Migrate the database and add the demo accounts and posts.
    Seed,
    /// Migrate the database and exit.
    Migrate,
    /// Create an admin account, or promote an existing one. The password is read from
    /// standard input (one line) or, on a terminal, from a hidden prompt; never from argv.
    CreateAdmin {
        /// The account's email.
        #[arg(long)]
        email: String,
        /// The name for a new account (default: the email's local part).
        #[arg(long)]
        name: Option<String>,
    },
}

/// Quire's own settings.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database URL: `sqlite://path/to/file.db` or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,

    /// The Leptos runtime settings file.
    #[arg(
        long,
        env = "QUIRE_LEPTOS_TOML",
        default_value = "Leptos.toml",
        global = true
    )]
    pub leptos_toml: String,

    /// The session token key, at least 32 bytes. Required in production; generated per data
    /// directory in dev mode.
    #[arg(skip)]
    pub session_secret: Option<SecretString>,

    /// The site's own origin (`https://quire.example`); mutating requests from any other
    /// origin are refused. Defaults to `http://<site address>`.
    #[arg(long, env = "QUIRE_SITE_ORIGIN", global = true)]
    pub site_origin: Option<String>,

    /// Further origins allowed to send mutating requests, comma-separated.
    #[arg(
        long,
        env = "QUIRE_ALLOWED_ORIGINS",
        value_delimiter = ',',
        global = true
    )]
    pub allowed_origins: Vec<String>,

    /// The bearer token `/api/revalidate` requires; unset, the endpoint refuses every call.
    #[arg(skip)]
    pub revalidate_token: Option<SecretString>,

    /// How long the data cache keeps a public read, in seconds; it bounds how long a change
    /// made straight in the database stays unseen.
    #[arg(long, env = "QUIRE_CACHE_TTL_SECS", default_value_t = crate::cache::DEFAULT_TTL_SECS, global = true)]
    pub cache_ttl_secs: u64,

    /// In dev mode, add the demo data when the database has no posts at start-up. A server in
    /// production mode never creates accounts by itself, whatever this says.
    #[arg(long, env = "QUIRE_SEED_EMPTY", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub seed_empty: bool,

    /// Proxies (addresses or CIDRs, comma-separated) whose `X-Forwarded-For` / `Forwarded`
    /// headers name the client; empty, the socket's peer is the client.
    #[arg(
        long,
        env = "QUIRE_TRUSTED_PROXIES",
        value_delimiter = ',',
        global = true
    )]
    pub trusted_proxies: Vec<String>,

    /// The Leptos options themselves, when the caller has them already (a test serving its
    /// own site root on port 0); unset, they are read from `leptos_toml`. Not a flag.
    #[arg(skip)]
    pub leptos_options: Option<LeptosOptions>,

    /// The password hashing pool, when the caller made it (a test that holds its only
    /// thread); unset, one thread per core. Not a flag.
    #[arg(skip)]
    pub hashing: Option<HashPool>,
}

impl Settings {
    /// The Leptos options: the ones given, or those read from `leptos_toml`.
    pub fn leptos(&self) -> anyhow::Result<LeptosOptions> {
        match &self.leptos_options {
            Some(options) => Ok(options.clone()),
            None => leptos_options(&self.leptos_toml),
        }
    }
}

impl Settings {
    /// These settings with the secrets `env` gives for `SESSION_SECRET` and
    /// `REVALIDATE_TOKEN`, each held as a [`SecretString`] (never printed); an empty value
    /// is no value.
    pub fn with_secrets(mut self, env: impl Fn(&str) -> Option<String>) -> Self {
        let secret = |name: &str| env(name).filter(|v| !v.is_empty()).map(SecretString::from);
        self.session_secret = secret("SESSION_SECRET");
        self.revalidate_token = secret("REVALIDATE_TOKEN");
        self
    }
}

/// Reads the Leptos settings from `path` (a missing file falls back to the environment
/// and Leptos' defaults, as under `cargo leptos watch`), then applies `LEPTOS_*` overrides.
pub fn leptos_options(path: &str) -> anyhow::Result<LeptosOptions> {
    let conf = if Path::new(path).exists() {
        leptos::config::get_configuration(Some(path))
    } else {
        leptos::config::get_configuration(None)
    }
    .map_err(|e| anyhow::anyhow!("cannot read Leptos settings from {path}: {e}"))?;
    let mut options = conf.leptos_options;
    let asked = std::env::var("LEPTOS_ENV").ok();
    options.env = mode(asked.as_deref(), cfg!(debug_assertions), options.env);
    Ok(options)
}

/// The mode to run in: `LEPTOS_ENV` when it names one (`parsed`, as Leptos read it);
/// otherwise dev mode in a debug build (what `cargo leptos watch` and `cargo run` build)
/// and production in a release build, which then refuses to start without
/// `SESSION_SECRET`.
pub fn mode(
    asked: Option<&str>,
    debug_build: bool,
    parsed: leptos::config::Env,
) -> leptos::config::Env {
    use leptos::config::Env;
    match asked.map(str::trim) {
        Some(asked) if !asked.is_empty() => parsed,
        _ if debug_build => Env::DEV,
        _ => Env::PROD,
    }
}

/// Whether Leptos runs in dev mode (see [`mode`]): cookies without `Secure` on plain http,
/// a generated session secret, demo data on an empty database.
pub fn is_dev(options: &LeptosOptions) -> bool {
    matches!(options.env, leptos::config::Env::DEV)
}

/// The folder beside a SQLite database (or `data/`) where dev mode keeps its secret.
pub fn data_dir(database_url: &str) -> std::path::PathBuf {
    let path = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|p| p.split('?').next().unwrap_or_default());
    match path.and_then(|p| Path::new(p).parent()) {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("data"),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;
    use leptos::config::Env;
    use secrecy::ExposeSecret;

    use super::{mode, Cli};

    #[test]
    fn secrets_come_from_the_environment_only_and_are_never_printed() {
        for flag in ["--session-secret", "--revalidate-token"] {
            assert!(Cli::try_parse_from(["quire", flag, "x".repeat(40).as_str()]).is_err());
        }
        let mut cli = Cli::try_parse_from(["quire"]).unwrap();
        cli.settings = cli.settings.with_secrets(|name| match name {
            "SESSION_SECRET" => Some("a-session-secret-of-at-least-32-bytes".into()),
            "REVALIDATE_TOKEN" => Some("a-revalidate-token".into()),
            _ => None,
        });
        let settings = &cli.settings;
        let session = settings.session_secret.as_ref().unwrap();
        assert_eq!(
            session.expose_secret(),
            "a-session-secret-of-at-least-32-bytes"
        );
        let printed = format!("{cli:?}");
        assert!(!printed.contains("a-session-secret"), "{printed}");
        assert!(!printed.contains("a-revalidate-token"), "{printed}");
        assert!(printed.contains("REDACTED"), "{printed}");
    }

    #[test]
    fn debug_builds_default_to_dev_and_release_builds_to_production() {
        assert_eq!(mode(None, true, Env::PROD), Env::DEV);
        assert_eq!(mode(None, false, Env::DEV), Env::PROD);
        assert_eq!(mode(Some(" "), false, Env::DEV), Env::PROD);
    }

    #[test]
    fn leptos_env_overrides_either_default() {
        assert_eq!(mode(Some("PROD"), true, Env::PROD), Env::PROD);
        assert_eq!(mode(Some("DEV"), false, Env::DEV), Env::DEV);
    }
}
