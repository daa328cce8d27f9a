//! Reading durations for the checker: `"1m30s"`, whole seconds, hold ranges, and their limits.

use std::time::Duration;

use toml::de::DeValue;

use super::super::duration::{MAX_DURATION, format_duration, parse_duration, split_range};
use super::super::model::HoldLength;
use super::super::text::quoted;
use super::{Checker, Value, Zero};

impl Checker<'_> {
    /// A single duration: a string like `"1m30s"` or a whole number of seconds, at most 2 h.
    pub fn duration(&mut self, key: &str, value: &Value<'_>, zero: Zero) -> Option<Duration> {
        if let DeValue::String(s) = value.get_ref()
            && split_range(s).is_some()
        {
            self.error(
                value.span(),
                format!(
                    "`{key}` is the range {}, but only a `hold` step's `duration` may be a range",
                    quoted(s)
                ),
                "a single duration was expected",
            );
            return None;
        }
        let duration = self.duration_value(key, value)?;
        self.duration_limits(key, value, duration, zero, "")
    }

    /// A hold's `duration`: fixed, or a range `"A..B"` with A < B.
    pub fn hold_length(&mut self, key: &str, value: &Value<'_>) -> Option<HoldLength> {
        let DeValue::String(s) = value.get_ref() else {
            let fixed = self.duration_value(key, value)?;
            return self
                .duration_limits(key, value, fixed, Zero::Forbidden, "")
                .map(HoldLength::Fixed);
        };
        let Some((low, high)) = split_range(s) else {
            if let Some((low, high)) = s.split_once(['-', '–'])
                && parse_duration(low).is_ok()
                && parse_duration(high).is_ok()
            {
                self.error_with(
                    value.span(),
                    format!(
                        "`{key}` is {}, but a range is written with two dots, like \"15s..30s\"",
                        quoted(s)
                    ),
                    "not a duration",
                    Some(format!("did you mean \"{low}..{high}\"?")),
                );
                return None;
            }
            let fixed = self.duration_text(key, value, s)?;
            return self
                .duration_limits(key, value, fixed, Zero::Forbidden, "")
                .map(HoldLength::Fixed);
        };
        if s.chars().any(char::is_whitespace) {
            let joined: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            let suggestion =
                split_range(&joined).and_then(|(low, high)| corrected_range(low, high));
            self.error_with(
                value.span(),
                format!(
                    "`{key}` is {}, which has a space in it; expected a range like \"15s..30s\"",
                    quoted(s)
                ),
                "not a duration",
                suggestion.map(|c| format!("did you mean \"{c}\"?")),
            );
            return None;
        }
        let suggestion = corrected_range(low, high).map(|c| format!("did you mean \"{c}\"?"));
        let min = self.range_end(key, value, low, "start", &suggestion);
        let max = self.range_end(key, value, high, "end", &suggestion);
        let (min, max) = (min?, max?);
        let min = self.duration_limits(key, value, min, Zero::Forbidden, "the start of ")?;
        let max = self.duration_limits(key, value, max, Zero::Forbidden, "the end of ")?;
        if min >= max {
            self.error(
                value.span(),
                format!(
                    "`{key}` range {} must go from shorter to longer, but {} is not less than {}",
                    quoted(s),
                    format_duration(min),
                    format_duration(max)
                ),
                "expected A < B in \"A..B\"",
            );
            return None;
        }
        Some(HoldLength::Range { min, max })
    }

    /// A duration string or a bare whole number of seconds, before any limit.
    fn duration_value(&mut self, key: &str, value: &Value<'_>) -> Option<Duration> {
        match value.get_ref() {
            DeValue::String(s) => self.duration_text(key, value, s),
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) if n >= 0 => Some(Duration::from_secs(n.unsigned_abs())),
                Ok(n) => {
                    self.error(
                        value.span(),
                        format!("`{key}` is {n} seconds; a duration cannot be negative"),
                        "negative",
                    );
                    None
                }
                Err(_) => {
                    self.error(
                        value.span(),
                        format!("`{key}` is {i}, far longer than the 2 hours allowed"),
                        "longer than 2h",
                    );
                    None
                }
            },
            DeValue::Float(f) => {
                self.error_with(
                    value.span(),
                    format!("`{key}` is the number {f}, but a bare number must be whole seconds"),
                    "expected whole seconds or a string like \"0.5s\"",
                    Some(format!("write it as a string: `{key} = \"{f}s\"`")),
                );
                None
            }
            _ => {
                self.wrong_type(
                    key,
                    value,
                    "a duration like \"45s\" or \"1m30s\", or whole seconds",
                );
                None
            }
        }
    }

    fn duration_text(&mut self, key: &str, value: &Value<'_>, text: &str) -> Option<Duration> {
        match parse_duration(text) {
            Ok(duration) => Some(duration),
            Err(problem) => {
                self.error_with(
                    value.span(),
                    format!(
                        "`{key}` is {}, which {}; expected a duration like \"45s\", \"1m30s\" or \"0.5s\"",
                        quoted(text),
                        problem.message
                    ),
                    "not a duration",
                    problem.corrected.map(|c| format!("did you mean \"{c}\"?")),
                );
                None
            }
        }
    }

    /// One end of a hold range; a mistake names the end, and the suggestion is the whole range.
    fn range_end(
        &mut self,
        key: &str,
        value: &Value<'_>,
        text: &str,
        end: &str,
        suggestion: &Option<String>,
    ) -> Option<Duration> {
        match parse_duration(text) {
            Ok(duration) => Some(duration),
            Err(problem) => {
                self.error_with(
                    value.span(),
                    format!(
                        "the {end} of `{key}`, {}, {}; expected a range like \"15s..30s\"",
                        quoted(text),
                        problem.message
                    ),
                    "not a duration",
                    suggestion.clone(),
                );
                None
            }
        }
    }

    fn duration_limits(
        &mut self,
        key: &str,
        value: &Value<'_>,
        duration: Duration,
        zero: Zero,
        part: &str,
    ) -> Option<Duration> {
        if duration.is_zero() && zero == Zero::Forbidden {
            self.error(
                value.span(),
                format!("{part}`{key}` is zero; it must be longer than zero"),
                "must be longer than zero",
            );
            None
        } else if duration > MAX_DURATION {
            self.error(
                value.span(),
                format!(
                    "{part}`{key}` is {}, longer than the 2 hours a duration may last",
                    format_duration(duration)
                ),
                "longer than 2h",
            );
            None
        } else {
            Some(duration)
        }
    }
}

/// A range with each end spelled correctly, when every mistake in it has a correction.
fn corrected_range(low: &str, high: &str) -> Option<String> {
    let end = |text: &str| match parse_duration(text) {
        Ok(_) => Some(text.to_string()),
        Err(problem) => problem.corrected,
    };
    Some(format!("{}..{}", end(low)?, end(high)?))
}
