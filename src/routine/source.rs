//! Where a routine's text comes from, and the choices the caller makes about reading it.

use std::path::{Path, PathBuf};

/// The text of one routine file, with the path shown in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Shown in messages (as given by the user, or a library name for built-in routines).
    pub path: PathBuf,
    pub text: String,
    /// The directory `[sounds]` files and `include`s are resolved against; `None` for
    /// built-in routines, which may use neither.
    pub base_dir: Option<PathBuf>,
}

impl Source {
    /// A routine read from `path`, resolving relative files against the file's directory.
    pub fn from_file(path: &Path, text: String) -> Source {
        let base_dir = match path.parent() {
            Some(parent) if parent.as_os_str().is_empty() => PathBuf::from("."),
            Some(parent) => parent.to_path_buf(),
            None => PathBuf::from("."),
        };
        Source {
            path: path.to_path_buf(),
            text,
            base_dir: Some(base_dir),
        }
    }
}

/// Checks that the parser delegates to the edges.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// Decides whether a `[sounds]` file can be played; `Err` holds why not. The default
    /// decodes it ([`crate::audio::check_sound_file`]).
    pub check_sound_file: fn(&Path) -> Result<(), String>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            check_sound_file: crate::audio::check_sound_file,
        }
    }
}

/// The default sound file check: the path must name an existing regular file.
pub fn sound_file_exists(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(_) => Err("it is not a file".to_string()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err("no such file".to_string()),
        Err(err) => Err(err.to_string()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn base_dir_is_the_file_directory() {
        let source = Source::from_file(Path::new("a/b/c.toml"), String::new());
        assert_eq!(source.base_dir, Some(PathBuf::from("a/b")));
        let bare = Source::from_file(Path::new("c.toml"), String::new());
        assert_eq!(bare.base_dir, Some(PathBuf::from(".")));
    }

    #[test]
    fn default_sound_check_wants_an_existing_file() {
        let check = ParseOptions::default().check_sound_file;
        assert_eq!(
            check(Path::new("/no/such/dir/x.wav")),
            Err("no such file".to_string())
        );
        assert_eq!(check(Path::new("/")), Err("it is not a file".to_string()));
    }
}
