//! The history file's line: the JSON shape of a record, field for field, and the checks a line
//! passes before it is read back as a [`SessionRecord`] (a line may have been edited by hand).

use jiff::fmt::temporal::Pieces;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};

use super::{Ending, RECORD_VERSION, RecordedRating, RoutineRef, SessionRecord, SkippedRecord};
use crate::history::check_in::CheckIn;
use crate::routine::Side;

impl SessionRecord {
    /// The record as one line of JSON (no newline).
    pub fn to_json_line(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&RecordLine::from(self))
    }

    /// Reads one line of the log.
    pub fn from_json_line(line: &str) -> Result<SessionRecord, String> {
        let raw: RecordLine = serde_json::from_str(line).map_err(|e| e.to_string())?;
        raw.try_into()
    }
}

/// RFC 3339 with the offset: `2026-11-24T20:05:00+01:00`.
fn format_time(time: &ZonedDateTime) -> String {
    time.timestamp()
        .display_with_offset(time.offset())
        .to_string()
}

fn parse_time(text: &str) -> Result<ZonedDateTime, String> {
    let bad = |e: jiff::Error| format!("`{text}` is not an RFC 3339 time: {e}");
    let timestamp: Timestamp = text.parse().map_err(bad)?;
    let pieces = Pieces::parse(text).map_err(bad)?;
    let offset = pieces
        .offset()
        .map(|o| o.to_numeric_offset())
        .ok_or_else(|| format!("`{text}` has no UTC offset"))?;
    Ok(timestamp.to_zoned_datetime(TimeZone::fixed(offset)))
}

/// Longer than any session could be (a year, in seconds): a length past it was edited by hand.
const MAX_SECONDS: f64 = 366.0 * 24.0 * 3600.0;

/// The JSON shape of a record, field for field: the history file's line, which `history
/// --json` lists as it is (`crate::machine::history`).
#[derive(Serialize, Deserialize)]
pub(crate) struct RecordLine {
    version: u32,
    start: String,
    end: String,
    routine: RoutineRef,
    planned_seconds: f64,
    actual_seconds: f64,
    parts: PartsLine,
    /// Which parts were skipped; written only when some were, and missing in older lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    skipped: Vec<SkippedLine>,
    ended: Ending,
    #[serde(default)]
    ratings: Vec<RatingLine>,
    /// Written only for a preview, so that real sessions' lines stay as they were.
    #[serde(default = "real_time", skip_serializing_if = "is_real_time")]
    speed: f64,
    /// Written only when the runner answered the check-in; older lines have none.
    #[serde(default, skip_serializing_if = "CheckInLine::is_empty")]
    check_in: CheckInLine,
}

#[derive(Serialize, Deserialize, Default)]
struct CheckInLine {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    before: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    after: Option<u8>,
}

impl CheckInLine {
    fn is_empty(&self) -> bool {
        self.before.is_none() && self.after.is_none()
    }
}

fn real_time() -> f64 {
    1.0
}

fn is_real_time(speed: &f64) -> bool {
    (*speed - 1.0).abs() <= 1e-9
}

#[derive(Serialize, Deserialize)]
struct PartsLine {
    done: usize,
    skipped: usize,
    total: usize,
}

#[derive(Serialize, Deserialize)]
struct SkippedLine {
    step: usize,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    side: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    spot: Option<u8>,
}

#[derive(Serialize, Deserialize)]
struct RatingLine {
    step: usize,
    step_name: String,
    area: Option<String>,
    side: Option<String>,
    spot: Option<u8>,
    value: u8,
}

impl From<&SessionRecord> for RecordLine {
    fn from(record: &SessionRecord) -> RecordLine {
        RecordLine {
            version: RECORD_VERSION,
            start: format_time(&record.start),
            end: format_time(&record.end),
            routine: record.routine.clone(),
            planned_seconds: record.planned_seconds,
            actual_seconds: record.actual_seconds,
            parts: PartsLine {
                done: record.parts_done,
                skipped: record.parts_skipped,
                total: record.parts_total,
            },
            skipped: record
                .skipped
                .iter()
                .map(|part| SkippedLine {
                    step: part.step,
                    name: part.name.clone(),
                    side: part.side.map(|s| s.as_str().to_string()),
                    spot: part.spot,
                })
                .collect(),
            ended: record.ending,
            speed: record.speed,
            check_in: CheckInLine {
                before: record.check_in.before,
                after: record.check_in.after,
            },
            ratings: record
                .ratings
                .iter()
                .map(|r| RatingLine {
                    step: r.step,
                    step_name: r.step_name.clone(),
                    area: r.area.clone(),
                    side: r.side.map(|s| s.as_str().to_string()),
                    spot: r.spot,
                    value: r.value,
                })
                .collect(),
        }
    }
}

impl TryFrom<RecordLine> for SessionRecord {
    type Error = String;

    fn try_from(raw: RecordLine) -> Result<SessionRecord, String> {
        if raw.version > RECORD_VERSION {
            return Err(format!(
                "written by a newer unknot (record version {})",
                raw.version
            ));
        }
        if !(0.1..=100.0).contains(&raw.speed) {
            return Err(format!("`speed` is {}, not 0.1 to 100", raw.speed));
        }
        for (name, seconds) in [
            ("planned_seconds", raw.planned_seconds),
            ("actual_seconds", raw.actual_seconds),
        ] {
            if !(0.0..=MAX_SECONDS).contains(&seconds) {
                return Err(format!("`{name}` is {seconds}, not a session's length"));
            }
        }
        for answer in [raw.check_in.before, raw.check_in.after]
            .into_iter()
            .flatten()
        {
            if !(1..=5).contains(&answer) {
                return Err(format!("a check-in of {answer}, not 1 to 5"));
            }
        }
        let ratings = raw
            .ratings
            .into_iter()
            .map(|r| {
                if !(1..=5).contains(&r.value) {
                    return Err(format!("a rating of {}, not 1 to 5", r.value));
                }
                let (side, spot) = side_and_spot(r.side.as_deref(), r.spot)?;
                Ok(RecordedRating {
                    step: r.step,
                    step_name: r.step_name,
                    area: r.area,
                    side,
                    spot,
                    value: r.value,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let skipped = raw
            .skipped
            .into_iter()
            .map(|part| {
                let (side, spot) = side_and_spot(part.side.as_deref(), part.spot)?;
                Ok(SkippedRecord {
                    step: part.step,
                    name: part.name,
                    side,
                    spot,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(SessionRecord {
            start: parse_time(&raw.start)?,
            end: parse_time(&raw.end)?,
            routine: raw.routine,
            planned_seconds: raw.planned_seconds,
            actual_seconds: raw.actual_seconds,
            parts_done: raw.parts.done,
            parts_skipped: raw.parts.skipped,
            skipped,
            parts_total: raw.parts.total,
            ending: raw.ended,
            ratings,
            speed: raw.speed,
            check_in: CheckIn {
                before: raw.check_in.before,
                after: raw.check_in.after,
            },
        })
    }
}

/// A side and a spot as a line gives them, checked: `left` or `right`, spot 1 to 10.
fn side_and_spot(
    side: Option<&str>,
    spot: Option<u8>,
) -> Result<(Option<Side>, Option<u8>), String> {
    if let Some(spot) = spot.filter(|spot| !(1..=10).contains(spot)) {
        return Err(format!("spot {spot}, not 1 to 10"));
    }
    let side = match side {
        None => None,
        Some("left") => Some(Side::Left),
        Some("right") => Some(Side::Right),
        Some(other) => return Err(format!("unknown side `{other}`")),
    };
    Ok((side, spot))
}

#[cfg(test)]
mod tests;
