//! One session as it is remembered: what was played, when, for how long, how it ended, and how
//! tender each rated spot was. Stored as one JSON object per line in `history.jsonl`.

use std::fmt::Write as _;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::check_in::CheckIn;
use crate::routine::{Routine, Side};
use crate::session::{SpotRating, Summary};

mod line;

pub(crate) use line::RecordLine;

/// The version written in every line, so that later versions of unknot can read old logs.
pub const RECORD_VERSION: u32 = 1;

/// One session, finished or quit early.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    /// When the session started, with the runner's UTC offset at that moment.
    pub start: ZonedDateTime,
    /// When it ended, with the offset at that moment.
    pub end: ZonedDateTime,
    pub routine: RoutineRef,
    /// The planned length of the whole routine, in seconds.
    pub planned_seconds: f64,
    /// How long the session actually ran (pauses excluded), in seconds.
    pub actual_seconds: f64,
    pub parts_done: usize,
    pub parts_skipped: usize,
    /// Which parts were skipped; empty in lines written before unknot kept them.
    pub skipped: Vec<SkippedRecord>,
    pub parts_total: usize,
    pub ending: Ending,
    pub ratings: Vec<RecordedRating>,
    /// `--speed`: 1 for a session played in real time; anything else was a preview, listed
    /// but left out of the totals, the streak and the trends.
    pub speed: f64,
    /// How the legs felt before and after, when the runner answered.
    pub check_in: CheckIn,
}

/// Which routine was played.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutineRef {
    /// The routine's `name` from its file.
    pub name: String,
    /// The file stem, which is also its library name (`hamstrings-glutes-lacrosse`).
    pub file: String,
    /// The SHA-256 of the file's text, lowercase hex: tells an edited routine from the original.
    pub sha256: String,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ending {
    Finished,
    Quit,
}

impl Ending {
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::Finished => "finished",
            Ending::Quit => "quit",
        }
    }
}

/// How tender one spot was, with what is needed to follow it over weeks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRating {
    /// 1-based step number in the routine file.
    pub step: usize,
    pub step_name: String,
    /// The step's `area` (`"hamstring"`), if the routine gives one.
    pub area: Option<String>,
    pub side: Option<Side>,
    pub spot: Option<u8>,
    /// 1 (barely tender) to 5 (very tender).
    pub value: u8,
}

/// A part skipped (ended early by Next), as the trainer wants to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRecord {
    /// 1-based step number in the routine file.
    pub step: usize,
    /// The step's name.
    pub name: String,
    pub side: Option<Side>,
    pub spot: Option<u8>,
}

impl RecordedRating {
    /// What is rated, as the runner knows it: the area, or the step's name when it has none.
    pub fn place(&self) -> &str {
        self.area.as_deref().unwrap_or(&self.step_name)
    }
}

impl SessionRecord {
    /// The record of a session that has just ended, from what the player knows at that moment.
    ///
    /// `file_stem` and `text` are the routine file's stem and its full text; `start` and `end` are
    /// wall-clock times in the runner's time zone.
    pub fn from_session(
        routine: &Routine,
        file_stem: &str,
        text: &str,
        summary: &Summary,
        ratings: &[SpotRating],
        start: &ZonedDateTime,
        end: &ZonedDateTime,
    ) -> SessionRecord {
        let ratings = ratings
            .iter()
            .map(|rating| {
                let step = routine.steps.iter().find(|s| s.number == rating.step);
                RecordedRating {
                    step: rating.step,
                    step_name: step.map(|s| s.name.clone()).unwrap_or_default(),
                    area: step.and_then(|s| s.area.clone()),
                    side: rating.side,
                    spot: rating.spot,
                    value: rating.value,
                }
            })
            .collect();
        let skipped = summary
            .skipped
            .iter()
            .map(|part| SkippedRecord {
                step: part.step,
                name: routine
                    .steps
                    .iter()
                    .find(|s| s.number == part.step)
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                side: part.side,
                spot: part.spot,
            })
            .collect();
        SessionRecord {
            start: to_fixed_offset(start),
            end: to_fixed_offset(end),
            routine: RoutineRef {
                name: routine.info.name.clone(),
                file: file_stem.to_string(),
                sha256: sha256_hex(text),
            },
            planned_seconds: round_millis(summary.planned.as_secs_f64()),
            actual_seconds: round_millis(summary.elapsed.as_secs_f64()),
            parts_done: summary.parts_done,
            parts_skipped: summary.parts_skipped,
            skipped,
            parts_total: summary.total_parts,
            ending: if summary.finished {
                Ending::Finished
            } else {
                Ending::Quit
            },
            ratings,
            speed: 1.0,
            check_in: CheckIn::default(),
        }
    }

    /// The same record, with the check-in answers given around it.
    pub fn with_check_in(mut self, check_in: CheckIn) -> SessionRecord {
        self.check_in = check_in;
        self
    }

    /// Whether the session counts for the streak and the week's minutes: played in real time,
    /// at least [`SHORTEST_COUNTED`] seconds, and not quit before half its planned time. Every
    /// session is still listed.
    pub fn counts(&self) -> bool {
        let quit_early =
            self.ending == Ending::Quit && self.actual_seconds < self.planned_seconds / 2.0;
        !self.is_preview() && self.actual_seconds >= SHORTEST_COUNTED && !quit_early
    }

    /// The same record, of a session played at `speed` (`--speed`).
    pub fn at_speed(mut self, speed: f64) -> SessionRecord {
        self.speed = speed;
        self
    }

    /// A session played faster or slower than real time: a preview, not a session on the floor.
    pub fn is_preview(&self) -> bool {
        (self.speed - 1.0).abs() > 1e-9
    }
}

/// A session shorter than this (in seconds) counts for no streak and no week's minutes.
pub const SHORTEST_COUNTED: f64 = 120.0;

/// Lowercase hex SHA-256 of a routine's text.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The same instant at the same UTC offset, without the named zone: the log keeps what the
/// clock on the wall said, and whole seconds are plenty.
fn to_fixed_offset(time: &ZonedDateTime) -> ZonedDateTime {
    let second = Timestamp::from_second(time.timestamp().as_second()).unwrap_or(time.timestamp());
    second.to_zoned_datetime(TimeZone::fixed(time.offset()))
}

fn round_millis(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests;
