//! Why a routine argument could not be found, read or used, worded for the runner.

use std::path::PathBuf;

use crate::exit::Exit;
use crate::routine::{Diagnostics, shown, shown_path};

use super::Entry;

/// A ROUTINE argument that names no file and no routine in the library.
///
/// Names and paths come from the command line and from file names: they are shown escaped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// Not a file, and no routine in the library has that name.
    #[error("no routine named `{}` in the library; {}", shown(.name), suggestion(.closest))]
    UnknownName {
        name: String,
        /// The library names closest to it, best first (may be empty).
        closest: Vec<String>,
    },
    /// It looks like a path, but there is no file there.
    #[error("{}: no such file", shown_path(.path))]
    NoSuchFile { path: PathBuf },
    /// The file is there but could not be read as text.
    #[error("{}: could not be read: {reason}", shown_path(.path))]
    Unreadable { path: PathBuf, reason: String },
}

/// What to try instead of an unknown name: the closest names, or the list of them all.
fn suggestion(closest: &[String]) -> String {
    match closest {
        [] => "`unknot list` shows them all".to_string(),
        [only] => format!("did you mean `{}`?", shown(only)),
        several => {
            let names: Vec<String> = several.iter().map(|n| format!("`{}`", shown(n))).collect();
            format!("did you mean one of {}?", names.join(", "))
        }
    }
}

/// A routine that could not be loaded: not found, or found with errors.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// The routine was found but has errors; nothing of it may be played.
    #[error("{}", .diagnostics.render(false).trim_end())]
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
        eprint!("{}", self.render(crate::output::color_on_stderr()));
    }

    /// The exit code: a routine that can't be found or has errors is exit 1.
    pub fn exit(&self) -> Exit {
        Exit::Invalid
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
