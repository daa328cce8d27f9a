//! The pure core of unknot, a terminal coach for foam-roller and lacrosse-ball routines.
//!
//! Everything here is a function of its inputs: it reads no file, looks at no clock, opens no
//! terminal or sound device and prints nothing, so it is tested on its own and fuzzed without
//! a disk. [`routine`] is the file format and its diagnostics (a routine's other files come
//! through [`routine::SourceFiles`]), [`plan`] the timeline, [`session`] the state machine that
//! plays a plan, [`driver`] what falls due when, [`cue`] what the runner must notice and
//! [`speech`] what a voice says. The `unknot` crate does the I/O around it.
//!
//! `clippy.toml` beside this crate's manifest forbids the standard library's file, process,
//! network, clock, environment and printing calls here.

#![forbid(unsafe_code)]

pub mod cue;
pub mod driver;
pub mod plan;
pub mod read_error;
pub mod routine;
pub mod routine_schema;
pub mod session;
pub mod speech;
pub mod words;

#[cfg(test)]
mod deep_tests;
