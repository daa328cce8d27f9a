//! Reading a routine file: the TOML document walked key by key, every mistake collected.

mod include;
mod sounds;
mod step;
mod voice;

use std::path::Path;
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use super::checker::{Checker, Table, Value, Zero, escape_key};
use super::diagnostic::{Diagnostic, Diagnostics};
use super::model::{Routine, RoutineInfo, Settings, Side, SoundOverrides};
use super::rules::{
    COUNTDOWN, FIRST_SIDES, FORMAT, MAX_NAME_CHARS, ROUNDS, ROUTINE_KEYS, SETTINGS_KEYS, TOP_KEYS,
};
use super::source::{ParseOptions, Source};

/// Reads and validates a routine; every mistake in the file when it is not valid.
pub fn parse(source: &Source, options: &ParseOptions) -> Result<Routine, Diagnostics> {
    let mut checker = Checker::new(&source.path, source.text.clone());
    checker.reads.count(source.text.len());
    if let Some(base_dir) = &source.base_dir {
        checker.reads.set_root(options.files, base_dir);
        let canonical = options
            .files
            .canonicalize(&source.path)
            .unwrap_or_else(|_| source.path.clone());
        checker.include_stack.push((canonical, source.path.clone()));
    }
    let routine = read_document(&mut checker, source, options).map(|mut routine| {
        // Numbers count steps in the routine as played, after includes are expanded.
        for (index, step) in routine.steps.iter_mut().enumerate() {
            step.number = index + 1;
        }
        routine
    });
    if let Some(routine) = &routine
        && checker.diagnostics.is_empty()
    {
        checker.plan_bounds(routine);
    }
    finish(&source.path, checker.diagnostics, routine)
}

/// Reads the file at `path` and validates it; a file that cannot be read is a diagnostic too.
/// The file is read through the options' files, on the disk a bounded reader: a regular file
/// of at most 1 MiB, never a FIFO or a device.
pub fn load(path: &Path, options: &ParseOptions) -> Result<Routine, Diagnostics> {
    match options.files.read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&Source::from_file(path, text), options),
            Err(err) => Err(Diagnostics(vec![not_utf8(
                path,
                err.as_bytes(),
                err.utf8_error(),
            )])),
        },
        Err(err) => {
            let why = match err {
                crate::read_error::ReadError::NotRegular("a directory") => {
                    "it is a directory, not a routine file".to_string()
                }
                other => other.to_string(),
            };
            Err(Diagnostics(vec![Diagnostic::whole_file(
                path,
                format!("cannot read the routine file: {why}"),
            )]))
        }
    }
}

/// A file that is not UTF-8, pointing at the first bad byte.
fn not_utf8(path: &Path, bytes: &[u8], err: std::str::Utf8Error) -> Diagnostic {
    let valid = err.valid_up_to();
    let text: Arc<str> = Arc::from(String::from_utf8_lossy(bytes).as_ref());
    let prefix = bytes
        .get(..valid)
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let start = prefix.len();
    Diagnostic::at(
        path,
        text,
        start..start + '\u{fffd}'.len_utf8(),
        format!("the file is not UTF-8 text: byte {valid} is not valid UTF-8; save it as UTF-8"),
        "not UTF-8",
    )
}

pub(crate) fn finish(
    path: &Path,
    mut diagnostics: Vec<Diagnostic>,
    routine: Option<Routine>,
) -> Result<Routine, Diagnostics> {
    match routine {
        Some(routine) if diagnostics.is_empty() => Ok(routine),
        _ => {
            if diagnostics.is_empty() {
                // Unreachable by construction: every `None` above reports why. Kept so that a
                // routine is never returned half-read.
                diagnostics.push(Diagnostic::whole_file(
                    path,
                    "the routine could not be read",
                ));
            }
            let mut diagnostics = Diagnostics(diagnostics);
            diagnostics.sort();
            Err(diagnostics)
        }
    }
}

/// The whole document. Returns a routine only if every part of it was read.
pub(crate) fn read_document(
    checker: &mut Checker<'_>,
    source: &Source,
    options: &ParseOptions,
) -> Option<Routine> {
    let (document, errors) = DeTable::parse_recoverable(&source.text);
    let syntax_ok = errors.is_empty();
    report_syntax_errors(checker, errors);
    let document = document.into_inner();
    let mut info = None;
    let mut settings = Some(Settings::default());
    let mut sounds = Some(SoundOverrides::default());
    let mut steps = None;
    let mut format_ok = true;
    let mut routine_seen = false;
    let mut steps_seen = false;
    let mut phrases = Some(Vec::new());
    for (key, value) in &document {
        match key.get_ref().as_ref() {
            "format" => format_ok = read_format(checker, value),
            "routine" => {
                routine_seen = true;
                info = read_info(checker, value);
            }
            "settings" => settings = read_settings(checker, value),
            "sounds" => sounds = sounds::read_sounds(checker, value, source, options),
            "voice" => phrases = voice::read_voice(checker, value),
            "step" => {
                steps_seen = true;
                steps = step::read_steps(checker, value, source, options);
            }
            _ => checker.unknown_key(key, "the top level of the file", &TOP_KEYS),
        }
    }
    let start = 0..source.text.find('\n').unwrap_or(source.text.len());
    if !routine_seen {
        checker.missing(
            start.clone(),
            "the `[routine]` table is missing; add `[routine]` with at least a `name`",
            "no `[routine]` in this file",
        );
    }
    if !steps_seen {
        checker.missing(
            start,
            "the routine has no steps; add at least one `[[step]]` with a `kind` and a `name`",
            "no `[[step]]` in this file",
        );
    }
    let info = info?;
    let mut sounds = sounds?;
    // The voice speaks the routine's language; `[routine] language` stays its one source.
    sounds.speech = crate::speech::Speech {
        language: info.language.clone(),
        phrases: phrases?,
    };
    Some(Routine {
        info,
        settings: settings?,
        sounds,
        steps: steps?,
    })
    .filter(|_| format_ok && syntax_ok)
}

/// TOML syntax errors, each at its own position; a duplicate key said plainly.
pub(crate) fn report_syntax_errors(checker: &mut Checker<'_>, errors: Vec<toml::de::Error>) {
    let mut lines = Vec::new();
    for error in errors {
        // Line 0 stands for a syntax error with no position: no mistake is reported there.
        lines.push(error.span().map_or(0, |span| {
            checker.lines.line_column(&checker.text, span.start).0
        }));
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim();
        if message == "duplicate key" {
            let key = escape_key(checker.text.get(span.clone()).unwrap_or(""));
            let before = checker.text.get(..span.start).unwrap_or("");
            let is_header = before.trim_end_matches([' ', '\t']).ends_with('[');
            let message = if is_header {
                format!("the table `[{key}]` is written twice; put its keys under one `[{key}]`")
            } else {
                format!("`{key}` is written twice in the same table; keep one")
            };
            checker.error(span, message, "written a second time here");
        } else {
            checker.error(
                span,
                format!("this is not valid TOML: {message}"),
                "TOML syntax error",
            );
        }
    }
    checker.syntax_error_lines.extend(lines);
}

/// `format = 1`, the only version there is.
pub(crate) fn read_format(checker: &mut Checker<'_>, value: &Value<'_>) -> bool {
    match value.get_ref() {
        // `+1`, `0x1`, `0o1` and `0b1` are all the number 1: the value counts, not how it is
        // written.
        DeValue::Integer(i) if integer_value(i) == Some(FORMAT) => true,
        DeValue::Integer(i) => {
            let value_text = integer_value(i).map_or_else(|| i.to_string(), |n| n.to_string());
            checker.error(
                value.span(),
                format!(
                    "`format` is {value_text}, but this version of unknot reads only format {FORMAT}"
                ),
                format!("expected {FORMAT}"),
            );
            false
        }
        _ => {
            checker.wrong_type("format", value, &format!("the number {FORMAT}"));
            false
        }
    }
}

/// The value of a TOML integer however it is written (`+1`, `0x1`, `1_000`); `None` if it
/// does not fit in 64 bits.
pub(crate) fn integer_value(integer: &toml::de::DeInteger<'_>) -> Option<i64> {
    let digits: String = integer.as_str().chars().filter(|c| *c != '_').collect();
    i64::from_str_radix(&digits, integer.radix()).ok()
}

/// The table under `key`, or a type error that says how to write it.
pub(crate) fn as_table<'v, 'i>(
    checker: &mut Checker<'_>,
    key: &str,
    value: &'v Value<'i>,
) -> Option<&'v Table<'i>> {
    match value.get_ref() {
        DeValue::Table(table) => Some(table),
        DeValue::Array(_) => {
            checker.error(
                value.span(),
                format!(
                    "`{key}` must be a single table written `[{key}]`, found an array of tables"
                ),
                format!("write `[{key}]` once"),
            );
            None
        }
        _ => {
            checker.wrong_type(key, value, &format!("a table written `[{key}]`"));
            None
        }
    }
}

/// `[routine]`: who and what.
fn read_info(checker: &mut Checker<'_>, value: &Value<'_>) -> Option<RoutineInfo> {
    let table = as_table(checker, "routine", value)?;
    let mut info = RoutineInfo::default();
    let mut ok = true;
    let mut name = None;
    for (key, value) in table {
        let read = match key.get_ref().as_ref() {
            "name" => {
                name = checker.name("name", value);
                name.is_some()
            }
            "description" => set(
                &mut info.description,
                checker.text("description", value, true),
            ),
            "author" => set(&mut info.author, checker.text("author", value, false)),
            "caution" => set(&mut info.caution, checker.text("caution", value, false)),
            "language" => set(&mut info.language, voice::read_language(checker, value)),
            "equipment" => list(checker, &mut info.equipment, "equipment", value),
            "tags" => list(checker, &mut info.tags, "tags", value),
            _ => {
                checker.unknown_key(key, "`[routine]`", &ROUTINE_KEYS);
                false
            }
        };
        ok &= read;
    }
    if !table.keys().any(|k| k.get_ref() == "name") {
        checker.missing(
            header_span(checker, value),
            format!(
                "`[routine]` has no `name`; add `name = \"...\"` (1 to {MAX_NAME_CHARS} characters)"
            ),
            "`name` is missing here",
        );
    }
    info.name = name?;
    ok.then_some(info)
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    let ok = value.is_some();
    *slot = value;
    ok
}

fn list(checker: &mut Checker<'_>, slot: &mut Vec<String>, key: &str, value: &Value<'_>) -> bool {
    let before = checker.diagnostics.len();
    *slot = checker.text_list(key, value);
    checker.diagnostics.len() == before
}

/// `[settings]`: timing defaults.
fn read_settings(checker: &mut Checker<'_>, value: &Value<'_>) -> Option<Settings> {
    let table = as_table(checker, "settings", value)?;
    let mut settings = Settings::default();
    let mut ok = true;
    for (key, value) in table {
        let read = match key.get_ref().as_ref() {
            "lead_in" => checker
                .duration("lead_in", value, Zero::Allowed)
                .map(|d| settings.lead_in = d),
            "transition" => checker
                .duration("transition", value, Zero::Allowed)
                .map(|d| settings.transition = d),
            "first_side" => checker
                .choice("first_side", value, &FIRST_SIDES)
                .map(|side| {
                    settings.first_side = if side == "left" {
                        Side::Left
                    } else {
                        Side::Right
                    }
                }),
            "countdown" => checker
                .integer("countdown", value, *COUNTDOWN.start(), *COUNTDOWN.end())
                .and_then(|n| u8::try_from(n).ok())
                .map(|n| settings.countdown = n),
            "rounds" => checker
                .integer("rounds", value, *ROUNDS.start(), *ROUNDS.end())
                .and_then(|n| u8::try_from(n).ok())
                .map(|n| settings.rounds = n),
            "focus" => boolean(checker, "focus", value).map(|b| settings.focus.enabled = b),
            "focus_max" => checker
                .duration("focus_max", value, Zero::Allowed)
                .map(|d| settings.focus.max_extra = Some(d)),
            "focus_holds" => {
                boolean(checker, "focus_holds", value).map(|b| settings.focus.holds = b)
            }
            "focus_reps" => boolean(checker, "focus_reps", value).map(|b| settings.focus.reps = b),
            _ => {
                checker.unknown_key(key, "`[settings]`", &SETTINGS_KEYS);
                None
            }
        };
        ok &= read.is_some();
    }
    ok.then_some(settings)
}

/// `true` or `false`, or a type error that says so.
fn boolean(checker: &mut Checker<'_>, key: &str, value: &Value<'_>) -> Option<bool> {
    match value.get_ref() {
        DeValue::Boolean(b) => Some(*b),
        other => {
            // `"yes"`, `"off"`, `1`: what was meant is plain, so say how to write it.
            let meant = match other {
                DeValue::String(s) => match s.trim().to_lowercase().as_str() {
                    "true" | "yes" | "on" => Some(true),
                    "false" | "no" | "off" => Some(false),
                    _ => None,
                },
                DeValue::Integer(i) => match integer_value(i) {
                    Some(1) => Some(true),
                    Some(0) => Some(false),
                    _ => None,
                },
                _ => None,
            };
            let suggestion = meant.map(|b| format!("write `{key} = {b}`, without quotes"));
            checker.error_with(
                value.span(),
                format!(
                    "`{key}` must be true or false, found {}",
                    super::checker::describe(value.get_ref())
                ),
                "expected true or false",
                suggestion,
            );
            None
        }
    }
}

/// Where to point when something is missing from a table: its `[header]` line, found in the
/// text before the table's first key (or at the table's own span).
pub(crate) fn header_span(checker: &Checker<'_>, value: &Value<'_>) -> std::ops::Range<usize> {
    let span = value.span();
    let line_end = checker
        .text
        .get(span.start..)
        .and_then(|rest| rest.find('\n'))
        .map_or(span.end, |i| span.start + i);
    span.start..line_end.min(span.end).max(span.start)
}

#[cfg(test)]
mod tests;
