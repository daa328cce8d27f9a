//! A JSON Schema (draft 2020-12) of routine format v1, for editors (`unknot schema`).
//!
//! Editors such as Taplo / Even Better TOML read it to complete keys and flag mistakes while a
//! trainer types. It mirrors the format page: every table is closed (`additionalProperties:
//! false`), each step kind only allows its own keys, durations must look like durations, and
//! numbers stay within their limits. Rules a schema can't say (a zero duration written as
//! `"0m"`, a duration under 0.5 s or finer than a millisecond, a range whose minimum is not
//! below its maximum, a routine past the plan's bounds, a sound file that can't be decoded)
//! are left to `unknot check`.

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::routine::duration::format_duration;
use crate::routine::rules::{
    self, COMMON_STEP_KEYS, COUNTDOWN, DEFAULT_COUNTDOWN, DEFAULT_LEAD_IN, DEFAULT_ROUNDS,
    DEFAULT_SPOTS, DEFAULT_TEMPO, DEFAULT_TRANSITION, FIRST_SIDES, FOCUS_LONGEST_PART,
    FOCUS_MAX_EXTRA_SHARE, FORMAT, INCLUDE, INCLUDE_OVERRIDES, KINDS, MAX_DURATION, MAX_NAME_CHARS,
    MAX_TEMPO, MIN_DURATION, MIN_TEMPO, REPS, ROUNDS, SIDES, SOUND_FILE_EXTENSIONS, SPOTS,
    in_words, listed, required_keys, whole_seconds_at_least,
};
use crate::routine::{BuiltinSound, SoundCue};
use crate::speech::language;

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
/// The longest single duration, in whole seconds.
const MAX_SECONDS: u64 = MAX_DURATION.as_secs();

/// The names of the built-in sounds.
fn builtin_sounds() -> Vec<&'static str> {
    BuiltinSound::ALL.iter().map(|sound| sound.name()).collect()
}

/// "WAV, OGG or FLAC".
fn sound_file_kinds() -> String {
    let upper: Vec<String> = SOUND_FILE_EXTENSIONS
        .iter()
        .map(|e| e.to_ascii_uppercase())
        .collect();
    let upper: Vec<&str> = upper.iter().map(String::as_str).collect();
    listed(&upper, "or")
}

/// A duration as the format writes it, quoted: `"5s"`.
fn written(duration: Duration) -> String {
    format!("\"{}\"", format_duration(duration))
}

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
                "description": format!("Format version; only {FORMAT} exists."),
                "const": FORMAT
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
                "pattern": language::TAG_PATTERN
            }
        }
    })
}

fn settings_table() -> Value {
    let (none, shortest) = (written(Duration::ZERO), written(MIN_DURATION));
    let first_side = crate::routine::Settings::default().first_side.as_str();
    json!({
        "description": "Timing defaults for the whole routine.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "lead_in": gap(&format!("Get-ready countdown before the first step: {none} for none, or at least {shortest}. Default {}.", written(DEFAULT_LEAD_IN))),
            "transition": gap(&format!("Time to get into position before each part: {none} for none, or at least {shortest}; a step may override it. Default {}.", written(DEFAULT_TRANSITION))),
            "first_side": {
                "description": format!("Which side a side = \"both\" step starts on. Default \"{first_side}\"."),
                "enum": FIRST_SIDES
            },
            "countdown": {
                "description": format!("Audible ticks in the last N seconds of every timed part; 0 for none. Default {DEFAULT_COUNTDOWN}."),
                "type": "integer",
                "minimum": COUNTDOWN.start(),
                "maximum": COUNTDOWN.end()
            },
            "rounds": {
                "description": format!("Play the whole list of steps this many times. Default {DEFAULT_ROUNDS}."),
                "type": "integer",
                "minimum": ROUNDS.start(),
                "maximum": ROUNDS.end()
            },
            "focus": {
                "description": "Whether `unknot play --focus` may give tender spots more time (and easy ones less) in this routine. Default true.",
                "type": "boolean"
            },
            "focus_max": gap(&format!("The most time `--focus` may add to one part, such as \"20s\"; \"0s\" adds none. At most +{} % and {} s per part in any case.", FOCUS_MAX_EXTRA_SHARE * 100.0, FOCUS_LONGEST_PART.as_secs())),
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
    let properties: Map<String, Value> = SoundCue::ALL
        .iter()
        .map(|cue| (cue.key().to_string(), json!({ "$ref": "#/$defs/sound" })))
        .collect();
    json!({
        "description": format!("Cue sound overrides: a built-in sound name or a {} file relative to the routine.", sound_file_kinds()),
        "type": "object",
        "additionalProperties": false,
        "properties": properties
    })
}

fn definitions() -> Value {
    let mut defs = Map::new();
    defs.insert(
        "duration".into(),
        duration_schema(whole_seconds_at_least(MIN_DURATION)),
    );
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
        "description": format!(
            "A duration: \"45s\", \"1m30s\", \"2m\", \"0.5s\", or a whole number of seconds. At least {}, at most {}, in whole milliseconds.",
            in_words(MIN_DURATION),
            in_words(MAX_DURATION)
        ),
        "oneOf": [
            { "type": "string", "pattern": duration_pattern() },
            { "type": "integer", "minimum": minimum_seconds, "maximum": MAX_SECONDS }
        ]
    })
}

fn sound_schema() -> Value {
    json!({
        "description": format!(
            "A built-in sound ({}) or a path to a {} file, relative to the routine file.",
            builtin_sounds().join(", "),
            sound_file_kinds()
        ),
        "anyOf": [
            { "enum": builtin_sounds() },
            { "type": "string", "minLength": 1 }
        ]
    })
}

/// The keys every step has, in the order the format lists them.
fn common_step_keys() -> Map<String, Value> {
    COMMON_STEP_KEYS
        .iter()
        .map(|key| (key.to_string(), common_key_schema(key)))
        .collect()
}

/// The schema of a key every step has.
fn common_key_schema(key: &str) -> Value {
    match key {
        "kind" => json!({
            "description": format!("What the step plays: {}.", listed(&KINDS, "or")),
            "enum": KINDS
        }),
        "name" => name("The step's name, shown big on the screen."),
        "instructions" => text("What to do, shown under the countdown; may be several lines."),
        "area" => text("Body area, free text: \"hamstring\", \"glute\", \"calf\"."),
        "tool" => text("Free text: \"lacrosse ball\", \"foam roller\"."),
        "side" => json!({
            "description": "Which side: \"both\" plays the first side, then the other. Default \"none\".",
            "enum": SIDES
        }),
        "spots" => json!({
            "description": format!("Do the step on this many spots, moving the ball between them. Default {DEFAULT_SPOTS}."),
            "type": "integer",
            "minimum": SPOTS.start(),
            "maximum": SPOTS.end()
        }),
        "transition" => {
            gap("Overrides settings.transition for the gaps before and inside this step.")
        }
        // A key the format gained without a word here: any value, until it is described.
        _ => json!({}),
    }
}

/// A `[[step]]` is either a step of a kind, or an `include` of a block of steps from another file.
fn step_or_include_schema() -> Value {
    json!({
        "if": { "type": "object", "required": [INCLUDE] },
        "then": { "$ref": "#/$defs/include_step" },
        "else": { "$ref": "#/$defs/kind_step" }
    })
}

/// `include = "blocks/calf.toml"`, with the keys that may override the included steps.
fn include_schema() -> Value {
    let common = common_step_keys();
    let mut properties = Map::new();
    properties.insert(
        INCLUDE.into(),
        json!({
            "description": "A block file of [[step]] tables, relative to this file; its steps are played here.",
            "type": "string",
            "minLength": 1
        }),
    );
    for key in INCLUDE_OVERRIDES {
        if let Some(schema) = common.get(key) {
            properties.insert(key.into(), schema.clone());
        }
    }
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": [INCLUDE],
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
        if required_keys(kind).contains(&key.as_str()) {
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

/// The keys that belong to one kind only, in the order the format lists them.
fn kind_keys(kind: &str) -> Vec<(String, Value)> {
    rules::kind_keys(kind)
        .iter()
        .map(|key| (key.to_string(), kind_key_schema(kind, key)))
        .collect()
}

/// The schema of a key of one kind of step.
fn kind_key_schema(kind: &str, key: &str) -> Value {
    let duration =
        |description: &str| json!({ "description": description, "$ref": "#/$defs/duration" });
    match (kind, key) {
        ("hold", "duration") => json!({
            "description": "How long to hold: fixed (\"30s\") or a range (\"15s..30s\"): the release cue sounds at the minimum, and the hold runs to the maximum.",
            "anyOf": [
                { "$ref": "#/$defs/duration" },
                { "type": "string", "pattern": range_pattern() }
            ]
        }),
        ("circles", "duration") => duration("How long to circle on each spot and side."),
        ("placement", "duration") => duration(
            "With a duration, a countdown to get the ball in place; without one, unknot waits for Enter.",
        ),
        (_, "duration") => duration("How long the countdown runs."),
        (_, "reverse_every") => duration(
            "A cue to switch circle direction this often, starting clockwise; shorter than duration.",
        ),
        (_, "reps") => json!({
            "description": "How many reps, each with a click and the count.",
            "type": "integer",
            "minimum": REPS.start(),
            "maximum": REPS.end()
        }),
        (_, "tempo") => json!({
            // "60s" rather than "1m": a tempo is said in seconds.
            "description": format!(
                "Time per rep, from {} to \"{}s\". Default {}.",
                written(MIN_TEMPO),
                MAX_TEMPO.as_secs(),
                written(DEFAULT_TEMPO)
            ),
            "oneOf": [
                { "type": "string", "pattern": duration_pattern() },
                {
                    "type": "integer",
                    "minimum": whole_seconds_at_least(MIN_TEMPO),
                    "maximum": MAX_TEMPO.as_secs()
                }
            ]
        }),
        // A key the format gained without a word here: any value, until it is described.
        _ => json!({}),
    }
}

fn name(description: &str) -> Value {
    json!({ "description": description, "type": "string", "minLength": 1, "maxLength": MAX_NAME_CHARS })
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
    use crate::routine::rules::{INCLUDE_KEYS, ROUTINE_KEYS, SETTINGS_KEYS, TOP_KEYS};

    /// The keys of an object's `properties`, in order.
    fn keys(properties: &Value) -> Vec<&str> {
        properties
            .as_object()
            .map(|object| object.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    #[test]
    fn every_limit_of_the_format_is_in_the_schema_where_it_applies() {
        let schema = schema();
        assert_eq!(schema["properties"]["format"]["const"], json!(FORMAT));
        let settings = &schema["properties"]["settings"]["properties"];
        for (key, limits) in [("countdown", &COUNTDOWN), ("rounds", &ROUNDS)] {
            assert_eq!(settings[key]["minimum"], json!(limits.start()), "{key}");
            assert_eq!(settings[key]["maximum"], json!(limits.end()), "{key}");
        }
        let step = &schema["$defs"]["kind_step"]["properties"];
        assert_eq!(step["spots"]["minimum"], json!(SPOTS.start()));
        assert_eq!(step["spots"]["maximum"], json!(SPOTS.end()));
        let reps = &schema["$defs"]["reps_step"]["properties"];
        assert_eq!(reps["reps"]["minimum"], json!(REPS.start()));
        assert_eq!(reps["reps"]["maximum"], json!(REPS.end()));
        let whole_tempo = &reps["tempo"]["oneOf"][1];
        assert_eq!(whole_tempo["minimum"], json!(1));
        assert_eq!(whole_tempo["maximum"], json!(MAX_TEMPO.as_secs()));
        let tempo = reps["tempo"]["description"].as_str().unwrap_or_default();
        assert!(
            tempo.contains(&format!("\"{}\"", format_duration(MIN_TEMPO))),
            "{tempo}"
        );
        assert!(
            tempo.contains(&format!("\"{}s\"", MAX_TEMPO.as_secs())),
            "{tempo}"
        );
        for name in [
            &schema["properties"]["routine"]["properties"]["name"],
            &step["name"],
        ] {
            assert_eq!(name["minLength"], json!(1));
            assert_eq!(name["maxLength"], json!(MAX_NAME_CHARS));
        }
        // A bare number of seconds: at least the shortest duration, or zero for a gap.
        let duration = &schema["$defs"]["duration"];
        assert_eq!(duration["oneOf"][1]["minimum"], json!(1));
        assert_eq!(
            duration["oneOf"][1]["maximum"],
            json!(MAX_DURATION.as_secs())
        );
        let lead_in = &settings["lead_in"];
        assert_eq!(lead_in["oneOf"][1]["minimum"], json!(0));
        assert_eq!(
            lead_in["oneOf"][1]["maximum"],
            json!(MAX_DURATION.as_secs())
        );
        let said = duration["description"].as_str().unwrap_or_default();
        assert!(said.contains("At least 0.5 s, at most 2 hours"), "{said}");
        for (key, default) in [
            ("lead_in", DEFAULT_LEAD_IN),
            ("transition", DEFAULT_TRANSITION),
        ] {
            let said = settings[key]["description"].as_str().unwrap_or_default();
            let default = format!("Default \"{}\".", format_duration(default));
            assert!(said.ends_with(&default), "{said}");
        }
    }

    #[test]
    fn the_schema_names_exactly_the_keys_kinds_and_sounds_of_the_format() {
        let schema = schema();
        let mut top = keys(&schema["properties"]);
        top.sort_unstable();
        let mut expected = TOP_KEYS;
        expected.sort_unstable();
        assert_eq!(top, expected);
        let routine = &schema["properties"]["routine"]["properties"];
        assert_eq!(keys(routine), ROUTINE_KEYS);
        let settings = &schema["properties"]["settings"]["properties"];
        assert_eq!(keys(settings), SETTINGS_KEYS);
        assert_eq!(settings["first_side"]["enum"], json!(FIRST_SIDES));
        let cues: Vec<&str> = SoundCue::ALL.iter().map(|cue| cue.key()).collect();
        assert_eq!(keys(&schema["properties"]["sounds"]["properties"]), cues);
        let sounds: Vec<&str> = BuiltinSound::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(schema["$defs"]["sound"]["anyOf"][0]["enum"], json!(sounds));
        let include = &schema["$defs"]["include_step"];
        assert_eq!(keys(&include["properties"]), INCLUDE_KEYS);
        let step = &schema["$defs"]["kind_step"]["properties"];
        assert_eq!(step["kind"]["enum"], json!(KINDS));
        assert_eq!(step["side"]["enum"], json!(SIDES));
        for rules in rules::KIND_RULES {
            let def = &schema["$defs"][format!("{}_step", rules.kind)];
            let expected: Vec<&str> = COMMON_STEP_KEYS.iter().chain(rules.keys).copied().collect();
            assert_eq!(keys(&def["properties"]), expected, "{}", rules.kind);
            let required: Vec<&str> = ["kind", "name"]
                .iter()
                .chain(rules.required)
                .copied()
                .collect();
            assert_eq!(def["required"], json!(required), "{}", rules.kind);
            // Every key is described, none left open.
            for (key, key_schema) in def["properties"].as_object().into_iter().flatten() {
                assert!(
                    key_schema.get("description").is_some() || key_schema.get("$ref").is_some(),
                    "{}: {key}",
                    rules.kind
                );
            }
        }
    }

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
