//! What the shell completes for a routine argument: the names in the library, and files.
//!
//! The shell asks unknot itself on every Tab (`COMPLETE=bash unknot -- unknot play ham`), so
//! the names are always those of the library as it is now, a routine added a moment ago too.

use std::ffi::OsStr;

use clap_complete::engine::{CompletionCandidate, PathCompleter, ValueCompleter};

use crate::library::{self, Entry, Origin};

/// A ROUTINE: a library name (built-in or yours) or a file.
pub fn routine(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut candidates = names(current, |_| true);
    candidates.extend(PathCompleter::any().complete(current));
    candidates
}

/// A name in the library, built-in or yours.
pub fn routine_name(current: &OsStr) -> Vec<CompletionCandidate> {
    names(current, |_| true)
}

/// The name of one of your routines.
pub fn user_routine(current: &OsStr) -> Vec<CompletionCandidate> {
    names(current, |entry| matches!(entry.origin, Origin::User(_)))
}

/// The name of a built-in routine.
pub fn built_in(current: &OsStr) -> Vec<CompletionCandidate> {
    names(current, |entry| entry.origin == Origin::BuiltIn)
}

/// The library's names that start with what was typed, each once, with where it comes from.
fn names(current: &OsStr, wanted: impl Fn(&Entry) -> bool) -> Vec<CompletionCandidate> {
    let Some(prefix) = current.to_str() else {
        return Vec::new();
    };
    let mut seen: Vec<&str> = Vec::new();
    let entries = library::entries();
    let mut candidates = Vec::new();
    for entry in entries.iter().filter(|entry| wanted(entry)) {
        // A name with a control character in it would be sent to the shell as it is.
        let printable = !entry.name.chars().any(char::is_control);
        if entry.name.starts_with(prefix) && printable && !seen.contains(&entry.name.as_str()) {
            seen.push(&entry.name);
            let from = match entry.origin {
                Origin::BuiltIn => "built-in",
                Origin::User(_) | Origin::File(_) => "yours",
            };
            candidates.push(CompletionCandidate::new(&entry.name).help(Some(from.into())));
        }
    }
    candidates
}
