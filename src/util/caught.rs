//! Running a dependency's parser on a stranger's text, which may make it
//! panic (pulldown-cmark 0.13 on a quoted underlined heading with an
//! attribute line, `> Title` / `>  {#id}` / `> ---`): the panic is caught,
//! so the text is reported as a problem of its file instead of ending the
//! build, and its message is not printed. Any other panic prints as
//! usual.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`caught`], whose panics say nothing.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// The message of the last panic [`caught`] silenced on this thread.
    static MESSAGE: RefCell<String> = const { RefCell::new(String::new()) };
}

static QUIET_HOOK: Once = Once::new();

/// `run()`, or the panic's message (with where it happened) when it
/// panicked.
pub fn caught<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    QUIET_HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                MESSAGE.with(|m| *m.borrow_mut() = info.to_string());
            } else {
                default(info);
            }
        }));
    });
    let was = QUIET.with(|quiet| quiet.replace(true));
    // The closure's state is dropped or left to its caller, which only
    // reads what `run` returned.
    let result = catch_unwind(AssertUnwindSafe(run));
    QUIET.with(|quiet| quiet.set(was));
    result.map_err(|_| MESSAGE.with(|m| std::mem::take(&mut *m.borrow_mut())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_none_and_the_rest_runs() {
        assert_eq!(caught(|| 2 + 2), Ok(4));
        let inner = caught(|| caught(|| panic!("inner")).is_err());
        assert_eq!(inner, Ok(true));
        let outer = caught(|| -> u8 { panic!("outer {}", 1) }).unwrap_err();
        assert!(
            outer.contains("outer 1") && outer.contains("caught.rs"),
            "{outer}"
        );
        assert!(!QUIET.with(Cell::get), "quiet only inside");
    }
}
