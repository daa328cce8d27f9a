//! A JSON Schema (draft 2020-12) of routine format v1, for editors (`unknot schema`).
//!
//! Editors such as Taplo / Even Better TOML read it to complete keys and flag mistakes while a
//! trainer types. It mirrors the format page: every table is closed (`additionalProperties:
//! false`), each step kind only allows its own keys, durations must look like durations, and
//! numbers stay within their limits. Rules a schema can't say (a zero duration written as
//! `"0m"`, a duration under 0.5 s or finer than a millisecond, a range whose minimum is not
//! below its maximum, a routine past the plan's bounds, a sound file that can't be decoded)
//! are left to `unknot check`.

use serde_json::{Map, Value, json};

/// Where the schema says it lives; editors only use it as an identifier.
pub const SCHEMA_ID: &str = "https://unknot.invalid/routine-format-1.schema.json";

/// A duration's text: number-unit pairs from hours to minutes to seconds, each unit at most
/// once: `45s`, `1m30s`, `0.5s`, `1h`. Written out so that it needs no look-ahead, which not
/// every editor's regex engine has.
const DURATION_TEXT: &str = concat!(
    r"([0-9]+(\.[0-9]+)?h([0-9]+(\.[0-9]+)?m)?([0-9]+(\.[0-9]+)?s)?",
    r"|[0-9]+(\.[0-9]+)?m([0-9]+(\.[0-9]+)?s)?",
    r"|[0-9]+(\.[0-9]+)?s)"
);

fn duration_pattern() -> String {
    format!("^{DURATION_TEXT}$")
}

/// A hold's range: `15s..30s`.
fn range_pattern() -> String {
    format!(r"^{DURATION_TEXT}\.\.{DURATION_TEXT}$")
}
/// The longest single duration, in seconds (2 hours).
const MAX_SECONDS: u64 = 7200;

const KINDS: [&str; 6] = ["timed", "hold", "circles", "reps", "placement", "rest"];
const BUILTIN_SOUNDS: [&str; 7] = [
    "chime",
    "bell",
    "beep",
    "click",
    "double-beep",
    "gong",
    "none",
];
const SOUND_CUES: [&str; 9] = [
    "start",
    "end",
    "tick",
    "switch_side",
    "move_spot",
    "reverse",
    "rep",
    "release",
    "done",
];

/// The whole schema.
pub fn schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "unknot routine",
        "description": "A foam-roller or lacrosse-ball routine for unknot, format version 1.",
        "type": "object",
        "additionalProperties": false,
        "required": ["routine", "step"],
        "properties": {
            "format": {
                "description": "Format version; only 1 exists.",
                "const": 1
            },
            "routine": routine_table(),
            "settings": settings_table(),
            "sounds": sounds_table(),
            "voice": voice_table(),
            "step": {
                "description": "The steps, in order. Write each as a [[step]] table.",
                "type": "array",
                "minItems": 1,
                "items": { "$ref": "#/$defs/step" }
            }
        },
        "$defs": definitions()
    })
}

fn routine_table() -> Value {
    json!({
        "description": "Who and what: shown in lists, the picker and before the session starts.",
        "type": "object",
        "additionalProperties": false,
        "required": ["name"],
        "properties": {
            "name": name("The routine's title, shown in lists and the header."),
            "description": text("Shown in the picker and in `unknot list`."),
            "author": text("Who wrote the routine."),
            "equipment": strings("What the runner needs, shown before the session starts."),
            "tags": strings("Words for filtering in the picker and `unknot list`."),
            "caution": text("A safety note, shown before the session starts and in help."),
            "language": {
                "description": "The routine's language, a BCP 47 tag such as \"de\" or \"en-US\": the voice speaks it.",
                "type": "string",
                "pattern": "^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
            }
        }
    })
}

fn settings_table() -> Value {
    json!({
        "description": "Timing defaults for the whole routine.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "lead_in": gap("Get-ready countdown before the first step: \"0s\" for none, or at least \"0.5s\". Default \"5s\"."),
            "transition": gap("Time to get into position before each part: \"0s\" for none, or at least \"0.5s\"; a step may override it. Default \"5s\"."),
            "first_side": {
                "description": "Which side a side = \"both\" step starts on. Default \"right\".",
                "enum": ["left", "right"]
            },
            "countdown": {
                "description": "Audible ticks in the last N seconds of every timed part; 0 for none. Default 3.",
                "type": "integer",
                "minimum": 0,
                "maximum": 10
            },
            "rounds": {
                "description": "Play the whole list of steps this many times. Default 1.",
                "type": "integer",
                "minimum": 1,
                "maximum": 20
            },
            "focus": {
                "description": "Whether `unknot play --focus` may give tender spots more time (and easy ones less) in this routine. Default true.",
                "type": "boolean"
            },
            "focus_max": gap("The most time `--focus` may add to one part, such as \"20s\"; \"0s\" adds none. At most +50 % and 90 s per part in any case."),
            "focus_holds": {
                "description": "Whether `--focus` may change the length of holds. Default false.",
                "type": "boolean"
            },
            "focus_reps": {
                "description": "Whether `--focus` may change rep counts. Default false.",
                "type": "boolean"
            }
        }
    })
}

fn voice_table() -> Value {
    let properties: Map<String, Value> = crate::speech::PhraseKey::ALL
        .iter()
        .map(|key| {
            (
                key.key().to_string(),
                json!({
                    "description": "What the voice says, with {step}, {side}, {spot}, {spots}, {remaining}, {reps} or {next} filled in.",
                    "type": "string"
                }),
            )
        })
        .collect();
    json!({
        "description": "Spoken phrases written by the trainer, in the routine's language.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties
    })
}

fn sounds_table() -> Value {
    let properties: Map<String, Value> = SOUND_CUES
        .iter()
        .map(|cue| (cue.to_string(), json!({ "$ref": "#/$defs/sound" })))
        .collect();
    json!({
        "description": "Cue sound overrides: a built-in sound name or a WAV, OGG or FLAC file relative to the routine.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties
    })
}

fn definitions() -> Value {
    let mut defs = Map::new();
    defs.insert("duration".into(), duration_schema(1));
    defs.insert("sound".into(), sound_schema());
    defs.insert("step".into(), step_or_include_schema());
    defs.insert("kind_step".into(), step_schema());
    defs.insert("include_step".into(), include_schema());
    for kind in KINDS {
        defs.insert(format!("{kind}_step"), kind_schema(kind));
    }
    Value::Object(defs)
}

/// A duration longer than zero (`minimum` 1 for bare seconds), or one that may be zero.
fn duration_schema(minimum_seconds: u64) -> Value {
    json!({
        "description": "A duration: \"45s\", \"1m30s\", \"2m\", \"0.5s\", or a whole number of seconds. At least 0.5 s, at most 2 hours, in whole milliseconds.",
        "oneOf": [
            { "type": "string", "pattern": duration_pattern() },
            { "type": "integer", "minimum": minimum_seconds, "maximum": MAX_SECONDS }
        ]
    })
}

fn sound_schema() -> Value {
    json!({
        "description": "A built-in sound (chime, bell, beep, click, double-beep, gong, none) or a path to a WAV, OGG or FLAC file, relative to the routine file.",
        "anyOf": [
            { "enum": BUILTIN_SOUNDS },
            { "type": "string", "minLength": 1 }
        ]
    })
}

/// The keys every step has.
fn common_step_keys() -> Map<String, Value> {
    let mut keys = Map::new();
    keys.insert(
        "kind".into(),
        json!({
            "description": "What the step plays: timed, hold, circles, reps, placement or rest.",
            "enum": KINDS
        }),
    );
    keys.insert(
        "name".into(),
        name("The step's name, shown big on the screen."),
    );
    keys.insert(
        "instructions".into(),
        text("What to do, shown under the countdown; may be several lines."),
    );
    keys.insert(
        "area".into(),
        text("Body area, free text: \"hamstring\", \"glute\", \"calf\"."),
    );
    keys.insert(
        "tool".into(),
        text("Free text: \"lacrosse ball\", \"foam roller\"."),
    );
    keys.insert(
        "side".into(),
        json!({
            "description": "Which side: \"both\" plays the first side, then the other. Default \"none\".",
            "enum": ["left", "right", "both", "none"]
        }),
    );
    keys.insert(
        "spots".into(),
        json!({
            "description": "Do the step on this many spots, moving the ball between them. Default 1.",
            "type": "integer",
            "minimum": 1,
            "maximum": 10
        }),
    );
    keys.insert(
        "transition".into(),
        gap("Overrides settings.transition for the gaps before and inside this step."),
    );
    keys
}

/// A `[[step]]` is either a step of a kind, or an `include` of a block of steps from another file.
fn step_or_include_schema() -> Value {
    json!({
        "if": { "type": "object", "required": ["include"] },
        "then": { "$ref": "#/$defs/include_step" },
        "else": { "$ref": "#/$defs/kind_step" }
    })
}

/// `include = "blocks/calf.toml"`, with the keys that may override the included steps.
fn include_schema() -> Value {
    let common = common_step_keys();
    let mut properties = Map::new();
    properties.insert(
        "include".into(),
        json!({
            "description": "A block file of [[step]] tables, relative to this file; its steps are played here.",
            "type": "string",
            "minLength": 1
        }),
    );
    for key in ["name", "side", "transition"] {
        if let Some(schema) = common.get(key) {
            properties.insert(key.into(), schema.clone());
        }
    }
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["include"],
        "properties": properties
    })
}

/// A step: its kind picks the closed schema that applies, so a key of another kind is caught.
fn step_schema() -> Value {
    // Every key any step may have; a key several kinds share (`duration`) takes any of their
    // forms here, and the kind's own schema below narrows it.
    let mut variants: Map<String, Value> = Map::new();
    for kind in KINDS {
        for (key, value) in kind_keys(kind) {
            match variants.entry(key).or_insert_with(|| json!([])) {
                Value::Array(forms) if !forms.contains(&value) => forms.push(value),
                _ => {}
            }
        }
    }
    let mut every_key = common_step_keys();
    for (key, forms) in variants {
        let schema = match forms {
            Value::Array(mut forms) if forms.len() == 1 => forms.remove(0),
            forms => json!({ "anyOf": forms }),
        };
        every_key.insert(key, schema);
    }
    let by_kind: Vec<Value> = KINDS
        .iter()
        .map(|kind| {
            json!({
                "if": {
                    "required": ["kind"],
                    "properties": { "kind": { "const": kind } }
                },
                "then": { "$ref": format!("#/$defs/{kind}_step") }
            })
        })
        .collect();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["kind", "name"],
        "properties": every_key,
        "allOf": by_kind
    })
}

/// The closed schema of one kind of step: the common keys and its own.
fn kind_schema(kind: &str) -> Value {
    let mut properties = common_step_keys();
    let mut required = vec![json!("kind"), json!("name")];
    for (key, value) in kind_keys(kind) {
        let optional = matches!(
            (kind, key.as_str()),
            ("circles", "reverse_every") | ("reps", "tempo") | ("placement", "duration")
        );
        if !optional {
            required.push(json!(key));
        }
        properties.insert(key, value);
    }
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties
    })
}

/// The keys that belong to one kind only.
fn kind_keys(kind: &str) -> Vec<(String, Value)> {
    let duration =
        |description: &str| json!({ "description": description, "$ref": "#/$defs/duration" });
    match kind {
        "timed" | "rest" => vec![("duration".into(), duration("How long the countdown runs."))],
        "hold" => vec![(
            "duration".into(),
            json!({
                "description": "How long to hold: fixed (\"30s\") or a range (\"15s..30s\"): the release cue sounds at the minimum, and the hold runs to the maximum.",
                "anyOf": [
                    { "$ref": "#/$defs/duration" },
                    { "type": "string", "pattern": range_pattern() }
                ]
            }),
        )],
        "circles" => vec![
            (
                "duration".into(),
                duration("How long to circle on each spot and side."),
            ),
            (
                "reverse_every".into(),
                duration(
                    "A cue to switch circle direction this often, starting clockwise; shorter than duration.",
                ),
            ),
        ],
        "reps" => vec![
            (
                "reps".into(),
                json!({
                    "description": "How many reps, each with a click and the count.",
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 500
                }),
            ),
            (
                "tempo".into(),
                json!({
                    "description": "Time per rep, from \"0.5s\" to \"60s\". Default \"3s\".",
                    "oneOf": [
                        { "type": "string", "pattern": duration_pattern() },
                        { "type": "integer", "minimum": 1, "maximum": 60 }
                    ]
                }),
            ),
        ],
        "placement" => vec![(
            "duration".into(),
            duration(
                "With a duration, a countdown to get the ball in place; without one, unknot waits for Enter.",
            ),
        )],
        _ => Vec::new(),
    }
}

fn name(description: &str) -> Value {
    json!({ "description": description, "type": "string", "minLength": 1, "maxLength": 80 })
}

fn text(description: &str) -> Value {
    json!({ "description": description, "type": "string" })
}

fn strings(description: &str) -> Value {
    json!({ "description": description, "type": "array", "items": { "type": "string" } })
}

/// A gap (lead-in or transition): a duration that may be zero.
fn gap(description: &str) -> Value {
    let mut schema = duration_schema(0);
    if let Some(object) = schema.as_object_mut() {
        object.insert("description".into(), json!(description));
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_kind_has_a_closed_schema_that_requires_its_own_keys() {
        let schema = schema();
        for kind in KINDS {
            let def = &schema["$defs"][format!("{kind}_step")];
            assert_eq!(def["additionalProperties"], json!(false), "{kind}");
            let required = def["required"].as_array().cloned().unwrap_or_default();
            assert!(required.contains(&json!("kind")) && required.contains(&json!("name")));
        }
        let reps = &schema["$defs"]["reps_step"]["required"];
        assert!(reps.as_array().is_some_and(|r| r.contains(&json!("reps"))));
        let placement = &schema["$defs"]["placement_step"]["required"];
        assert!(
            placement
                .as_array()
                .is_some_and(|r| !r.contains(&json!("duration")))
        );
    }

    #[test]
    fn the_duration_patterns_take_every_documented_form_and_nothing_else() {
        let Ok(duration) = jsonschema::validator_for(&json!({ "pattern": duration_pattern() }))
        else {
            unreachable!("the duration pattern compiles")
        };
        for text in ["45s", "1m30s", "2m", "1h", "0.5s", "1h2m3s"] {
            assert!(duration.is_valid(&json!(text)), "{text}");
        }
        for text in [
            "", "45", "s", "1.s", "1m 30s", "-5s", "5x", "15s..30s", "30s1m", "1m1m", "5sec",
        ] {
            assert!(!duration.is_valid(&json!(text)), "{text}");
        }
        let Ok(range) = jsonschema::validator_for(&json!({ "pattern": range_pattern() })) else {
            unreachable!("the range pattern compiles")
        };
        for text in ["15s..30s", "1m..1m30s"] {
            assert!(range.is_valid(&json!(text)), "{text}");
        }
        for text in ["15s", "15s..", "..30s", "15s...30s", "15..30"] {
            assert!(!range.is_valid(&json!(text)), "{text}");
        }
    }

    #[test]
    fn the_schema_is_valid_draft_2020_12() {
        assert!(jsonschema::meta::is_valid(&schema()));
        assert!(jsonschema::draft202012::new(&schema()).is_ok());
    }

    #[test]
    fn an_include_step_takes_only_its_overrides() {
        let Ok(validator) = jsonschema::validator_for(&schema()) else {
            unreachable!("the schema compiles")
        };
        let routine = |step: Value| json!({ "routine": { "name": "Blocks" }, "step": [step] });
        let valid =
            routine(json!({ "include": "blocks/calf.toml", "side": "left", "transition": "3s" }));
        assert!(validator.is_valid(&valid));
        for invalid in [
            json!({ "include": "blocks/calf.toml", "kind": "timed" }),
            json!({ "include": "blocks/calf.toml", "duration": "30s" }),
            json!({ "include": "" }),
            json!({ "include": 3 }),
            json!({ "include": "blocks/calf.toml", "side": "up" }),
        ] {
            assert!(!validator.is_valid(&routine(invalid.clone())), "{invalid}");
        }
    }
}
