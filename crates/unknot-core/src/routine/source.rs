//! Where a routine's text comes from, and the choices the caller makes about reading it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::read_error::ReadError;

/// The text of one routine file, with the path shown in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Shown in messages (as given by the user, or a library name for built-in routines).
    pub path: PathBuf,
    /// Shared, not copied, by every diagnostic about this file.
    pub text: Arc<str>,
    /// The directory `[sounds]` files and `include`s are resolved against; `None` for
    /// built-in routines, which may use neither. Its tree is the most they may reach.
    pub base_dir: Option<PathBuf>,
}

impl Source {
    /// A routine read from `path`, resolving relative files against the file's directory.
    pub fn from_file(path: &Path, text: String) -> Source {
        Source::shared(path, text.into())
    }

    /// [`Source::from_file`] with text that is already shared (a block read once for every
    /// place that includes it).
    pub fn shared(path: &Path, text: Arc<str>) -> Source {
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

/// The files a routine reaches besides its own text: the blocks it includes and its sound
/// files. The parser touches nothing else; the app gives it the disk (bounded and
/// non-blocking), tests give it files in memory.
pub trait SourceFiles: std::fmt::Debug + Sync {
    /// The bytes of a routine or block file.
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError>;
    /// The path with every `.`, `..` and symbolic link resolved, to keep includes inside the
    /// routine's folder and to tell one file spelt two ways.
    fn canonicalize(&self, path: &Path) -> Result<PathBuf, ReadError>;
    /// Whether a sound file can be played; `Err` says why not, in words for a trainer.
    fn check_sound(&self, path: &Path) -> Result<(), String>;
}

/// Choices the caller makes about reading a routine.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// The routine's other files: on the disk in the app, sound files decoded to check them.
    pub files: &'static dyn SourceFiles,
}

impl ParseOptions {
    /// Options that reach no file besides the routine's own text, for text that must not
    /// touch a disk (a built-in routine, which may include nothing; fuzzed input).
    pub const TEXT_ONLY: ParseOptions = ParseOptions { files: &NoFiles };
}

/// No files at all: every file a routine names is missing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl SourceFiles for NoFiles {
    fn read(&self, _path: &Path) -> Result<Vec<u8>, ReadError> {
        Err(ReadError::NotFound)
    }

    fn canonicalize(&self, _path: &Path) -> Result<PathBuf, ReadError> {
        Err(ReadError::NotFound)
    }

    fn check_sound(&self, _path: &Path) -> Result<(), String> {
        Err(ReadError::NotFound.to_string())
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
}

/// Files held in memory, for tests of the parser: paths are worked out without a disk.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct MemoryFiles {
    pub files: std::collections::HashMap<PathBuf, Vec<u8>>,
    /// `from -> to`: a symbolic link, resolved by `canonicalize`.
    pub links: Vec<(PathBuf, PathBuf)>,
    /// Paths read so far, to count reads.
    pub reads: std::sync::Mutex<Vec<PathBuf>>,
}

#[cfg(test)]
impl MemoryFiles {
    pub fn with(files: &[(&str, &str)]) -> MemoryFiles {
        MemoryFiles {
            files: files
                .iter()
                .map(|(path, text)| (PathBuf::from(path), text.as_bytes().to_vec()))
                .collect(),
            ..MemoryFiles::default()
        }
    }

    /// Options that read from these files (which live as long as the test process).
    pub fn options(self) -> ParseOptions {
        ParseOptions {
            files: Box::leak(Box::new(self)),
        }
    }
}

#[cfg(test)]
impl SourceFiles for MemoryFiles {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        if let Ok(mut reads) = self.reads.lock() {
            reads.push(path.to_path_buf());
        }
        self.files.get(path).cloned().ok_or(ReadError::NotFound)
    }

    fn canonicalize(&self, path: &Path) -> Result<PathBuf, ReadError> {
        use std::path::Component;
        let mut clean = PathBuf::from("/");
        for part in path.components() {
            match part {
                Component::ParentDir => {
                    clean.pop();
                }
                Component::Normal(name) => {
                    clean.push(name);
                    if let Some((_, to)) = self.links.iter().find(|(from, _)| *from == clean) {
                        clean = to.clone();
                    }
                }
                _ => {}
            }
        }
        let is_dir = self.files.keys().any(|file| file.starts_with(&clean));
        if is_dir || clean == Path::new("/") {
            Ok(clean)
        } else {
            Err(ReadError::NotFound)
        }
    }

    fn check_sound(&self, path: &Path) -> Result<(), String> {
        if self.files.contains_key(path) {
            Ok(())
        } else {
            Err("no such file".to_string())
        }
    }
}
