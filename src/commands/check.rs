//! `unknot check ROUTINE...` (or `--all`): every mistake of every file on stderr (or as JSON on
//! stdout), "ok" for each valid file, warnings for what a valid file should still fix (they
//! never change the exit code), and exit 0 only when all are valid.
//!
//! A ROUTINE is a file, or a library name as `play` and `plan` take it (a file that exists
//! wins); `--all` checks the whole library, built-in routines and the user's.

pub(crate) mod lint;

use std::path::{Path, PathBuf};

use crate::cli::CheckArgs;
use crate::commands::failure::Failure;
use crate::exit::Exit;
use crate::library::{self, ResolveError};
use crate::machine;
use crate::output::{Output, color_on_stderr};
use crate::plan::{self, PlanOptions};
use crate::routine::duration::format_duration;
use crate::routine::{self, Diagnostic, Diagnostics, ParseOptions, Routine};
use crate::words::count;

/// One routine checked: the path it is shown by, and what was found.
type Checked = (PathBuf, Result<Routine, Diagnostics>);

pub fn run(args: &CheckArgs, out: &mut Output) -> Result<(), Failure> {
    let options = crate::files::ON_DISK;
    let results: Vec<Checked> = if args.all {
        whole_library(&options)
    } else {
        args.files.iter().map(|arg| one(arg, &options)).collect()
    };
    if args.json {
        print_json(&results, out)?;
    } else {
        print_text(&results, color_on_stderr(), out);
    }
    if results.iter().all(|(_, result)| result.is_ok()) {
        Ok(())
    } else {
        // Every mistake was printed above.
        Err(Failure::Said(Exit::Invalid))
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

/// `check --json`; false when it could not be written.
fn print_json(results: &[Checked], out: &mut Output) -> Result<(), Failure> {
    let warnings: Vec<Vec<lint::Warning>> = results
        .iter()
        .map(|(_, result)| result.as_ref().map(lint::warnings).unwrap_or_default())
        .collect();
    let files = results
        .iter()
        .zip(&warnings)
        .map(|((path, result), warnings)| machine::check::File::new(path, result, warnings))
        .collect();
    match (machine::check::Report { files }).to_json() {
        Ok(text) => {
            writeln!(out, "{text}");
            Ok(())
        }
        Err(error) => Err(Failure::Invalid(format!(
            "could not write the report: {error}"
        ))),
    }
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
}
