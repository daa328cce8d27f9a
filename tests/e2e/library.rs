//! The built-in library: every routine passes `unknot check`, loads by name, and together they
//! use every step kind; files and names resolve as the command-line contract says.

#![allow(clippy::unwrap_used, clippy::panic)]

use crate::support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use support::{Home, root};

use unknot::library::{self, BUILT_IN, Origin, ResolveError};
use unknot::plan::{self, PlanOptions};
use unknot::routine::{StepKind, StepSide};

/// The files of the built-in library, as they are in the repository.
fn routine_files() -> Vec<PathBuf> {
    support::toml_files(&root().join("routines"))
}

#[test]
fn every_built_in_routine_passes_unknot_check() {
    let files = routine_files();
    assert!(files.len() >= 4);
    let output = Home::new()
        .command(&["check"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_file_in_routines_is_compiled_in_with_the_same_text() {
    let files = routine_files();
    assert_eq!(files.len(), BUILT_IN.len());
    for path in files {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let builtin = BUILT_IN.iter().find(|b| b.name == stem);
        let builtin = builtin.unwrap_or_else(|| panic!("{stem} is not compiled in"));
        assert_eq!(builtin.text, std::fs::read_to_string(&path).unwrap());
    }
}

#[test]
fn every_built_in_routine_loads_by_name() {
    for builtin in &BUILT_IN {
        let (entry, routine) = library::load(builtin.name)
            .unwrap_or_else(|e| panic!("{}: {}", builtin.name, e.render(false)));
        assert_eq!(entry.origin, Origin::BuiltIn);
        assert_eq!(entry.name, builtin.name);
        let info = &routine.info;
        assert!(info.description.is_some(), "{}", builtin.name);
        assert!(info.caution.is_some(), "{}", builtin.name);
        assert!(!info.equipment.is_empty(), "{}", builtin.name);
        assert!(!info.tags.is_empty(), "{}", builtin.name);
        assert!(
            routine.steps.iter().all(|s| s.instructions.is_some()),
            "every step of {} says what to do",
            builtin.name
        );
    }
}

#[test]
fn the_built_in_routines_use_every_step_kind_and_both_sides() {
    let mut kinds = BTreeSet::new();
    let mut both_sides = false;
    let mut waits = false;
    for builtin in &BUILT_IN {
        let (_, routine) = library::load(builtin.name).unwrap();
        for step in &routine.steps {
            kinds.insert(step.kind.as_str());
            both_sides |= step.side == StepSide::Both;
            waits |= matches!(step.kind, StepKind::Placement { duration: None });
        }
    }
    assert_eq!(
        kinds,
        BTreeSet::from(["circles", "hold", "placement", "reps", "rest", "timed"])
    );
    assert!(both_sides && waits);
}

#[test]
fn the_hamstring_routine_follows_the_coaching_notes() {
    let (_, routine) = library::load("hamstrings-glutes-lacrosse").unwrap();
    // Warm up first: a five-minute walk.
    assert!(matches!(
        routine.steps[0].kind,
        StepKind::Timed { duration } if duration.as_secs() == 300
    ));
    // Circles on three or more spots on both sides, reversing direction.
    assert!(routine.steps.iter().any(|s| s.side == StepSide::Both
        && s.spots >= 3
        && matches!(
            s.kind,
            StepKind::Circles {
                reverse_every: Some(_),
                ..
            }
        )));
    // About 20 bend-and-straightens per side.
    assert!(
        routine
            .steps
            .iter()
            .any(|s| s.side == StepSide::Both && matches!(s.kind, StepKind::Reps { reps: 20, .. }))
    );
    // A 15–30 s hold on both sides.
    assert!(routine.steps.iter().any(|s| {
        s.side == StepSide::Both
            && matches!(s.kind, StepKind::Hold { length }
                if length.min().map(|m| m.as_secs()) == Some(15) && length.max().as_secs() == 30)
    }));
    let total = plan::expand(&routine, PlanOptions::default())
        .total
        .as_secs();
    assert!(
        (13 * 60..=17 * 60).contains(&total),
        "about 15 minutes, not {total} s"
    );
}

#[test]
fn the_pre_run_warm_up_is_short_and_has_no_long_holds() {
    let (_, routine) = library::load("pre-run-dynamic").unwrap();
    let total = plan::expand(&routine, PlanOptions::default())
        .total
        .as_secs();
    assert!(total <= 8 * 60, "{total} s");
    assert!(
        !routine
            .steps
            .iter()
            .any(|s| matches!(s.kind, StepKind::Hold { .. }))
    );
}

#[test]
fn a_path_to_a_file_resolves_to_that_file() {
    let dir = Home::new();
    let path = dir.path().join("calves.toml");
    std::fs::write(&path, BUILT_IN[0].text).unwrap();
    let entry = library::resolve(path.to_str().unwrap()).unwrap();
    assert_eq!(entry.name, "calves");
    assert_eq!(entry.origin, Origin::File(path.clone()));
    assert_eq!(entry.source.base_dir.as_deref(), Some(dir.path()));
    assert_eq!(&*entry.source.text, BUILT_IN[0].text);
    assert!(library::load(path.to_str().unwrap()).is_ok());
}

#[test]
fn a_file_that_is_not_text_is_unreadable_not_a_panic() {
    let dir = Home::new();
    let path = dir.path().join("binary.toml");
    std::fs::write(&path, [0xff, 0xfe, 0x00, 0x80]).unwrap();
    let error = library::resolve(path.to_str().unwrap()).unwrap_err();
    assert!(matches!(error, ResolveError::Unreadable { .. }), "{error}");
}

#[test]
fn the_routine_hash_tells_file_versions_apart() {
    let a = library::routine_hash(BUILT_IN[0].text);
    assert_eq!(a.len(), 64);
    assert!(
        a.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_eq!(a, library::routine_hash(BUILT_IN[0].text));
    assert_ne!(a, library::routine_hash(BUILT_IN[1].text));
}
