//! How the player ended, and what a session leaves behind for the history.

use std::time::SystemTime;

use crate::session::{SpotRating, Summary};
use crate::tui::view::HistoryFigures;

/// What a session left behind, for the history.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub summary: Summary,
    pub ratings: Vec<SpotRating>,
    /// The wall-clock time the runner started the session.
    pub started: SystemTime,
    /// The check-in answers given on the intro and the summary.
    pub check_in: crate::history::CheckIn,
}

/// What keeping a session's record gives the summary to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    /// The line about it: "Saved to history", or why not; `None` says nothing.
    pub line: Option<String>,
    /// This week's minutes and the streak, read back from the history with this session in it.
    pub history: Option<HistoryFigures>,
}

/// Keeps a session's record once it has ended (finished, quit, or cut by a signal) and
/// returns what the summary shows about it.
pub type SaveRecord = Box<dyn FnMut(&Record) -> Kept>;

/// How the player ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The runner left the intro without starting.
    Left,
    /// The session ran to its end and the summary was seen.
    Finished(Record),
    /// The runner quit before the end (or the terminal went away).
    Quit(Record),
    /// A signal ended it; the record is there if the session had started.
    Signal { signal: i32, record: Option<Record> },
}
