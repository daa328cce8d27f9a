//! Standard output for every command, and what happens when it can't be written.
//!
//! A command writes through an [`Output`] and never looks at a write's result: the first
//! failure is kept and later writes are skipped, as C's stdio does. When the command is done,
//! [`Output::finish`] decides, in one place for all commands:
//! - a reader that went away (`unknot history --json | head -1`) is no failure: nothing is
//!   said and the command's own exit code stands;
//! - any other failure (`unknot config > /dev/full`) is said on stderr and the exit code is 1
//!   (or the command's own, if it had already failed).

use std::fmt;
use std::io::{self, ErrorKind, IsTerminal, Stdout, Write};

use crate::exit::Exit;

/// A command's standard output, remembering its first error.
///
/// Each write takes the stdout lock only for itself, so a thread of the command that prints
/// on its own is never blocked by this one.
pub struct Output {
    stdout: Stdout,
    error: Option<io::Error>,
}

impl Output {
    /// The process's standard output.
    pub fn stdout() -> Output {
        Output {
            stdout: io::stdout(),
            error: None,
        }
    }

    /// Writes `text`; after a failure, nothing more is written.
    pub fn print(&mut self, text: &str) {
        if self.error.is_none()
            && let Err(error) = self.stdout.lock().write_all(text.as_bytes())
        {
            self.error = Some(error);
        }
    }

    /// So that `write!(out, ...)` and `writeln!(out, ...)` work, with nothing to check.
    pub fn write_fmt(&mut self, args: fmt::Arguments<'_>) {
        match args.as_str() {
            Some(text) => self.print(text),
            None => self.print(&args.to_string()),
        }
    }

    /// Sends what was written so far (for output that must be seen as it happens).
    pub fn flush(&mut self) {
        if self.error.is_none()
            && let Err(error) = self.stdout.flush()
        {
            self.error = Some(error);
        }
    }

    /// True once a write has failed: a command producing output over time may stop early.
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// The exit code of a command that ended with `exit`, its output flushed.
    pub fn finish(mut self, exit: Exit) -> Exit {
        self.flush();
        match self.error {
            None => exit,
            Some(error) => outcome(exit, &error),
        }
    }
}

/// Colour on stderr only for a person at a terminal who has not asked for none (`NO_COLOR`).
pub fn color_on_stderr() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stderr().is_terminal()
}

/// What a failure to write the output makes of a command's exit code.
fn outcome(exit: Exit, error: &io::Error) -> Exit {
    if error.kind() == ErrorKind::BrokenPipe {
        return exit;
    }
    eprintln!("unknot: cannot write the output: {error}");
    match exit {
        Exit::Success => Exit::Invalid,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_going_away_keeps_the_exit_code() {
        let gone = io::Error::from(ErrorKind::BrokenPipe);
        assert_eq!(outcome(Exit::Success, &gone), Exit::Success);
        assert_eq!(outcome(Exit::Invalid, &gone), Exit::Invalid);
    }

    #[test]
    fn other_write_failures_are_failures() {
        let full = io::Error::from(ErrorKind::StorageFull);
        assert_eq!(outcome(Exit::Success, &full), Exit::Invalid);
        assert_eq!(outcome(Exit::Usage, &full), Exit::Usage);
    }
}
