//! The walk's memory: where we are (file, step), what went wrong so far, and how to read one
//! TOML value as the type a key wants, saying exactly what was found instead.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, LineIndex, Location};
use super::reads::Reads;
use super::rules::MAX_NAME_CHARS;
use super::text::{code_point, forbidden_char, quoted};

mod bounds;
mod durations;

pub(crate) type Value<'i> = Spanned<DeValue<'i>>;
pub(crate) type Table<'i> = DeTable<'i>;

/// Collects every mistake of one file.
pub(crate) struct Checker<'s> {
    pub path: &'s Path,
    pub text: Arc<str>,
    /// Where the lines of `text` start, found once for every mistake in it.
    pub lines: Arc<LineIndex>,
    /// The files read for this routine, shared by the checkers of its blocks.
    pub reads: std::rc::Rc<Reads>,
    pub diagnostics: Vec<Diagnostic>,
    /// The step being read, for "in step 3 ..." notes.
    pub step: Option<(usize, String)>,
    pub included_from: Vec<Location>,
    /// The files being read, outermost first: (canonical path, path as shown), to find cycles.
    pub include_stack: Vec<(std::path::PathBuf, std::path::PathBuf)>,
    /// Steps (and includes) read so far across every file, to stop a routine that includes
    /// without end; `over_limit` once that was reported.
    pub steps_read: usize,
    pub over_limit: bool,
    /// Lines with a TOML syntax error. When there are any, the document the parser recovered
    /// is still checked, for the mistakes elsewhere, but nothing more is said about these lines
    /// and nothing is called missing (it may be what the syntax error swallowed).
    pub syntax_error_lines: Vec<usize>,
    /// Where each step read so far is written in this file (for an included step, its
    /// `include`), in the order played: the place to point at when the whole routine is
    /// judged, as the plan's bounds are.
    pub step_sites: Vec<Range<usize>>,
}

/// Which durations a key accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zero {
    Allowed,
    Forbidden,
}

impl<'s> Checker<'s> {
    pub fn new(path: &'s Path, text: Arc<str>) -> Checker<'s> {
        Checker {
            path,
            lines: Arc::new(LineIndex::new(&text)),
            text,
            reads: std::rc::Rc::default(),
            diagnostics: Vec::new(),
            step: None,
            included_from: Vec::new(),
            include_stack: Vec::new(),
            steps_read: 0,
            over_limit: false,
            syntax_error_lines: Vec::new(),
            step_sites: Vec::new(),
        }
    }

    pub fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) {
        self.error_with(span, message, label, None);
    }

    pub fn error_with(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        suggestion: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::at_indexed(
            self.path,
            self.text.clone(),
            &self.lines,
            span,
            message,
            label,
        );
        if self.syntax_error_lines.contains(&diagnostic.line) {
            return;
        }
        diagnostic.step = self.step.clone();
        diagnostic.suggestion = suggestion;
        diagnostic.included_from = self.included_from.clone();
        self.diagnostics.push(diagnostic);
    }

    /// Reports something missing, unless a syntax error may have swallowed it.
    pub fn missing(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) {
        if self.syntax_error_lines.is_empty() {
            self.error(span, message, label);
        }
    }

    /// Reports a value of the wrong type: "`spots` must be a whole number, found the string "3"".
    pub fn wrong_type(&mut self, key: &str, value: &Value<'_>, expected: &str) {
        self.error(
            value.span(),
            format!(
                "`{key}` must be {expected}, found {}",
                describe(value.get_ref())
            ),
            format!("expected {expected}"),
        );
    }

    /// A string, or a type error.
    pub fn string<'v>(&mut self, key: &str, value: &'v Value<'_>) -> Option<&'v str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => {
                self.wrong_type(key, value, "a string");
                None
            }
        }
    }

    /// Text from a trainer, free of control characters (newlines and tabs allowed when `multiline`).
    /// A Windows line ending (CR LF) in multiline text is a line break like any other.
    pub fn text(&mut self, key: &str, value: &Value<'_>, multiline: bool) -> Option<String> {
        let text = self.string(key, value)?;
        let text = if multiline {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        };
        self.clean_text(key, &text, value.span(), multiline)
            .then_some(text)
    }

    /// Reports the first forbidden character of `text`; false if there was one.
    fn clean_text(&mut self, key: &str, text: &str, span: Range<usize>, multiline: bool) -> bool {
        let Some((index, c, what)) = forbidden_char(text, multiline) else {
            return true;
        };
        let allowed = if multiline {
            "; only line breaks and tabs are allowed"
        } else {
            ""
        };
        // Point at the character itself when it is written literally in the file.
        let raw = self.text.get(span.clone()).unwrap_or("");
        let at = raw
            .find(c)
            .map(|offset| span.start + offset..span.start + offset + c.len_utf8())
            .unwrap_or(span);
        self.error(
            at,
            format!(
                "`{key}` contains {what} ({}) at character {}: {}{allowed}",
                code_point(c),
                index + 1,
                quoted(text)
            ),
            format!("{} is not allowed here", code_point(c)),
        );
        false
    }

    /// A name: clean single-line text of 1 to [`MAX_NAME_CHARS`] characters.
    pub fn name(&mut self, key: &str, value: &Value<'_>) -> Option<String> {
        let name = self.text(key, value, false)?;
        let length = name.chars().count();
        if name.trim().is_empty() {
            self.error(
                value.span(),
                format!("`{key}` is empty; write 1 to {MAX_NAME_CHARS} characters"),
                "empty",
            );
            None
        } else if length > MAX_NAME_CHARS {
            self.error(
                value.span(),
                format!(
                    "`{key}` is {length} characters long; at most {MAX_NAME_CHARS} are allowed"
                ),
                format!("longer than {MAX_NAME_CHARS} characters"),
            );
            None
        } else {
            Some(name)
        }
    }

    /// An array of clean single-line strings.
    pub fn text_list(&mut self, key: &str, value: &Value<'_>) -> Vec<String> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, value, "an array of strings");
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| {
                if !matches!(item.get_ref(), DeValue::String(_)) {
                    self.error(
                        item.span(),
                        format!(
                            "every item of `{key}` must be a string, found {}",
                            describe(item.get_ref())
                        ),
                        "expected a string",
                    );
                    return None;
                }
                self.text(key, item, false)
            })
            .collect()
    }

    /// A whole number in `min..=max`.
    pub fn integer(&mut self, key: &str, value: &Value<'_>, min: i64, max: i64) -> Option<i64> {
        let range = format!("a whole number from {min} to {max}");
        let number = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            DeValue::String(s) if s.trim().parse::<i64>().is_ok() => {
                self.error_with(
                    value.span(),
                    format!("`{key}` must be {range}, found the string {}", quoted(s)),
                    "expected a number, not a string",
                    Some(format!("remove the quotes: `{key} = {}`", s.trim())),
                );
                return None;
            }
            _ => {
                self.wrong_type(key, value, &range);
                return None;
            }
        };
        match number {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                let shown = match value.get_ref() {
                    DeValue::Integer(i) => i.to_string(),
                    _ => String::new(),
                };
                self.error(
                    value.span(),
                    format!("`{key}` must be {range}, found {shown}"),
                    format!("expected {min} to {max}"),
                );
                None
            }
        }
    }

    /// One of a few words, suggesting the closest for a misspelling.
    pub fn choice<'c>(
        &mut self,
        key: &str,
        value: &Value<'_>,
        choices: &[&'c str],
    ) -> Option<&'c str> {
        let word = self.string(key, value)?;
        if let Some(found) = choices.iter().find(|c| **c == word) {
            return Some(found);
        }
        let listed = choices
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        self.error_with(
            value.span(),
            format!("`{key}` must be one of {listed}, found {}", quoted(word)),
            format!("not one of {listed}"),
            did_you_mean(word, choices.iter().copied()).map(|s| format!("did you mean \"{s}\"?")),
        );
        None
    }

    /// Reports every key of `table` not in `known`, suggesting the closest known one.
    pub fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        place: &str,
        known: &[&str],
    ) {
        let name = key.get_ref().as_ref();
        let suggestion =
            did_you_mean(name, known.iter().copied()).map(|s| format!("did you mean `{s}`?"));
        let listed = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        self.error_with(
            key.span(),
            format!(
                "unknown key `{}` in {place}; expected one of {listed}",
                escape_key(name)
            ),
            "unknown key",
            suggestion,
        );
    }
}

/// A key as shown in a message, with anything unprintable escaped.
pub(crate) fn escape_key(key: &str) -> String {
    let quoted = quoted(key);
    quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(&quoted)
        .to_string()
}

/// The closest of `candidates` to a misspelt `word`, if any is close enough to be a typo.
pub fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, c), c))
        .filter(|(score, c)| {
            *score >= 0.8 || strsim::damerau_levenshtein(&lower, c) <= 2.min(c.len() / 2)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// What a value is, for "found ..." in messages.
pub fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("the string {}", quoted(s)),
        DeValue::Integer(i) => format!("the number {i}"),
        DeValue::Float(f) => format!("the number {f}"),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(d) => match (d.date.is_some(), d.time.is_some()) {
            (true, false) => format!("the date {d}"),
            (false, _) => format!("the time {d}"),
            (true, true) => format!("the date and time {d}"),
        },
        DeValue::Array(_) => "an array".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["duration", "reverse_every", "name", "kind"];
        assert_eq!(did_you_mean("reverse_evry", keys), Some("reverse_every"));
        assert_eq!(did_you_mean("duraton", keys), Some("duration"));
        assert_eq!(did_you_mean("nmae", keys), Some("name"));
        assert_eq!(did_you_mean("zzzzzz", keys), None);
        assert_eq!(did_you_mean("Kind", keys), Some("kind"));
    }

    #[test]
    fn dates_and_times_are_called_what_they_are() {
        let of = |text: &str| {
            let document = format!("v = {text}");
            let de = DeTable::parse(&document).unwrap();
            describe(de.get_ref().get("v").unwrap().get_ref())
        };
        assert_eq!(of("07:32:00"), "the time 07:32:00");
        assert_eq!(of("2026-11-24"), "the date 2026-11-24");
        assert_eq!(
            of("2026-11-24T07:32:00"),
            "the date and time 2026-11-24T07:32:00"
        );
        assert_eq!(
            of("2026-11-24T07:32:00+01:00"),
            "the date and time 2026-11-24T07:32:00+01:00"
        );
    }

    #[test]
    fn describes_values_with_their_text() {
        assert_eq!(describe(&DeValue::String("x".into())), "the string \"x\"");
        assert_eq!(describe(&DeValue::Boolean(true)), "`true`");
    }
}
