//! `check --json`: every file checked, each mistake with its place, and the warnings of the
//! valid ones.

use std::path::Path;

use serde::Serialize;

use crate::commands::check::lint;
use crate::routine::{self, Diagnostic as Mistake, Diagnostics, Routine};

/// The report: one entry per file, in the order they were checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report<'a> {
    pub files: Vec<File<'a>>,
}

/// One file checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct File<'a> {
    pub path: String,
    pub valid: bool,
    /// As on the terminal, at most the first few mistakes…
    pub diagnostics: Vec<Diagnostic<'a>>,
    /// …and how many more there are (0 when every one is listed).
    pub more_diagnostics: usize,
    /// Empty for a file with mistakes.
    pub warnings: Vec<Warning<'a>>,
}

/// One mistake; a mistake about the whole file (one that cannot be read, say) has `null`
/// positions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic<'a> {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub message: &'a str,
    pub step: Option<Step<'a>>,
    pub suggestion: Option<&'a str>,
    /// The `include`s that led to the file, innermost first.
    pub included_from: Vec<Location>,
}

/// The step a mistake or a warning is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step<'a> {
    /// 1-based.
    pub number: usize,
    pub name: &'a str,
}

/// Where an `include` is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

/// Something a valid routine should still fix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning<'a> {
    pub severity: Severity,
    pub message: &'a str,
    pub step: Option<Step<'a>>,
}

/// How grave a finding is; a mistake is known by being in `diagnostics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
}

impl Report<'_> {
    /// One line of JSON, with nothing a terminal would act on left raw.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        Ok(routine::json_for_terminal(&super::one_line(self)?))
    }
}

impl<'a> File<'a> {
    /// The entry of the file shown as `path`, checked with `result`; `warnings` are the valid
    /// routine's.
    pub fn new(
        path: &Path,
        result: &'a Result<Routine, Diagnostics>,
        warnings: &'a [lint::Warning],
    ) -> File<'a> {
        let (diagnostics, more_diagnostics) = match result {
            Ok(_) => (Vec::new(), 0),
            Err(mistakes) => (
                mistakes.shown().iter().map(Diagnostic::new).collect(),
                mistakes.not_shown(),
            ),
        };
        File {
            path: path.display().to_string(),
            valid: result.is_ok(),
            diagnostics,
            more_diagnostics,
            warnings: match result {
                Ok(_) => warnings.iter().map(Warning::new).collect(),
                Err(_) => Vec::new(),
            },
        }
    }
}

impl<'a> Diagnostic<'a> {
    pub fn new(mistake: &'a Mistake) -> Diagnostic<'a> {
        // Line and column 0 stand for the whole file.
        let position = |n: usize| (n != 0).then_some(n);
        Diagnostic {
            path: mistake.path.display().to_string(),
            line: position(mistake.line),
            column: position(mistake.column),
            end_line: position(mistake.end_line),
            end_column: position(mistake.end_column),
            message: &mistake.message,
            step: Step::of(mistake.step.as_ref()),
            suggestion: mistake.suggestion.as_deref(),
            included_from: mistake
                .included_from
                .iter()
                .map(|site| Location {
                    path: site.path.display().to_string(),
                    line: site.line,
                    column: site.column,
                })
                .collect(),
        }
    }
}

impl<'a> Step<'a> {
    /// From the (number, name) the checker gives.
    pub fn of(step: Option<&'a (usize, String)>) -> Option<Step<'a>> {
        step.map(|(number, name)| Step {
            number: *number,
            name,
        })
    }
}

impl<'a> Warning<'a> {
    pub fn new(warning: &'a lint::Warning) -> Warning<'a> {
        Warning {
            severity: Severity::Warning,
            message: &warning.message,
            step: Step::of(warning.step.as_ref()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::machine::golden;

    /// `check --json FILE...` of the files a snapshot lists.
    fn report_of_files_in(snapshot: &str) -> String {
        let before: serde_json::Value = serde_json::from_str(&golden::read(snapshot)).unwrap();
        let paths: Vec<PathBuf> = before["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|file| PathBuf::from(file["path"].as_str().unwrap()))
            .collect();
        // Paths are relative to the repository, where `check` was run and tests run.
        let results: Vec<_> = paths
            .iter()
            .map(|path| routine::load(path, &crate::files::ON_DISK))
            .collect();
        let warnings: Vec<Vec<lint::Warning>> = results
            .iter()
            .map(|result| result.as_ref().map(lint::warnings).unwrap_or_default())
            .collect();
        let files = paths
            .iter()
            .zip(&results)
            .zip(&warnings)
            .map(|((path, result), warnings)| File::new(path, result, warnings))
            .collect();
        let mut text = Report { files }.to_json().unwrap();
        text.push('\n');
        text
    }

    #[test]
    fn valid_routines_are_reported_with_their_warnings_as_before() {
        golden::assert_same(&report_of_files_in("check-valid.json"), "check-valid.json");
    }

    #[test]
    fn invalid_routines_are_reported_as_before() {
        golden::assert_same(
            &report_of_files_in("check-invalid.json"),
            "check-invalid.json",
        );
    }

    #[test]
    fn mistakes_in_included_blocks_name_their_includes_as_before() {
        golden::assert_same(
            &report_of_files_in("check-include.json"),
            "check-include.json",
        );
    }

    #[test]
    fn whole_file_mistakes_have_null_positions_and_warnings_their_severity() {
        let mistake = Mistake::whole_file(Path::new("x.toml"), "cannot read");
        let warning = lint::Warning {
            step: Some((2, "Calf \u{1b}".to_string())),
            message: "too long".to_string(),
        };
        let report = Report {
            files: vec![File {
                path: "x.toml".into(),
                valid: false,
                diagnostics: vec![Diagnostic::new(&mistake)],
                more_diagnostics: 0,
                warnings: vec![Warning::new(&warning)],
            }],
        };
        assert_eq!(
            report.to_json().unwrap(),
            r#"{"files":[{"path":"x.toml","valid":false,"diagnostics":[{"path":"x.toml","line":null,"column":null,"end_line":null,"end_column":null,"message":"cannot read","step":null,"suggestion":null,"included_from":[]}],"more_diagnostics":0,"warnings":[{"severity":"warning","message":"too long","step":{"number":2,"name":"Calf \u001b"}}]}]}"#
        );
    }
}
