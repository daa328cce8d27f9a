//! Exit codes, as in the CLI contract.

use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: success.
    Success,
    /// 1: an invalid routine, or one that could not be found or read.
    Invalid,
    /// 2: wrong usage.
    Usage,
    /// 130: the user quit a session before its end.
    Quit,
    /// `128 + signo`: a signal other than Ctrl-C's ended a session, as shells report it.
    Signal(i32),
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Invalid => 1,
            Exit::Usage => 2,
            Exit::Quit => 130,
            Exit::Signal(signal) => u8::try_from(128 + signal).unwrap_or(u8::MAX),
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// A command that did what it was asked.
impl From<()> for Exit {
    fn from((): ()) -> Exit {
        Exit::Success
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_exits_as_shells_report_it() {
        assert_eq!(Exit::Signal(15).code(), 143);
        assert_eq!(Exit::Signal(1).code(), 129);
    }
}
