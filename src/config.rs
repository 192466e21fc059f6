//! Settings, validated at start. The Leptos part (site address, site root, asset names)
//! comes from `Leptos.toml` with `LEPTOS_*` environment overrides; Quire's own settings
//! come from flags or the environment (`clap`), each with its default stated here.

use std::path::Path;

use clap::{Args, Parser, Subcommand};
use leptos::config::LeptosOptions;

use crate::dal::db::DEFAULT_DATABASE_URL;

/// `quire`: serve the site (the default), or run one maintenance command.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about = "Quire, a small publishing community")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the store and serve the site (what `quire` alone does).
    Serve,
    /// Migrate the store and add the demo accounts and posts.
    Seed,
    /// Migrate the store and exit.
    Migrate,
}

/// Quire's own settings.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Store URL: `sqlite://path/to/file.db` or `postgres://user@host/db`.
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

    /// Add the demo data when the store has no posts at start-up.
    #[arg(long, env = "QUIRE_SEED_EMPTY", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub seed_empty: bool,
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
    Ok(conf.leptos_options)
}
