//! The routine library: the built-in routines and the user's own, and how a ROUTINE argument
//! (a path or a name) finds its file.
//!
//! Built-in routines are compiled in; the user's live in `$XDG_CONFIG_HOME/unknot/routines/`
//! (normally `~/.config/unknot/routines/`). A name is a file's stem. A user's routine with the
//! name of a built-in one overrides it everywhere (the picker, `play`, `plan`, `check`, `list`),
//! as a user's file overrides a default in every tool: [`scan`] leaves the built-in out, and
//! [`named`] is the one place a name becomes a routine.

mod builtin;
mod error;

use std::fs;
use std::path::{Path, PathBuf};

use crate::files::{self, ReadError};

use sha2::{Digest, Sha256};

use crate::routine::{self, ParseOptions, Routine, Source};
use crate::storage;

pub use builtin::{BUILT_IN, BuiltIn};
pub use error::{LoadError, ResolveError};

/// Where a routine comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into unknot.
    BuiltIn,
    /// A file in the user's routines directory.
    User(PathBuf),
    /// A file named on the command line.
    File(PathBuf),
}

impl Origin {
    /// How `list` and messages say where a routine comes from: "built-in" or its path.
    pub fn describe(&self) -> String {
        match self {
            Origin::BuiltIn => "built-in".to_string(),
            Origin::User(path) | Origin::File(path) => routine::shown_path(path),
        }
    }
}

/// A routine's file, found but not yet parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file stem, which is also the name it is found by in the library.
    pub name: String,
    pub origin: Origin,
    pub source: Source,
}

impl Entry {
    /// True for a user's routine that has the name of a built-in one, and so is played in its
    /// place.
    pub fn overrides_built_in(&self) -> bool {
        matches!(self.origin, Origin::User(_)) && is_built_in_name(&self.name)
    }

    /// Parses the routine; diagnostics say what is wrong when it can't be used.
    pub fn parse(&self, options: &ParseOptions) -> Result<Routine, routine::Diagnostics> {
        routine::parse(&self.source, options)
    }
}

/// The library as found on disk: its entries, and the user files that could not be read.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Built-in first, then the user's, sorted by name within each; one entry per name (a
    /// user's routine stands in for the built-in one of its name).
    pub entries: Vec<Entry>,
    /// User routine files that are there but could not be read, with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// The user's routines directory, if a home or `$XDG_CONFIG_HOME` can be found.
pub fn user_dir() -> Option<PathBuf> {
    storage::config_dir().map(|dir| dir.join("routines"))
}

/// Every routine in the library: built-in first, then the user's, sorted by name within each.
pub fn entries() -> Vec<Entry> {
    scan().entries
}

/// The library, with the user files that could not be read.
pub fn scan() -> Library {
    let mut library = Library {
        entries: built_in_entries(),
        unreadable: Vec::new(),
    };
    if let Some(dir) = user_dir() {
        scan_user_dir(&dir, &mut library);
    }
    without_overridden(library)
}

/// Leaves out each built-in routine that a user's file of the same name overrides, readable or
/// not: a user who wrote `pre-run-dynamic.toml` means theirs, and is told when it can't be read
/// rather than silently given the built-in one.
fn without_overridden(mut library: Library) -> Library {
    let user_names: Vec<String> = library
        .entries
        .iter()
        .filter(|entry| matches!(entry.origin, Origin::User(_)))
        .map(|entry| entry.name.clone())
        .chain(library.unreadable.iter().filter_map(|(path, _)| {
            path.file_stem()
                .and_then(|stem| stem.to_str())
                .map(str::to_string)
        }))
        .collect();
    library
        .entries
        .retain(|entry| entry.origin != Origin::BuiltIn || !user_names.contains(&entry.name));
    library
}

/// True when a built-in routine has this name.
pub fn is_built_in_name(name: &str) -> bool {
    BUILT_IN.iter().any(|builtin| builtin.name == name)
}

/// The routine a library name stands for among `entries` (as [`scan`] gives them: a user's
/// routine in place of the built-in one of its name). Every command and the picker find a
/// name through this.
pub fn named<'a>(name: &str, entries: &'a [Entry]) -> Option<&'a Entry> {
    entries.iter().find(|entry| entry.name == name)
}

/// The built-in routines as entries.
pub fn built_in_entries() -> Vec<Entry> {
    BUILT_IN
        .iter()
        .map(|builtin| Entry {
            name: builtin.name.to_string(),
            origin: Origin::BuiltIn,
            source: Source {
                path: PathBuf::from(format!("built-in:{}", builtin.name)),
                text: builtin.text.into(),
                base_dir: None,
            },
        })
        .collect()
}

/// Adds every `.toml` file of `dir` (not its subdirectories), sorted by name. A missing
/// directory simply holds no routines.
fn scan_user_dir(dir: &Path, library: &mut Library) {
    let Ok(listing) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = listing
        .filter_map(|item| item.ok().map(|item| item.path()))
        // Anything but a directory: a FIFO or a device by a routine's name is reported as
        // unreadable (by the bounded reader, without blocking), not silently left out.
        .filter(|path| is_toml(path) && !path.is_dir())
        .collect();
    paths.sort();
    for path in paths {
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            library
                .unreadable
                .push((path.clone(), "its name is not valid UTF-8".to_string()));
            continue;
        };
        match read_text(&path) {
            Ok(text) => library.entries.push(Entry {
                name: name.to_string(),
                origin: Origin::User(path.clone()),
                source: Source::from_file(&path, text),
            }),
            Err(reason) => library.unreadable.push((path.clone(), reason)),
        }
    }
}

fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"))
}

/// Reads a routine file as text, with the reason in words when it can't be.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = files::read(path, files::Kind::Routine).map_err(|error| error.to_string())?;
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())
}

/// Finds a ROUTINE argument: an existing file, or a routine of the library by name.
///
/// An argument that names an existing file is that file. One that looks like a path (it has a
/// directory separator or ends in `.toml`) but names no file is "no such file". Anything else is
/// a library name; an unknown one is an error listing the closest names.
pub fn resolve(arg: &str) -> Result<Entry, ResolveError> {
    let library = scan();
    let result = resolve_in(arg, &library.entries);
    if let Err(ResolveError::UnknownName { .. }) = result {
        // A routine of the user's that is there but cannot be read is that, not unknown.
        let unreadable = library
            .unreadable
            .iter()
            .find(|(path, _)| path.file_stem().is_some_and(|stem| stem == arg));
        if let Some((path, reason)) = unreadable {
            return Err(ResolveError::Unreadable {
                path: path.clone(),
                reason: reason.clone(),
            });
        }
    }
    result
}

/// [`resolve`] against a given list of library entries.
pub fn resolve_in(arg: &str, library: &[Entry]) -> Result<Entry, ResolveError> {
    let path = Path::new(arg);
    // Read at once rather than asked about first: what is there is read through the bounded
    // reader, which says precisely why a FIFO, a device or a link loop is not a routine.
    match files::read(path, files::Kind::Routine) {
        Ok(bytes) => return file_entry(path, bytes),
        Err(ReadError::NotFound) => {}
        Err(ReadError::NotRegular("a directory")) => {
            return Err(ResolveError::Unreadable {
                path: path.to_path_buf(),
                reason: "it is a directory, not a routine file".to_string(),
            });
        }
        Err(error) => {
            return Err(ResolveError::Unreadable {
                path: path.to_path_buf(),
                reason: error.to_string(),
            });
        }
    }
    if looks_like_path(arg) {
        return Err(ResolveError::NoSuchFile {
            path: path.to_path_buf(),
        });
    }
    if let Some(entry) = named(arg, library) {
        return Ok(entry.clone());
    }
    Err(ResolveError::UnknownName {
        name: arg.to_string(),
        closest: closest_names(arg, library.iter().map(|entry| entry.name.as_str())),
    })
}

fn file_entry(path: &Path, bytes: Vec<u8>) -> Result<Entry, ResolveError> {
    let text = String::from_utf8(bytes).map_err(|_| ResolveError::Unreadable {
        path: path.to_path_buf(),
        reason: "it is not UTF-8 text".to_string(),
    })?;
    let name = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Entry {
        name,
        origin: Origin::File(path.to_path_buf()),
        source: Source::from_file(path, text),
    })
}

fn looks_like_path(arg: &str) -> bool {
    arg.contains(['/', '\\']) || is_toml(Path::new(arg)) || arg.starts_with('.')
}

/// Up to three library names that look like `wanted`, best first.
fn closest_names<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = names
        .map(|name| {
            let lower = name.to_lowercase();
            let mut score = strsim::jaro_winkler(&wanted, &lower);
            // Part of a name ("lacrosse", "calf") is a strong hint even when far in edits.
            if !wanted.is_empty() && lower.contains(&wanted) {
                score = score.max(0.9);
            }
            (score, name)
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut closest: Vec<String> = Vec::new();
    for (_, name) in scored {
        if !closest.iter().any(|n| n == name) {
            closest.push(name.to_string());
        }
        if closest.len() == 3 {
            break;
        }
    }
    closest
}

/// Finds and parses a ROUTINE argument.
pub fn load(arg: &str) -> Result<(Entry, Routine), LoadError> {
    load_with(arg, &files::ON_DISK)
}

/// [`load`] with the caller's parse options (for example a sound decoder check).
pub fn load_with(arg: &str, options: &ParseOptions) -> Result<(Entry, Routine), LoadError> {
    let entry = resolve(arg)?;
    match entry.parse(options) {
        Ok(routine) => Ok((entry, routine)),
        Err(diagnostics) => Err(LoadError::Invalid {
            entry: Box::new(entry),
            diagnostics,
        }),
    }
}

/// The SHA-256 of a routine file's text, in lowercase hex: history tells versions apart by it.
pub fn routine_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn every_built_in_routine_is_an_entry_with_no_base_dir() {
        let entries = built_in_entries();
        assert_eq!(
            names(&entries),
            [
                "foot-calf-lacrosse",
                "hamstrings-glutes-lacrosse",
                "lower-body-foam-roller",
                "pre-run-dynamic",
                "pre-run-dynamic-de"
            ]
        );
        assert!(entries.iter().all(|e| e.origin == Origin::BuiltIn));
        assert!(entries.iter().all(|e| e.source.base_dir.is_none()));
    }

    #[test]
    fn a_library_name_resolves_to_its_entry() {
        let library = built_in_entries();
        let found = resolve_in("pre-run-dynamic", &library);
        assert_eq!(found.map(|e| e.name), Ok("pre-run-dynamic".to_string()));
    }

    #[test]
    fn an_unknown_name_lists_the_closest_names() {
        let library = built_in_entries();
        let Err(ResolveError::UnknownName { closest, .. }) =
            resolve_in("pre-run-dinamic", &library)
        else {
            unreachable!("an unknown name is an error")
        };
        assert_eq!(closest.first().map(String::as_str), Some("pre-run-dynamic"));

        let Err(ResolveError::UnknownName { closest, .. }) = resolve_in("lacrosse", &library)
        else {
            unreachable!("an unknown name is an error")
        };
        assert!(closest.contains(&"foot-calf-lacrosse".to_string()));
        assert!(closest.contains(&"hamstrings-glutes-lacrosse".to_string()));

        let Err(ResolveError::UnknownName { closest, .. }) = resolve_in("zzzz", &library) else {
            unreachable!("an unknown name is an error")
        };
        assert!(closest.is_empty());
    }

    #[test]
    fn a_missing_path_is_no_such_file_not_a_name() {
        let library = built_in_entries();
        for arg in ["no/such/file.toml", "missing.toml", "./pre-run-dynamic"] {
            assert!(
                matches!(
                    resolve_in(arg, &library),
                    Err(ResolveError::NoSuchFile { .. })
                ),
                "{arg}"
            );
        }
    }

    #[test]
    fn a_directory_is_not_a_routine() {
        let library = built_in_entries();
        let dir = std::env::temp_dir();
        let arg = dir.to_string_lossy();
        assert!(matches!(
            resolve_in(&arg, &library),
            Err(ResolveError::Unreadable { .. })
        ));
    }

    #[test]
    fn what_is_not_a_file_is_said_precisely_and_never_blocks() {
        let library = built_in_entries();
        let dir = tempfile::tempdir().unwrap_or_else(|_| unreachable!("no temporary directory"));
        let fifo = dir.path().join("fifo.toml");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let reason = |arg: &str| match resolve_in(arg, &library) {
            Err(ResolveError::Unreadable { reason, .. }) => reason,
            other => format!("{other:?}"),
        };
        assert_eq!(
            reason(&fifo.to_string_lossy()),
            "not a regular file (a FIFO)"
        );
        assert_eq!(
            reason("/dev/zero"),
            "not a regular file (a character device)"
        );
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        let _ = std::os::unix::fs::symlink(&b, &a);
        let _ = std::os::unix::fs::symlink(&a, &b);
        assert_eq!(reason(&a.to_string_lossy()), "symbolic link loop");
    }

    #[test]
    fn a_users_routine_stands_in_for_the_built_in_one_of_its_name() {
        let mut entries = built_in_entries();
        let mine = Entry {
            name: "pre-run-dynamic".to_string(),
            origin: Origin::User(PathBuf::from("/home/me/pre-run-dynamic.toml")),
            source: Source::from_file(Path::new("/home/me/pre-run-dynamic.toml"), "x".into()),
        };
        entries.push(mine.clone());
        let library = without_overridden(Library {
            entries,
            // Unreadable as it is, the user's file still means theirs, not the built-in.
            unreadable: vec![(
                PathBuf::from("/home/me/foot-calf-lacrosse.toml"),
                "not a regular file (a FIFO)".to_string(),
            )],
        });
        assert_eq!(
            names(&library.entries),
            [
                "hamstrings-glutes-lacrosse",
                "lower-body-foam-roller",
                "pre-run-dynamic-de",
                "pre-run-dynamic"
            ]
        );
        assert_eq!(named("pre-run-dynamic", &library.entries), Some(&mine));
        assert!(mine.overrides_built_in());
        assert!(!library.entries[0].overrides_built_in());
        assert_eq!(resolve_in("pre-run-dynamic", &library.entries), Ok(mine));
    }

    #[test]
    fn the_hash_is_sha256_hex() {
        assert_eq!(
            routine_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(routine_hash("format = 1\n").len(), 64);
        assert_ne!(routine_hash("a"), routine_hash("b"));
    }
}
