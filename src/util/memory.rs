//! Telling the allocator when much memory was freed at once. The
//! allocator is the binary's choice (jemalloc, in `main.rs`), which keeps
//! freed pages for reuse and returns them over seconds; a build that lets
//! go of every entry's text (`site::Site::release_sources`) asks it to
//! return them now, so they do not add to the build's peak while the
//! pages are made. The binary sets [`set_returner`]; the library alone
//! does nothing.

use std::sync::OnceLock;

static RETURNER: OnceLock<fn()> = OnceLock::new();

/// Sets what [`return_freed`] calls (once; later calls are ignored).
pub fn set_returner(returner: fn()) {
    let _ = RETURNER.set(returner);
}

/// Asks the allocator to return the memory freed so far to the system.
pub fn return_freed() {
    if let Some(returner) = RETURNER.get() {
        returner();
    }
}
