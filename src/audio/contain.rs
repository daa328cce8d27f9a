//! A decoder is someone else's code fed with a stranger's bytes. Should it panic, the panic
//! becomes an error on that one file, says nothing on the terminal, and ends nothing.
//!
//! The panic hook is global: a thread-local flag marks the work being contained, and a hook
//! that stays silent for it (and hands every other panic to the hook it wraps) is kept
//! outermost, so that a hook installed later (the full-screen player's, which restores the
//! terminal) does not run for a panic that is no more than a bad sound file.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Mutex;

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

thread_local! {
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// The address of the silent hook installed last: while it is the current hook, nothing
/// needs doing.
static OURS: Mutex<usize> = Mutex::new(0);

/// Runs `work`; a panic in it comes back as `Err` with its message, printed nowhere.
pub fn contain<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    keep_silent_hook_outermost();
    let was = CONTAINING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CONTAINING.with(|c| c.set(was));
    result.map_err(|payload| message_of(payload.as_ref()))
}

fn keep_silent_hook_outermost() {
    // A poisoned lock means a panic while swapping hooks: leave the hooks as they are.
    let Ok(mut ours) = OURS.lock() else {
        return;
    };
    let current = panic::take_hook();
    if address(&current) == *ours {
        panic::set_hook(current);
        return;
    }
    let hook: Hook = Box::new(move |info| {
        if !CONTAINING.with(Cell::get) {
            current(info);
        }
    });
    *ours = address(&hook);
    panic::set_hook(hook);
}

fn address(hook: &Hook) -> usize {
    std::ptr::from_ref(hook.as_ref()).cast::<()>() as usize
}

/// A panic's message, cut to printable ASCII and a sensible length: it comes from code that
/// was reading a stranger's file.
fn message_of(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "the decoder failed".to_string());
    let clean: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(200)
        .collect();
    format!("the decoder failed ({clean})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::panic)]
    fn a_panic_becomes_an_error_with_its_message() {
        let result: Result<(), String> = contain(|| panic!("bad \u{1b}[31mheader"));
        assert_eq!(
            result,
            Err("the decoder failed (bad ?[31mheader)".to_string())
        );
        assert_eq!(contain(|| 7), Ok(7));
        // Nested containment keeps the outer one in force.
        let nested = contain(|| contain(|| panic!("inner")).is_err());
        assert_eq!(nested, Ok(true));
    }
}
