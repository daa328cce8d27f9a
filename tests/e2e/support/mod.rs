//! The one harness of the integration tests: the real binary in an isolated home
//! ([`home::Home`]), a real terminal ([`tmux::Tmux`]), and what a test does when a tool it needs
//! is missing ([`require`]).
//!
//! Every module of the one test binary (tests/e2e/main.rs) takes it with `use crate::support;`.

#![allow(dead_code, unused_imports, clippy::unwrap_used)]

pub mod home;
pub mod require;
pub mod tmux;

use std::path::Path;

pub use home::{BIN, Home, fixture, root, text};
pub use require::{require, require_python_module, skip};
pub use tmux::Tmux;

/// `unknot ARGS` in a real 80×24 terminal, in `home`.
pub fn terminal(home: &Home, args: &[&str]) -> Tmux {
    let env = home.env();
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Tmux::start_with_env(Path::new(BIN), args, &pairs)
}
