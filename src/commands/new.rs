//! `unknot new NAME`: a commented starter routine, `NAME.toml`, in the current directory.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::cli::NewArgs;
use crate::commands::failure::Failure;
use crate::output::Output;

/// The starter routine: every line a trainer may want to change, with a comment saying why.
const STARTER: &str = include_str!("new/starter.toml");
/// The line of the starter that holds the routine's title.
const STARTER_TITLE_LINE: &str = "name = \"My routine\"";

pub fn run(args: &NewArgs, out: &mut Output) -> Result<(), Failure> {
    let stem = file_stem(&args.name).map_err(Failure::Usage)?;
    let path = PathBuf::from(format!("{stem}.toml"));
    match write_new(&path, &starter_text(stem)) {
        Ok(()) => {
            writeln!(out, "Wrote {}", path.display());
            writeln!(
                out,
                "Edit it, then try it: `unknot check {0}`, `unknot plan {0}`, `unknot play {0}`.",
                super::shell_word(&path.display().to_string())
            );
            Ok(())
        }
        Err(error) if error.kind() == ErrorKind::AlreadyExists => Err(Failure::Invalid(format!(
            "{} already exists; it was left as it is. Choose another name, or move the file away first.",
            path.display()
        ))),
        Err(error) => Err(Failure::Invalid(format!(
            "could not write {}: {error}",
            path.display()
        ))),
    }
}

/// The file name's stem for NAME: a bare name, with `.toml` allowed and dropped.
pub fn file_stem(name: &str) -> Result<&str, String> {
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    if stem.trim().is_empty() {
        return Err("the routine needs a name, for example `unknot new calves`".to_string());
    }
    if stem.contains(['/', '\\']) || Path::new(stem).components().count() != 1 {
        return Err(format!(
            "`{name}` is a path; give only a name (the file is written in the current directory)"
        ));
    }
    if stem.starts_with('.') {
        return Err(format!(
            "`{name}` starts with a dot; the routine would be a hidden file"
        ));
    }
    if stem.chars().any(char::is_control) {
        return Err("the name has a control character in it".to_string());
    }
    Ok(stem)
}

/// The starter with the routine's title made from the file name: `my-calves` → "My calves".
fn starter_text(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    let title: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_string(),
    };
    let title: String = title.chars().take(80).collect();
    // A TOML string literal, escaped by the TOML writer itself.
    let literal = toml::Value::String(title).to_string();
    STARTER.replacen(STARTER_TITLE_LINE, &format!("name = {literal}"), 1)
}

/// Writes a new file; never replaces one that exists, even if it appears meanwhile.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_file_stems() {
        assert_eq!(file_stem("calves"), Ok("calves"));
        assert_eq!(file_stem("calves.toml"), Ok("calves"));
        assert_eq!(file_stem("my calves"), Ok("my calves"));
    }

    #[test]
    fn paths_empty_and_hidden_names_are_refused() {
        for name in [
            "", "  ", ".toml", "a/b", "../x", "/tmp/x", "a\\b", ".hidden", "..", "x\ny",
        ] {
            assert!(file_stem(name).is_err(), "{name:?}");
        }
    }

    #[test]
    fn the_title_comes_from_the_name_and_is_escaped() {
        let text = starter_text("my-calves");
        assert!(text.contains("name = \"My calves\""));
        assert!(!text.contains(STARTER_TITLE_LINE));
        let quoted = starter_text("say-\"hi\"");
        let parsed: Result<toml::Table, _> = quoted.parse();
        let title = parsed
            .ok()
            .and_then(|t| t.get("routine")?.get("name")?.as_str().map(String::from));
        assert_eq!(title.as_deref(), Some("Say \"hi\""));
    }
}
