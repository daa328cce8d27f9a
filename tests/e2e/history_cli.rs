//! The session history through the real binary, with the history kept in a temporary
//! `XDG_DATA_HOME`: sessions played headless or on screen are recorded, `unknot history` shows
//! them, and a history damaged by a crash or by hand still loads.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use crate::support;
use support::HomeWithRoutine;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use unknot::history::{self, Ending, RecordedRating, RoutineRef, SessionRecord};
use unknot::routine::Side;

/// A lead-in of 1 s, then two 3 s parts on the right hamstring with a 1 s move between: 8 s.
const TINY: &str = "routines/play/tiny-check.toml";

fn tiny_text() -> String {
    std::fs::read_to_string(support::fixture(TINY)).unwrap()
}

/// A home of its own with the tiny routine in it.
fn home() -> HomeWithRoutine {
    HomeWithRoutine::new(TINY, "tiny.toml")
}

/// The history of `home` as `unknot history --json` shows it.
fn history_json(home: &support::Home) -> Vec<serde_json::Value> {
    let out = home.run_utc(&["history", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn at(text: &str) -> ZonedDateTime {
    text.parse::<Timestamp>()
        .unwrap()
        .to_zoned_datetime(TimeZone::UTC)
}

/// A session of the tiny routine at `start`, with the given ratings of the right hamstring.
fn record(start: &str, ending: Ending, ratings: &[(u8, u8)]) -> SessionRecord {
    let start = at(start);
    SessionRecord {
        end: start.clone(),
        start,
        routine: RoutineRef {
            name: "Tiny check".to_string(),
            file: "tiny".to_string(),
            sha256: history::record::sha256_hex(&tiny_text()),
        },
        planned_seconds: 8.0,
        actual_seconds: 120.0,
        parts_done: 1,
        parts_skipped: 0,
        skipped: Vec::new(),
        parts_total: 2,
        ending,
        ratings: ratings
            .iter()
            .map(|&(spot, value)| RecordedRating {
                step: 1,
                step_name: "Hamstring circles".to_string(),
                area: Some("hamstring".to_string()),
                side: Some(Side::Right),
                spot: Some(spot),
                value,
            })
            .collect(),
        speed: 1.0,
        check_in: Default::default(),
    }
}

#[test]
fn a_finished_headless_session_adds_one_record() {
    let home = home();
    let out = home.run_utc(&["play", &home.routine(), "--headless", "--speed", "100"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"event\":\"done\""));

    let records = history_json(&home);
    assert_eq!(records.len(), 1, "{records:?}");
    let r = &records[0];
    assert_eq!(r["ended"], "finished");
    assert_eq!(r["routine"]["name"], "Tiny check");
    assert_eq!(r["routine"]["file"], "tiny");
    assert_eq!(
        r["routine"]["sha256"],
        history::record::sha256_hex(&tiny_text())
    );
    assert_eq!(r["planned_seconds"], 8.0);
    assert_eq!(r["parts"]["done"], 2);
    assert_eq!(r["parts"]["total"], 2);
    assert_eq!(r["speed"], 100.0, "played at --speed 100: a preview");
    // RFC 3339 with an offset, readable back as a time.
    let start = r["start"].as_str().unwrap();
    assert!(start.ends_with("+00:00"), "{start}");
    let start: Timestamp = start.parse().unwrap();
    let end: Timestamp = r["end"].as_str().unwrap().parse().unwrap();
    assert!(start <= end);

    // The first was a preview; this one is played in real time, its 8 s made 1 s by no lead-in,
    // no move and the shortest parts (what the history says does not hang on the length).
    let short = tiny_text()
        .replace("lead_in = \"1s\"", "lead_in = \"0s\"")
        .replace("transition = \"1s\"", "transition = \"0s\"")
        .replace("duration = \"3s\"", "duration = \"0.5s\"");
    std::fs::write(home.path().join("tiny.toml"), short).unwrap();
    let again = home.run_utc(&["play", &home.routine(), "--headless", "--mute"]);
    assert!(again.status.success());
    assert_eq!(history_json(&home).len(), 2);

    let text = home.run_utc(&["history"]);
    assert!(text.status.success());
    let text = stdout(&text);
    assert!(text.contains("Recent sessions"), "{text}");
    assert!(text.contains("finished · preview at 100×"), "{text}");
    // Listed, but an 8 s session is under two minutes: it counts for no streak.
    assert!(text.contains("This week: 0 s · streak: 0 days"), "{text}");
    assert!(
        text.contains("Tiny check  1"),
        "sessions per routine, the preview left out:\n{text}"
    );
    assert!(text.contains("Minutes per day, last 4 weeks"), "{text}");
}

#[test]
fn a_quit_session_recorded_through_the_api_shows_as_quit() {
    let home = home();
    let now = Timestamp::now().to_zoned_datetime(TimeZone::UTC);
    let mut quit = record("2026-01-01T00:00:00Z", Ending::Quit, &[]);
    quit.start = now.clone();
    quit.end = now;
    history::append_to(&home.history_file(), &quit).unwrap();

    let records = history_json(&home);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["ended"], "quit");
    let text = stdout(&home.run_utc(&["history"]));
    assert!(text.contains("quit after 1 of 2 parts"), "{text}");
    assert!(text.contains("This week: 2 min"), "{text}");
}

#[test]
fn an_empty_history_is_not_an_error() {
    let home = home();
    let out = home.run_utc(&["history"]);
    assert!(out.status.success());
    assert!(
        stdout(&out).starts_with("No sessions yet"),
        "{}",
        stdout(&out)
    );
    assert_eq!(history_json(&home), Vec::<serde_json::Value>::new());
    let spots = home.run_utc(&["history", "--spots"]);
    assert!(stdout(&spots).starts_with("No tender spots rated yet"));
}

#[test]
fn spot_trends_follow_each_spot_over_the_days() {
    let home = home();
    for (start, ratings) in [
        ("2026-11-10T12:00:00Z", vec![(2, 4), (1, 2)]),
        ("2026-11-17T12:00:00Z", vec![(2, 3)]),
        ("2026-11-20T12:00:00Z", vec![(2, 3)]),
        ("2026-11-24T12:00:00Z", vec![(2, 2)]),
    ] {
        history::append_to(
            &home.history_file(),
            &record(start, Ending::Finished, &ratings),
        )
        .unwrap();
    }
    let out = home.run_utc(&["history", "--spots"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("  right hamstring spot 1: 2, rated once\n"),
        "{text}"
    );
    assert!(
        text.contains("  right hamstring spot 2: 4 → 2 over 14 days (4 3 3 2), easing\n"),
        "{text}"
    );

    let json = home.run_utc(&["history", "--spots", "--json"]);
    let trends: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(trends.len(), 2);
    assert_eq!(trends[1]["spot"], 2);
    assert_eq!(trends[1]["days"], 14);
    assert_eq!(trends[1]["ratings"].as_array().unwrap().len(), 4);
}

#[test]
fn a_corrupt_or_truncated_history_loads_everything_else_with_a_warning() {
    let home = home();
    let good = record("2026-11-20T12:00:00Z", Ending::Finished, &[])
        .to_json_line()
        .unwrap();
    std::fs::create_dir_all(home.history_file().parent().unwrap()).unwrap();
    let torn = &good[..good.len() / 2];
    std::fs::write(
        home.history_file(),
        format!("{good}\n{{\"version\": oops\n{good}\n{torn}"),
    )
    .unwrap();

    let out = home.run_utc(&["history", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(records.len(), 2);
    let warnings = stderr(&out);
    assert!(warnings.contains("line 2 skipped"), "{warnings}");
    assert!(
        warnings.contains("line 4 skipped: it was cut short"),
        "{warnings}"
    );

    // The next session starts on a line of its own: only the torn fragment stays lost.
    let play = home.run_utc(&["play", &home.routine(), "--headless", "--speed", "100"]);
    assert!(play.status.success(), "{}", stderr(&play));
    let out = home.run_utc(&["history", "--json"]);
    let records: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(records.len(), 3);
    assert!(!stderr(&out).contains("cut short"), "{}", stderr(&out));
}

#[test]
fn a_crash_at_any_byte_of_an_append_loses_only_that_session() {
    let dir = support::Home::new();
    let path = dir.path().join("history.jsonl");
    let first = record("2026-11-20T12:00:00Z", Ending::Finished, &[(1, 3)]);
    history::append_to(&path, &first).unwrap();
    let whole = std::fs::read(&path).unwrap();
    let second = record("2026-11-21T12:00:00Z", Ending::Quit, &[]);
    history::append_to(&path, &second).unwrap();
    let both = std::fs::read(&path).unwrap();

    for cut in whole.len()..both.len() {
        std::fs::write(&path, &both[..cut]).unwrap();
        let loaded = history::log::read(&path).unwrap();
        // Only the newline missing: the session itself is whole and kept.
        let mut expected = if cut + 1 == both.len() {
            vec![first.clone(), second.clone()]
        } else {
            vec![first.clone()]
        };
        assert_eq!(loaded.records, expected, "cut at byte {cut}");
        assert!(loaded.warnings.len() <= 1, "cut at byte {cut}");
        let third = record("2026-11-22T12:00:00Z", Ending::Finished, &[]);
        history::append_to(&path, &third).unwrap();
        expected.push(third);
        let loaded = history::log::read(&path).unwrap();
        assert_eq!(loaded.records, expected, "cut at byte {cut}");
    }
}

/// The environment variable that makes this test's own binary the appending child.
const CHILD: &str = "UNKNOT_TEST_APPEND_UNTIL_KILLED";

#[test]
fn kill_9_while_appending_leaves_a_history_that_loads() {
    let sample = record("2026-11-20T12:00:00Z", Ending::Finished, &[(2, 4), (1, 1)]);
    if let Some(path) = std::env::var_os(CHILD) {
        // The child: append as fast as it can until the parent kills it.
        loop {
            history::append_to(Path::new(&path), &sample).unwrap();
        }
    }

    let dir = support::Home::new();
    let path = dir.path().join("unknot").join("history.jsonl");
    let mut total_warnings = 0;
    for round in 0..6u64 {
        let before = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "history_cli::kill_9_while_appending_leaves_a_history_that_loads",
                "--exact",
                "--nocapture",
            ])
            .env(CHILD, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Let it get going, then kill it at a different moment each round.
        let started = Instant::now();
        while std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) <= before {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the child never wrote"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(5 + round * 7));
        child.kill().unwrap(); // SIGKILL: no chance to finish a line
        child.wait().unwrap();

        let loaded = history::log::read(&path).unwrap();
        assert!(!loaded.records.is_empty());
        assert!(loaded.records.iter().all(|r| *r == sample));
        total_warnings += loaded.warnings.len();
        // A torn line can only be the last one, and the next append leaves it behind.
        assert!(
            loaded.warnings.len() <= round as usize + 1,
            "{:?}",
            loaded.warnings
        );
    }
    let count = history::log::read(&path).unwrap().records.len();
    history::append_to(&path, &sample).unwrap();
    let loaded = history::log::read(&path).unwrap();
    assert_eq!(loaded.records.len(), count + 1);
    assert!(loaded.warnings.len() <= total_warnings.max(6));
}

#[test]
fn a_spot_rated_on_screen_shows_in_history_spots() {
    if !support::require(&["tmux"]) {
        return;
    }
    let home = home();
    let slow = tiny_text().replace("duration = \"3s\"", "duration = \"60s\"");
    std::fs::write(home.path().join("tiny.toml"), slow).unwrap();
    let routine = home.routine();
    let wait = Duration::from_secs(15);
    let tmux = support::terminal(&home, &["play", &routine, "--no-lead-in"]);
    tmux.wait_for_text("Enter to start", wait);
    tmux.send(&["Enter"]);
    tmux.wait_for_text("Hamstring circles", wait);
    tmux.send(&["4"]);
    tmux.send(&["q"]);
    tmux.wait_for_text("Quit this session?", wait);
    tmux.send(&["y"]);
    assert_eq!(tmux.exit_code(wait), 130);

    let records = history_json(&home);
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["ended"], "quit");
    let out = home.run_utc(&["history", "--spots"]);
    let text = stdout(&out);
    assert!(
        text.contains("right hamstring spot 1: 4, rated once"),
        "{text}"
    );
}

#[test]
fn a_history_that_cannot_be_written_is_reported_once_the_terminal_is_back() {
    if !support::require(&["tmux"]) {
        return;
    }
    let home = home();
    let slow = tiny_text().replace("duration = \"3s\"", "duration = \"60s\"");
    std::fs::write(home.path().join("tiny.toml"), slow).unwrap();
    // `unknot` in the data directory is a file, so no history can be written under it.
    let data = home.path().join("blocked");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("unknot"), "not a directory").unwrap();
    let routine = home.routine();
    let wait = Duration::from_secs(15);
    let data_var = data.display().to_string();
    let mut env = home.env();
    env.retain(|(key, _)| *key != "XDG_DATA_HOME");
    let mut env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.push(("XDG_DATA_HOME", &data_var));
    let tmux = support::Tmux::start_with_env(
        Path::new(support::BIN),
        &["play", &routine, "--no-lead-in"],
        &env,
    );
    tmux.wait_for_text("Enter to start", wait);
    tmux.send(&["Enter"]);
    tmux.wait_for_text("Hamstring circles", wait);
    tmux.send(&["q"]);
    tmux.wait_for_text("Quit this session?", wait);
    tmux.send(&["y"]);
    assert_eq!(tmux.exit_code(wait), 130, "the session still ends as quit");
    assert_eq!(tmux.display("#{alternate_on}"), "0");
    let screen = tmux.wait_for_text("not saved to the history", wait);
    assert!(screen.contains("blocked/unknot"), "{screen}");
}
