//! Every rule of format v1, one mistake at a time.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::super::model::*;
use super::super::source::{ParseOptions, Source};
use super::parse;
use proptest::strategy::Strategy;

const HEAD: &str = "format = 1\n[routine]\nname = \"R\"\n";

fn source(text: &str) -> Source {
    Source {
        path: PathBuf::from("r.toml"),
        text: text.to_string(),
        base_dir: None,
    }
}

fn no_files(_: &Path) -> Result<(), String> {
    Err("no such file".to_string())
}

fn any_file(_: &Path) -> Result<(), String> {
    Ok(())
}

fn valid(text: &str) -> Routine {
    match parse(&source(text), &ParseOptions::default()) {
        Ok(routine) => routine,
        Err(d) => panic!("expected valid, got:\n{}", d.render(false)),
    }
}

/// `line:column message` of every mistake.
fn errors(text: &str) -> Vec<String> {
    match parse(&source(text), &ParseOptions::default()) {
        Ok(_) => panic!("expected mistakes in:\n{text}"),
        Err(d) => d
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect(),
    }
}

/// The one mistake of a routine whose only step has the given keys.
fn step_error(keys: &str) -> String {
    let text = format!("{HEAD}[[step]]\nname = \"S\"\n{keys}\n");
    let found = errors(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.into_iter().next().unwrap()
}

fn step(keys: &str) -> Step {
    let text = format!("{HEAD}[[step]]\nname = \"S\"\n{keys}\n");
    valid(&text).steps.remove(0)
}

#[test]
fn reads_the_example_of_the_format() {
    let routine = valid(
        r#"format = 1
[routine]
name = "Hamstrings & glutes — lacrosse ball"
description = "Post-run release.\nTwo lines."
author = "unknot"
equipment = ["lacrosse ball", "bench"]
tags = ["hamstrings", "glutes"]
caution = "Stop if pain is sharp."
[settings]
lead_in = "10s"
transition = "0s"
first_side = "left"
countdown = 0
rounds = 2
[sounds]
start = "bell"
done = "none"
[[step]]
kind = "timed"
name = "Warm up"
duration = "5m"
[[step]]
kind = "circles"
name = "Circles"
area = "hamstring"
tool = "lacrosse ball"
side = "both"
spots = 3
duration = "40s"
reverse_every = "20s"
transition = "3s"
[[step]]
kind = "reps"
name = "Bend"
reps = 20
tempo = "2s"
[[step]]
kind = "hold"
name = "Stretch"
duration = "15s..30s"
[[step]]
kind = "placement"
name = "Place"
[[step]]
kind = "rest"
name = "Breathe"
duration = 45
"#,
    );
    assert_eq!(routine.info.name, "Hamstrings & glutes — lacrosse ball");
    assert_eq!(routine.info.equipment, ["lacrosse ball", "bench"]);
    assert_eq!(
        routine.info.description.as_deref(),
        Some("Post-run release.\nTwo lines.")
    );
    assert_eq!(routine.settings.lead_in, Duration::from_secs(10));
    assert_eq!(routine.settings.transition, Duration::ZERO);
    assert_eq!(routine.settings.first_side, Side::Left);
    assert_eq!(routine.settings.countdown, 0);
    assert_eq!(routine.settings.rounds, 2);
    assert_eq!(
        routine.sounds.get(SoundCue::Start),
        Some(&SoundSource::Builtin(BuiltinSound::Bell))
    );
    assert_eq!(routine.steps.len(), 6);
    let circles = &routine.steps[1];
    assert_eq!(circles.number, 2);
    assert_eq!(circles.side, StepSide::Both);
    assert_eq!(circles.spots, 3);
    assert_eq!(circles.transition, Some(Duration::from_secs(3)));
    assert_eq!(
        circles.kind,
        StepKind::Circles {
            duration: Duration::from_secs(40),
            reverse_every: Some(Duration::from_secs(20))
        }
    );
    assert_eq!(
        routine.steps[2].kind,
        StepKind::Reps {
            reps: 20,
            tempo: Duration::from_secs(2)
        }
    );
    assert_eq!(
        routine.steps[3].kind,
        StepKind::Hold {
            length: HoldLength::Range {
                min: Duration::from_secs(15),
                max: Duration::from_secs(30)
            }
        }
    );
    assert_eq!(
        routine.steps[4].kind,
        StepKind::Placement { duration: None }
    );
    assert_eq!(
        routine.steps[5].kind,
        StepKind::Rest {
            duration: Duration::from_secs(45)
        }
    );
}

#[test]
fn defaults_fill_in_what_is_left_out() {
    let routine =
        valid("[routine]\nname = \"R\"\n[[step]]\nkind = \"reps\"\nname = \"S\"\nreps = 5\n");
    assert_eq!(routine.settings, Settings::default());
    let step = &routine.steps[0];
    assert_eq!(step.side, StepSide::None);
    assert_eq!(step.spots, 1);
    assert_eq!(step.transition, None);
    assert_eq!(
        step.kind,
        StepKind::Reps {
            reps: 5,
            tempo: Duration::from_secs(3)
        }
    );
}

#[test]
fn format_must_be_one() {
    let text = String::from(
        "format = 2\n[routine]\nname = \"R\"\n[[step]]\nkind = \"rest\"\nname = \"S\"\nduration = 5\n",
    );
    assert_eq!(
        errors(&text),
        ["1:10 `format` is 2, but this version of unknot reads only format 1"]
    );
    let text = text.replace("format = 2", "format = \"1\"");
    assert_eq!(
        errors(&text),
        ["1:10 `format` must be the number 1, found the string \"1\""]
    );
}

#[test]
fn routine_and_steps_are_required() {
    assert_eq!(
        errors("format = 1\n"),
        [
            "1:1 the `[routine]` table is missing; add `[routine]` with at least a `name`",
            "1:1 the routine has no steps; add at least one `[[step]]` with a `kind` and a `name`"
        ]
    );
    assert_eq!(
        errors("step = []\n[routine]\nname = \"R\"\n"),
        ["1:8 the routine has no steps; add at least one `[[step]]`"]
    );
    assert_eq!(
        errors(&format!("{HEAD}[step]\nkind = \"rest\"\n")),
        ["4:1 steps are written `[[step]]` (with double brackets), one per step"]
    );
}

#[test]
fn routine_name_is_required_and_limited() {
    let steps = "[[step]]\nkind = \"rest\"\nname = \"S\"\nduration = 5\n";
    assert_eq!(
        errors(&format!("[routine]\nauthor = \"me\"\n{steps}")),
        ["1:1 `[routine]` has no `name`; add `name = \"...\"` (1 to 80 characters)"]
    );
    assert_eq!(
        errors(&format!("[routine]\nname = \"  \"\n{steps}")),
        ["2:8 `name` is empty; write 1 to 80 characters"]
    );
    let long = "é".repeat(81);
    assert_eq!(
        errors(&format!("[routine]\nname = \"{long}\"\n{steps}")),
        ["2:8 `name` is 81 characters long; at most 80 are allowed"]
    );
    valid(&format!(
        "[routine]\nname = \"{}\"\n{steps}",
        "é".repeat(80)
    ));
}

#[test]
fn unknown_keys_suggest_the_closest() {
    let steps = "[[step]]\nkind = \"rest\"\nname = \"S\"\nduration = 5\n";
    let found = parse(
        &source(&format!("{HEAD}[settings]\nlead_inn = 5\n{steps}")),
        &ParseOptions::default(),
    )
    .unwrap_err();
    let d = found.iter().next().unwrap();
    assert!(
        d.message
            .starts_with("unknown key `lead_inn` in `[settings]`"),
        "{}",
        d.message
    );
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `lead_in`?"));
    assert_eq!((d.line, d.column), (5, 1));

    let found = errors(&format!("{HEAD}[[steps]]\nkind = \"rest\"\n{steps}"));
    assert!(
        found[0].starts_with("4:3 unknown key `steps` in the top level"),
        "{found:?}"
    );
}

#[test]
fn settings_limits() {
    let steps = "[[step]]\nkind = \"rest\"\nname = \"S\"\nduration = 5\n";
    let one = |settings: &str| {
        let found = errors(&format!("{HEAD}[settings]\n{settings}\n{steps}"));
        assert_eq!(found.len(), 1, "{found:?}");
        found[0].clone()
    };
    assert_eq!(
        one("countdown = 11"),
        "5:13 `countdown` must be a whole number from 0 to 10, found 11"
    );
    assert_eq!(
        one("countdown = -1"),
        "5:13 `countdown` must be a whole number from 0 to 10, found -1"
    );
    assert_eq!(
        one("rounds = 0"),
        "5:10 `rounds` must be a whole number from 1 to 20, found 0"
    );
    assert_eq!(
        one("rounds = 21"),
        "5:10 `rounds` must be a whole number from 1 to 20, found 21"
    );
    assert_eq!(
        one("rounds = 2.5"),
        "5:10 `rounds` must be a whole number from 1 to 20, found the number 2.5"
    );
    assert_eq!(
        one("first_side = \"lefft\""),
        "5:14 `first_side` must be one of \"left\", \"right\", found \"lefft\""
    );
    assert_eq!(
        one("lead_in = \"-5s\""),
        "5:11 `lead_in` is \"-5s\", which has \"-\" where a number was expected; expected a duration like \"45s\", \"1m30s\" or \"0.5s\""
    );
    assert_eq!(
        one("transition = \"3h\""),
        "5:14 `transition` is 3h, longer than the 2 hours a duration may last"
    );
    assert_eq!(
        one("transition = \"1s..2s\""),
        "5:14 `transition` is the range \"1s..2s\", but only a `hold` step's `duration` may be a range"
    );
    assert_eq!(
        one("[settings.x]"),
        "5:11 unknown key `x` in `[settings]`; expected one of `lead_in`, `transition`, `first_side`, `countdown`, `rounds`"
    );
    let routine = valid(&format!(
        "{HEAD}[settings]\nlead_in = 0\ntransition = \"0s\"\n{steps}"
    ));
    assert_eq!(routine.settings.lead_in, Duration::ZERO);
}

#[test]
fn every_kind_and_its_own_keys() {
    assert_eq!(
        step("kind = \"timed\"\nduration = \"1m30s\"").kind,
        StepKind::Timed {
            duration: Duration::from_secs(90)
        }
    );
    assert_eq!(
        step("kind = \"hold\"\nduration = \"30s\"").kind,
        StepKind::Hold {
            length: HoldLength::Fixed(Duration::from_secs(30))
        }
    );
    assert_eq!(
        step("kind = \"circles\"\nduration = 40").kind,
        StepKind::Circles {
            duration: Duration::from_secs(40),
            reverse_every: None
        }
    );
    assert_eq!(
        step("kind = \"reps\"\nreps = 500\ntempo = \"0.5s\"").kind,
        StepKind::Reps {
            reps: 500,
            tempo: Duration::from_millis(500)
        }
    );
    assert_eq!(
        step("kind = \"placement\"\nduration = \"10s\"").kind,
        StepKind::Placement {
            duration: Some(Duration::from_secs(10))
        }
    );
    assert_eq!(
        step("kind = \"rest\"\nduration = \"2h\"").kind,
        StepKind::Rest {
            duration: Duration::from_secs(7200)
        }
    );
}

#[test]
fn kind_is_required_and_spelled_right() {
    assert_eq!(
        step_error("duration = 5"),
        "4:1 step 1 has no `kind`; expected one of \"timed\", \"hold\", \"circles\", \"reps\", \"placement\", \"rest\""
    );
    let found = parse(
        &source(&format!(
            "{HEAD}[[step]]\nname = \"S\"\nkind = \"circels\"\nduration = 5\n"
        )),
        &ParseOptions::default(),
    )
    .unwrap_err();
    let d = found.iter().next().unwrap();
    assert_eq!(d.suggestion.as_deref(), Some("did you mean \"circles\"?"));
    assert_eq!(d.step, Some((1, "S".to_string())));
}

#[test]
fn a_misspelt_kind_hides_no_other_mistake() {
    let found = errors(&format!(
        "{HEAD}[[step]]\nname = \"S\"\nkind = \"circels\"\nduration = \"45\"\n"
    ));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[1].starts_with("7:12 `duration` is \"45\", which has no unit"),
        "{found:?}"
    );
}

#[test]
fn keys_of_another_kind_are_named_as_such() {
    assert_eq!(
        step_error("kind = \"hold\"\nduration = \"30s\"\nreps = 3"),
        "8:1 `reps` is not a key of a `hold` step; it belongs to `reps` steps (a `hold` step takes `duration`)"
    );
    assert_eq!(
        step_error("kind = \"reps\"\nreps = 3\nduration = \"30s\""),
        "8:1 `duration` is not a key of a `reps` step; it belongs to `timed`, `hold`, `circles`, `placement`, `rest` steps (a `reps` step takes `reps` and `tempo`)"
    );
    assert!(
        step_error("kind = \"timed\"\nduration = \"30s\"\nreverse_every = \"5s\"")
            .contains("`reverse_every` is not a key of a `timed` step")
    );
}

#[test]
fn required_keys_of_each_kind() {
    for kind in ["timed", "hold", "circles", "rest"] {
        assert_eq!(
            step_error(&format!("kind = \"{kind}\"")),
            format!("4:1 a `{kind}` step needs `duration`; add `duration = \"30s\"`")
        );
    }
    assert_eq!(
        step_error("kind = \"reps\""),
        "4:1 a `reps` step needs `reps`; add `reps = 10`"
    );
    assert_eq!(
        step("kind = \"placement\"").kind,
        StepKind::Placement { duration: None }
    );
    assert_eq!(
        errors(&format!("{HEAD}[[step]]\nkind = \"rest\"\nduration = 5\n")),
        ["4:1 step 1 has no `name`; add `name = \"...\"` (1 to 80 characters)"]
    );
}

#[test]
fn durations_are_checked_where_they_are_written() {
    let timed = |d: &str| step_error(&format!("kind = \"timed\"\nduration = {d}"));
    assert!(timed("\"0s\"").ends_with("`duration` is zero; it must be longer than zero"));
    assert!(timed("0").ends_with("`duration` is zero; it must be longer than zero"));
    assert!(
        timed("\"2h1s\"")
            .ends_with("`duration` is 2h0m1s, longer than the 2 hours a duration may last")
            || timed("\"2h1s\"").contains("longer than the 2 hours")
    );
    assert!(timed("7201").contains("longer than the 2 hours"));
    assert!(timed("-5").ends_with("`duration` is -5 seconds; a duration cannot be negative"));
    assert!(timed("1.5").contains("a bare number must be whole seconds"));
    assert!(timed("\"45\"").contains("which has no unit after `45`"));
    assert!(timed("\"5 min\"").contains("has a space in it"));
    assert!(timed("\"5x\"").contains("has the unit `x`, but the units are `h`, `m` and `s`"));
    assert!(timed("\"30s..45s\"").contains("only a `hold` step's `duration` may be a range"));
    assert!(timed("true").contains("found `true`"));
    valid(&format!(
        "{HEAD}[[step]]\nname = \"S\"\nkind = \"timed\"\nduration = \"2h\"\n"
    ));
}

#[test]
fn hold_ranges() {
    assert!(
        step_error("kind = \"hold\"\nduration = \"30s..15s\"")
            .contains("must go from shorter to longer, but 30s is not less than 15s")
    );
    assert!(
        step_error("kind = \"hold\"\nduration = \"30s..30s\"").contains("30s is not less than 30s")
    );
    assert!(
        step_error("kind = \"hold\"\nduration = \"0s..30s\"")
            .contains("the start of `duration` is zero")
    );
    assert!(
        step_error("kind = \"hold\"\nduration = \"1h..3h\"")
            .contains("the end of `duration` is 3h")
    );
    assert!(step_error("kind = \"hold\"\nduration = \"15s..\"").contains("is empty"));
    assert_eq!(
        step("kind = \"hold\"\nduration = \"0.5m..1m\"").kind,
        StepKind::Hold {
            length: HoldLength::Range {
                min: Duration::from_secs(30),
                max: Duration::from_secs(60)
            }
        }
    );
}

#[test]
fn step_limits() {
    assert!(
        step_error("kind = \"rest\"\nduration = 5\nspots = 0")
            .ends_with("`spots` must be a whole number from 1 to 10, found 0")
    );
    assert!(step_error("kind = \"rest\"\nduration = 5\nspots = 11").ends_with("found 11"));
    assert!(
        step_error("kind = \"reps\"\nreps = 0")
            .ends_with("`reps` must be a whole number from 1 to 500, found 0")
    );
    assert!(step_error("kind = \"reps\"\nreps = 501").ends_with("found 501"));
    assert!(step_error("kind = \"reps\"\nreps = \"ten\"").ends_with("found the string \"ten\""));
    assert!(
        step_error("kind = \"reps\"\nreps = 5\ntempo = \"0.4s\"")
            .ends_with("`tempo` is 0.4s; it must be from 0.5s to 60s")
    );
    assert!(
        step_error("kind = \"reps\"\nreps = 5\ntempo = \"61s\"")
            .ends_with("`tempo` is 1m1s; it must be from 0.5s to 60s")
    );
    assert!(
        step_error("kind = \"circles\"\nduration = \"40s\"\nreverse_every = \"40s\"")
            .ends_with("`reverse_every` (40s) must be shorter than `duration` (40s)")
    );
    assert!(
        step_error("kind = \"circles\"\nduration = \"40s\"\nreverse_every = 0")
            .ends_with("`reverse_every` is zero; it must be longer than zero")
    );
    assert!(
        step_error("kind = \"rest\"\nduration = 5\nside = \"bothe\"").contains(
            "`side` must be one of \"left\", \"right\", \"both\", \"none\", found \"bothe\""
        )
    );
    assert_eq!(
        step("kind = \"rest\"\nduration = 5\ntransition = 0").transition,
        Some(Duration::ZERO)
    );
    let found = errors(&format!(
        "{HEAD}[[step]]\nname = \"\"\nkind = \"rest\"\nduration = 5\n"
    ));
    assert_eq!(found, ["5:8 `name` is empty; write 1 to 80 characters"]);
}

#[test]
fn text_from_other_people_is_clean() {
    let esc = step_error("kind = \"rest\"\nduration = 5\narea = \"calf\\u001b[2J\"");
    assert_eq!(
        esc,
        "8:8 `area` contains an escape character (U+001B) at character 5: \"calf\\u{1b}[2J\""
    );
    let bidi = step_error("kind = \"rest\"\nduration = 5\ntool = \"ball\u{202e}llab\"");
    assert!(
        bidi.starts_with("8:13 `tool` contains a bidirectional override (U+202E) at character 5"),
        "{bidi}"
    );
    let c1 = step_error("kind = \"rest\"\nduration = 5\ninstructions = \"a\\u009bb\"");
    assert!(
        c1.contains(
            "a C1 control character (U+009B) at character 2: \"a\\u{9b}b\"; only line breaks and tabs are allowed"
        ),
        "{c1}"
    );
    let del = step_error("kind = \"rest\"\nduration = 5\ntool = \"a\\u007f\"");
    assert!(del.contains("a delete character (U+007F)"), "{del}");
    let newline = step_error("kind = \"rest\"\nduration = 5\narea = \"a\\nb\"");
    assert!(
        newline.contains("`area` contains a line break (U+000A)"),
        "{newline}"
    );
    assert_eq!(
        step("kind = \"rest\"\nduration = 5\ninstructions = \"a\\n\\tb\"")
            .instructions
            .as_deref(),
        Some("a\n\tb")
    );
    let steps = "[[step]]\nkind = \"rest\"\nname = \"S\"\nduration = 5\n";
    for key in ["author", "caution"] {
        let found = errors(&format!(
            "[routine]\nname = \"R\"\n{key} = \"x\\u0007\"\n{steps}"
        ));
        assert!(
            found[0].contains(&format!("`{key}` contains a control character (U+0007)")),
            "{found:?}"
        );
    }
    let found = errors(&format!(
        "[routine]\nname = \"R\"\ntags = [\"ok\", \"x\\u2066\"]\n{steps}"
    ));
    assert!(
        found[0].contains("`tags` contains a bidirectional override (U+2066)"),
        "{found:?}"
    );
    let found = errors(&format!(
        "[routine]\nname = \"R\"\ndescription = \"x\\r\"\n{steps}"
    ));
    assert!(
        found[0].contains("`description` contains a control character (U+000D)"),
        "{found:?}"
    );
}

#[test]
fn every_mistake_is_reported_in_order() {
    let found = errors(
        "format = 3\n[routine]\nname = \"R\"\n[settings]\nrounds = 0\n[[step]]\nkind = \"hold\"\nname = \"A\"\nduration = \"9s..2s\"\n[[step]]\nkind = \"reps\"\nname = \"B\"\nreps = 900\n",
    );
    let lines: Vec<&str> = found.iter().map(|f| f.split(' ').next().unwrap()).collect();
    assert_eq!(lines, ["1:10", "5:10", "9:12", "13:8"]);
}

#[test]
fn toml_syntax_errors_have_their_own_position() {
    let found = errors("[routine]\nname = \"R\nx = 1\n");
    assert!(
        found[0].starts_with("2:10 this is not valid TOML"),
        "{found:?}"
    );
    let found = errors("[routine]\nname = \"R\"\nname = \"S\"\n");
    assert_eq!(
        found,
        ["3:1 `name` is written twice in the same table; keep one"]
    );
    let found = errors("[routine]\nname = \"R\"\n[routine]\nauthor = \"S\"\n");
    assert_eq!(
        found,
        ["3:2 the table `[routine]` is written twice; put its keys under one `[routine]`"]
    );
}

#[test]
fn lists_hold_strings_only() {
    let steps = "[[step]]\nkind = \"rest\"\nname = \"S\"\nduration = 5\n";
    let found = errors(&format!(
        "[routine]\nname = \"R\"\ntags = [\"a\", 3]\n{steps}"
    ));
    assert_eq!(
        found,
        ["3:14 every item of `tags` must be a string, found the number 3"]
    );
    let found = errors(&format!(
        "[routine]\nname = \"R\"\nequipment = \"ball\"\n{steps}"
    ));
    assert_eq!(
        found,
        ["3:13 `equipment` must be an array of strings, found the string \"ball\""]
    );
}

#[test]
fn sounds_are_cues_and_built_in_names_or_files() {
    let steps = "[[step]]\nkind = \"rest\"\nname = \"S\"\nduration = 5\n";
    let with = |sounds: &str, check: fn(&Path) -> Result<(), String>, base: Option<&str>| {
        let text = format!("{HEAD}[sounds]\n{sounds}\n{steps}");
        let source = Source {
            path: PathBuf::from("r.toml"),
            text,
            base_dir: base.map(PathBuf::from),
        };
        parse(
            &source,
            &ParseOptions {
                check_sound_file: check,
            },
        )
    };
    let routine = with(
        "start = \"gong\"\nrep = \"sounds/click.ogg\"",
        any_file,
        Some("/routines"),
    )
    .unwrap();
    assert_eq!(
        routine.sounds.get(SoundCue::Start),
        Some(&SoundSource::Builtin(BuiltinSound::Gong))
    );
    assert_eq!(
        routine.sounds.get(SoundCue::Rep),
        Some(&SoundSource::File(PathBuf::from(
            "/routines/sounds/click.ogg"
        )))
    );
    let message = |result: Result<Routine, _>| -> (String, Option<String>) {
        let d: super::super::Diagnostics = result.unwrap_err();
        let first = d.iter().next().unwrap();
        (first.message.clone(), first.suggestion.clone())
    };
    let (m, s) = message(with("strat = \"gong\"", any_file, Some(".")));
    assert!(m.starts_with("unknown key `strat` in `[sounds]`"), "{m}");
    assert_eq!(s.as_deref(), Some("did you mean `start`?"));
    let (m, s) = message(with("done = \"gonk\"", any_file, Some(".")));
    assert!(m.contains("\"gonk\", which is not a built-in sound"), "{m}");
    assert_eq!(s.as_deref(), Some("did you mean \"gong\"?"));
    let (m, _) = message(with("done = \"x.mp3\"", any_file, Some(".")));
    assert!(m.contains("must be a .wav, .ogg or .flac file"), "{m}");
    let (m, _) = message(with("done = \"x.wav\"", no_files, Some("dir")));
    assert!(m.contains("cannot be used: no such file"), "{m}");
    assert!(m.contains("dir/x.wav"), "{m}");
    let (m, _) = message(with("done = \"x.wav\"", any_file, None));
    assert!(
        m.contains("a built-in routine can only use built-in sounds"),
        "{m}"
    );
    let (m, _) = message(with("done = 3", any_file, None));
    assert!(
        m.contains("`done` must be a string, found the number 3"),
        "{m}"
    );
}

#[test]
fn no_panic_on_odd_documents() {
    for text in [
        "",
        "\u{0}",
        "step = 3",
        "step = [1, 2]",
        "routine = []",
        "[[routine]]\nname = \"x\"",
        "[routine]\nname = 3\nequipment = \"ball\"",
        "[[step]]\n[[step]]\nkind = 3",
        "[[step]]\nkind = \"hold\"\nduration = \"..\"",
        "[[step]]\nkind = \"hold\"\nduration = \"1s..2s..3s\"",
        "[[step]]\nkind = \"timed\"\nduration = 99999999999999999999",
        "[[step]]\nkind = \"timed\"\nduration = \"99999999999999999999999h\"",
        "[[step]]\nkind = \"timed\"\nduration = 0x10",
        "[[step]]\nkind = \"timed\"\nduration = 1979-05-27",
        "[sounds]\nstart = \"\"",
        "[sounds]\nstart = \"/\"",
        "format = 1.0",
        "format = 0b1",
        "a.b.c = 1",
    ] {
        let _ = parse(&source(text), &ParseOptions::default());
    }
}

/// Whether `c` could change what a terminal shows, other than a line break.
fn unsafe_for_terminal(c: char) -> bool {
    c != '\n'
        && (c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c))
}

const TEMPLATE: &str = "format = 1\n[routine]\nname = \"Calves\"\ntags = [\"a\"]\n[settings]\nlead_in = \"5s\"\nrounds = 2\n[sounds]\nstart = \"bell\"\n[[step]]\nkind = \"circles\"\nname = \"C\"\nside = \"both\"\nspots = 2\nduration = \"40s\"\nreverse_every = \"20s\"\n[[step]]\nkind = \"hold\"\nname = \"H\"\nduration = \"15s..30s\"\n[[step]]\nkind = \"reps\"\nname = \"R\"\nreps = 5\ntempo = \"2s\"\n";

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// The same checks as the fuzz target (fuzz/fuzz_targets/parse.rs), on edits of a valid
    /// routine: no panic, every mistake inside the file, nothing unsafe printed, and a valid
    /// routine expands into a plan whose total is the sum of its segments.
    #[test]
    fn edited_routines_never_panic(
        edits in proptest::collection::vec(
            (0usize..400, proptest::prop_oneof![
                proptest::string::string_regex("(?s).{0,6}").unwrap(),
                proptest::sample::select(vec![
                    "\"", "[", "]]", "=", "..", "\n", "\\u001b", "\u{202e}", "\u{9b}", "0", "-1",
                    "99999999999999999999", "1.5", "h", "m", "s", "[[step]]\n", "kind = \"rest\"\n",
                ]).prop_map(String::from),
            ]),
            0..6,
        )
    ) {
        let mut text = TEMPLATE.to_string();
        for (at, insert) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, &insert);
        }
        match parse(&source(&text), &ParseOptions::default()) {
            Ok(routine) => {
                let plan = crate::plan::expand(&routine, crate::plan::PlanOptions::default());
                let sum: Duration = plan.segments.iter().map(|s| s.duration).sum();
                proptest::prop_assert_eq!(plan.total, sum);
            }
            Err(diagnostics) => {
                proptest::prop_assert!(!diagnostics.is_empty());
                for d in diagnostics.iter() {
                    proptest::prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len());
                    proptest::prop_assert!(d.line >= 1 && d.column >= 1);
                }
                let rendered = diagnostics.render(false);
                proptest::prop_assert!(!rendered.chars().any(unsafe_for_terminal), "{}", rendered);
            }
        }
    }
}
