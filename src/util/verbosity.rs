//! How much the command line says besides errors and warnings: `--quiet`
//! (nothing else: no summary lines, no progress bars), the default, or
//! `--verbose` (also each build phase's time, as `GUILDHALL_TIMINGS` does,
//! and each post an import skipped). Set once by `main`.

use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet = 0,
    Normal = 1,
    Verbose = 2,
}

static LEVEL: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

pub fn set(level: Verbosity) {
    LEVEL.store(level as u8, Ordering::Relaxed);
}

pub fn get() -> Verbosity {
    match LEVEL.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// Whether progress bars and closing lines show.
pub fn talkative() -> bool {
    get() >= Verbosity::Normal
}
