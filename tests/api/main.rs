//! End-to-end HTTP tests: a real server on a random port against a temporary SQLite
//! store, driven with reqwest (cookies on, redirects off).

mod abuse;
mod architecture;
mod auth;
mod cli;
mod cluster;
mod concurrency;
mod config_agrees;
mod hardening;
mod helpers;
mod hostile;
mod mutations;
mod outage;
mod page_cache;
mod pages;
#[path = "../support/postgres.rs"]
mod postgres;
mod process;
mod readme;
mod streaming;
mod updates;
