//! How times read in `plan`, `list` and the printable sheet: `5:10` on the clock, `40 s` or
//! `5:00` for a length, `15–30 s` for a hold range.

use std::time::Duration;

/// A point on the timeline or a total: `0:00`, `15:35`, `1:02:03`, with tenths (`0:22.5`)
/// only when the time is not a whole second.
pub fn clock(time: Duration) -> String {
    let tenths = tenths_of(time);
    let whole = tenths / 10;
    let (hours, minutes, seconds) = (whole / 3600, whole / 60 % 60, whole % 60);
    let mut text = if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    };
    if !tenths.is_multiple_of(10) {
        text.push_str(&format!(".{}", tenths % 10));
    }
    text
}

/// A length: seconds under a minute (`40 s`, `22.5 s`), the clock form from a minute on (`5:00`).
pub fn length(time: Duration) -> String {
    if time < Duration::from_secs(60) {
        format!("{} s", seconds(time))
    } else {
        clock(time)
    }
}

/// A hold range: `15–30 s` under a minute, `1:00–1:30` from there.
pub fn range(min: Duration, max: Duration) -> String {
    if max < Duration::from_secs(60) {
        format!("{}–{} s", seconds(min), seconds(max))
    } else {
        format!("{}–{}", clock(min), clock(max))
    }
}

/// Seconds as the shortest decimal that says them: `40`, `22.5`, `0.5`.
pub fn seconds(time: Duration) -> String {
    let tenths = tenths_of(time);
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// The time in tenths of a second, rounded to the nearest.
fn tenths_of(time: Duration) -> u128 {
    (time.as_millis() + 50) / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn clock_reads_minutes_seconds_and_hours() {
        assert_eq!(clock(Duration::ZERO), "0:00");
        assert_eq!(clock(secs(10.0)), "0:10");
        assert_eq!(clock(secs(935.0)), "15:35");
        assert_eq!(clock(secs(3723.0)), "1:02:03");
        assert_eq!(clock(secs(22.5)), "0:22.5");
    }

    #[test]
    fn lengths_use_seconds_under_a_minute() {
        assert_eq!(length(secs(40.0)), "40 s");
        assert_eq!(length(secs(22.5)), "22.5 s");
        assert_eq!(length(secs(0.5)), "0.5 s");
        assert_eq!(length(secs(60.0)), "1:00");
        assert_eq!(length(secs(300.0)), "5:00");
    }

    #[test]
    fn ranges_read_as_one_span() {
        assert_eq!(range(secs(15.0), secs(30.0)), "15–30 s");
        assert_eq!(range(secs(45.0), secs(90.0)), "0:45–1:30");
    }
}
