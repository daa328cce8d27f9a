//! `[[step]]` tables: the keys every step has, and the keys of each kind.

use std::time::Duration;

use toml::de::DeValue;

use super::super::checker::{Checker, Table, Value, Zero, did_you_mean, escape_key};
use super::super::model::{HoldLength, Step, StepKind, StepSide};
use super::super::rules::{
    COMMON_STEP_KEYS as COMMON_KEYS, DEFAULT_SPOTS, DEFAULT_TEMPO, INCLUDE, KINDS, MAX_NAME_CHARS,
    MAX_STEPS, REPS, SIDES, SPOTS, all_kind_keys, kind_keys, required_keys,
};
use super::super::source::{ParseOptions, Source};
use super::{as_table, header_span};

/// A `side` word, already checked to be one of the four.
pub(crate) fn side_from(word: &str) -> StepSide {
    match word {
        "left" => StepSide::Left,
        "right" => StepSide::Right,
        "both" => StepSide::Both,
        _ => StepSide::None,
    }
}

/// Whether `key` is a key of some step kind.
pub(crate) fn is_step_key(key: &str) -> bool {
    COMMON_KEYS.contains(&key) || KINDS.iter().any(|kind| kind_keys(kind).contains(&key))
}

/// The `step` array: every step read, numbered from 1.
pub(crate) fn read_steps(
    checker: &mut Checker<'_>,
    value: &Value<'_>,
    source: &Source,
    options: &ParseOptions,
) -> Option<Vec<Step>> {
    let items = match value.get_ref() {
        DeValue::Array(items) => items,
        DeValue::Table(_) => {
            checker.error(
                super::header_span(checker, value),
                "steps are written `[[step]]` (with double brackets), one per step",
                "expected `[[step]]`",
            );
            return None;
        }
        _ => {
            checker.wrong_type("step", value, "a list of `[[step]]` tables");
            return None;
        }
    };
    if items.is_empty() {
        checker.error(
            value.span(),
            "the routine has no steps; add at least one `[[step]]`",
            "no steps",
        );
        return None;
    }
    let mut steps = Vec::with_capacity(items.len());
    let mut ok = true;
    for (index, item) in items.iter().enumerate() {
        if checker.over_limit {
            return None;
        }
        checker.steps_read += 1;
        if checker.steps_read > MAX_STEPS {
            checker.over_limit = true;
            checker.error(
                header_span(checker, item),
                format!(
                    "the routine has more than {MAX_STEPS} steps, counting those of included files"
                ),
                "one step too many",
            );
            return None;
        }
        let number = index + 1;
        let read = match item.get_ref() {
            DeValue::Table(table) if table.keys().any(|k| k.get_ref() == INCLUDE) => {
                super::include::read_include(checker, number, table, source, options)
            }
            _ => read_step(checker, number, item).map(|step| vec![step]),
        };
        match read {
            Some(read) => {
                let site = header_span(checker, item);
                checker
                    .step_sites
                    .extend(std::iter::repeat_n(site, read.len()));
                steps.extend(read);
            }
            None => ok = false,
        }
        checker.step = None;
    }
    ok.then_some(steps)
}

/// The keys of one step as they are read, before the kind is known to be complete.
#[derive(Default)]
struct Keys {
    name: Option<String>,
    instructions: Option<String>,
    area: Option<String>,
    tool: Option<String>,
    side: StepSide,
    spots: u8,
    transition: Option<Duration>,
    duration: Option<Duration>,
    hold: Option<HoldLength>,
    reverse_every: Option<(Duration, std::ops::Range<usize>)>,
    reps: Option<u16>,
    tempo: Option<Duration>,
}

pub(crate) fn read_step(
    checker: &mut Checker<'_>,
    number: usize,
    item: &Value<'_>,
) -> Option<Step> {
    let table = as_table(checker, "step", item)?;
    // The name goes into every message about this step, even when the name itself is wrong.
    let shown_name = match get(table, "name").map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => s.to_string(),
        _ => String::new(),
    };
    checker.step = Some((number, shown_name));
    let kind = read_kind(checker, table, item);
    let mut keys = Keys {
        spots: DEFAULT_SPOTS,
        ..Keys::default()
    };
    let before = checker.diagnostics.len();
    for (key, value) in table {
        read_key(checker, kind, &mut keys, key, value);
    }
    if !table.keys().any(|k| k.get_ref() == "name") {
        checker.missing(
            header_span(checker, item),
            format!(
                "step {number} has no `name`; add `name = \"...\"` (1 to {MAX_NAME_CHARS} characters)"
            ),
            "`name` is missing here",
        );
    }
    let kind = kind?;
    for required in required_keys(kind) {
        if !table.keys().any(|k| k.get_ref() == required) {
            checker.missing(
                header_span(checker, item),
                format!(
                    "a `{kind}` step needs `{required}`; add `{required} = {}`",
                    example(required)
                ),
                format!("`{required}` is missing here"),
            );
        }
    }
    if let (Some(duration), Some((every, span))) = (keys.duration, keys.reverse_every.clone())
        && every >= duration
    {
        checker.error(
            span,
            format!(
                "`reverse_every` ({}) must be shorter than `duration` ({})",
                super::super::duration::format_duration(every),
                super::super::duration::format_duration(duration)
            ),
            "not shorter than `duration`",
        );
    }
    if checker.diagnostics.len() != before {
        return None;
    }
    let step_kind = build_kind(kind, &keys)?;
    Some(Step {
        number,
        name: keys.name?,
        instructions: keys.instructions,
        area: keys.area,
        tool: keys.tool,
        side: keys.side,
        spots: keys.spots,
        transition: keys.transition,
        kind: step_kind,
    })
}

fn example(key: &str) -> &'static str {
    match key {
        "reps" => "10",
        _ => "\"30s\"",
    }
}

pub(crate) fn get<'t, 'i>(table: &'t Table<'i>, key: &str) -> Option<&'t Value<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v)
}

/// The step's kind, if it is present and one of the six.
fn read_kind(
    checker: &mut Checker<'_>,
    table: &Table<'_>,
    item: &Value<'_>,
) -> Option<&'static str> {
    let Some(value) = get(table, "kind") else {
        let number = checker.step.as_ref().map_or(0, |s| s.0);
        checker.missing(
            header_span(checker, item),
            format!(
                "step {number} has no `kind`; expected one of {}",
                KINDS.map(|k| format!("\"{k}\"")).join(", ")
            ),
            "`kind` is missing here",
        );
        return None;
    };
    checker.choice("kind", value, &KINDS)
}

fn read_key(
    checker: &mut Checker<'_>,
    kind: Option<&'static str>,
    keys: &mut Keys,
    key: &toml::Spanned<std::borrow::Cow<'_, str>>,
    value: &Value<'_>,
) {
    let name = key.get_ref().as_ref();
    match name {
        "kind" => {}
        "name" => keys.name = checker.name("name", value),
        "instructions" => keys.instructions = checker.text("instructions", value, true),
        "area" => keys.area = checker.text("area", value, false),
        "tool" => keys.tool = checker.text("tool", value, false),
        "side" => {
            keys.side = checker
                .choice("side", value, &SIDES)
                .map_or(StepSide::None, side_from)
        }
        "spots" => {
            if let Some(spots) = checker
                .integer("spots", value, *SPOTS.start(), *SPOTS.end())
                .and_then(|n| u8::try_from(n).ok())
            {
                keys.spots = spots;
            }
        }
        "transition" => keys.transition = checker.duration("transition", value, Zero::Allowed),
        _ => read_kind_key(checker, kind, keys, key, value),
    }
}

fn read_kind_key(
    checker: &mut Checker<'_>,
    kind: Option<&'static str>,
    keys: &mut Keys,
    key: &toml::Spanned<std::borrow::Cow<'_, str>>,
    value: &Value<'_>,
) {
    let name = key.get_ref().as_ref();
    let owners: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| kind_keys(k).contains(&name))
        .collect();
    let Some(kind) = kind else {
        // With no valid kind, a key of some kind cannot be judged; any other key is unknown.
        if owners.is_empty() {
            let all: Vec<&str> = COMMON_KEYS.iter().copied().chain(all_kind_keys()).collect();
            checker.unknown_key(key, "a step", &all);
        } else {
            // Still read the value, so that a misspelt kind hides no other mistake.
            read_own_key(checker, guess_kind(name, value), keys, name, value);
        }
        return;
    };
    let own = kind_keys(kind);
    if !own.contains(&name) {
        let mut known: Vec<&str> = COMMON_KEYS.to_vec();
        known.extend_from_slice(own);
        if owners.is_empty() {
            checker.unknown_key(key, &format!("a `{kind}` step"), &known);
        } else {
            let takes = own
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(" and ");
            let owners = owners
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            checker.error_with(
                key.span(),
                format!(
                    "`{}` is not a key of a `{kind}` step; it belongs to {owners} steps (a `{kind}` step takes {takes})",
                    escape_key(name)
                ),
                format!("not a key of a `{kind}` step"),
                did_you_mean(name, own.iter().copied()).filter(|s| *s != name).map(|s| format!("did you mean `{s}`?")),
            );
        }
        return;
    }
    read_own_key(checker, kind, keys, name, value);
}

/// For a step whose kind is unknown: the kind whose rules fit a key's value best.
fn guess_kind(key: &str, value: &Value<'_>) -> &'static str {
    match (key, value.get_ref()) {
        ("duration", DeValue::String(s)) if s.contains("..") => "hold",
        ("reps" | "tempo", _) => "reps",
        _ => "circles",
    }
}

/// A key that belongs to `kind`, read by that kind's rules.
fn read_own_key(
    checker: &mut Checker<'_>,
    kind: &str,
    keys: &mut Keys,
    name: &str,
    value: &Value<'_>,
) {
    match (kind, name) {
        ("hold", "duration") => keys.hold = checker.hold_length("duration", value),
        (_, "duration") => keys.duration = checker.duration("duration", value, Zero::Forbidden),
        (_, "reverse_every") => {
            keys.reverse_every = checker
                .duration("reverse_every", value, Zero::Forbidden)
                .map(|d| (d, value.span()))
        }
        (_, "reps") => {
            keys.reps = checker
                .integer("reps", value, *REPS.start(), *REPS.end())
                .and_then(|n| u16::try_from(n).ok())
        }
        (_, "tempo") => keys.tempo = checker.tempo("tempo", value),
        _ => {}
    }
}

/// The kind with its own keys, once all of them were read without a mistake.
fn build_kind(kind: &str, keys: &Keys) -> Option<StepKind> {
    Some(match kind {
        "timed" => StepKind::Timed {
            duration: keys.duration?,
        },
        "hold" => StepKind::Hold { length: keys.hold? },
        "circles" => StepKind::Circles {
            duration: keys.duration?,
            reverse_every: keys.reverse_every.as_ref().map(|(d, _)| *d),
        },
        "reps" => StepKind::Reps {
            reps: keys.reps?,
            tempo: keys.tempo.unwrap_or(DEFAULT_TEMPO),
        },
        "placement" => StepKind::Placement {
            duration: keys.duration,
        },
        "rest" => StepKind::Rest {
            duration: keys.duration?,
        },
        _ => return None,
    })
}
