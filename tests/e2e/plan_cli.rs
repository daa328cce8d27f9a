//! `unknot plan` through the real binary: the table, the JSON shape, the flags and the errors.

#![allow(clippy::unwrap_used, clippy::panic)]

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::Home;

use serde_json::{Value, json};

/// Five steps, one of each timeline feature: lead-in, next, spots, sides, a wait, reps, a range.
const FIXTURE: &str = "routines/play/timeline.toml";

fn unknot(args: &[&str], home: &Home) -> Output {
    home.run(args)
}

/// The five-step fixture in `home`, as `fixture.toml`.
fn fixture(home: &Home) -> PathBuf {
    home.copy_fixture(FIXTURE, "fixture.toml")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn the_table_lists_every_segment_with_start_length_side_spot_and_the_total() {
    let dir = Home::new();
    let path = fixture(&dir);
    let output = unknot(&["plan", path.to_str().unwrap()], &dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = "\
Fixture

 start  length          what                             side   spot
  0:00  10 s            Get ready
  0:10  1:00            Walk
  1:10  5 s               → Next: Circles                right  1/2
  1:15  30 s            Circles (reverse every 10 s)     right  1/2
  1:45  5 s               → Move the ball to a new spot  right  2/2
  1:50  30 s            Circles (reverse every 10 s)     right  2/2
  2:20  5 s               → Switch to the left side      left   1/2
  2:25  30 s            Circles (reverse every 10 s)     left   1/2
  2:55  5 s               → Move the ball to a new spot  left   2/2
  3:00  30 s            Circles (reverse every 10 s)     left   2/2
  3:30  wait for Enter  Sit
  3:30  15 s            Bend (10 × 1.5 s)
  3:45  5 s               → Next: Stretch                left
  3:50  15–30 s         Stretch                          left

Total 4:20, plus the time you take at 1 wait for Enter
";
    assert_eq!(stdout(&output), expected);
}

#[test]
fn no_lead_in_and_first_side_change_the_timeline() {
    let dir = Home::new();
    let path = fixture(&dir);
    let output = unknot(
        &[
            "plan",
            path.to_str().unwrap(),
            "--no-lead-in",
            "--first-side",
            "left",
        ],
        &dir,
    );
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(!text.contains("Get ready"));
    assert!(text.contains("  0:00  1:00            Walk\n"), "{text}");
    assert!(text.contains("→ Switch to the right side"), "{text}");
    assert!(text.contains("Total 4:10, plus"), "{text}");
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let dir = Home::new();
    let path = fixture(&dir);
    let output = unknot(&["plan", path.to_str().unwrap(), "--json"], &dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let plan: Value = serde_json::from_str(&stdout(&output)).unwrap();

    let keys: Vec<&String> = plan.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["name", "total_seconds", "segments"],
        "in the documented order"
    );
    assert_eq!(plan["name"], json!("Fixture"));
    assert_eq!(plan["total_seconds"], json!(260.0));

    let segments = plan["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 14);
    let segment = |index: usize| segments[index].clone();
    assert_eq!(
        segment(0),
        json!({"index": 0, "start": 0.0, "duration": 10.0, "kind": "lead_in", "name": "Get ready",
               "step": null, "side": null, "spot": null, "wait": false})
    );
    assert_eq!(
        segment(1),
        json!({"index": 1, "start": 10.0, "duration": 60.0, "kind": "timed", "name": "Walk",
               "step": 1, "side": null, "spot": null, "wait": false})
    );
    assert_eq!(
        segment(2),
        json!({"index": 2, "start": 70.0, "duration": 5.0, "kind": "transition",
               "name": "Next: Circles", "step": 2, "side": "right", "spot": 1, "wait": false,
               "transition": "next"})
    );
    assert_eq!(
        segment(4),
        json!({"index": 4, "start": 105.0, "duration": 5.0, "kind": "transition",
               "name": "Move the ball to a new spot", "step": 2, "side": "right", "spot": 2,
               "wait": false, "transition": "move_spot"})
    );
    assert_eq!(
        segment(6),
        json!({"index": 6, "start": 140.0, "duration": 5.0, "kind": "transition",
               "name": "Switch to the left side", "step": 2, "side": "left", "spot": 1,
               "wait": false, "transition": "switch_side"})
    );
    assert_eq!(
        segment(9),
        json!({"index": 9, "start": 180.0, "duration": 30.0, "kind": "circles",
               "name": "Circles", "step": 2, "side": "left", "spot": 2, "wait": false})
    );
    assert_eq!(
        segment(10),
        json!({"index": 10, "start": 210.0, "duration": 0.0, "kind": "placement", "name": "Sit",
               "step": 3, "side": null, "spot": null, "wait": true})
    );
    assert_eq!(
        segment(11),
        json!({"index": 11, "start": 210.0, "duration": 15.0, "kind": "reps", "name": "Bend",
               "step": 4, "side": null, "spot": null, "wait": false})
    );
    assert_eq!(
        segment(13),
        json!({"index": 13, "start": 230.0, "duration": 30.0, "kind": "hold", "name": "Stretch",
               "step": 5, "side": "left", "spot": null, "wait": false, "min_duration": 15.0})
    );
    // Every segment starts where the one before it ends, and the total is the last end.
    let mut at = 0.0;
    for (i, segment) in segments.iter().enumerate() {
        assert_eq!(segment["index"], json!(i));
        assert_eq!(segment["start"].as_f64(), Some(at));
        at += segment["duration"].as_f64().unwrap();
    }
    assert_eq!(plan["total_seconds"].as_f64(), Some(at));
}

#[test]
fn a_built_in_routine_is_planned_by_name() {
    let dir = Home::new();
    let output = unknot(&["plan", "hamstrings-glutes-lacrosse", "--json"], &dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let plan: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(plan["name"], json!("Hamstrings & glutes — lacrosse ball"));
    let total = plan["total_seconds"].as_f64().unwrap();
    assert!((13.0 * 60.0..=17.0 * 60.0).contains(&total), "{total}");
    let kinds: Vec<&str> = plan["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"lead_in"));
    assert!(kinds.contains(&"circles") && kinds.contains(&"reps") && kinds.contains(&"hold"));
}

#[test]
fn a_user_routine_is_planned_by_name() {
    let dir = Home::new();
    let routines = dir.routines();
    std::fs::create_dir_all(&routines).unwrap();
    std::fs::copy(support::fixture(FIXTURE), routines.join("my-fixture.toml")).unwrap();
    let output = unknot(&["plan", "my-fixture"], &dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("Fixture\n"));
}

#[test]
fn an_unknown_name_fails_with_the_closest_names() {
    let dir = Home::new();
    let output = unknot(&["plan", "hamstrings-glutes"], &dir);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message.contains("no routine named `hamstrings-glutes`"),
        "{message}"
    );
    assert!(
        message.contains("`hamstrings-glutes-lacrosse`"),
        "{message}"
    );
}

#[test]
fn a_missing_file_fails_with_exit_1() {
    let dir = Home::new();
    let missing = dir.path().join("missing.toml");
    let output = unknot(&["plan", missing.to_str().unwrap()], &dir);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no such file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_invalid_routine_shows_its_errors_and_plans_nothing() {
    let dir = Home::new();
    let path = dir.path().join("broken.toml");
    std::fs::write(
        &path,
        std::fs::read_to_string(support::fixture(FIXTURE))
            .unwrap()
            .replace("reps = 10", "reps = 10\nduration = \"1m\""),
    )
    .unwrap();
    let output = unknot(&["plan", path.to_str().unwrap()], &dir);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(message.contains("broken.toml"), "{message}");
    assert!(message.contains("duration"), "{message}");
}

/// The text between `start` and the next code fence after it.
fn fenced_block<'a>(text: &'a str, start: &str) -> &'a str {
    let from = text.find(start).unwrap() + start.len();
    let rest = &text[from..];
    &rest[..rest.find("```").unwrap()]
}

#[test]
fn the_worked_example_of_the_format_page_is_what_plan_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("docs/routine-format.md")).unwrap();
    let example = fenced_block(&page, "### A worked example\n\n```toml\n");
    let printed = fenced_block(&page, "prints:\n\n```text\n");

    let dir = Home::new();
    let path = dir.path().join("calves-quick.toml");
    std::fs::write(&path, example).unwrap();
    let output = unknot(&["plan", path.to_str().unwrap()], &dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), printed);
}

#[test]
fn the_printable_sheet_of_every_built_in_routine() {
    let dir = Home::new();
    for name in [
        "foot-calf-lacrosse",
        "hamstrings-glutes-lacrosse",
        "lower-body-foam-roller",
        "pre-run-dynamic",
    ] {
        let output = unknot(&["plan", name, "--markdown"], &dir);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        insta::assert_snapshot!(format!("sheet-{name}"), stdout(&output));
    }
}

#[test]
fn the_sheet_follows_the_first_side_and_names_the_file_to_play() {
    let dir = Home::new();
    let path = fixture(&dir);
    let output = unknot(
        &[
            "plan",
            path.to_str().unwrap(),
            "--markdown",
            "--first-side",
            "left",
        ],
        &dir,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sheet = stdout(&output);
    assert!(sheet.starts_with("# Fixture\n"), "{sheet}");
    assert!(
        sheet.contains("- Left side, then right; 2 spots"),
        "{sheet}"
    );
    assert!(sheet.contains("- Left side only\n"), "{sheet}");
    assert!(
        sheet.contains("- 10 reps, one every 1.5 s (15 s)\n"),
        "{sheet}"
    );
    assert!(
        sheet.contains("- Hold 15–30 s: you may let go after 15 s\n"),
        "{sheet}"
    );
    assert!(
        sheet.contains("**Time:** 4:20, plus your own time"),
        "{sheet}"
    );
    assert!(
        sheet.contains(&format!("`unknot play {}`", path.display())),
        "{sheet}"
    );
}
