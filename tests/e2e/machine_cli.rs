//! The machine-readable output of the real binary, byte for byte as the snapshots in
//! `src/machine/snapshots` (printed by unknot before its documents were typed): what a
//! script reads does not change under it.

#![allow(clippy::unwrap_used, clippy::panic)]

use crate::support::home;

use std::process::Output;

use home::{Home, root, text};

/// The document `name` as printed before, `{root}` standing for the checkout's folder.
fn snapshot(name: &str) -> String {
    std::fs::read_to_string(root().join("src/machine/snapshots").join(name))
        .unwrap()
        .replace("{root}", &root().display().to_string())
}

fn snapshot_path(name: &str) -> String {
    root()
        .join("src/machine/snapshots")
        .join(name)
        .display()
        .to_string()
}

fn assert_prints(output: &Output, name: &str) {
    assert!(output.status.success(), "{name}: {}", text(&output.stderr));
    let printed = text(&output.stdout);
    let expected = snapshot(name);
    if printed != expected {
        let line = printed
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} differs at line {}:\n printed: {:?}\nexpected: {:?}",
            line + 1,
            printed.lines().nth(line),
            expected.lines().nth(line)
        );
    }
}

/// A home with the history the snapshots were printed from.
fn home_with_history() -> Home {
    let home = Home::new();
    let data = home.path().join("data/unknot");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("history.jsonl"), snapshot("history.jsonl")).unwrap();
    home
}

#[test]
fn plan_json_is_as_before() {
    let home = Home::new();
    let output = home.run(&["plan", "hamstrings-glutes-lacrosse", "--json"]);
    assert_prints(&output, "plan-hamstrings-glutes-lacrosse.json");
}

#[test]
fn plan_focus_json_is_as_before() {
    let home = home_with_history();
    let output = home.run(&["plan", &snapshot_path("focus.toml"), "--focus", "--json"]);
    assert_prints(&output, "plan-focus.json");
}

#[test]
fn history_json_and_spots_json_are_as_before() {
    let home = home_with_history();
    let sessions = home.command(&["history", "--json"]).output().unwrap();
    assert_prints(&sessions, "history.json");
    let spots = home
        .command(&["history", "--spots", "--json"])
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert_prints(&spots, "history-spots.json");
}

/// `check --json` of the files a snapshot lists, run where they were: the repository.
fn check_as_in(name: &str) -> Output {
    let before: serde_json::Value = serde_json::from_str(&snapshot(name)).unwrap();
    let mut args = vec!["check".to_string(), "--json".to_string()];
    args.extend(
        before["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|file| file["path"].as_str().unwrap().to_string()),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Home::new()
        .command(&args)
        .current_dir(root())
        .output()
        .unwrap()
}

#[test]
fn check_json_is_as_before() {
    assert_prints(&check_as_in("check-valid.json"), "check-valid.json");
    let invalid = check_as_in("check-invalid.json");
    assert_eq!(invalid.status.code(), Some(1));
    assert_eq!(text(&invalid.stdout), snapshot("check-invalid.json"));
    let include = check_as_in("check-include.json");
    assert_eq!(include.status.code(), Some(1));
    assert_eq!(text(&include.stdout), snapshot("check-include.json"));
}

/// A focused session at 100×: every event line, with its time, as before.
#[test]
fn headless_lines_are_as_before() {
    let home = home_with_history();
    let output = home.run(&[
        "play",
        &snapshot_path("focus.toml"),
        "--focus",
        "--headless",
        "--speed",
        "100",
        "--mute",
        "--no-media-controls",
    ]);
    assert_prints(&output, "events-focus.jsonl");
}
