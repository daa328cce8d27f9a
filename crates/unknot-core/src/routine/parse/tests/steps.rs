//! Steps: the six kinds, their own keys, durations, ranges and limits.

use super::*;

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
        &ParseOptions::TEXT_ONLY,
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

/// A mistake at one end of a range names that end, and the suggestion keeps the whole range.
#[test]
fn a_mistake_in_a_hold_range_suggests_the_whole_range() {
    let one = |keys: &str| -> (String, Option<String>) {
        let text = format!("{HEAD}[[step]]\nname = \"S\"\n{keys}\n");
        let found = parse(&source(&text), &ParseOptions::TEXT_ONLY).unwrap_err();
        let all: Vec<_> = found.iter().collect();
        assert_eq!(all.len(), 1, "{}", found.render(false));
        (all[0].message.clone(), all[0].suggestion.clone())
    };
    let (m, s) = one("kind = \"hold\"\nduration = \"15..30s\"");
    assert!(
        m.starts_with("the start of `duration`, \"15\", has no unit after `15`"),
        "{m}"
    );
    assert_eq!(s.as_deref(), Some("did you mean \"15s..30s\"?"));
    let (m, s) = one("kind = \"hold\"\nduration = \"15s..30\"");
    assert!(
        m.starts_with("the end of `duration`, \"30\", has no unit"),
        "{m}"
    );
    assert_eq!(s.as_deref(), Some("did you mean \"15s..30s\"?"));
    let (m, s) = one("kind = \"hold\"\nduration = \"15s .. 30s\"");
    assert!(
        m.starts_with("`duration` is \"15s .. 30s\", which has a space in it"),
        "{m}"
    );
    assert_eq!(s.as_deref(), Some("did you mean \"15s..30s\"?"));
    let (m, s) = one("kind = \"hold\"\nduration = \"15 seconds..30s\"");
    assert!(m.contains("has a space in it"), "{m}");
    assert_eq!(s.as_deref(), Some("did you mean \"15s..30s\"?"));
    let (m, s) = one("kind = \"hold\"\nduration = \"15s-30s\"");
    assert!(m.contains("a range is written with two dots"), "{m}");
    assert_eq!(s.as_deref(), Some("did you mean \"15s..30s\"?"));
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
