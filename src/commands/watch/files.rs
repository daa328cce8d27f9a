//! Which files a routine is made of, so that saving any of them re-checks it: the routine
//! itself, the blocks it includes (and theirs), and the sound files it names.
//!
//! Read leniently on purpose: a file that does not parse still names the files it can, and
//! whatever is wrong with it is the checker's to report, not this.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::routine::BuiltinSound;

/// How deep includes are followed here; the checker reports deeper nesting as an error.
const MAX_DEPTH: usize = 16;

/// The routine file and every file it depends on that exists or is named, as absolute paths.
pub fn routine_files(file: &Path) -> BTreeSet<PathBuf> {
    let mut files = BTreeSet::new();
    let file = absolute(file);
    let root = file.parent().unwrap_or(Path::new("/")).to_path_buf();
    collect(&file, &root, 0, &mut files);
    files
}

/// Whether `path` may be one of the routine's files: like the checker, only files in the
/// routine's folder and below, links resolved when they can be.
fn inside(path: &Path, root: &Path) -> bool {
    if !path.starts_with(root) {
        return false;
    }
    match (
        crate::files::canonicalize(path),
        crate::files::canonicalize(root),
    ) {
        (Ok(real), Ok(real_root)) => real.starts_with(real_root),
        _ => true,
    }
}

fn collect(file: &Path, root: &Path, depth: usize, files: &mut BTreeSet<PathBuf>) {
    if !files.insert(file.to_path_buf()) || depth > MAX_DEPTH {
        return;
    }
    // Read like every routine file: bounded, and never blocking on a FIFO or a device.
    let Ok(bytes) = crate::files::read(file, crate::files::Kind::Routine) else {
        return;
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return;
    };
    let Ok(document) = text.parse::<toml::Table>() else {
        return;
    };
    let dir = file.parent().unwrap_or(Path::new("/"));
    let named = |relative: &str| {
        let path = absolute(&dir.join(relative));
        (Path::new(relative).is_relative() && inside(&path, root)).then_some(path)
    };
    if let Some(steps) = document.get("step").and_then(toml::Value::as_array) {
        for step in steps {
            if let Some(include) = step.get("include").and_then(toml::Value::as_str)
                && let Some(path) = named(include)
            {
                collect(&path, root, depth + 1, files);
            }
        }
    }
    if let Some(sounds) = document.get("sounds").and_then(toml::Value::as_table) {
        for value in sounds.values().filter_map(toml::Value::as_str) {
            if BuiltinSound::from_name(value).is_none()
                && let Some(path) = named(value)
            {
                files.insert(path);
            }
        }
    }
}

/// The file as an absolute path with `.` and `..` worked out, so that one file spelt two ways
/// (`blocks/../main.toml`) is one file, and a cycle of includes ends.
pub fn absolute(file: &Path) -> PathBuf {
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let mut clean = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_routine_names_its_blocks_their_blocks_and_its_sound_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("blocks")).unwrap();
        std::fs::write(
            root.join("main.toml"),
            "[sounds]\nstart = \"chime\"\nend = \"sounds/gong.wav\"\n\
             [[step]]\ninclude = \"blocks/calf.toml\"\n[[step]]\nkind = \"rest\"\n",
        )
        .unwrap();
        std::fs::write(
            root.join("blocks/calf.toml"),
            "[[step]]\ninclude = \"foot.toml\"\n[[step]]\ninclude = \"../main.toml\"\n",
        )
        .unwrap();
        std::fs::write(root.join("blocks/foot.toml"), "[[step]\nbroken").unwrap();

        let files = routine_files(&root.join("main.toml"));
        let expected: BTreeSet<PathBuf> = [
            "main.toml",
            "blocks/calf.toml",
            "blocks/foot.toml",
            "sounds/gong.wav",
        ]
        .into_iter()
        .map(|name| absolute(&root.join(name)))
        .collect();
        // `blocks/../main.toml` is main.toml again: the cycle ends there.
        assert_eq!(files, expected);
    }

    #[test]
    fn files_outside_the_routines_folder_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("r");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(
            dir.path().join("secret.toml"),
            "[[step]]\ninclude = \"x.toml\"\n",
        )
        .unwrap();
        std::fs::write(
            root.join("main.toml"),
            "[[step]]\ninclude = \"../secret.toml\"\n[[step]]\ninclude = \"/etc/passwd\"\n",
        )
        .unwrap();
        let files = routine_files(&root.join("main.toml"));
        assert_eq!(files, BTreeSet::from([absolute(&root.join("main.toml"))]));
    }

    #[test]
    fn a_missing_or_unreadable_file_is_still_watched_for() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-yet.toml");
        assert_eq!(routine_files(&file), BTreeSet::from([absolute(&file)]));
    }
}
