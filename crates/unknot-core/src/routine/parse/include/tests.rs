#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::time::Duration;

use super::super::super::model::{StepKind, StepSide};
use super::super::super::source::{MemoryFiles, ParseOptions, Source};
use super::super::super::{Diagnostics, Routine};
use super::super::{load, parse};

/// A folder of routine files, held in memory.
struct Folder(ParseOptions);

impl Folder {
    fn path(&self) -> &Path {
        Path::new("/r")
    }
}

/// `files` (relative path, text) in a fresh folder.
fn files(files: &[(&str, &str)]) -> Folder {
    let files: Vec<(String, &str)> = files
        .iter()
        .map(|(path, text)| (format!("/r/{path}"), *text))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    Folder(MemoryFiles::with(&files).options())
}

fn check(dir: &Folder, file: &str) -> Result<Routine, Diagnostics> {
    load(&dir.path().join(file), &dir.0)
}

const CALF: &str =
    "[[step]]\nkind = \"circles\"\nname = \"Calf circles\"\nside = \"both\"\nduration = \"40s\"\n";
const TWO: &str = "format = 1\n[[step]]\ninclude = \"calf.toml\"\n[[step]]\nkind = \"hold\"\nname = \"Stretch\"\nduration = \"10s..20s\"\n";

fn routine(steps: &str) -> String {
    format!("[routine]\nname = \"R\"\n{steps}")
}

#[test]
fn included_steps_take_their_place_and_are_numbered_in_order() {
    let dir = files(&[
        (
            "main.toml",
            &routine(
                "[[step]]\nkind = \"rest\"\nname = \"Rest\"\nduration = 5\n[[step]]\ninclude = \"blocks/two.toml\"\n[[step]]\ninclude = \"blocks/calf.toml\"\n",
            ),
        ),
        ("blocks/calf.toml", CALF),
        ("blocks/two.toml", TWO),
    ]);
    let routine = check(&dir, "main.toml").unwrap();
    let names: Vec<(usize, &str)> = routine
        .steps
        .iter()
        .map(|s| (s.number, s.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (1, "Rest"),
            (2, "Calf circles"),
            (3, "Stretch"),
            (4, "Calf circles")
        ]
    );
    assert_eq!(routine.steps[1].side, StepSide::Both);
}

#[test]
fn overrides_apply_to_the_included_steps() {
    let dir = files(&[
        (
            "main.toml",
            &routine(
                "[[step]]\ninclude = \"blocks/calf.toml\"\nside = \"left\"\nname = \"Left calf\"\ntransition = \"2s\"\n[[step]]\ninclude = \"blocks/two.toml\"\nname = \"Calves\"\nside = \"right\"\n",
            ),
        ),
        ("blocks/calf.toml", CALF),
        ("blocks/two.toml", TWO),
    ]);
    let routine = check(&dir, "main.toml").unwrap();
    let first = &routine.steps[0];
    assert_eq!(first.name, "Left calf");
    assert_eq!(first.side, StepSide::Left);
    assert_eq!(first.transition, Some(Duration::from_secs(2)));
    assert_eq!(
        first.kind,
        StepKind::Circles {
            duration: Duration::from_secs(40),
            reverse_every: None
        }
    );
    let names: Vec<&str> = routine.steps[1..].iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Calves: Calf circles", "Calves: Stretch"]);
    assert!(routine.steps[1..].iter().all(|s| s.side == StepSide::Right));
}

#[test]
fn a_missing_file_is_reported_at_the_include() {
    let dir = files(&[(
        "main.toml",
        &routine("[[step]]\ninclude = \"blocks/nope.toml\"\n"),
    )]);
    let diagnostics = check(&dir, "main.toml").unwrap_err();
    let d = diagnostics.iter().next().unwrap();
    assert_eq!((d.line, d.column), (4, 11));
    assert!(
        d.message
            .starts_with("cannot read the included file \"blocks/nope.toml\""),
        "{}",
        d.message
    );
    assert!(d.message.ends_with("no such file"), "{}", d.message);
    assert!(d.path.ends_with("main.toml"));
}

#[test]
fn cycles_are_reported_not_followed() {
    let dir = files(&[
        ("main.toml", &routine("[[step]]\ninclude = \"a.toml\"\n")),
        ("a.toml", "[[step]]\ninclude = \"sub/b.toml\"\n"),
        ("sub/b.toml", "[[step]]\ninclude = \"../a.toml\"\n"),
    ]);
    let diagnostics = check(&dir, "main.toml").unwrap_err();
    assert_eq!(diagnostics.len(), 1);
    let d = diagnostics.iter().next().unwrap();
    assert!(d.path.ends_with("sub/b.toml"), "{:?}", d.path);
    assert!(
        d.message
            .starts_with("including \"../a.toml\" makes a cycle: "),
        "{}",
        d.message
    );
    assert!(d.message.contains("a.toml includes "), "{}", d.message);
    assert_eq!(d.included_from.len(), 2);
    assert!(d.included_from[1].path.ends_with("main.toml"));

    let itself = files(&[("main.toml", &routine("[[step]]\ninclude = \"main.toml\"\n"))]);
    let diagnostics = check(&itself, "main.toml").unwrap_err();
    assert!(
        diagnostics
            .iter()
            .next()
            .unwrap()
            .message
            .contains("makes a cycle")
    );
}

#[test]
fn mistakes_inside_a_block_name_both_files() {
    let dir = files(&[
        (
            "main.toml",
            &routine("[[step]]\ninclude = \"blocks/outer.toml\"\n"),
        ),
        ("blocks/outer.toml", "[[step]]\ninclude = \"inner.toml\"\n"),
        (
            "blocks/inner.toml",
            "[[step]]\nkind = \"timed\"\nname = \"T\"\nduration = \"0s\"\n",
        ),
    ]);
    let diagnostics = check(&dir, "main.toml").unwrap_err();
    let d = diagnostics.iter().next().unwrap();
    assert!(d.path.ends_with("blocks/inner.toml"));
    assert_eq!((d.line, d.column), (4, 12));
    assert_eq!(d.step, Some((1, "T".to_string())));
    let sites: Vec<(usize, usize)> = d.included_from.iter().map(|s| (s.line, s.column)).collect();
    assert_eq!(sites, [(2, 11), (4, 11)]);
    let rendered = diagnostics.render(false);
    assert!(rendered.contains("blocks/inner.toml:4:12"), "{rendered}");
    assert!(rendered.contains("included from "), "{rendered}");
    assert!(rendered.contains("main.toml:4:11"), "{rendered}");
}

#[test]
fn an_include_takes_only_its_own_keys_and_a_block_only_steps() {
    let dir = files(&[
        (
            "main.toml",
            &routine("[[step]]\ninclude = \"calf.toml\"\nduration = 5\nsidee = \"left\"\n"),
        ),
        (
            "calf.toml",
            "[routine]\nname = \"x\"\n[[step]]\nkind = \"rest\"\nname = \"R\"\nduration = 5\n",
        ),
    ]);
    let diagnostics = check(&dir, "main.toml").unwrap_err();
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages[0].starts_with("an included file holds only `[[step]]`s; `routine`"));
    assert!(messages[1].starts_with("`duration` cannot be set on a step that includes a file"));
    assert!(messages[2].starts_with("unknown key `sidee` in a step that includes a file"));
    assert_eq!(
        diagnostics.iter().nth(2).unwrap().suggestion.as_deref(),
        Some("did you mean `side`?")
    );
}

#[test]
fn built_in_routines_cannot_include() {
    let source = Source {
        path: "built-in".into(),
        text: routine("[[step]]\ninclude = \"x.toml\"\n").into(),
        base_dir: None,
    };
    let diagnostics = parse(&source, &ParseOptions::TEXT_ONLY).unwrap_err();
    assert_eq!(
        diagnostics.iter().next().unwrap().message,
        "a built-in routine cannot include files"
    );
}

#[test]
// A guard against a check that runs away, timed on the test's own clock.
#[allow(clippy::disallowed_methods, clippy::disallowed_types)]
fn includes_that_multiply_without_end_are_stopped() {
    // Eight levels of 20 includes each would be 20^8 steps: stopped at the limit, at once.
    let mut wide: Vec<(String, String)> = vec![(
        "main.toml".into(),
        routine("[[step]]\ninclude = \"w0.toml\"\n"),
    )];
    for level in 0..7 {
        wide.push((
            format!("w{level}.toml"),
            format!("[[step]]\ninclude = \"w{}.toml\"\n", level + 1).repeat(20),
        ));
    }
    wide.push((
        "w7.toml".into(),
        "[[step]]\nkind = \"rest\"\nname = \"R\"\nduration = 1\n".into(),
    ));
    let refs: Vec<(&str, &str)> = wide.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = files(&refs);
    let started = std::time::Instant::now();
    let diagnostics = check(&dir, "main.toml").unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let limits: Vec<&str> = diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .filter(|m| m.contains("more than 1000 steps"))
        .collect();
    assert_eq!(
        limits.len(),
        1,
        "{:#?}",
        diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
}

#[test]
fn includes_nested_too_deep_are_stopped() {
    // Each level includes the next twice: 2^12 steps, more than a routine may have.
    let mut list: Vec<(String, String)> = vec![(
        "main.toml".into(),
        routine("[[step]]\ninclude = \"l0.toml\"\n"),
    )];
    for level in 0..12 {
        list.push((
            format!("l{level}.toml"),
            format!(
                "[[step]]\ninclude = \"l{0}.toml\"\n[[step]]\ninclude = \"l{0}.toml\"\n",
                level + 1
            ),
        ));
    }
    list.push((
        "l12.toml".into(),
        "[[step]]\nkind = \"rest\"\nname = \"R\"\nduration = 1\n".into(),
    ));
    let refs: Vec<(&str, &str)> = list.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = files(&refs);
    let diagnostics = check(&dir, "main.toml").unwrap_err();
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("nested more than 8 deep")
                || d.message.contains("more than 1000 steps"))
    );
}
