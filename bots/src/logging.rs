//! Readable logs on stderr through `tracing`: `info` for timbot by default, `RUST_LOG`
//! overrides (e.g. `RUST_LOG=debug`). Colours only when stderr is a terminal.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Install the log subscriber (once, at start).
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .compact()
        .with_writer(std::io::stderr)
        .init();
}
