//! The files one routine reads besides its own: where they may be, each read once, and how
//! much of them there may be in all.
//!
//! A routine may only reach files in its own folder and the folders below it: an `include`
//! or a `[sounds]` path is relative, and once every `..` and symbolic link is resolved it must
//! still be inside that tree. Otherwise a routine from a stranger could name any readable file
//! (`../../.ssh/id_ed25519`) and have its lines quoted in error messages.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::read_error::ReadError;

use super::source::SourceFiles;
use super::text::{quoted, shown_path};

pub use super::rules::MAX_ROUTINE_BYTES;

/// What one routine has read so far; shared by the checkers of its blocks.
#[derive(Debug, Default)]
pub(crate) struct Reads {
    /// The routine's folder, every link resolved; `None` for a built-in routine, or when the
    /// folder cannot be found (then no file may be reached).
    pub root: RefCell<Option<PathBuf>>,
    /// Each block's text, by its resolved path: one read per file, one copy shared.
    texts: RefCell<HashMap<PathBuf, Arc<str>>>,
    /// Bytes of text brought in so far.
    total: Cell<u64>,
}

/// Why a path a routine names cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathProblem {
    Absolute,
    Unresolved(ReadError),
    Outside(PathBuf),
    NoRoot,
}

impl PathProblem {
    /// The reason, after "cannot be used: ".
    pub fn describe(&self) -> String {
        match self {
            PathProblem::Absolute => {
                "it is an absolute path; write it relative to the routine's folder".to_string()
            }
            PathProblem::Unresolved(error) => error.to_string(),
            PathProblem::Outside(root) => format!(
                "it is outside the routine's folder {}; a routine may only use files in its own folder and below",
                quoted(&shown_path(root))
            ),
            PathProblem::NoRoot => "the routine's folder cannot be found".to_string(),
        }
    }

    /// The few words under the caret; `what_if_unread` when the file could not be reached.
    pub fn label(&self, what_if_unread: &str) -> String {
        match self {
            PathProblem::Absolute => "an absolute path".to_string(),
            PathProblem::Unresolved(_) => what_if_unread.to_string(),
            PathProblem::Outside(_) | PathProblem::NoRoot => {
                "outside the routine's folder".to_string()
            }
        }
    }
}

/// Why a block's text was not brought in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BlockProblem {
    Read(ReadError),
    NotUtf8,
    OverBudget,
}

impl Reads {
    /// Sets the routine's folder, the tree its files must stay in.
    pub fn set_root(&self, files: &dyn SourceFiles, base_dir: &Path) {
        *self.root.borrow_mut() = files.canonicalize(base_dir).ok();
    }

    /// Counts the routine's own text.
    pub fn count(&self, bytes: usize) {
        self.total
            .set(self.total.get().saturating_add(bytes as u64));
    }

    /// `relative`, written in a file of `base_dir`, resolved: absolute, with no link left, and
    /// inside the routine's folder.
    pub fn resolve(
        &self,
        files: &dyn SourceFiles,
        base_dir: &Path,
        relative: &str,
    ) -> Result<PathBuf, PathProblem> {
        let written = Path::new(relative);
        if written
            .components()
            .any(|part| matches!(part, Component::RootDir | Component::Prefix(_)))
        {
            return Err(PathProblem::Absolute);
        }
        let root = self.root.borrow().clone().ok_or(PathProblem::NoRoot)?;
        let resolved = files
            .canonicalize(&base_dir.join(written))
            .map_err(PathProblem::Unresolved)?;
        if resolved.starts_with(&root) {
            Ok(resolved)
        } else {
            Err(PathProblem::Outside(root))
        }
    }

    /// The text of the block at `resolved` (from [`Reads::resolve`]): read the first time,
    /// shared after; every time counts against [`MAX_ROUTINE_BYTES`].
    pub fn block(
        &self,
        files: &dyn SourceFiles,
        resolved: &Path,
    ) -> Result<Arc<str>, BlockProblem> {
        let cached = self.texts.borrow().get(resolved).cloned();
        let text = match cached {
            Some(text) => text,
            None => {
                let bytes = files.read(resolved).map_err(BlockProblem::Read)?;
                let text: Arc<str> = String::from_utf8(bytes)
                    .map_err(|_| BlockProblem::NotUtf8)?
                    .into();
                self.texts
                    .borrow_mut()
                    .insert(resolved.to_path_buf(), text.clone());
                text
            }
        };
        let total = self.total.get().saturating_add(text.len() as u64);
        if total > MAX_ROUTINE_BYTES {
            return Err(BlockProblem::OverBudget);
        }
        self.total.set(total);
        Ok(text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::source::MemoryFiles;
    use super::*;

    fn reads(files: &MemoryFiles) -> Reads {
        let reads = Reads::default();
        reads.set_root(files, Path::new("/r"));
        reads
    }

    #[test]
    fn paths_stay_inside_the_routines_folder() {
        let mut files = MemoryFiles::with(&[
            ("/r/main.toml", ""),
            ("/r/blocks/calf.toml", ""),
            ("/home/me/.ssh/id", "secret"),
        ]);
        files
            .links
            .push(("/r/blocks/key".into(), "/home/me/.ssh/id".into()));
        let reads = reads(&files);
        let base = Path::new("/r/blocks");
        assert_eq!(
            reads.resolve(&files, base, "calf.toml"),
            Ok(PathBuf::from("/r/blocks/calf.toml"))
        );
        assert_eq!(
            reads.resolve(&files, base, "../blocks/calf.toml"),
            Ok(PathBuf::from("/r/blocks/calf.toml"))
        );
        assert_eq!(
            reads.resolve(&files, base, "/home/me/.ssh/id"),
            Err(PathProblem::Absolute)
        );
        assert_eq!(
            reads.resolve(&files, base, "../../home/me/.ssh/id"),
            Err(PathProblem::Outside("/r".into()))
        );
        assert_eq!(
            reads.resolve(&files, base, "key"),
            Err(PathProblem::Outside("/r".into()))
        );
        assert_eq!(
            reads.resolve(&files, base, "nope.toml"),
            Err(PathProblem::Unresolved(ReadError::NotFound))
        );
    }

    #[test]
    fn a_block_is_read_once_and_counted_every_time() {
        let big = "#".repeat(3 << 20);
        let files = MemoryFiles::with(&[("/r/big.toml", &big)]);
        let reads = reads(&files);
        let path = Path::new("/r/big.toml");
        assert!(reads.block(&files, path).is_ok());
        let again = reads.block(&files, path).unwrap();
        assert_eq!(again.len(), 3 << 20);
        assert_eq!(files.reads.lock().unwrap().len(), 1);
        // 3 × 3 MiB is over the 8 MiB a routine may bring in.
        assert_eq!(reads.block(&files, path), Err(BlockProblem::OverBudget));
    }
}
