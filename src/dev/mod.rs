//! The maintainer's loop: `watch` rebuilds on every change (through
//! `build::incremental`), `serve` serves the output and reloads open pages.

pub mod serve;
pub mod watch;
