//! unknot: a terminal coach for foam-roller and lacrosse-ball routines.
//!
//! The core is pure and knows nothing of terminals, sound devices or clocks:
//! [`routine`] (the file format and its diagnostics), [`plan`] (the timeline),
//! [`session`] (the state machine that plays a plan) and [`cue`] (what the runner must notice).
//! The edges do the I/O: [`tui`] (the terminal), [`audio`] (sound), [`history`] and [`config`]
//! (files on disk), [`commands`] (the command line).

pub mod audio;
pub mod cli;
pub mod clock;
pub mod columns;
pub mod commands;
pub mod config;
pub mod cue;
pub mod driver;
pub mod exit;
pub mod files;
pub mod headless;
pub mod history;
pub mod hooks;
pub mod library;
pub mod machine;
pub mod media;
pub mod output;
pub mod plan;
pub mod play_loop;
pub mod routine;
pub mod routine_schema;
pub mod session;
pub mod speech;
pub mod storage;
pub mod tui;
pub mod words;

#[cfg(test)]
mod deep_tests;
