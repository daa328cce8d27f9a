//! Why a routine argument could not be found, read or used, worded for the runner.

use std::fmt;
use std::io::IsTerminal;
use std::path::PathBuf;

use crate::exit::Exit;
use crate::routine::{Diagnostics, shown, shown_path};

use super::Entry;

/// A ROUTINE argument that names no file and no routine in the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// Not a file, and no routine in the library has that name.
    UnknownName {
        name: String,
        /// The library names closest to it, best first (may be empty).
        closest: Vec<String>,
    },
    /// It looks like a path, but there is no file there.
    NoSuchFile { path: PathBuf },
    /// The file is there but could not be read as text.
    Unreadable { path: PathBuf, reason: String },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Names and paths come from the command line and from file names: shown escaped.
            ResolveError::UnknownName { name, closest } => {
                write!(f, "no routine named `{}` in the library", shown(name))?;
                match closest.as_slice() {
                    [] => write!(f, "; `unknot list` shows them all"),
                    [only] => write!(f, "; did you mean `{}`?", shown(only)),
                    several => {
                        let names: Vec<String> =
                            several.iter().map(|n| format!("`{}`", shown(n))).collect();
                        write!(f, "; did you mean one of {}?", names.join(", "))
                    }
                }
            }
            ResolveError::NoSuchFile { path } => write!(f, "{}: no such file", shown_path(path)),
            ResolveError::Unreadable { path, reason } => {
                write!(f, "{}: could not be read: {reason}", shown_path(path))
            }
        }
    }
}

impl std::error::Error for ResolveError {}

/// A routine that could not be loaded: not found, or found with errors.
#[derive(Debug)]
pub enum LoadError {
    Resolve(ResolveError),
    /// The routine was found but has errors; nothing of it may be played.
    Invalid {
        entry: Box<Entry>,
        diagnostics: Diagnostics,
    },
}

impl LoadError {
    /// The message for the terminal: every diagnostic with its snippet, or the lookup error.
    pub fn render(&self, color: bool) -> String {
        match self {
            LoadError::Resolve(error) => format!("unknot: {error}\n"),
            LoadError::Invalid { diagnostics, .. } => diagnostics.render(color),
        }
    }

    /// Prints the message on stderr, in colour when stderr is a terminal and `NO_COLOR` is unset.
    pub fn report(&self) {
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        eprint!("{}", self.render(color));
    }

    /// The exit code: a routine that can't be found or has errors is exit 1.
    pub fn exit(&self) -> Exit {
        Exit::Invalid
    }
}

impl From<ResolveError> for LoadError {
    fn from(error: ResolveError) -> LoadError {
        LoadError::Resolve(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_name_suggests_the_closest() {
        let none = ResolveError::UnknownName {
            name: "xyz".into(),
            closest: vec![],
        };
        assert_eq!(
            none.to_string(),
            "no routine named `xyz` in the library; `unknot list` shows them all"
        );
        let one = ResolveError::UnknownName {
            name: "pre-run".into(),
            closest: vec!["pre-run-dynamic".into()],
        };
        assert!(one.to_string().ends_with("did you mean `pre-run-dynamic`?"));
        let two = ResolveError::UnknownName {
            name: "lacrosse".into(),
            closest: vec!["a".into(), "b".into()],
        };
        assert!(two.to_string().ends_with("did you mean one of `a`, `b`?"));
        let hostile = ResolveError::UnknownName {
            name: "x\u{1b}]0;pwned\u{7}".into(),
            closest: vec!["calf\u{1b}[2J".into()],
        };
        let text = hostile.to_string();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        assert!(text.contains("calf\\u{1b}[2J"), "{text}");
    }
}
