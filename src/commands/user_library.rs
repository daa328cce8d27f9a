//! What `add`, `remove` and `edit` share: where your routines live, how one is found by its
//! name, and how a question is asked.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::failure::Failure;
use super::new::file_stem;
use crate::library;

/// The routines directory, or why there is none.
pub fn dir() -> Result<PathBuf, Failure> {
    library::user_dir().ok_or_else(|| {
        Failure::Invalid(
            "no home directory found for your library; set HOME or XDG_CONFIG_HOME".to_string(),
        )
    })
}

/// The file of your routine `name` in `dir`.
pub fn file_in(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.toml"))
}

/// The file of your routine `name`, if you have one.
pub fn existing(dir: &Path, name: &str) -> Option<PathBuf> {
    let path = file_in(dir, name);
    path.is_file().then_some(path)
}

/// What a NAME given to `edit` or `remove` is.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// One of your routines: its file.
    Yours(PathBuf),
    /// None of yours, but a built-in routine has this name.
    BuiltIn,
    /// Neither.
    Unknown,
}

/// Looks NAME up among your routines in `dir`, then among the built-in ones. Only a bare name
/// is looked for: `remove ../x` must not reach outside the library.
pub fn lookup(dir: &Path, name: &str) -> Lookup {
    let bare = file_stem(name).is_ok_and(|stem| stem == name);
    if !bare {
        return Lookup::Unknown;
    }
    match existing(dir, name) {
        Some(path) => Lookup::Yours(path),
        None if is_built_in(name) => Lookup::BuiltIn,
        None => Lookup::Unknown,
    }
}

/// True if a built-in routine has this name.
pub fn is_built_in(name: &str) -> bool {
    library::BUILT_IN.iter().any(|builtin| builtin.name == name)
}

/// The names of your routines.
pub fn names() -> Vec<String> {
    library::entries()
        .into_iter()
        .filter(|entry| matches!(entry.origin, library::Origin::User(_)))
        .map(|entry| entry.name)
        .collect()
}

/// Asks a yes-or-no question on the terminal; `None` when there is no one to ask (stdin or
/// stderr is not a terminal).
pub fn ask(question: &str, default: bool) -> Option<bool> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return None;
    }
    let hint = if default { "[Y/n]" } else { "[y/N]" };
    let mut stderr = std::io::stderr().lock();
    let _ = write!(stderr, "{question} {hint} ");
    let _ = stderr.flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return Some(false);
    }
    Some(match answer.trim().to_lowercase().as_str() {
        "" => default,
        "y" | "yes" => true,
        _ => false,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_yours_then_built_in_and_never_a_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("calves.toml"), "").unwrap();
        std::fs::write(dir.path().join("pre-run-dynamic.toml"), "").unwrap();
        assert_eq!(
            lookup(dir.path(), "calves"),
            Lookup::Yours(dir.path().join("calves.toml"))
        );
        // Yours wins over the built-in routine of that name.
        assert_eq!(
            lookup(dir.path(), "pre-run-dynamic"),
            Lookup::Yours(dir.path().join("pre-run-dynamic.toml"))
        );
        assert_eq!(lookup(dir.path(), "foot-calf-lacrosse"), Lookup::BuiltIn);
        assert_eq!(lookup(dir.path(), "quads"), Lookup::Unknown);
        // A path, even to one of yours, is not a name.
        let inside = dir.path().join("sub");
        std::fs::create_dir(&inside).unwrap();
        assert_eq!(lookup(&inside, "../calves"), Lookup::Unknown);
        assert_eq!(lookup(dir.path(), "calves.toml"), Lookup::Unknown);
    }
}
