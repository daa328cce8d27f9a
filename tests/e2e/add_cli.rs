//! `unknot add`, `remove` and `edit` through the real binary, in an isolated home.

#![allow(clippy::unwrap_used, clippy::panic)]

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use support::{Home, root, text};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/routines").join(name)
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The names of the files in the user's routines folder.
fn library_files(home: &Home) -> Vec<String> {
    let Ok(listing) = std::fs::read_dir(home.routines()) else {
        return Vec::new();
    };
    let mut names: Vec<String> = listing
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn add_checks_and_copies_a_routine_that_then_plays_by_name() {
    let home = Home::new();
    let calves = fixture("valid/calves.toml");
    let output = home.run(&["add", arg(&calves)]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let said = text(&output.stdout);
    assert!(said.contains("Added `calves`"), "{said}");
    assert!(said.contains("unknot play calves"), "{said}");
    assert_eq!(library_files(&home), ["calves.toml"]);
    assert_eq!(
        std::fs::read(home.routines().join("calves.toml")).unwrap(),
        std::fs::read(&calves).unwrap()
    );
    let plan = home.run(&["plan", "calves"]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan.stderr));
    let list = text(&home.run(&["list"]).stdout);
    assert!(list.contains("calves"), "{list}");
}

#[test]
fn an_invalid_routine_is_refused_with_its_errors_and_nothing_is_copied() {
    let home = Home::new();
    let broken = fixture("invalid/missing-duration.toml");
    let good = fixture("valid/calves.toml");
    let output = home.run(&["add", arg(&good), arg(&broken)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    // The checker's own message, with the line and column.
    let check = home.run(&["check", arg(&broken)]);
    let first_error = text(&check.stderr).lines().next().unwrap().to_string();
    assert!(stderr.contains(&first_error), "{stderr}");
    assert!(stderr.contains("missing-duration.toml:"), "{stderr}");
    assert!(stderr.contains("nothing was added"), "{stderr}");
    assert_eq!(text(&output.stdout), "");
    assert!(
        library_files(&home).is_empty(),
        "{:?}",
        library_files(&home)
    );
}

#[test]
fn a_name_clash_asks_for_force_and_force_replaces() {
    let home = Home::new();
    let first = home.path().join("calves.toml");
    std::fs::copy(fixture("valid/calves.toml"), &first).unwrap();
    assert_eq!(home.run(&["add", arg(&first)]).status.code(), Some(0));

    let second_dir = home.path().join("other");
    std::fs::create_dir(&second_dir).unwrap();
    let second = second_dir.join("calves.toml");
    std::fs::copy(fixture("valid/minimal.toml"), &second).unwrap();
    let output = home.run(&["add", arg(&second)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("already have a routine named `calves`"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    let kept = home.routines().join("calves.toml");
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        std::fs::read(&first).unwrap()
    );

    let output = home.run(&["add", "--force", arg(&second)]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Replaced `calves`"));
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        std::fs::read(&second).unwrap()
    );
    // No temporary file is left behind.
    assert_eq!(library_files(&home), ["calves.toml"]);

    // Under another name, both are kept.
    let output = home.run(&["add", "--name", "calves-short", arg(&second)]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(library_files(&home), ["calves-short.toml", "calves.toml"]);
}

#[test]
fn adding_a_routine_named_like_a_built_in_one_says_what_it_shadows() {
    let home = Home::new();
    let file = home.path().join("pre-run-dynamic.toml");
    std::fs::copy(fixture("valid/calves.toml"), &file).unwrap();
    let output = home.run(&["add", arg(&file)]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let said = text(&output.stdout);
    assert!(said.contains("name of a built-in routine"), "{said}");
}

#[test]
fn a_routine_with_blocks_or_its_own_sounds_is_refused_with_what_to_do() {
    let home = Home::new();
    for (name, beside) in [
        ("with-blocks.toml", "blocks/"),
        ("every-key.toml", "click.wav"),
    ] {
        let output = home.run(&["add", arg(&fixture(&format!("valid/{name}")))]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains("uses files beside it"), "{stderr}");
        assert!(stderr.contains(beside), "{stderr}");
        assert!(library_files(&home).is_empty());
    }
}

#[test]
fn a_built_in_routine_is_copied_out_under_its_own_name() {
    let home = Home::new();
    let output = home.run(&["add", "--builtin", "pre-run-dynamic"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(library_files(&home), ["my-pre-run-dynamic.toml"]);
    assert_eq!(
        std::fs::read(home.routines().join("my-pre-run-dynamic.toml")).unwrap(),
        std::fs::read(root().join("routines/pre-run-dynamic.toml")).unwrap()
    );
    let output = home.run(&["add", "--builtin", "pre-run-dinamic"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("did you mean `pre-run-dynamic`"));
}

#[test]
fn remove_deletes_only_the_users_routines() {
    let home = Home::new();
    let calves = fixture("valid/calves.toml");
    assert_eq!(home.run(&["add", arg(&calves)]).status.code(), Some(0));

    // Without a terminal to ask on, it wants --force.
    let output = home.run(&["remove", "calves"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("--force"));
    assert_eq!(library_files(&home), ["calves.toml"]);

    let output = home.run(&["remove", "--force", "calves"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Removed `calves`"));
    assert!(library_files(&home).is_empty());

    let output = home.run(&["remove", "--force", "hamstrings-glutes-lacrosse"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("built-in routine"));
    assert!(text(&output.stderr).contains("can't be removed"));

    let output = home.run(&["remove", "--force", "nothing-here"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("no routine named `nothing-here`"));

    // Only a name: nothing outside the library is reached.
    std::fs::write(home.path().join("config/keep.toml"), "x").unwrap();
    let output = home.run(&["remove", "--force", "../keep"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(home.path().join("config/keep.toml").exists());
}

/// A small shell script to stand in for the user's editor.
fn editor(home: &Home, name: &str, body: &str) -> PathBuf {
    let path = home.path().join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A home whose library has `calves`, added with `unknot add`; the routine's path there.
fn home_with_calves_added() -> (Home, PathBuf) {
    let home = Home::new();
    assert_eq!(
        home.run(&["add", arg(&fixture("valid/calves.toml"))])
            .status
            .code(),
        Some(0)
    );
    let routine = home.routines().join("calves.toml");
    (home, routine)
}

#[test]
fn edit_opens_the_editor_then_checks_the_routine() {
    let (home, routine) = home_with_calves_added();

    // An editor given with an argument: split at whitespace, the file last.
    let appends = editor(
        &home,
        "append.sh",
        "[ \"$1\" = --wait ] || exit 9\necho '# edited' >> \"$2\"",
    );
    let output = home
        .command(&["edit", "calves"])
        .env("EDITOR", format!("{} --wait", appends.display()))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    support::assert_contains(&output.stdout, ": ok,");
    assert!(
        std::fs::read_to_string(&routine)
            .unwrap()
            .ends_with("# edited\n")
    );

    // An editor that leaves a mistake: reported, and the file kept as saved.
    let breaks = editor(&home, "break.sh", "echo 'bogus = 1' >> \"$1\"");
    let output = home
        .command(&["edit", "calves"])
        .env("VISUAL", &breaks)
        .env("EDITOR", "true")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("bogus"), "{stderr}");
    assert!(stderr.contains("unknot edit calves"), "{stderr}");
    assert!(
        std::fs::read_to_string(&routine)
            .unwrap()
            .contains("bogus = 1")
    );
}

#[test]
fn an_editor_that_fails_is_reported_and_nothing_changes() {
    let (home, routine) = home_with_calves_added();
    let before = std::fs::read(&routine).unwrap();
    let fails = editor(&home, "fails.sh", "exit 3");
    let output = home
        .command(&["edit", "calves"])
        .env("EDITOR", &fails)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("exited with status 3"), "{stderr}");
    assert!(stderr.contains("was not checked"), "{stderr}");
    assert_eq!(text(&output.stdout), "");
    assert_eq!(std::fs::read(&routine).unwrap(), before);
    assert_eq!(library_files(&home), ["calves.toml"]);

    let output = home
        .command(&["edit", "calves"])
        .env("EDITOR", home.path().join("no-such-editor"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("cannot run the editor"));

    let output = home.run(&["edit", "calves"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("EDITOR"));
}

#[test]
fn editing_a_built_in_routine_points_to_a_copy() {
    let home = Home::new();
    let output = home
        .command(&["edit", "pre-run-dynamic"])
        .env("EDITOR", "true")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("unknot add --builtin pre-run-dynamic"),
        "{stderr}"
    );
    assert!(library_files(&home).is_empty());
}
