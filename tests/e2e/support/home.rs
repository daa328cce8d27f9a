//! An isolated home for running the real binary: settings, routines, history and caches all
//! inside a temporary folder, and no editor or completion request inherited.

#![allow(dead_code, clippy::unwrap_used)]

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_unknot");

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file under tests/ (`fixture("routines/play/calf.toml")`), as a full path.
pub fn fixture(relative: &str) -> PathBuf {
    root().join("tests").join(relative)
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails the calling test unless the output `bytes` (a command's stdout or stderr) say
/// `wanted`, showing what they say instead.
#[track_caller]
pub fn assert_contains(bytes: &[u8], wanted: &str) {
    let said = text(bytes);
    assert!(said.contains(wanted), "{said}");
}

/// A home of its own: settings, routines, history and caches all inside a temporary folder.
pub struct Home {
    dir: tempfile::TempDir,
}

impl Default for Home {
    fn default() -> Self {
        Home::new()
    }
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `$XDG_CONFIG_HOME/unknot`: the settings file and the user's routines.
    pub fn config_dir(&self) -> PathBuf {
        self.path().join("config/unknot")
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir().join("config.toml")
    }

    pub fn routines(&self) -> PathBuf {
        self.config_dir().join("routines")
    }

    pub fn history_file(&self) -> PathBuf {
        self.path().join("data/unknot/history.jsonl")
    }

    /// The history as written, or "" when there is none.
    pub fn history(&self) -> String {
        std::fs::read_to_string(self.history_file()).unwrap_or_default()
    }

    /// Writes `text` at `relative` (folders made as needed), returning the full path.
    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Copies the fixture `tests/FIXTURE` to `relative` in this home, returning its path.
    pub fn copy_fixture(&self, fixture_path: &str, relative: &str) -> PathBuf {
        let text = std::fs::read_to_string(fixture(fixture_path)).unwrap();
        self.write(relative, &text)
    }

    /// Puts the fixture `tests/FIXTURE` in the user's routines folder as `NAME.toml`.
    pub fn add_routine(&self, fixture_path: &str, name: &str) -> PathBuf {
        self.copy_fixture(fixture_path, &format!("config/unknot/routines/{name}.toml"))
    }

    pub fn write_config(&self, text: &str) -> PathBuf {
        self.write("config/unknot/config.toml", text)
    }

    /// Makes this home the program's for a command built elsewhere (one a sound sink or a
    /// wrapper prepared).
    pub fn isolate<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        command.envs(self.env())
    }

    /// The environment that makes this home the program's, as pairs (for a terminal).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let at = |dir: &str| self.path().join(dir).display().to_string();
        vec![
            ("HOME", self.path().display().to_string()),
            ("XDG_CONFIG_HOME", at("config")),
            ("XDG_DATA_HOME", at("data")),
            ("XDG_STATE_HOME", at("state")),
            ("XDG_CACHE_HOME", at("cache")),
        ]
    }

    /// `unknot ARGS` in this home, its current directory the home itself.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_via(&[], args)
    }

    /// `WRAPPER... unknot ARGS` in this home: the binary run by another program (`timeout`,
    /// `setpriv`), with the same environment.
    pub fn command_via(&self, wrapper: &[&str], args: &[&str]) -> Command {
        let mut command = match wrapper.split_first() {
            None => Command::new(BIN),
            Some((program, rest)) => {
                let mut command = Command::new(program);
                command.args(rest).arg(BIN);
                command
            }
        };
        command
            .args(args)
            .current_dir(self.path())
            .envs(self.env())
            .env("NO_COLOR", "1")
            .env_remove("COMPLETE")
            .env_remove("VISUAL")
            .env_remove("EDITOR")
            .stdin(Stdio::null());
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// `unknot ARGS` in this home with the clock in UTC, so dates and times print the same on
    /// every machine.
    pub fn run_utc(&self, args: &[&str]) -> Output {
        self.command(args).env("TZ", "UTC").output().unwrap()
    }

    /// `unknot ARGS` from the crate's root, where fixtures are named `tests/routines/...`.
    pub fn run_in_root(&self, args: &[&str]) -> Output {
        self.command(args).current_dir(root()).output().unwrap()
    }
}

/// A [`Home`] with one routine in it, copied from a fixture: where most command-line tests
/// start. For everything else it is the `Home`.
pub struct HomeWithRoutine {
    home: Home,
    routine: PathBuf,
}

impl HomeWithRoutine {
    /// A home with the fixture `tests/FIXTURE` in it as `NAME`, in the folder commands run in.
    pub fn new(fixture_path: &str, name: &str) -> HomeWithRoutine {
        let home = Home::new();
        let routine = home.copy_fixture(fixture_path, name);
        HomeWithRoutine { home, routine }
    }

    /// The routine's full path, as a command line names it.
    pub fn routine(&self) -> String {
        self.routine.display().to_string()
    }
}

impl Deref for HomeWithRoutine {
    type Target = Home;

    fn deref(&self) -> &Home {
        &self.home
    }
}
