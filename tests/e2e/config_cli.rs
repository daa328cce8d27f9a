//! The settings file through the real binary, kept in a temporary `XDG_CONFIG_HOME`:
//! `unknot config` and `--init`, precise errors for a bad file, and the settings applied by play.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use crate::support;
use support::HomeWithRoutine;

use std::path::Path;
use std::process::Output;

/// A two-sided step, so the first side shows; a 2 s lead-in of its own.
const SIDES: &str = "routines/play/both-sides.toml";

/// A home of its own with the two-sided routine in it as `sides.toml`.
fn home() -> HomeWithRoutine {
    HomeWithRoutine::new(SIDES, "sides.toml")
}

/// The `start` events of a headless run of the two-sided routine in `home`.
fn start_events(home: &support::Home, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec![
        "play",
        "sides.toml",
        "--headless",
        "--speed",
        "100",
        "--mute",
    ];
    args.extend_from_slice(extra);
    let out = home.run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(|event| event["event"] == "start")
        .collect()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The line of `unknot config`'s table for one setting, split into its words.
fn setting_line(out: &str, key: &str) -> String {
    out.lines()
        .find(|line| line.split_whitespace().next() == Some(key))
        .unwrap_or_else(|| panic!("no `{key}` in:\n{out}"))
        .to_string()
}

#[test]
fn without_a_file_every_setting_is_a_default() {
    let home = home();
    let out = home.run(&["config"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "Settings file: {}\n",
            home.config_file().display()
        )),
        "{text}"
    );
    assert!(text.contains("no file yet"), "{text}");
    for key in [
        "volume",
        "mute",
        "voice",
        "buffer_frames",
        "lead_in",
        "first_side",
        "colors",
        "bell_fallback",
    ] {
        assert!(setting_line(&text, key).ends_with("default"), "{text}");
    }
    assert!(setting_line(&text, "volume").contains(" 80 "), "{text}");
}

#[test]
fn config_shows_which_settings_come_from_the_file() {
    let home = home();
    home.write_config("volume = 35\nfirst_side = \"left\"\n");
    let out = home.run(&["config"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("no file yet"), "{text}");
    let volume = setting_line(&text, "volume");
    assert!(
        volume.contains(" 35 ") && volume.ends_with("file"),
        "{text}"
    );
    let side = setting_line(&text, "first_side");
    assert!(
        side.contains("\"left\"") && side.ends_with("file"),
        "{text}"
    );
    assert!(setting_line(&text, "mute").ends_with("default"), "{text}");
}

#[test]
fn init_writes_a_commented_file_once_and_never_overwrites() {
    let home = home();
    let out = home.run(&["config", "--init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&home.config_file().display().to_string()));
    let written = std::fs::read_to_string(home.config_file()).unwrap();
    assert!(written.starts_with("# unknot settings."), "{written}");
    assert!(written.contains("# volume = 80"), "{written}");

    // The new file changes nothing until a setting is uncommented.
    let shown = stdout(&home.run(&["config"]));
    assert!(
        setting_line(&shown, "volume").ends_with("default"),
        "{shown}"
    );

    home.write_config("volume = 10\n");
    let again = home.run(&["config", "--init"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(home.config_file()).unwrap(),
        "volume = 10\n"
    );
    // No temporary file is left next to it.
    let names: Vec<_> = std::fs::read_dir(home.config_file().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn a_misspelt_key_is_located_with_a_suggestion() {
    let home = home();
    home.write_config("mute = false\nvolme = 50\n");
    let out = home.run(&["config"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let file = home.config_file().display().to_string();
    assert!(err.contains(&format!("{file}:2:1")), "{err}");
    assert!(err.contains("unknown setting `volme`"), "{err}");
    assert!(err.contains("2 | volme = 50"), "the snippet:\n{err}");
    assert!(err.contains("help: did you mean `volume`?"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn bad_values_are_each_located_and_quoted() {
    let home = home();
    home.write_config("volume = 150\nfirst_side = \"lfet\"\nlead_in = \"ten seconds\"\n");
    let out = home.run(&["config"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let file = home.config_file().display().to_string();
    assert!(err.contains(&format!("{file}:1:10")), "{err}");
    assert!(err.contains("found the number 150"), "{err}");
    assert!(err.contains(&format!("{file}:2:14")), "{err}");
    assert!(err.contains("did you mean \"left\"?"), "{err}");
    assert!(err.contains(&format!("{file}:3:11")), "{err}");
    assert!(err.contains("3 mistakes"), "{err}");
}

#[test]
fn a_broken_settings_file_stops_play_before_it_starts() {
    let home = home();
    home.write_config("mute = tru\n");
    let out = home.run(&["play", "sides.toml", "--headless", "--speed", "100"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("config.toml:1:8"), "{err}");
    assert!(err.contains("not valid TOML"), "{err}");
    assert!(!home.history_file().exists());
}

#[test]
fn play_uses_the_lead_in_and_first_side_from_the_file() {
    let home = home();
    // The routine's own: a lead-in, then the right side first.
    let starts = start_events(&home, &[]);
    assert_eq!(starts[0]["kind"], "lead_in");
    assert_eq!(starts[1]["side"], "right");

    home.write_config("lead_in = \"0s\"\nfirst_side = \"left\"\n");
    let starts = start_events(&home, &[]);
    assert_eq!(starts[0]["kind"], "timed", "{starts:?}");
    assert_eq!(starts[0]["side"], "left", "{starts:?}");

    // A flag on the command line wins over the file.
    let starts = start_events(&home, &["--first-side", "right"]);
    assert_eq!(starts[0]["side"], "right", "{starts:?}");

    home.write_config("lead_in = \"4s\"\n");
    let starts = start_events(&home, &[]);
    assert_eq!(starts[0]["kind"], "lead_in");
    assert_eq!(starts[1]["t"], 4.0, "{starts:?}");
}

#[test]
fn plan_shows_the_timeline_play_plays_and_the_sheet_shows_the_routine_as_written() {
    let home = home();
    home.write_config("lead_in = \"0s\"\nfirst_side = \"left\"\n");
    let out = home.run(&["plan", "sides.toml", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let segments = plan["segments"].as_array().unwrap();
    // Segment for segment, the plan is what headless play starts: indices match its events.
    let starts = start_events(&home, &[]);
    assert_eq!(segments.len(), starts.len());
    for (segment, start) in segments.iter().zip(&starts) {
        assert_eq!(segment["index"], start["segment"], "{segment} {start}");
        assert_eq!(segment["kind"], start["kind"], "{segment} {start}");
        assert_eq!(segment["side"], start["side"], "{segment} {start}");
    }
    assert_eq!(segments[0]["side"], "left");

    let table = stdout(&home.run(&["plan", "sides.toml"]));
    assert!(!table.contains("Get ready"), "{table}");

    // The sheet for a client keeps the routine's own lead-in and first side.
    let sheet = stdout(&home.run(&["plan", "sides.toml", "--markdown"]));
    assert!(sheet.contains("Right side, then left"), "{sheet}");
    assert!(
        sheet.contains("Starts at 0:02"),
        "the routine's 2 s lead-in:\n{sheet}"
    );

    home.write_config("lead_in = \"ten seconds\"\n");
    let out = home.run(&["plan", "sides.toml"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a broken settings file is reported"
    );
}

#[test]
fn relative_xdg_directories_are_ignored() {
    let home = home();
    let out = home
        .command(&["config"])
        .env("XDG_CONFIG_HOME", "relative/dir")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = Path::new(home.path()).join(".config/unknot/config.toml");
    assert!(
        stdout(&out).starts_with(&format!("Settings file: {}\n", expected.display())),
        "{}",
        stdout(&out)
    );
}
