//! Duration strings of format v1: `"45s"`, `"1m30s"`, `"0.5s"`, `"1h"`, `"2m"`.
//!
//! Pure text to `Duration`; which durations are allowed where (zero, ranges, the limits below)
//! is decided by the caller, which knows the key.

use std::time::Duration;

// The limits are the format's rules, kept with the others.
pub use super::rules::{MAX_DURATION, MAX_TEMPO, MIN_DURATION, MIN_TEMPO, RESOLUTION};

/// Whether `duration` is a whole number of [`RESOLUTION`]s.
pub fn is_resolved(duration: Duration) -> bool {
    duration.as_nanos().is_multiple_of(RESOLUTION.as_nanos())
}

/// `duration` to the nearest whole [`RESOLUTION`] (halves up), for a suggestion.
pub fn to_resolution(duration: Duration) -> Duration {
    let step = RESOLUTION.as_nanos();
    let rounded = (duration.as_nanos() + step / 2) / step * step;
    let seconds = u64::try_from(rounded / NANOS_PER_SECOND).unwrap_or(u64::MAX);
    let sub_nanos = u32::try_from(rounded % NANOS_PER_SECOND).unwrap_or(0);
    Duration::new(seconds, sub_nanos)
}

/// Why a duration string was not understood, and a corrected spelling when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationProblem {
    /// Completes "`duration` ...": for example "has no unit".
    pub message: String,
    /// A corrected spelling of the whole string, such as `45s`.
    pub corrected: Option<String>,
}

impl DurationProblem {
    fn new(message: impl Into<String>) -> DurationProblem {
        DurationProblem {
            message: message.into(),
            corrected: None,
        }
    }

    fn corrected(mut self, corrected: String) -> DurationProblem {
        if parse_duration(&corrected).is_ok() {
            self.corrected = Some(corrected);
        }
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Seconds,
    Minutes,
    Hours,
}

impl Unit {
    fn seconds(self) -> u128 {
        match self {
            Unit::Seconds => 1,
            Unit::Minutes => 60,
            Unit::Hours => 3600,
        }
    }

    fn letter(self) -> &'static str {
        match self {
            Unit::Seconds => "s",
            Unit::Minutes => "m",
            Unit::Hours => "h",
        }
    }

    /// The unit a trainer meant by a longer or capitalised spelling.
    fn from_spelling(spelling: &str) -> Option<Unit> {
        match spelling.to_ascii_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => Some(Unit::Seconds),
            "m" | "min" | "mins" | "minute" | "minutes" => Some(Unit::Minutes),
            "h" | "hr" | "hrs" | "hour" | "hours" => Some(Unit::Hours),
            _ => None,
        }
    }
}

const NANOS_PER_SECOND: u128 = 1_000_000_000;
/// Longer numbers than this are far beyond any limit; they are cut here so arithmetic never overflows.
const MAX_DIGITS: usize = 12;

/// Reads a duration string such as `"1m30s"`. Units go from largest to smallest, each at most once.
pub fn parse_duration(text: &str) -> Result<Duration, DurationProblem> {
    if text.is_empty() {
        return Err(DurationProblem::new("is empty"));
    }
    if text.chars().any(char::is_whitespace) {
        let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        // "30 sec" is "30sec" once joined, which is "30s" once respelled.
        let corrected = match parse_duration(&joined) {
            Ok(_) => Some(joined),
            Err(problem) => problem.corrected,
        };
        return Err(DurationProblem {
            message: "has a space in it".to_string(),
            corrected,
        });
    }
    if let Some(seconds) = clock_seconds(text) {
        return Err(
            DurationProblem::new("is written like a clock, without units")
                .corrected(format_duration(Duration::from_secs(seconds))),
        );
    }
    if text.contains(',') {
        let dotted = text.replace(',', ".");
        if parse_duration(&dotted).is_ok() {
            return Err(
                DurationProblem::new("has a comma; write the decimal point as a dot")
                    .corrected(dotted),
            );
        }
    }
    let mut rest = text;
    let mut nanos: u128 = 0;
    let mut previous: Option<Unit> = None;
    let mut corrected = String::new();
    let mut respelled = false;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(number_len);
        if number.is_empty() {
            let found = after.chars().next().map(String::from).unwrap_or_default();
            return Err(DurationProblem::new(format!(
                "has {} where a number was expected",
                super::text::quoted(&found)
            )));
        }
        let amount = parse_decimal(number).ok_or_else(|| {
            DurationProblem::new(format!("has `{number}`, which is not a number"))
        })?;
        let unit_len = after
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(after.len());
        let (unit_text, after_unit) = after.split_at(unit_len);
        if unit_text.is_empty() {
            let problem = DurationProblem::new(format!("has no unit after `{number}`"));
            return Err(if after_unit.is_empty() {
                problem.corrected(format!("{text}s"))
            } else {
                problem
            });
        }
        let Some(unit) = Unit::from_spelling(unit_text) else {
            return Err(DurationProblem::new(format!(
                "has the unit `{unit_text}`, but the units are `h`, `m` and `s`"
            )));
        };
        if unit_text != unit.letter() {
            respelled = true;
        }
        if previous.is_some_and(|p| p <= unit) {
            return Err(DurationProblem::new(
                "must go from hours to minutes to seconds, each unit once",
            ));
        }
        previous = Some(unit);
        corrected.push_str(number);
        corrected.push_str(unit.letter());
        nanos = nanos.saturating_add(amount.saturating_mul(unit.seconds()));
        rest = after_unit;
    }
    if respelled {
        return Err(
            DurationProblem::new("spells a unit out; the units are `h`, `m` and `s`")
                .corrected(corrected),
        );
    }
    let seconds = u64::try_from(nanos / NANOS_PER_SECOND).unwrap_or(u64::MAX);
    let sub_nanos = u32::try_from(nanos % NANOS_PER_SECOND).unwrap_or(0);
    Ok(Duration::new(seconds, sub_nanos))
}

/// The seconds of a clock-like `"1:30"` (minutes and seconds) or `"1:05:00"` (hours, minutes
/// and seconds); `None` for anything else.
fn clock_seconds(text: &str) -> Option<u64> {
    let fields: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&fields.len())
        || fields[0].is_empty()
        || fields[0].len() > 4
        || !fields.iter().all(|f| f.bytes().all(|b| b.is_ascii_digit()))
        || !fields[1..].iter().all(|f| f.len() == 2)
    {
        return None;
    }
    let mut seconds: u64 = 0;
    for (i, field) in fields.iter().enumerate() {
        let value: u64 = field.parse().ok()?;
        if i > 0 && value >= 60 {
            return None;
        }
        seconds = seconds * 60 + value;
    }
    Some(seconds)
}

/// A decimal number (`12`, `0.5`) in nanoseconds; `None` if it is not one. Digits past the
/// ninth decimal are not kept, but any that is not zero adds a nanosecond, so that a value
/// finer than a nanosecond is never taken for an exact one (nor for zero).
fn parse_decimal(number: &str) -> Option<u128> {
    let (whole, fraction) = match number.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (number, ""),
    };
    if whole.is_empty() || (number.contains('.') && fraction.is_empty()) {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole_digits = whole.trim_start_matches('0');
    let whole_value: u128 = if whole_digits.len() > MAX_DIGITS {
        10u128.pow(MAX_DIGITS as u32)
    } else {
        whole_digits.parse().unwrap_or(0)
    };
    let mut fraction_nanos: u128 = 0;
    let mut scale = NANOS_PER_SECOND;
    for digit in fraction.bytes().take(9) {
        scale /= 10;
        fraction_nanos += u128::from(digit - b'0') * scale;
    }
    if fraction.bytes().skip(9).any(|b| b != b'0') {
        fraction_nanos += 1;
    }
    Some(whole_value * NANOS_PER_SECOND + fraction_nanos)
}

/// Splits `"15s..30s"` into its two ends; `None` when the text is not a range.
pub fn split_range(text: &str) -> Option<(&str, &str)> {
    text.split_once("..")
}

/// A duration as a trainer would write it: `1m30s`, `0.5s`, `2h`.
pub fn format_duration(duration: Duration) -> String {
    let total = duration.as_secs();
    let nanos = duration.subsec_nanos();
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    let mut out = String::new();
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if minutes > 0 {
        out.push_str(&format!("{minutes}m"));
    }
    if nanos > 0 {
        let fraction = format!("{:09}", nanos);
        out.push_str(&format!("{seconds}.{}s", fraction.trim_end_matches('0')));
    } else if seconds > 0 || out.is_empty() {
        out.push_str(&format!("{seconds}s"));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn reads_the_spellings_of_the_format() {
        assert_eq!(parse_duration("45s"), Ok(secs(45.0)));
        assert_eq!(parse_duration("1m30s"), Ok(secs(90.0)));
        assert_eq!(parse_duration("0.5s"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1h"), Ok(secs(3600.0)));
        assert_eq!(parse_duration("2m"), Ok(secs(120.0)));
        assert_eq!(parse_duration("1h2m3s"), Ok(secs(3723.0)));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("1.5m"), Ok(secs(90.0)));
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_duration("0.1s"), Ok(Duration::from_millis(100)));
        assert_eq!(parse_duration("2.25s"), Ok(Duration::from_millis(2250)));
    }

    #[test]
    fn a_bare_number_in_a_string_needs_a_unit() {
        let problem = parse_duration("45").unwrap_err();
        assert_eq!(problem.message, "has no unit after `45`");
        assert_eq!(problem.corrected.as_deref(), Some("45s"));
    }

    #[test]
    fn spelled_out_units_are_corrected() {
        let problem = parse_duration("30sec").unwrap_err();
        assert_eq!(problem.corrected.as_deref(), Some("30s"));
        let problem = parse_duration("1min30s").unwrap_err();
        assert_eq!(problem.corrected.as_deref(), Some("1m30s"));
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "", "s", "1x", "1.s", ".5s", "1..2s", "-5s", "1s1m", "1m1m", "ms", "5ms",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?} was accepted");
        }
        let spaced = parse_duration("1m 30s").unwrap_err();
        assert_eq!(spaced.corrected.as_deref(), Some("1m30s"));
    }

    /// What a trainer is likely to write instead, and the spelling `check` suggests for it.
    #[test]
    fn common_other_spellings_get_a_correction() {
        for (written, meant) in [
            ("30 sec", "30s"),
            ("1 min 30 s", "1m30s"),
            ("1:30", "1m30s"),
            ("0:45", "45s"),
            ("10:00", "10m"),
            ("1:05:00", "1h5m"),
            ("1,5s", "1.5s"),
        ] {
            let problem = parse_duration(written).unwrap_err();
            assert_eq!(problem.corrected.as_deref(), Some(meant), "{written:?}");
        }
        assert!(
            parse_duration("1:30")
                .unwrap_err()
                .message
                .contains("like a clock")
        );
        assert_eq!(parse_duration("1:3").unwrap_err().corrected, None);
        assert_eq!(parse_duration("1:75").unwrap_err().corrected, None);
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        let d = parse_duration("99999999999999999999999999h").unwrap();
        assert!(d > MAX_DURATION);
    }

    #[test]
    fn digits_past_the_nanosecond_are_not_lost() {
        let tiny = parse_duration("0.0000000001s").unwrap();
        assert!(!tiny.is_zero());
        assert!(!is_resolved(tiny));
        assert_eq!(parse_duration("1.0000000000s"), Ok(Duration::from_secs(1)));
    }

    #[test]
    fn the_resolution_is_a_millisecond() {
        assert!(is_resolved(Duration::from_millis(1)));
        assert!(is_resolved(parse_duration("1.234s").unwrap()));
        assert!(!is_resolved(parse_duration("1.2345s").unwrap()));
        assert!(!is_resolved(parse_duration("0.000000001s").unwrap()));
        // 1/60000 of a minute is a millisecond; a hundred-thousandth is not a whole one.
        assert!(!is_resolved(parse_duration("0.00001m").unwrap()));
        assert_eq!(
            to_resolution(parse_duration("1.2345s").unwrap()),
            Duration::from_millis(1235)
        );
        assert_eq!(
            to_resolution(Duration::from_nanos(1_499_999)),
            Duration::from_millis(1)
        );
        assert_eq!(to_resolution(Duration::from_nanos(1)), Duration::ZERO);
    }

    #[test]
    fn formats_like_a_trainer_writes() {
        assert_eq!(format_duration(secs(90.0)), "1m30s");
        assert_eq!(format_duration(Duration::from_millis(500)), "0.5s");
        assert_eq!(format_duration(secs(7200.0)), "2h");
        assert_eq!(format_duration(Duration::ZERO), "0s");
    }

    #[test]
    fn splits_ranges() {
        assert_eq!(split_range("15s..30s"), Some(("15s", "30s")));
        assert_eq!(split_range("15s"), None);
    }
}
