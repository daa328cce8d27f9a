//! `unknot check` through the real binary on the fixtures under tests/routines/.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use crate::support;

use std::process::{Command, Output};

use support::{Home, require, root, text};

/// `unknot ARGS` in a home of its own, from the crate's root (fixtures are named from there).
fn unknot(args: &[&str]) -> Output {
    Home::new().run_in_root(args)
}

/// Every invalid fixture, where its one mistake is, and what the message says.
const INVALID: &[(&str, &str, &str)] = &[
    (
        "language-not-a-tag",
        "5:12",
        "`language` is \"deu\", which is not a BCP 47 language tag",
    ),
    (
        "voice-unknown-phrase",
        "8:1",
        "unknown key `halfwya` in `[voice]`",
    ),
    (
        "voice-unknown-placeholder",
        "8:22",
        "unknown placeholder `{seite}`",
    ),
    (
        "bidi-override-in-area",
        "14:14",
        "`area` contains a bidirectional override (U+202E) at character 6",
    ),
    (
        "c1-control-in-instructions",
        "14:16",
        "`instructions` contains a C1 control character (U+009B) at character 13",
    ),
    (
        "control-char-in-name",
        "12:8",
        "`name` contains a control character (U+0007) at character 13",
    ),
    (
        "countdown-too-high",
        "9:13",
        "`countdown` must be a whole number from 0 to 10, found 11",
    ),
    (
        "duplicate-key",
        "21:1",
        "`duration` is written twice in the same table; keep one",
    ),
    (
        "duration-finer-than-a-millisecond",
        "13:12",
        "`duration` is 15.0005s, finer than a millisecond; durations are counted in whole milliseconds",
    ),
    (
        "duration-too-short",
        "15:17",
        "`reverse_every` is 0.000000001s, shorter than the 0.5s a duration must last",
    ),
    (
        "plan-too-long",
        "9:1",
        "the routine lasts more than 24h: with this step (in round 12 of 13) it is 24h5s long",
    ),
    (
        "plan-too-many-cues",
        "9:1",
        "the routine sounds more than 100000 cues",
    ),
    (
        "plan-too-many-segments",
        "30:1",
        "the routine expands into more than 10000 parts and transitions: with this step (in round 20 of 20) it has 10040",
    ),
    (
        "sound-file-not-a-number",
        "11:15",
        "cannot be used: it holds a sample that is not a number (NaN) at 0.050 s",
    ),
    (
        "sound-file-rate-zero",
        "11:8",
        "cannot be used: its header gives a sample rate of 0 Hz",
    ),
    (
        "transition-too-short",
        "9:14",
        "`transition` is 0.2s, shorter than the 0.5s a duration must last",
    ),
    (
        "duration-fractional-number",
        "14:12",
        "`duration` is the number 40.5, but a bare number must be whole seconds",
    ),
    (
        "duration-negative",
        "14:12",
        "`duration` is -40 seconds; a duration cannot be negative",
    ),
    (
        "duration-no-unit",
        "14:12",
        "`duration` is \"40\", which has no unit after `40`",
    ),
    (
        "duration-over-two-hours",
        "14:12",
        "`duration` is 2h30m, longer than the 2 hours a duration may last",
    ),
    (
        "duration-spelled-unit",
        "14:12",
        "`duration` is \"40sec\", which spells a unit out",
    ),
    (
        "duration-units-out-of-order",
        "14:12",
        "`duration` is \"30s1m\", which must go from hours to minutes to seconds",
    ),
    (
        "duration-unknown-unit",
        "14:12",
        "`duration` is \"40x\", which has the unit `x`, but the units are `h`, `m` and `s`",
    ),
    (
        "duration-with-space",
        "14:12",
        "`duration` is \"1m 30s\", which has a space in it",
    ),
    (
        "duration-wrong-type",
        "14:12",
        "`duration` must be a duration like \"45s\" or \"1m30s\", or whole seconds, found `true`",
    ),
    (
        "duration-zero",
        "14:12",
        "`duration` is zero; it must be longer than zero",
    ),
    (
        "escape-sequence-in-name",
        "12:8",
        "`name` contains an escape character (U+001B) at character 6: \"Calf \\u{1b}[31mcircles\"",
    ),
    (
        "first-side-both",
        "9:14",
        "`first_side` must be one of \"left\", \"right\", found \"both\"",
    ),
    (
        "format-2",
        "1:10",
        "`format` is 2, but this version of unknot reads only format 1",
    ),
    (
        "format-string",
        "1:10",
        "`format` must be the number 1, found the string \"1\"",
    ),
    (
        "key-of-another-kind",
        "21:1",
        "`reps` is not a key of a `hold` step",
    ),
    (
        "line-break-in-name",
        "12:15",
        "`name` contains a line break (U+000A) at character 5",
    ),
    ("missing-duration", "17:1", "a `hold` step needs `duration`"),
    (
        "missing-kind",
        "17:1",
        "step 2 has no `kind`; expected one of \"timed\", \"hold\", \"circles\", \"reps\", \"placement\", \"rest\"",
    ),
    ("missing-routine-name", "3:1", "`[routine]` has no `name`"),
    (
        "missing-routine-table",
        "1:1",
        "the `[routine]` table is missing",
    ),
    (
        "missing-sound-file",
        "11:15",
        "the sound file for `switch_side`, \"sounds/missing.wav\"",
    ),
    ("missing-step-name", "17:1", "step 2 has no `name`"),
    (
        "misspelt-kind",
        "18:8",
        "`kind` must be one of \"timed\", \"hold\", \"circles\", \"reps\", \"placement\", \"rest\", found \"hodl\"",
    ),
    ("no-steps", "1:1", "the routine has no steps"),
    ("not-utf8", "12:14", "the file is not UTF-8 text"),
    (
        "range-end-over-two-hours",
        "20:12",
        "the end of `duration` is 3h, longer than the 2 hours",
    ),
    (
        "range-min-above-max",
        "20:12",
        "`duration` range \"30s..15s\" must go from shorter to longer, but 30s is not less than 15s",
    ),
    (
        "range-min-equals-max",
        "20:12",
        "but 30s is not less than 30s",
    ),
    (
        "range-on-circles",
        "14:12",
        "`duration` is the range \"30s..40s\", but only a `hold` step's `duration` may be a range",
    ),
    (
        "reps-as-string",
        "20:8",
        "`reps` must be a whole number from 1 to 500, found the string \"20\"",
    ),
    (
        "reps-too-many",
        "20:8",
        "`reps` must be a whole number from 1 to 500, found 501",
    ),
    (
        "reps-zero",
        "20:8",
        "`reps` must be a whole number from 1 to 500, found 0",
    ),
    (
        "reverse-every-not-shorter",
        "15:17",
        "`reverse_every` (40s) must be shorter than `duration` (40s)",
    ),
    (
        "rounds-too-many",
        "9:10",
        "`rounds` must be a whole number from 1 to 20, found 21",
    ),
    (
        "rounds-zero",
        "9:10",
        "`rounds` must be a whole number from 1 to 20, found 0",
    ),
    ("routine-name-empty", "4:8", "`name` is empty"),
    (
        "routine-name-too-long",
        "4:8",
        "`name` is 81 characters long; at most 80 are allowed",
    ),
    (
        "side-misspelt",
        "13:8",
        "`side` must be one of \"left\", \"right\", \"both\", \"none\", found \"bothe\"",
    ),
    (
        "sound-file-wrong-type",
        "11:15",
        "a sound file must be a .wav, .ogg or .flac file",
    ),
    (
        "spots-too-many",
        "14:9",
        "`spots` must be a whole number from 1 to 10, found 11",
    ),
    (
        "spots-zero",
        "14:9",
        "`spots` must be a whole number from 1 to 10, found 0",
    ),
    (
        "step-single-brackets",
        "10:1",
        "steps are written `[[step]]` (with double brackets)",
    ),
    (
        "tags-not-an-array",
        "5:8",
        "`tags` must be an array of strings, found the string \"calves\"",
    ),
    (
        "tempo-too-fast",
        "21:9",
        "`tempo` is 0.25s; it must be from 0.5s to 60s",
    ),
    (
        "tempo-too-slow",
        "21:9",
        "`tempo` is 2m; it must be from 0.5s to 60s",
    ),
    (
        "toml-syntax-error",
        "12:21",
        "this is not valid TOML: invalid basic string",
    ),
    (
        "typo-key",
        "15:1",
        "unknown key `reverse_evry` in a `circles` step",
    ),
    ("unknown-kind", "18:8", "found \"stretch\""),
    (
        "unknown-sound-cue",
        "11:1",
        "unknown key `strat` in `[sounds]`",
    ),
    (
        "unknown-sound-name",
        "11:8",
        "the sound for `done` is \"chimes\", which is not a built-in sound",
    ),
    (
        "unknown-top-level-key",
        "7:2",
        "unknown key `setings` in the top level of the file",
    ),
];

/// A sound file no decoder should take is an error on that file in every command that reads
/// the routine: exit 1 with the reason, never a crash (exit 101).
#[test]
fn a_broken_sound_file_is_an_error_in_every_command() {
    let home = Home::new();
    for fixture in ["sound-file-rate-zero", "sound-file-not-a-number"] {
        let path = format!("tests/routines/invalid/{fixture}.toml");
        for args in [
            vec!["check", path.as_str()],
            vec!["plan", path.as_str()],
            vec!["play", path.as_str(), "--headless", "--mute"],
            vec!["sound-check", path.as_str()],
        ] {
            let out = home
                .command(&args)
                .current_dir(root())
                .env("ALSA_CONFIG_PATH", home.path().join("no-alsa.conf"))
                .env("PULSE_SERVER", "unix:/nonexistent/pulse")
                .output()
                .unwrap();
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(stderr.contains("cannot be used: it"), "{args:?}: {stderr}");
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn every_invalid_fixture_has_a_row_and_vice_versa() {
    let dir = root().join("tests/routines/invalid");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = INVALID
        .iter()
        .map(|(name, ..)| name)
        .chain(INCLUDES.iter().map(|(name, ..)| name))
        .map(|name| name.to_string())
        .collect();
    listed.push("several-errors".to_string());
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(on_disk.len() >= 35);
}

#[test]
fn each_invalid_fixture_fails_with_its_one_mistake() {
    for (name, position, message) in INVALID {
        let path = format!("tests/routines/invalid/{name}.toml");
        let out = unknot(&["check", &path]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            out.stdout.is_empty(),
            "{name}: stdout {}",
            text(&out.stdout)
        );
        assert!(
            stderr.contains(&format!("--> {path}:{position}\n")),
            "{name}: expected {position} in\n{stderr}"
        );
        assert!(
            stderr.contains(message),
            "{name}: expected {message:?} in\n{stderr}"
        );
        assert_eq!(
            stderr.matches("error: ").count(),
            1,
            "{name}: one mistake each\n{stderr}"
        );
        assert!(
            stderr.ends_with("1 error in 1 of 1 file\n"),
            "{name}: {stderr}"
        );
        assert!(
            !stderr.contains('\u{1b}'),
            "{name}: no colour when not a terminal"
        );
        insta::assert_snapshot!(format!("invalid__{name}"), stderr);
    }
}

/// Fixtures that include blocks: the file the mistake is in, where, what, and the include.
const INCLUDES: &[(&str, &str, &str, &str)] = &[
    (
        "include-missing-file",
        "include-missing-file.toml:7:11",
        "cannot read the included file \"blocks/no-such-block.toml\" (looked for at \"tests/routines/invalid/blocks/no-such-block.toml\"): no such file",
        "",
    ),
    (
        "include-cycle",
        "blocks/cycle-b.toml:2:11",
        "including \"cycle-a.toml\" makes a cycle: tests/routines/invalid/blocks/cycle-a.toml includes tests/routines/invalid/blocks/cycle-b.toml includes tests/routines/invalid/blocks/cycle-a.toml",
        "included from tests/routines/invalid/include-cycle.toml:7:11",
    ),
    (
        "include-broken-block",
        "blocks/broken.toml:5:17",
        "`reverse_every` (45s) must be shorter than `duration` (40s)",
        "included from tests/routines/invalid/include-broken-block.toml:7:11",
    ),
    (
        "include-with-kind-keys",
        "include-with-kind-keys.toml:8:1",
        "`duration` cannot be set on a step that includes a file",
        "",
    ),
];

#[test]
fn mistakes_with_includes_name_both_files() {
    for (name, position, message, note) in INCLUDES {
        let out = unknot(&["check", &format!("tests/routines/invalid/{name}.toml")]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("--> tests/routines/invalid/{position}\n")),
            "{name}: expected {position} in\n{stderr}"
        );
        assert!(
            stderr.contains(message),
            "{name}: expected {message:?} in\n{stderr}"
        );
        assert!(
            stderr.contains(note),
            "{name}: expected {note:?} in\n{stderr}"
        );
        assert!(
            stderr.ends_with("1 error in 1 of 1 file\n"),
            "{name}: {stderr}"
        );
        insta::assert_snapshot!(format!("include__{name}"), stderr);
    }
}

#[test]
fn json_names_the_file_of_each_mistake_and_its_includes() {
    let out = unknot(&[
        "check",
        "--json",
        "tests/routines/invalid/include-broken-block.toml",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(
        file["path"],
        "tests/routines/invalid/include-broken-block.toml"
    );
    let d = &file["diagnostics"][0];
    assert_eq!(d["path"], "tests/routines/invalid/blocks/broken.toml");
    assert_eq!(d["line"], 5);
    assert_eq!(
        d["included_from"][0]["path"],
        "tests/routines/invalid/include-broken-block.toml"
    );
    assert_eq!(d["included_from"][0]["line"], 7);
    assert_eq!(d["included_from"][0]["column"], 11);
}

#[test]
fn a_file_with_three_mistakes_reports_all_three_in_order() {
    let path = "tests/routines/invalid/several-errors.toml";
    let out = unknot(&["check", path]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    let positions: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("--> "))
        .collect();
    assert_eq!(
        positions,
        [
            format!("{path}:8:11"),
            format!("{path}:15:17"),
            format!("{path}:18:8")
        ]
    );
    assert!(stderr.contains("`lead_in` is \"5\", which has no unit"));
    assert!(stderr.contains("`reverse_every` (1m) must be shorter than `duration` (40s)"));
    assert!(stderr.contains("found \"hodl\""));
    assert!(stderr.contains("help: did you mean \"hold\"?"));
    assert!(stderr.contains("note: in step 1 \"Calf circles\""));
    assert!(stderr.ends_with("3 errors in 1 of 1 file\n"), "{stderr}");
    insta::assert_snapshot!("several_errors", stderr);
}

#[test]
fn valid_fixtures_pass_with_an_ok_line_each() {
    let dir = root().join("tests/routines/valid");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            format!(
                "tests/routines/valid/{}",
                p.file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 4);
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let out = unknot(&args);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for file in &files {
        assert!(stdout.contains(&format!("{file}: ok, ")), "{stdout}");
    }
    assert!(
        stdout.contains("tests/routines/valid/hamstrings-glutes.toml: ok, 4 steps, "),
        "{stdout}"
    );
    // Valid files may still have warnings (no caution, say): they never fail the check.
    let stderr = text(&out.stderr);
    let verdict = stderr.lines().last().unwrap_or_default();
    assert!(
        verdict.starts_with(&format!("{} files valid", files.len())),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .rev()
            .skip(1)
            .all(|line| line.starts_with("warning: ")),
        "{stderr}"
    );
}

/// A valid routine without a caution, with instructions too long for 80×24: two warnings,
/// exit 0, and the same warnings in `--json`.
#[test]
fn warnings_do_not_fail_a_valid_routine() {
    let dir = Home::new();
    let long = "Roll slowly from the knee to the hip, pausing on every tender spot. ".repeat(6);
    let file = dir.write(
        "long.toml",
        &format!(
            "[routine]\nname = \"Long\"\n[[step]]\nkind = \"timed\"\nname = \"Calf\"\n\
             duration = \"30s\"\ninstructions = \"{long}\"\n"
        ),
    );
    let path = file.to_str().unwrap();
    let out = unknot(&["check", path]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.matches("warning: ").count(), 2, "{stderr}");
    assert!(stderr.contains("no `caution`"), "{stderr}");
    assert!(
        stderr.contains("in step 1 \"Calf\": `instructions` take"),
        "{stderr}"
    );
    assert!(stderr.ends_with("1 file valid, 2 warnings\n"), "{stderr}");

    let out = unknot(&["check", "--json", path]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = json["files"][0]["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2);
    assert_eq!(warnings[1]["severity"], "warning");
    assert_eq!(warnings[1]["step"]["name"], "Calf");
    assert_eq!(json["files"][0]["valid"], true);
}

#[test]
fn the_built_in_routines_are_valid() {
    let dir = root().join("routines");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let out = unknot(&["check", path.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        }
    }
}

#[test]
fn every_file_is_checked_and_one_bad_file_fails_the_run() {
    let out = unknot(&[
        "check",
        "tests/routines/valid/calves.toml",
        "tests/routines/invalid/format-2.toml",
        "tests/routines/invalid/several-errors.toml",
        "tests/routines/valid/minimal.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.contains("tests/routines/valid/calves.toml: ok, 2 steps, 2m5s planned"));
    assert!(stdout.contains("tests/routines/valid/minimal.toml: ok, 1 step"));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("format-2.toml:1:10"));
    assert!(stderr.contains("several-errors.toml:18:8"));
    // The two valid files have no caution: warned, which the verdict counts apart.
    assert!(
        stderr.ends_with("4 errors in 2 of 4 files, 2 warnings\n"),
        "{stderr}"
    );
}

#[test]
fn an_unreadable_file_is_an_error_not_a_crash() {
    let out = unknot(&["check", "tests/routines/no-such-file.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("cannot read the routine file"), "{stderr}");
    assert!(
        stderr.contains("tests/routines/no-such-file.toml"),
        "{stderr}"
    );
    let dir = unknot(&["check", "tests/routines"]);
    assert_eq!(dir.status.code(), Some(1));
}

/// Said in words, as `play` and `plan` say it, rather than in the system's "(os error 2)".
#[test]
fn a_missing_file_or_a_folder_is_said_plainly() {
    let out = unknot(&["check", "tests/routines/no-such-file.toml"]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("cannot read the routine file: no such file"),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
    let dir = unknot(&["check", "tests/routines"]);
    let stderr = text(&dir.stderr);
    assert!(
        stderr.contains("cannot read the routine file: it is a directory, not a routine file"),
        "{stderr}"
    );
}

#[test]
fn no_file_is_wrong_usage() {
    let out = unknot(&["check"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_lists_every_file_and_diagnostic() {
    let out = unknot(&[
        "check",
        "--json",
        "tests/routines/valid/calves.toml",
        "tests/routines/invalid/several-errors.toml",
        "tests/routines/no-such-file.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["path"], "tests/routines/valid/calves.toml");
    assert_eq!(files[0]["valid"], true);
    assert_eq!(files[0]["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(files[1]["valid"], false);
    let diagnostics = files[1]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 3);
    let kind = &diagnostics[2];
    assert_eq!(kind["line"], 18);
    assert_eq!(kind["column"], 8);
    assert_eq!(kind["end_line"], 18);
    assert_eq!(kind["end_column"], 14);
    assert!(kind["message"].as_str().unwrap().contains("found \"hodl\""));
    assert_eq!(kind["step"]["number"], 2);
    assert_eq!(kind["step"]["name"], "Calf stretch");
    assert_eq!(kind["suggestion"], "did you mean \"hold\"?");
    assert_eq!(diagnostics[0]["step"], serde_json::Value::Null);
    assert_eq!(diagnostics[0]["suggestion"], "did you mean \"5s\"?");
    let unreadable = &files[2]["diagnostics"][0];
    assert_eq!(files[2]["valid"], false);
    assert_eq!(unreadable["line"], serde_json::Value::Null);
    assert!(
        unreadable["message"]
            .as_str()
            .unwrap()
            .contains("cannot read")
    );
}

#[test]
fn json_of_valid_files_exits_zero() {
    let out = unknot(&["check", "--json", "tests/routines/valid/minimal.toml"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["valid"], true);
}

/// Runs `unknot check` in a real pseudo-terminal (util-linux `script`), returning what it wrote.
fn in_terminal(env_no_color: bool, file: &str) -> String {
    let home = Home::new();
    // `script -c` takes one command line: the binary and its arguments, as a shell reads them.
    let line = format!("{} check {file}", support::BIN);
    let mut command = Command::new("script");
    command
        .args(["-qec", &line, "/dev/null"])
        .current_dir(root())
        .envs(home.env())
        .env_remove("NO_COLOR");
    if env_no_color {
        command.env("NO_COLOR", "1");
    }
    text(&command.output().unwrap().stdout)
}

#[test]
fn colour_only_at_a_terminal_without_no_color() {
    if !require(&["script"]) {
        return;
    }
    let file = "tests/routines/invalid/format-2.toml";
    let coloured = in_terminal(false, file);
    assert!(
        coloured.contains("\u{1b}["),
        "expected colour at a terminal:\n{coloured}"
    );
    assert!(coloured.contains("format-2.toml:1:10"), "{coloured}");
    let plain = in_terminal(true, file);
    assert!(
        !plain.contains("\u{1b}["),
        "NO_COLOR must turn colour off:\n{plain}"
    );
    assert!(plain.contains("`format` is 2"), "{plain}");
}

/// `unknot ARGS` in `home`, whose library's user routines are under `config/unknot/routines/`.
fn unknot_with_library(home: &Home, args: &[&str]) -> Output {
    home.run(args)
}

/// The user's routines folder in `home`, made.
fn user_routines(home: &Home) -> std::path::PathBuf {
    std::fs::create_dir_all(home.routines()).unwrap();
    home.routines()
}

#[test]
fn check_takes_library_names_as_play_does_and_a_file_that_exists_wins() {
    let dir = Home::new();
    let routines = user_routines(&dir);
    let built_in =
        std::fs::read_to_string(root().join("routines/foot-calf-lacrosse.toml")).unwrap();
    std::fs::write(routines.join("mine.toml"), &built_in).unwrap();

    // A built-in routine and a user's by name.
    let out = unknot_with_library(&dir, &["check", "pre-run-dynamic", "mine"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("built-in:pre-run-dynamic: ok"), "{stdout}");
    assert!(
        stdout.contains(&format!("{}: ok", routines.join("mine.toml").display())),
        "{stdout}"
    );

    // A file of that name in the current directory is the file, not the routine.
    std::fs::write(dir.path().join("mine"), "[routine]\n").unwrap();
    let out = unknot_with_library(&dir, &["check", "mine"]);
    assert_eq!(out.status.code(), Some(1));
    support::assert_contains(&out.stderr, "mine:");

    // An unknown name is an error that suggests the closest names.
    let out = unknot_with_library(&dir, &["check", "pre-run-dinamic"]);
    assert_eq!(out.status.code(), Some(1));
    support::assert_contains(&out.stderr, "did you mean one of `pre-run-dynamic`");
}

#[test]
fn check_all_checks_the_whole_library_and_fails_on_one_invalid_routine() {
    let dir = Home::new();
    let out = unknot_with_library(&dir, &["check", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for name in [
        "foot-calf-lacrosse",
        "hamstrings-glutes-lacrosse",
        "lower-body-foam-roller",
        "pre-run-dynamic",
        "pre-run-dynamic-de",
    ] {
        assert!(stdout.contains(&format!("built-in:{name}: ok")), "{stdout}");
    }
    support::assert_contains(&out.stderr, "5 files valid");

    // A user's broken routine, named like a built-in one, is the one checked, and fails.
    let routines = user_routines(&dir);
    std::fs::write(
        routines.join("pre-run-dynamic.toml"),
        "[routine]\nname = \"Broken\"\n\n[[step]]\nkind = \"timed\"\nname = \"Walk\"\n",
    )
    .unwrap();
    let out = unknot_with_library(&dir, &["check", "--all", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 5, "{report:#}");
    let mine = files
        .iter()
        .find(|file| {
            file["path"]
                .as_str()
                .unwrap()
                .ends_with("pre-run-dynamic.toml")
        })
        .unwrap();
    assert_eq!(mine["valid"], false);
    assert!(
        !files
            .iter()
            .any(|file| file["path"] == "built-in:pre-run-dynamic")
    );

    // `--all` takes no routines besides.
    let out = unknot_with_library(&dir, &["check", "--all", "x.toml"]);
    assert_eq!(out.status.code(), Some(2));
}
