//! How times and counts are written on screen.

use std::time::Duration;

/// `m:ss`, or `h:mm:ss` from an hour up, rounded down to the second: for time gone by.
pub fn clock(duration: Duration) -> String {
    clock_of_seconds(duration.as_secs())
}

/// `m:ss` rounded up to the second: for time left, so that `0:00` shows only at the very end
/// and `0:03` shows for the whole third-last second, when its tick sounds.
pub fn clock_left(duration: Duration) -> String {
    let whole = duration.as_secs();
    let seconds = if duration.subsec_nanos() > 0 {
        whole.saturating_add(1)
    } else {
        whole
    };
    clock_of_seconds(seconds)
}

/// Whole seconds left, rounded up, as in "release in 6 s".
pub fn seconds_left(duration: Duration) -> u64 {
    let whole = duration.as_secs();
    if duration.subsec_nanos() > 0 {
        whole.saturating_add(1)
    } else {
        whole
    }
}

/// A planned length for lists and "Next:": `45 s` under a minute, else `m:ss`.
pub fn length(duration: Duration) -> String {
    let seconds = duration.as_secs();
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        clock(duration)
    }
}

/// `text` cut to `width` columns, ending with "…" when it was cut.
pub fn cut(text: &str, width: usize) -> String {
    crate::columns::shorten(text, width)
}

fn clock_of_seconds(seconds: u64) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_read_as_minutes_and_seconds() {
        assert_eq!(clock(Duration::ZERO), "0:00");
        assert_eq!(clock(Duration::from_millis(65_900)), "1:05");
        assert_eq!(clock(Duration::from_secs(3_725)), "1:02:05");
    }

    #[test]
    fn time_left_rounds_up() {
        assert_eq!(clock_left(Duration::from_millis(2_001)), "0:03");
        assert_eq!(clock_left(Duration::from_secs(3)), "0:03");
        assert_eq!(clock_left(Duration::from_millis(1)), "0:01");
        assert_eq!(clock_left(Duration::ZERO), "0:00");
        assert_eq!(seconds_left(Duration::from_millis(5_200)), 6);
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(cut("Hamstrings", 6), "Hamst…");
        assert_eq!(cut("Calf", 6), "Calf");
        assert_eq!(cut("Calf", 0), "");
        assert_eq!(cut("Calf", 1), "…");
    }

    #[test]
    fn lengths_under_a_minute_read_in_seconds() {
        assert_eq!(length(Duration::from_secs(45)), "45 s");
        assert_eq!(length(Duration::from_secs(90)), "1:30");
    }
}
