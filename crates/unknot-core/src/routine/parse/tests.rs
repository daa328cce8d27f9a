//! Every rule of format v1, one mistake at a time.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::super::model::*;
use super::super::source::{MemoryFiles, ParseOptions, Source};
use super::parse;

mod hostile;
mod robustness;
mod rules;
mod steps;

const HEAD: &str = "format = 1\n[routine]\nname = \"R\"\n";

fn source(text: &str) -> Source {
    Source {
        path: PathBuf::from("r.toml"),
        text: text.into(),
        base_dir: None,
    }
}

fn valid(text: &str) -> Routine {
    match parse(&source(text), &ParseOptions::TEXT_ONLY) {
        Ok(routine) => routine,
        Err(d) => panic!("expected valid, got:\n{}", d.render(false)),
    }
}

/// `line:column message` of every mistake.
fn errors(text: &str) -> Vec<String> {
    match parse(&source(text), &ParseOptions::TEXT_ONLY) {
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
        &ParseOptions::TEXT_ONLY,
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
        "5:11 unknown key `x` in `[settings]`; expected one of `lead_in`, `transition`, `first_side`, `countdown`, `rounds`, `focus`, `focus_max`, `focus_holds`, `focus_reps`"
    );
    let routine = valid(&format!(
        "{HEAD}[settings]\nlead_in = 0\ntransition = \"0s\"\n{steps}"
    ));
    assert_eq!(routine.settings.lead_in, Duration::ZERO);
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

/// A file saved on Windows ends its lines with CR LF, inside `"""` strings too: those are
/// line breaks like any other, not control characters.
#[test]
fn windows_line_endings_are_line_breaks() {
    let text = "[routine]\r\nname = \"R\"\r\ndescription = \"\"\"\r\nOne.\r\nTwo.\"\"\"\r\n\
                [[step]]\r\nkind = \"rest\"\r\nname = \"S\"\r\nduration = 5\r\n\
                instructions = \"\"\"\r\nline one\r\nline two\"\"\"\r\n";
    let routine = valid(text);
    assert_eq!(routine.info.description.as_deref(), Some("One.\nTwo."));
    assert_eq!(
        routine.steps[0].instructions.as_deref(),
        Some("line one\nline two")
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
fn a_syntax_error_hides_no_mistake_elsewhere() {
    let found = errors(concat!(
        "[routine]\nname = \"R\n",
        "[[step]]\nkind = \"reps\"\nname = \"S\"\nreps = 0\n",
        "[[step]]\nkind = \"rest\"\nname = \n",
    ));
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].starts_with("2:10 this is not valid TOML"),
        "{found:#?}"
    );
    assert_eq!(
        found[1],
        "6:8 `reps` must be a whole number from 1 to 500, found 0"
    );
    assert!(
        found[2].starts_with("9:8 this is not valid TOML"),
        "{found:#?}"
    );
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
    let with = |sounds: &str, files: &[(&str, &str)], base: Option<&str>| {
        let text = format!("{HEAD}[sounds]\n{sounds}\n{steps}");
        let source = Source {
            path: PathBuf::from("r.toml"),
            text: text.into(),
            base_dir: base.map(PathBuf::from),
        };
        parse(&source, &MemoryFiles::with(files).options())
    };
    let any_file: &[(&str, &str)] = &[("/routines/sounds/click.ogg", "")];
    let no_files: &[(&str, &str)] = &[("/dir/other.toml", "")];
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
    let (m, _) = message(with("done = \"x.wav\"", no_files, Some("/dir")));
    assert!(m.contains("cannot be used: no such file"), "{m}");
    assert!(m.contains("/dir/x.wav"), "{m}");
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
