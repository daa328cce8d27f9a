//! One save, one check. An editor's save reaches the watcher as several notifications: a new
//! file renamed over the old one is a rename seen from both names; a file truncated and written
//! in chunks is one notification per write. The routine is checked again once they have
//! stopped coming for [`QUIET`], so one save is one check, made on the finished file.

use std::time::{Duration, Instant};

/// How long the files must stay unchanged before the routine is checked again: longer than the
/// gaps within one save, short enough that the check still follows the save at once.
pub const QUIET: Duration = Duration::from_millis(150);

/// Notifications of changes waiting for the files to settle.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Settle {
    /// When the routine is checked again, if something changed since the last check.
    due: Option<Instant>,
}

impl Settle {
    /// A change was noticed at `now`: the check waits until the files have been quiet.
    pub fn changed(&mut self, now: Instant) {
        self.due = Some(now + QUIET);
    }

    /// When to wake up for the check, if one is waiting.
    pub fn deadline(&self) -> Option<Instant> {
        self.due
    }

    /// Whether the check is due at `now`; if so, it is taken (the next one waits for a change).
    pub fn take_due(&mut self, now: Instant) -> bool {
        match self.due {
            Some(due) if now >= due => {
                self.due = None;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_due_without_a_change() {
        let mut settle = Settle::default();
        assert_eq!(settle.deadline(), None);
        assert!(!settle.take_due(Instant::now() + QUIET * 10));
    }

    #[test]
    fn a_burst_of_changes_is_one_check_after_the_last() {
        let start = Instant::now();
        let mut settle = Settle::default();
        for ms in [0, 5, 40, 120] {
            settle.changed(start + Duration::from_millis(ms));
        }
        let last = start + Duration::from_millis(120);
        assert_eq!(settle.deadline(), Some(last + QUIET));
        assert!(!settle.take_due(last + QUIET - Duration::from_millis(1)));
        assert!(settle.take_due(last + QUIET));
        // Taken: the next check waits for the next change.
        assert_eq!(settle.deadline(), None);
        assert!(!settle.take_due(last + QUIET * 2));
    }

    #[test]
    fn changes_far_apart_are_checked_each() {
        let start = Instant::now();
        let mut settle = Settle::default();
        settle.changed(start);
        assert!(settle.take_due(start + QUIET));
        settle.changed(start + QUIET * 3);
        assert!(settle.take_due(start + QUIET * 4));
    }
}
