//! `unknot check ROUTINE...` (or `--all`): every mistake of every file on stderr (or as JSON on
//! stdout), "ok" for each valid file, warnings for what a valid file should still fix (they
//! never change the exit code), and exit 0 only when all are valid.
//!
//! A ROUTINE is a file, or a library name as `play` and `plan` take it (a file that exists
//! wins); `--all` checks the whole library, built-in routines and the user's.

mod lint;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::cli::CheckArgs;
use crate::exit::Exit;
use crate::library::{self, ResolveError};
use crate::output::Output;
use crate::plan::{self, PlanOptions};
use crate::routine::duration::format_duration;
use crate::routine::{self, Diagnostic, Diagnostics, ParseOptions, Routine};
use crate::words::count;

/// One routine checked: the path it is shown by, and what was found.
type Checked = (PathBuf, Result<Routine, Diagnostics>);

pub fn run(args: &CheckArgs, out: &mut Output) -> Exit {
    let options = crate::files::ON_DISK;
    let results: Vec<Checked> = if args.all {
        whole_library(&options)
    } else {
        args.files.iter().map(|arg| one(arg, &options)).collect()
    };
    if args.json {
        print_json(&results, out);
    } else {
        print_text(&results, use_color(), out);
    }
    if results.iter().all(|(_, result)| result.is_ok()) {
        Exit::Success
    } else {
        Exit::Invalid
    }
}

/// Checks one ROUTINE argument: a file that exists is that file; otherwise a library name is
/// found as `play` finds it.
fn one(arg: &Path, options: &ParseOptions) -> Checked {
    let is_there = arg.symlink_metadata().is_ok();
    let name = arg.to_str().filter(|_| !is_there);
    let Some(name) = name else {
        return (arg.to_path_buf(), routine::load(arg, options));
    };
    match library::resolve(name) {
        Ok(entry) => (entry.source.path.clone(), entry.parse(options)),
        // A path with nothing there: said as for any unreadable file.
        Err(ResolveError::NoSuchFile { .. }) => (arg.to_path_buf(), routine::load(arg, options)),
        Err(error) => (
            arg.to_path_buf(),
            Err(Diagnostics(vec![Diagnostic::whole_file(
                arg,
                error.to_string(),
            )])),
        ),
    }
}

/// Every routine of the library, as `unknot list` lists them, with the user's files that
/// could not be read.
fn whole_library(options: &ParseOptions) -> Vec<Checked> {
    let library = library::scan();
    let mut results: Vec<Checked> = library
        .entries
        .iter()
        .map(|entry| (entry.source.path.clone(), entry.parse(options)))
        .collect();
    results.extend(library.unreadable.iter().map(|(path, reason)| {
        let diagnostic =
            Diagnostic::whole_file(path, format!("cannot read the routine file: {reason}"));
        (path.clone(), Err(Diagnostics(vec![diagnostic])))
    }));
    results
}

/// Colour only for a person at a terminal who has not asked for none.
fn use_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stderr().is_terminal()
}

fn print_text(results: &[Checked], color: bool, out: &mut Output) {
    use std::io::Write;
    let mut stderr = std::io::stderr().lock();
    let mut errors = 0;
    let mut invalid_files = 0;
    let mut warnings = 0;
    for (path, result) in results {
        match result {
            Ok(routine) => {
                writeln!(out, "{}", ok_line(path, routine));
                for warning in lint::warnings(routine) {
                    warnings += 1;
                    let _ = writeln!(stderr, "{}", warning_line(path, &warning, color));
                }
            }
            Err(diagnostics) => {
                errors += diagnostics.len();
                invalid_files += 1;
                let _ = write!(stderr, "{}", diagnostics.render(color));
                let _ = writeln!(stderr);
            }
        }
    }
    let mut verdict = summary(results.len(), invalid_files, errors);
    if warnings > 0 {
        verdict.push_str(&format!(", {}", count(warnings as u64, "warning")));
    }
    let _ = writeln!(stderr, "{verdict}");
}

/// `warning: calves.toml: step 2 "Calf": …`, the word in yellow at a terminal.
fn warning_line(path: &Path, warning: &lint::Warning, color: bool) -> String {
    let label = if color {
        "\u{1b}[1;33mwarning\u{1b}[0m"
    } else {
        "warning"
    };
    // The step is named as a mistake's note names it, quoted and escaped.
    let mut note = Diagnostic::whole_file(path, "");
    note.step = warning.step.clone();
    let step = note
        .step_note()
        .map(|note| format!("{note}: "))
        .unwrap_or_default();
    format!(
        "{label}: {}: {step}{}",
        routine::shown_path(path),
        warning.message
    )
}

/// `routines/calves.toml: ok, 4 steps, 12m30s planned`.
pub fn ok_line(path: &Path, routine: &Routine) -> String {
    let plan = plan::expand(routine, PlanOptions::default());
    let steps = routine.steps.len();
    format!(
        "{}: ok, {}, {} planned",
        routine::shown_path(path),
        count(steps as u64, "step"),
        format_duration(plan.total)
    )
}

/// The one-line verdict: "2 errors in 1 of 3 files" or "3 files valid".
fn summary(files: usize, invalid_files: usize, errors: usize) -> String {
    if invalid_files == 0 {
        format!("{} valid", count(files as u64, "file"))
    } else {
        format!(
            "{} in {invalid_files} of {}",
            count(errors as u64, "error"),
            count(files as u64, "file")
        )
    }
}

fn print_json(results: &[Checked], out: &mut Output) {
    let files: Vec<Value> = results
        .iter()
        .map(|(path, result)| {
            // As on the terminal, at most `MAX_SHOWN` diagnostics per file; how many more
            // there are is counted in `more_diagnostics` (0 when every one is listed).
            let (diagnostics, more): (Vec<Value>, usize) = match result {
                Ok(_) => (Vec::new(), 0),
                Err(diagnostics) => (
                    diagnostics.shown().iter().map(diagnostic_json).collect(),
                    diagnostics.not_shown(),
                ),
            };
            let warnings: Vec<Value> = match result {
                Ok(routine) => lint::warnings(routine).iter().map(warning_json).collect(),
                Err(_) => Vec::new(),
            };
            json!({
                "path": path.display().to_string(),
                "valid": result.is_ok(),
                "diagnostics": diagnostics,
                "more_diagnostics": more,
                "warnings": warnings,
            })
        })
        .collect();
    let document = json!({ "files": files });
    // Valid JSON that says the same, with nothing a terminal would act on left raw.
    let text = routine::json_for_terminal(&document.to_string());
    writeln!(out, "{text}");
}

/// One warning: `{"severity": "warning", "message", "step"}`.
fn warning_json(warning: &lint::Warning) -> Value {
    let step = warning.step.as_ref().map_or(
        Value::Null,
        |(number, name)| json!({ "number": number, "name": name }),
    );
    json!({ "severity": "warning", "message": warning.message, "step": step })
}

/// One diagnostic; a mistake about the whole file has `null` positions.
fn diagnostic_json(diagnostic: &Diagnostic) -> Value {
    let position = |n: usize| if n == 0 { Value::Null } else { json!(n) };
    let step = diagnostic.step.as_ref().map_or(
        Value::Null,
        |(number, name)| json!({ "number": number, "name": name }),
    );
    let included_from: Vec<Value> = diagnostic
        .included_from
        .iter()
        .map(|site| {
            json!({
                "path": site.path.display().to_string(),
                "line": site.line,
                "column": site.column,
            })
        })
        .collect();
    json!({
        "path": diagnostic.path.display().to_string(),
        "line": position(diagnostic.line),
        "column": position(diagnostic.column),
        "end_line": position(diagnostic.end_line),
        "end_column": position(diagnostic.end_column),
        "message": diagnostic.message,
        "step": step,
        "suggestion": diagnostic.suggestion,
        "included_from": included_from,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_errors_and_files() {
        assert_eq!(summary(3, 0, 0), "3 files valid");
        assert_eq!(summary(1, 0, 0), "1 file valid");
        assert_eq!(summary(3, 1, 2), "2 errors in 1 of 3 files");
        assert_eq!(summary(1, 1, 1), "1 error in 1 of 1 file");
    }

    #[test]
    fn whole_file_mistakes_have_null_positions() {
        let d = Diagnostic::whole_file(Path::new("x.toml"), "cannot read");
        let value = diagnostic_json(&d);
        assert_eq!(value["line"], Value::Null);
        assert_eq!(value["message"], "cannot read");
    }
}
