//! Running a dependency's parser on a stranger's text, which may make it
//! panic (pulldown-cmark 0.13 on a quoted underlined heading with an
//! attribute line, `> Title` / `>  {#id}` / `> ---`): the panic is caught,
//! so the text is reported as a problem of its file instead of ending the
//! build, and its message is not printed. Any other panic prints as
//! usual.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`caught`], whose panics say nothing.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// `run()`, or `None` when it panicked.
pub fn caught<T>(run: impl FnOnce() -> T) -> Option<T> {
    QUIET_HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
    let was = QUIET.with(|quiet| quiet.replace(true));
    // The closure's state is dropped or left to its caller, which only
    // reads what `run` returned.
    let result = catch_unwind(AssertUnwindSafe(run));
    QUIET.with(|quiet| quiet.set(was));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_none_and_the_rest_runs() {
        assert_eq!(caught(|| 2 + 2), Some(4));
        let inner = caught(|| caught(|| panic!("inner")).is_none());
        assert_eq!(inner, Some(true));
        assert_eq!(caught(|| -> u8 { panic!("outer") }), None);
        assert!(!QUIET.with(Cell::get), "quiet only inside");
    }
}
