//! `unknot list`, `unknot new` and `unknot schema` through the real binary.

#![allow(clippy::unwrap_used, clippy::panic)]

use crate::support;

use serde_json::{Value, json};
use support::{Home, root};

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const BUILT_IN_NAMES: [&str; 4] = [
    "foot-calf-lacrosse",
    "hamstrings-glutes-lacrosse",
    "lower-body-foam-roller",
    "pre-run-dynamic",
];

/// A config home with one good and one broken routine in `unknot/routines/`.
fn config_with_user_routines() -> Home {
    let home = Home::new();
    let routines = home.routines();
    std::fs::create_dir_all(&routines).unwrap();
    let good = std::fs::read_to_string(root().join("routines/pre-run-dynamic.toml"))
        .unwrap()
        .replace("Pre-run dynamic warm-up", "My warm-up");
    std::fs::write(routines.join("my-warm-up.toml"), good).unwrap();
    std::fs::write(
        routines.join("broken.toml"),
        "[routine]\nname = \"Broken\"\n\n[[step]]\nkind = \"timed\"\nname = \"Walk\"\n",
    )
    .unwrap();
    std::fs::write(routines.join("notes.txt"), "not a routine").unwrap();
    home
}

#[test]
fn list_shows_built_in_then_user_routines_with_totals_and_marks_broken_ones() {
    let home = config_with_user_routines();
    let output = home.run(&["list"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("name  "), "{out}");
    for (line, name) in lines[1..].iter().zip(BUILT_IN_NAMES) {
        assert!(line.starts_with(name), "{out}");
        assert!(line.ends_with("built-in"), "{out}");
    }
    let pre_run = lines
        .iter()
        .find(|l| l.starts_with("pre-run-dynamic"))
        .unwrap();
    assert!(pre_run.contains("Pre-run dynamic warm-up"), "{out}");
    assert!(pre_run.contains(" 5:08 "), "{out}");
    assert!(pre_run.contains("a wall or post to hold on to"), "{out}");
    let broken = lines.iter().find(|l| l.contains("broken")).unwrap();
    assert!(broken.starts_with("✗ broken"), "{out}");
    assert!(broken.contains("error"), "{out}");
    let mine = lines.iter().find(|l| l.starts_with("my-warm-up")).unwrap();
    assert!(
        mine.contains("My warm-up") && mine.contains("my-warm-up.toml"),
        "{out}"
    );
    assert!(!out.contains("notes"), "{out}");
    assert!(out.contains("unknot check "), "{out}");
}

/// A title in Japanese or with emoji takes two columns a character; the totals still line up.
#[test]
fn list_lines_up_wide_titles() {
    let home = Home::new();
    let routines = home.routines();
    std::fs::create_dir_all(&routines).unwrap();
    std::fs::write(
        routines.join("feet.toml"),
        "[routine]\nname = \"足底筋膜リリース 🎾\"\n\n[[step]]\nkind = \"timed\"\nname = \"Walk\"\nduration = \"1m\"\n",
    )
    .unwrap();
    let output = home.run(&["list"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    // The column where each total ends, counted in terminal columns.
    let end_of_total = |line: &str, total: &str| {
        let at = line.find(total).unwrap() + total.len();
        line[..at]
            .chars()
            .map(|c| {
                if c >= '\u{1100}' && !matches!(c, '—' | '–' | '…') {
                    2
                } else {
                    1
                }
            })
            .sum::<usize>()
    };
    let feet = out.lines().find(|l| l.starts_with("feet")).unwrap();
    let pre_run = out.lines().find(|l| l.starts_with("pre-run")).unwrap();
    assert_eq!(
        end_of_total(feet, " 1:05 "),
        end_of_total(pre_run, " 5:08 "),
        "{out}"
    );
}

#[test]
fn list_json_has_every_field_for_every_routine() {
    let home = config_with_user_routines();
    let output = home.run(&["list", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let list: Value = serde_json::from_str(&text(&output.stdout)).unwrap();
    let items = list.as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "foot-calf-lacrosse",
            "hamstrings-glutes-lacrosse",
            "lower-body-foam-roller",
            "pre-run-dynamic",
            "pre-run-dynamic-de",
            "broken",
            "my-warm-up"
        ]
    );
    let pre_run = &items[3];
    assert_eq!(pre_run["title"], json!("Pre-run dynamic warm-up"));
    assert_eq!(pre_run["total_seconds"], json!(308.0));
    assert_eq!(pre_run["origin"], json!("built-in"));
    assert_eq!(pre_run["path"], Value::Null);
    assert_eq!(pre_run["valid"], json!(true));
    assert!(
        pre_run["equipment"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
    );
    assert!(
        pre_run["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("pre-run"))
    );
    assert!(pre_run["description"].as_str().is_some());

    let broken = &items[5];
    assert_eq!(broken["origin"], json!("user"));
    assert_eq!(broken["valid"], json!(false));
    assert_eq!(broken["title"], Value::Null);
    assert_eq!(broken["total_seconds"], Value::Null);
    assert!(broken["problem"].as_str().unwrap().contains("error"));
    assert!(broken["path"].as_str().unwrap().ends_with("broken.toml"));
}

#[test]
fn new_writes_a_starter_that_passes_check_and_plans() {
    let dir = Home::new();
    let output = dir.run(&["new", "my-calves"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let path = dir.path().join("my-calves.toml");
    let starter = std::fs::read_to_string(&path).unwrap();
    assert!(starter.contains("name = \"My calves\""), "{starter}");
    // Commented for a trainer, and showing several kinds of step.
    assert!(
        starter
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            >= 5
    );
    for kind in ["timed", "circles", "reps", "hold", "placement", "rest"] {
        assert!(starter.contains(&format!("kind = \"{kind}\"")), "{kind}");
    }

    let check = dir.run(&["check", "my-calves.toml"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let plan = dir.run(&["plan", "my-calves.toml"]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan.stderr));
    assert!(text(&plan.stdout).starts_with("My calves\n"));
}

/// The commands it suggests can be pasted into a shell as they are, spaces and all.
#[test]
fn new_suggests_commands_that_work_when_pasted() {
    let dir = Home::new();
    let output = dir.run(&["new", "my calves"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.contains("`unknot check 'my calves.toml'`"), "{out}");
    assert!(out.contains("`unknot play 'my calves.toml'`"), "{out}");
    let output = dir.run(&["new", "calves"]);
    support::assert_contains(&output.stdout, "`unknot check calves.toml`");
}

#[test]
fn new_never_overwrites_a_file() {
    let dir = Home::new();
    let path = dir.path().join("calves.toml");
    std::fs::write(&path, "my own work").unwrap();
    let output = dir.run(&["new", "calves"]);
    assert_eq!(output.status.code(), Some(1));
    support::assert_contains(&output.stderr, "already exists");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own work");
}

#[test]
fn new_refuses_paths_and_empty_names() {
    let dir = Home::new();
    for name in ["", "sub/calves", "../calves", "/tmp/calves"] {
        let output = dir.run(&["new", name]);
        assert_eq!(output.status.code(), Some(2), "{name:?}");
        assert!(!text(&output.stderr).is_empty());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

fn schema() -> jsonschema::Validator {
    let dir = Home::new();
    let output = dir.run(&["schema"]);
    assert_eq!(output.status.code(), Some(0));
    let schema: Value = serde_json::from_str(&text(&output.stdout)).unwrap();
    assert_eq!(
        schema["$schema"],
        json!("https://json-schema.org/draft/2020-12/schema")
    );
    jsonschema::draft202012::new(&schema).unwrap()
}

/// A routine file as the JSON document an editor checks against the schema.
fn as_json(toml_text: &str) -> Value {
    let value: toml::Value = toml::from_str(toml_text).unwrap();
    serde_json::to_value(value).unwrap()
}

#[test]
fn every_built_in_and_valid_routine_satisfies_the_schema() {
    let validator = schema();
    let root = root();
    let mut files = support::toml_files(&root.join("routines"));
    files.extend(support::toml_files(&root.join("tests/routines/valid")));
    files.push(root.join("src/commands/new/starter.toml"));
    assert!(files.len() >= 5);
    for file in files {
        let document = as_json(&std::fs::read_to_string(&file).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

/// Small, otherwise valid routines, each with one mistake the schema must catch.
const MISTAKES: [(&str, &str); 12] = [
    ("an unknown top-level key", "colour = \"red\"\n"),
    (
        "an unknown key in [routine]",
        "[routine]\nname = \"X\"\nauthr = \"me\"\n",
    ),
    (
        "an unknown settings key",
        "[settings]\nlead_in = \"5s\"\nspeed = 2\n",
    ),
    (
        "a key of another kind",
        "[[step]]\nkind = \"hold\"\nname = \"H\"\nduration = \"30s\"\nreps = 5\n",
    ),
    (
        "reverse_every on a timed step",
        "[[step]]\nkind = \"timed\"\nname = \"T\"\nduration = \"30s\"\nreverse_every = \"10s\"\n",
    ),
    (
        "spots as a string",
        "[[step]]\nkind = \"timed\"\nname = \"T\"\nduration = \"30s\"\nspots = \"3\"\n",
    ),
    (
        "too many spots",
        "[[step]]\nkind = \"timed\"\nname = \"T\"\nduration = \"30s\"\nspots = 11\n",
    ),
    (
        "a duration with a space",
        "[[step]]\nkind = \"timed\"\nname = \"T\"\nduration = \"1m 30s\"\n",
    ),
    (
        "a range on a timed step",
        "[[step]]\nkind = \"timed\"\nname = \"T\"\nduration = \"15s..30s\"\n",
    ),
    (
        "an unknown kind",
        "[[step]]\nkind = \"stretch\"\nname = \"T\"\nduration = \"30s\"\n",
    ),
    (
        "a reps step without reps",
        "[[step]]\nkind = \"reps\"\nname = \"R\"\n",
    ),
    (
        "a side that does not exist",
        "[[step]]\nkind = \"timed\"\nname = \"T\"\nduration = \"30s\"\nside = \"up\"\n",
    ),
];

const BASE: &str = "format = 1\n\n[routine]\nname = \"Base\"\n\n[[step]]\nkind = \"timed\"\nname = \"Walk\"\nduration = \"1m\"\n";

/// The base routine with a mistake added: a table replaces the base's own, a step is appended.
fn with_mistake(mistake: &str) -> String {
    if let Some(routine) = mistake.strip_prefix("[routine]\n") {
        BASE.replace(
            "[routine]\nname = \"Base\"\n",
            &format!("[routine]\n{routine}"),
        )
    } else if mistake.starts_with('[') {
        format!("{BASE}\n{mistake}")
    } else {
        format!("{mistake}{BASE}")
    }
}

#[test]
fn the_base_routine_of_the_mistakes_is_valid() {
    assert!(schema().is_valid(&as_json(BASE)));
}

#[test]
fn files_with_a_mistake_fail_the_schema_and_check_alike() {
    let validator = schema();
    let dir = Home::new();
    for (what, mistake) in MISTAKES {
        let routine = with_mistake(mistake);
        assert!(
            !validator.is_valid(&as_json(&routine)),
            "the schema let {what} through:\n{routine}"
        );
        let path = dir.path().join("mistake.toml");
        std::fs::write(&path, &routine).unwrap();
        let check = dir.run(&["check", "mistake.toml"]);
        assert_eq!(check.status.code(), Some(1), "check let {what} through");
    }
}

#[test]
fn a_user_routine_named_like_a_built_in_one_is_listed_in_its_place() {
    let home = config_with_user_routines();
    let routines = home.routines();
    let copy = routines.join("pre-run-dynamic.toml");
    let text_of_builtin =
        std::fs::read_to_string(root().join("routines/pre-run-dynamic.toml")).unwrap();
    std::fs::write(
        &copy,
        text_of_builtin.replace("Pre-run dynamic warm-up", "Mine: warm-up"),
    )
    .unwrap();

    let output = home.run(&["list"]);
    assert_eq!(output.status.code(), Some(0));
    let out = text(&output.stdout);
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("pre-run-dynamic "))
        .collect();
    assert_eq!(rows.len(), 1, "one row per name:\n{out}");
    assert!(rows[0].contains("Mine: "), "{out}");
    assert!(
        rows[0].ends_with(&format!("{} (overrides built-in)", copy.display())),
        "{out}"
    );

    let output = home.run(&["list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = list.as_array().unwrap();
    let named: Vec<&serde_json::Value> = items
        .iter()
        .filter(|item| item["name"] == "pre-run-dynamic")
        .collect();
    assert_eq!(named.len(), 1, "{list:#}");
    assert_eq!(named[0]["origin"], "user");
    assert_eq!(named[0]["overrides_built_in"], true);
    assert!(named[0]["title"].as_str().unwrap().starts_with("Mine: "));
    // The contract's fields are all still there, and other routines override nothing.
    for field in [
        "name",
        "title",
        "total_seconds",
        "equipment",
        "tags",
        "description",
        "origin",
        "path",
        "valid",
        "problem",
    ] {
        assert!(named[0].get(field).is_some(), "{field}");
    }
    assert!(
        items
            .iter()
            .filter(|item| item["name"] != "pre-run-dynamic")
            .all(|item| item["overrides_built_in"] == false)
    );

    // `plan` and `check` by name take the user's routine too.
    let plan = home.run(&["plan", "pre-run-dynamic", "--json"]);
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    assert!(
        plan["name"].as_str().unwrap().starts_with("Mine: "),
        "{plan:#}"
    );
    let check = home.run(&["check", "pre-run-dynamic"]);
    assert_eq!(check.status.code(), Some(0));
    assert!(
        text(&check.stdout).contains(&format!("{}: ok", copy.display())),
        "{}",
        text(&check.stdout)
    );
}
