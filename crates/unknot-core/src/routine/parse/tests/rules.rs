//! The checker holds every routine to the limits of `rules`, at both ends: what the schema
//! tells an editor is what `unknot check` enforces.

use std::ops::RangeInclusive;

use super::super::super::duration::format_duration;
use super::super::super::rules::{
    COUNTDOWN, MAX_DURATION, MAX_NAME_CHARS, MAX_TEMPO, MIN_DURATION, MIN_TEMPO, REPS, ROUNDS,
    SPOTS,
};
use super::*;

const REST: &str = "[[step]]\nkind = \"rest\"\nname = \"S\"\nduration = 5\n";

/// A routine with `key = value` in `[settings]`, or in its only step.
fn with(place: &str, key: &str, value: &str) -> String {
    match place {
        "settings" => format!("{HEAD}[settings]\n{key} = {value}\n{REST}"),
        "reps" => format!("{HEAD}[[step]]\nkind = \"reps\"\nname = \"S\"\n{key} = {value}\n"),
        _ => format!(
            "{HEAD}[[step]]\nkind = \"timed\"\nname = \"S\"\nduration = 5\n{key} = {value}\n"
        ),
    }
}

fn accepted(text: &str) -> bool {
    parse(&source(text), &ParseOptions::TEXT_ONLY).is_ok()
}

#[test]
fn whole_numbers_are_held_to_their_limits_at_both_ends() {
    let limits: [(&str, &str, &RangeInclusive<i64>); 4] = [
        ("settings", "countdown", &COUNTDOWN),
        ("settings", "rounds", &ROUNDS),
        ("step", "spots", &SPOTS),
        ("reps", "reps", &REPS),
    ];
    for (place, key, range) in limits {
        let (min, max) = (*range.start(), *range.end());
        assert!(
            accepted(&with(place, key, &min.to_string())),
            "{key} = {min}"
        );
        assert!(
            accepted(&with(place, key, &max.to_string())),
            "{key} = {max}"
        );
        for outside in [min - 1, max + 1] {
            let found = errors(&with(place, key, &outside.to_string()));
            let said =
                format!("`{key}` must be a whole number from {min} to {max}, found {outside}");
            assert!(found.iter().any(|m| m.ends_with(&said)), "{found:#?}");
        }
    }
}

#[test]
fn names_are_held_to_their_length() {
    let name = |length: usize| {
        format!("{HEAD}{REST}").replace(
            "name = \"S\"",
            &format!("name = \"{}\"", "n".repeat(length)),
        )
    };
    assert!(accepted(&name(MAX_NAME_CHARS)));
    let found = errors(&name(MAX_NAME_CHARS + 1));
    let said = format!("at most {MAX_NAME_CHARS} are allowed");
    assert!(found.iter().any(|m| m.ends_with(&said)), "{found:#?}");
}

#[test]
fn durations_and_tempos_are_held_to_their_limits_at_both_ends() {
    let ms = std::time::Duration::from_millis(1);
    let text = |d: std::time::Duration| format!("\"{}\"", format_duration(d));
    for (place, key, low, high) in [
        ("settings", "transition", MIN_DURATION, MAX_DURATION),
        ("reps", "tempo", MIN_TEMPO, MAX_TEMPO),
    ] {
        let reps = if key == "tempo" { "reps = 3\n" } else { "" };
        let at = |d| format!("{}{reps}", with(place, key, &text(d)));
        assert!(accepted(&at(low)), "{key} = {low:?}");
        assert!(accepted(&at(high)), "{key} = {high:?}");
        assert!(!accepted(&at(low - ms)), "{key} = {:?}", low - ms);
        assert!(!accepted(&at(high + ms)), "{key} = {:?}", high + ms);
    }
}
