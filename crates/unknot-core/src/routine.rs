//! Routine files, format v1: reading, validating and explaining what is wrong.

mod checker;
pub mod diagnostic;
pub mod duration;
pub mod model;
mod parse;
mod reads;
pub mod rules;
pub mod source;
mod text;

// Shared with the settings file, whose errors read like a routine's.
pub use checker::{describe, did_you_mean};
pub use diagnostic::{Diagnostic, Diagnostics, Location};
pub use model::*;
pub use parse::{load, parse};
pub use reads::MAX_ROUTINE_BYTES;
pub use source::{NoFiles, ParseOptions, Source, SourceFiles};
pub use text::{json_for_terminal, quoted, shown, shown_path};
