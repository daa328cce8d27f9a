//! unknot: a terminal coach for foam-roller and lacrosse-ball routines.
//!
//! The core is pure and knows nothing of terminals, sound devices or clocks; it is its own
//! crate, `unknot-core`, so the compiler keeps it so: [`routine`] (the file format and its
//! diagnostics), [`plan`] (the timeline), [`session`] (the state machine that plays a plan)
//! and [`cue`] (what the runner must notice), re-exported here under their own names.
//! The edges do the I/O: [`tui`] (the terminal), [`audio`] (sound), [`history`] and
//! [`config`] (files on disk), [`commands`] (the command line).

pub use unknot_core::{cue, driver, plan, routine, routine_schema, session, speech, words};

pub mod audio;
pub mod cli;
pub mod clock;
pub mod columns;
pub mod commands;
pub mod config;
pub mod exit;
pub mod files;
pub mod headless;
pub mod history;
pub mod hooks;
pub mod library;
pub mod machine;
pub mod media;
pub mod output;
pub mod play_loop;
pub mod storage;
pub mod tui;

#[cfg(test)]
mod deep_tests;
