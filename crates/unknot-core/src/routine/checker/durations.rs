//! Reading durations for the checker: `"1m30s"`, whole seconds, hold ranges, and their limits:
//! at least 0.5 s (or zero where zero means none), at most 2 h, in whole milliseconds.

use std::time::Duration;

use toml::de::DeValue;

use super::super::duration::{
    MAX_DURATION, MAX_TEMPO, MIN_DURATION, MIN_TEMPO, format_duration, is_resolved, parse_duration,
    split_range, to_resolution,
};
use super::super::model::HoldLength;
use super::super::rules::in_words;
use super::super::text::quoted;
use super::{Checker, Value, Zero};

impl Checker<'_> {
    /// A rep's `tempo`: a single duration from 0.5 s to 60 s.
    pub fn tempo(&mut self, key: &str, value: &Value<'_>) -> Option<Duration> {
        let tempo = self.duration_value(key, value)?;
        if tempo < MIN_TEMPO || tempo > MAX_TEMPO {
            // "60s" rather than "1m": a tempo is said in seconds.
            let range = format!("{} to {}s", format_duration(MIN_TEMPO), MAX_TEMPO.as_secs());
            self.error(
                value.span(),
                format!(
                    "`{key}` is {}; it must be from {range}",
                    format_duration(tempo)
                ),
                format!("expected {range}"),
            );
            return None;
        }
        self.resolution(key, value, tempo, "")
    }

    /// A single duration: a string like `"1m30s"` or a whole number of seconds, from 0.5 s
    /// (or zero, where `zero` allows it) to 2 h.
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
                        format!(
                            "`{key}` is {i}, far longer than the {} allowed",
                            in_words(MAX_DURATION)
                        ),
                        format!("longer than {}", format_duration(MAX_DURATION)),
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
        if duration.is_zero() {
            if zero == Zero::Allowed {
                return Some(duration);
            }
            self.error(
                value.span(),
                format!("{part}`{key}` is zero; it must be longer than zero"),
                "must be longer than zero",
            );
            return None;
        }
        if duration > MAX_DURATION {
            self.error(
                value.span(),
                format!(
                    "{part}`{key}` is {}, longer than the {} a duration may last",
                    format_duration(duration),
                    in_words(MAX_DURATION)
                ),
                format!("longer than {}", format_duration(MAX_DURATION)),
            );
            return None;
        }
        if duration < MIN_DURATION {
            let shortest = format_duration(MIN_DURATION);
            let suggestion = match zero {
                Zero::Allowed => format!("write \"0s\" for none, or at least \"{shortest}\""),
                Zero::Forbidden => format!("write at least \"{shortest}\""),
            };
            self.error_with(
                value.span(),
                format!(
                    "{part}`{key}` is {}, shorter than the {shortest} a duration must last",
                    format_duration(duration)
                ),
                format!("shorter than {shortest}"),
                Some(suggestion),
            );
            return None;
        }
        self.resolution(key, value, duration, part)
    }

    /// Refuses a duration finer than a millisecond, suggesting the nearest whole one.
    fn resolution(
        &mut self,
        key: &str,
        value: &Value<'_>,
        duration: Duration,
        part: &str,
    ) -> Option<Duration> {
        if is_resolved(duration) {
            return Some(duration);
        }
        self.error_with(
            value.span(),
            format!(
                "{part}`{key}` is {}, finer than a millisecond; durations are counted in whole milliseconds",
                format_duration(duration)
            ),
            "finer than 1 ms",
            Some(format!(
                "did you mean \"{}\"?",
                format_duration(to_resolution(duration))
            )),
        );
        None
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::Duration;

    use crate::routine::{Diagnostic, Routine, Source, parse};

    fn read(settings: &str, step: &str) -> Result<Routine, Vec<Diagnostic>> {
        let text = format!(
            "[routine]\nname = \"R\"\n[settings]\n{settings}\n[[step]]\nname = \"S\"\n{step}\n"
        );
        let source = Source::from_file(std::path::Path::new("r.toml"), text);
        parse(&source, &crate::routine::ParseOptions::TEXT_ONLY).map_err(|d| d.0)
    }

    /// The one mistake, with its suggestion.
    fn mistake(settings: &str, step: &str) -> (String, Option<String>) {
        let diagnostics = read(settings, step).unwrap_err();
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        (
            diagnostics[0].message.clone(),
            diagnostics[0].suggestion.clone(),
        )
    }

    #[test]
    fn half_a_second_is_the_shortest_part_transition_lead_in_and_reversal() {
        let ok = read(
            "lead_in = \"0.5s\"\ntransition = \"0.5s\"",
            "kind = \"circles\"\nduration = \"1s\"\nreverse_every = \"0.5s\"\ntransition = \"0.5s\"",
        )
        .unwrap();
        assert_eq!(ok.settings.lead_in, Duration::from_millis(500));
        for step in [
            "kind = \"timed\"\nduration = \"0.499s\"",
            "kind = \"rest\"\nduration = \"0.499s\"",
            "kind = \"placement\"\nduration = \"0.499s\"",
            "kind = \"hold\"\nduration = \"0.499s..2s\"",
            "kind = \"circles\"\nduration = \"10s\"\nreverse_every = \"0.499s\"",
            "kind = \"timed\"\nduration = \"10s\"\ntransition = \"0.499s\"",
        ] {
            let (message, suggestion) = mistake("", step);
            assert!(
                message.ends_with("is 0.499s, shorter than the 0.5s a duration must last"),
                "{step}: {message}"
            );
            assert!(suggestion.unwrap().contains("\"0.5s\""), "{step}");
        }
        // The review's case: a reversal every nanosecond.
        let (message, _) = mistake(
            "",
            "kind = \"circles\"\nduration = \"10s\"\nreverse_every = \"0.000000001s\"",
        );
        assert_eq!(
            message,
            "`reverse_every` is 0.000000001s, shorter than the 0.5s a duration must last"
        );
    }

    #[test]
    fn a_transition_or_a_lead_in_may_still_be_none() {
        let none = read(
            "lead_in = \"0s\"\ntransition = 0",
            "kind = \"timed\"\nduration = \"10s\"\ntransition = \"0s\"",
        )
        .unwrap();
        assert!(none.settings.lead_in.is_zero());
        let (message, suggestion) = mistake("lead_in = \"0.1s\"", "kind = \"timed\"\nduration = 5");
        assert_eq!(
            message,
            "`lead_in` is 0.1s, shorter than the 0.5s a duration must last"
        );
        assert_eq!(
            suggestion.as_deref(),
            Some("write \"0s\" for none, or at least \"0.5s\"")
        );
    }

    #[test]
    fn durations_are_whole_milliseconds() {
        let ok = read("", "kind = \"timed\"\nduration = \"1.001s\"").unwrap();
        assert_eq!(
            ok.steps[0].kind,
            crate::routine::StepKind::Timed {
                duration: Duration::from_millis(1001)
            }
        );
        let (message, suggestion) = mistake("", "kind = \"timed\"\nduration = \"1.0005s\"");
        assert_eq!(
            message,
            "`duration` is 1.0005s, finer than a millisecond; durations are counted in whole milliseconds"
        );
        assert_eq!(suggestion.as_deref(), Some("did you mean \"1.001s\"?"));
        let (message, _) = mistake("", "kind = \"reps\"\nreps = 2\ntempo = \"2.0000001s\"");
        assert!(message.contains("finer than a millisecond"), "{message}");
        let (message, _) = mistake(
            "transition = \"1.00001m\"",
            "kind = \"timed\"\nduration = 5",
        );
        assert!(
            message.starts_with("`transition` is 1m0.0006s, finer"),
            "{message}"
        );
    }

    #[test]
    fn a_tempo_keeps_its_range() {
        assert!(read("", "kind = \"reps\"\nreps = 2\ntempo = \"0.5s\"").is_ok());
        assert!(read("", "kind = \"reps\"\nreps = 2\ntempo = \"60s\"").is_ok());
        let (message, _) = mistake("", "kind = \"reps\"\nreps = 2\ntempo = \"0.499s\"");
        assert_eq!(message, "`tempo` is 0.499s; it must be from 0.5s to 60s");
        let (message, _) = mistake("", "kind = \"reps\"\nreps = 2\ntempo = \"60.001s\"");
        assert_eq!(message, "`tempo` is 1m0.001s; it must be from 0.5s to 60s");
    }
}
