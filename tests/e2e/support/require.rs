//! What a test does when a tool it needs is missing: it says so (`skipped: <test>: <why>` on
//! stderr) and returns, so a developer without tmux or PulseAudio still gets a useful run. With
//! `UNKNOT_REQUIRE_ALL=1` (as CI runs the tests) a missing tool fails the test instead, so
//! nothing is skipped there without anyone noticing.

#![allow(dead_code, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Set to `1` to make every skip a failure.
pub const REQUIRE_ALL: &str = "UNKNOT_REQUIRE_ALL";

/// Skips the calling test for `why`, or fails it when every tool is required.
#[track_caller]
pub fn skip(why: &str) {
    let current = std::thread::current();
    let test = current.name().unwrap_or("a test");
    if std::env::var_os(REQUIRE_ALL).is_some_and(|v| v == "1") {
        panic!("{test}: {why}, and {REQUIRE_ALL}=1 allows no skip");
    }
    eprintln!("skipped: {test}: {why}");
}

/// Where `program` is on `PATH`, if it is.
pub fn find_program(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        return Path::new(program).is_file().then(|| PathBuf::from(program));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| {
            use std::os::unix::fs::PermissionsExt;
            candidate
                .metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// True when every program in `programs` is on `PATH`; otherwise skips (or fails) the calling
/// test, naming the first one missing, and returns false: `if !require(&["tmux"]) { return; }`.
#[track_caller]
pub fn require(programs: &[&str]) -> bool {
    match programs.iter().find(|p| find_program(p).is_none()) {
        None => true,
        Some(missing) => {
            skip(&format!("{missing} is not installed"));
            false
        }
    }
}

/// The Python that can import `module`: the system's first (where `apt install
/// python3-icalendar` puts it), then whichever `python3` is first on PATH. Skips (or fails) the
/// calling test when there is none.
#[track_caller]
pub fn require_python_module(module: &str) -> Option<&'static str> {
    let found = ["/usr/bin/python3", "python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        skip(&format!("no python3 can import `{module}`"));
    }
    found
}
