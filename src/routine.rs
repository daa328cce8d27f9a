//! Routine files, format v1: reading, validating and explaining what is wrong.

pub mod model;

pub use model::*;
