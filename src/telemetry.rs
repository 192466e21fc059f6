//! Logging: `tracing` to stderr, filtered by `RUST_LOG` (default `info`), as `key=value`
//! fields (colored only on a terminal, so a log file or collector gets plain text). Nothing
//! logged here or elsewhere carries a password, hash, token or cookie.

use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Installs the global subscriber once; later calls (tests) are ignored.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(
            fmt::layer()
                .with_target(false)
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .with_writer(std::io::stderr),
        )
        .try_init();
}
