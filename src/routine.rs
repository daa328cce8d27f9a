//! Routine files, format v1: reading, validating and explaining what is wrong.

mod checker;
pub mod diagnostic;
pub mod duration;
pub mod model;
mod parse;
pub mod source;
mod text;

// Shared with the settings file, whose errors read like a routine's.
pub(crate) use checker::{describe, did_you_mean};
pub use diagnostic::{Diagnostic, Diagnostics, Location};
pub use model::*;
pub use parse::{load, parse};
pub use source::{ParseOptions, Source};
