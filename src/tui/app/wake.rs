//! When the screen next changes by itself, so the loop can sleep until exactly then.
//!
//! The player shows time left rounded up (`0:03` for the whole third-last second) and time
//! gone by rounded down; each changes once per second of session time, not necessarily in
//! step with the other (a skip starts a part between two whole seconds of the total).

use std::time::Duration;

const SECOND: Duration = Duration::from_secs(1);

/// How long until `left`, counting down and shown rounded up to the second, shows another value.
pub fn until_left_changes(left: Duration) -> Option<Duration> {
    if left.is_zero() {
        return None;
    }
    let fraction = Duration::from_nanos(u64::from(left.subsec_nanos()));
    Some(if fraction.is_zero() { SECOND } else { fraction })
}

/// How long until `gone`, counting up and shown rounded down to the second, shows another value.
pub fn until_gone_changes(gone: Duration) -> Duration {
    SECOND - Duration::from_nanos(u64::from(gone.subsec_nanos()))
}

/// The earliest of some optional instants.
pub fn earliest(instants: impl IntoIterator<Item = Option<Duration>>) -> Option<Duration> {
    instants.into_iter().flatten().min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[test]
    fn time_left_changes_when_it_crosses_a_whole_second() {
        // 4.3 s left shows 0:05 and turns to 0:04 in 0.3 s.
        assert_eq!(until_left_changes(ms(4_300)), Some(ms(300)));
        // Exactly 4 s shows 0:04 and turns to 0:03 a whole second later.
        assert_eq!(until_left_changes(ms(4_000)), Some(ms(1_000)));
        // At 0:00 nothing counts down any more.
        assert_eq!(until_left_changes(Duration::ZERO), None);
    }

    #[test]
    fn time_gone_changes_on_the_next_whole_second() {
        assert_eq!(until_gone_changes(ms(12_250)), ms(750));
        assert_eq!(until_gone_changes(ms(12_000)), ms(1_000));
    }

    #[test]
    fn earliest_ignores_what_is_not_scheduled() {
        assert_eq!(earliest([None, Some(ms(5)), Some(ms(3))]), Some(ms(3)));
        assert_eq!(earliest([None, None]), None);
    }
}
