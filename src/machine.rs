//! Everything unknot prints for scripts, as typed documents: the whole machine-readable
//! contract (the command-line contract's JSON) in one place.
//!
//! - [`plan`]: `plan --json` (and `plan --focus --json`);
//! - [`list`]: `list --json`;
//! - [`check`]: `check --json`;
//! - [`history`]: `history --json` and `history --spots --json`;
//! - [`events`]: the event lines of `play --headless`, `--events` and the hooks.
//!
//! Each document is built from the core's types by the command that prints it, and each has
//! one `to_json` that says how it is written (pretty or one line, escaped for a terminal or
//! not), so that the bytes a script reads are decided here. The words the documents share
//! (sides, kinds of segment, directions) are the core's own (`as_str`), the same words the
//! routine files and the screen use.

pub mod check;
pub mod events;
pub mod history;
pub mod list;
pub mod plan;

use serde::Serialize;

/// `value` as indented JSON (two spaces), as the documents read by people and scripts alike.
fn pretty<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(value)
}

/// `value` as one line of JSON.
fn one_line<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string(value)
}

#[cfg(test)]
mod golden;
