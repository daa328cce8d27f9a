//! The documents as unknot printed them before they were typed, kept in `snapshots/`: the
//! typed documents must print the same bytes.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// The file `name` of `src/machine/snapshots/`.
pub fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/machine/snapshots")
        .join(name)
}

/// The text of the file `name` of `src/machine/snapshots/`.
pub fn read(name: &str) -> String {
    let path = path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Fails, naming the first line that differs, unless `printed` is the snapshot `name`, where
/// `{root}` stands for the folder the repository is checked out in.
pub fn assert_same(printed: &str, name: &str) {
    let expected = read(name).replace("{root}", env!("CARGO_MANIFEST_DIR"));
    if printed == expected {
        return;
    }
    let line = printed
        .lines()
        .zip(expected.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| printed.lines().count().min(expected.lines().count()));
    panic!(
        "{name} differs at line {}:\n printed: {:?}\nexpected: {:?}\n({} bytes printed, {} expected)",
        line + 1,
        printed.lines().nth(line),
        expected.lines().nth(line),
        printed.len(),
        expected.len()
    );
}

/// The history the focus and history snapshots were printed from.
pub fn history() -> Vec<crate::history::SessionRecord> {
    read("history.jsonl")
        .lines()
        .map(|line| crate::history::SessionRecord::from_json_line(line).unwrap())
        .collect()
}
