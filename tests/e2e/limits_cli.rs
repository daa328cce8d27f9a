//! A routine at the bounds of the format (10,000 segments less a few, tens of thousands of
//! cues, a reversal every half second) is checked, played headless, and still answers a
//! signal at once. The real binary, in a home of its own.
//!
//! Timing is measured by scripts/measure-signal-at-limits.sh (figures in docs/performance.md);
//! here the signal must be answered within a deadline no machine comes near.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use crate::support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use std::time::{Duration, Instant};
use support::Home;

/// Circles reversing every half second for two hours, then 499 steps of twenty half-second
/// parts: 9,981 segments and about 64,000 cues, within every bound.
fn routine_at_the_limits() -> String {
    let mut text = String::from(
        "format = 1\n[routine]\nname = \"At the limits\"\n[settings]\nlead_in = \"0.5s\"\n\
         transition = \"0s\"\n[[step]]\nkind = \"circles\"\nname = \"Circles\"\nduration = \"2h\"\n\
         reverse_every = \"0.5s\"\n",
    );
    for i in 1..=499 {
        text.push_str(&format!(
            "[[step]]\nkind = \"timed\"\nname = \"Sweep {i}\"\nside = \"both\"\nspots = 10\n\
             duration = \"0.5s\"\n"
        ));
    }
    text
}

/// Resident memory of a running process, in kB, where /proc tells it.
fn resident_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_routine_at_the_limits_plays_and_answers_sigterm_at_once() {
    let home = Home::new();
    let file = home.write("limits.toml", &routine_at_the_limits());

    let check = home.run(&["check", file.to_str().unwrap()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let mut play = home
        .command(&["play", file.to_str().unwrap(), "--headless", "--mute"])
        .args(["--speed", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = play.id();
    let mut lines = BufReader::new(play.stdout.take().unwrap()).lines();
    // Reversals come every 5 ms at this speed: read a few hundred of them.
    let mut reversals = 0;
    while reversals < 200 {
        let line = lines.next().expect("the session goes on").unwrap();
        if line.contains("\"event\":\"reverse\"") {
            reversals += 1;
        }
    }
    if let Some(kb) = resident_kb(pid) {
        assert!(kb < 200_000, "the player holds {kb} kB");
    }
    // Keep reading, as a pipe's reader would, while the signal is answered.
    let reader = std::thread::spawn(move || lines.count());
    let sent = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = loop {
        if let Some(status) = play.try_wait().unwrap() {
            break status;
        }
        if sent.elapsed() > Duration::from_secs(10) {
            let _ = play.kill();
            panic!("the player did not answer SIGTERM within 10 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    // How soon it answers is measured by scripts/measure-signal-at-limits.sh: here it must
    // answer at all, within a deadline no machine comes near.
    reader.join().unwrap();
    assert_eq!(status.code(), Some(128 + 15), "{status:?}");
}
