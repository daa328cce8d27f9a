//! The one harness of the integration tests: the real binary in an isolated home
//! ([`home::Home`]), a real terminal ([`tmux::Tmux`]), and what a test does when a tool it needs
//! is missing ([`require`]).
//!
//! Every module of the one test binary (tests/e2e/main.rs) takes it with `use crate::support;`.

#![allow(dead_code, unused_imports, clippy::unwrap_used)]

pub mod home;
pub mod require;
pub mod tmux;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub use home::{BIN, Home, HomeWithRoutine, assert_contains, fixture, root, text};
pub use require::{require, require_python_module, skip};
pub use tmux::Tmux;

/// Held by every measurement test (`#[ignore = "measurement: ..."]`) for as long as it runs:
/// they measure CPU, wake-ups and lateness, which another test running beside them would
/// disturb. The measurement run (`cargo test -- --ignored`) runs the tests of this binary on
/// several threads; this makes its measurements take turns.
pub fn measuring_alone() -> std::sync::MutexGuard<'static, ()> {
    static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // A measurement that failed leaves the lock poisoned; the next one still runs alone.
    ALONE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The `.toml` files in `dir`, sorted by name; none when there is no such folder.
pub fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = listing
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// `command` started with its standard output and error piped to the test.
pub fn spawn_piped(command: &mut Command) -> Child {
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// `unknot ARGS` in a real 80×24 terminal, in `home`.
pub fn terminal(home: &Home, args: &[&str]) -> Tmux {
    let env = home.env();
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Tmux::start_with_env(Path::new(BIN), args, &pairs)
}
