//! One session as it is remembered: what was played, when, for how long, how it ended, and how
//! tender each rated spot was. Stored as one JSON object per line in `history.jsonl`.

use std::fmt::Write as _;

use jiff::fmt::temporal::Pieces;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::check_in::CheckIn;
use crate::routine::{Routine, Side};
use crate::session::{SpotRating, Summary};

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
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::routine::{RoutineInfo, Settings, SoundOverrides, Step, StepKind, StepSide};
    use crate::session::SkippedPart;

    fn routine() -> Routine {
        let step = |number: usize, name: &str, area: Option<&str>| Step {
            number,
            name: name.to_string(),
            instructions: None,
            area: area.map(str::to_string),
            tool: None,
            side: StepSide::Both,
            spots: 3,
            transition: None,
            kind: StepKind::Timed {
                duration: Duration::from_secs(40),
            },
        };
        Routine {
            info: RoutineInfo {
                name: "Hamstrings & glutes".to_string(),
                ..RoutineInfo::default()
            },
            settings: Settings::default(),
            sounds: SoundOverrides::default(),
            steps: vec![
                step(1, "Warm up", None),
                step(2, "Hamstring: small circles", Some("hamstring")),
            ],
        }
    }

    fn at(text: &str) -> ZonedDateTime {
        let tz = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        let ts: Timestamp = text.parse().unwrap();
        ts.to_zoned_datetime(tz)
    }

    fn sample() -> SessionRecord {
        let summary = Summary {
            elapsed: Duration::from_millis(640_250),
            planned: Duration::from_secs(912),
            parts_done: 10,
            parts_skipped: 2,
            skipped: vec![
                SkippedPart {
                    segment: 3,
                    step: 2,
                    side: Some(Side::Left),
                    spot: Some(3),
                },
                SkippedPart {
                    segment: 5,
                    step: 1,
                    side: None,
                    spot: None,
                },
            ],
            total_parts: 20,
            finished: false,
        };
        let ratings = [
            SpotRating {
                segment: 7,
                step: 2,
                side: Some(Side::Right),
                spot: Some(2),
                value: 4,
            },
            SpotRating {
                segment: 1,
                step: 1,
                side: None,
                spot: None,
                value: 1,
            },
        ];
        SessionRecord::from_session(
            &routine(),
            "hamstrings-glutes",
            "format = 1\n",
            &summary,
            &ratings,
            &at("2026-11-24T19:00:00.600Z"),
            &at("2026-11-24T19:11:00Z"),
        )
    }

    #[test]
    fn a_preview_keeps_its_speed_and_a_real_session_writes_none() {
        let real = sample().to_json_line().unwrap();
        assert!(!real.contains("speed"), "{real}");
        assert!(!SessionRecord::from_json_line(&real).unwrap().is_preview());

        let preview = sample().at_speed(100.0);
        let line = preview.to_json_line().unwrap();
        assert!(line.contains("\"speed\":100.0"), "{line}");
        let back = SessionRecord::from_json_line(&line).unwrap();
        assert!(back.is_preview());
        assert_eq!(back.speed, 100.0);

        let edited = line.replace("\"speed\":100.0", "\"speed\":0.0");
        assert!(SessionRecord::from_json_line(&edited).is_err());
    }

    #[test]
    fn from_session_takes_names_and_areas_from_the_routine() {
        let record = sample();
        assert_eq!(record.ending, Ending::Quit);
        assert_eq!(record.actual_seconds, 640.25);
        assert_eq!(record.parts_total, 20);
        assert_eq!(record.ratings[0].step_name, "Hamstring: small circles");
        assert_eq!(record.ratings[0].place(), "hamstring");
        assert_eq!(record.ratings[1].place(), "Warm up");
        assert_eq!(record.routine.file, "hamstrings-glutes");
        assert_eq!(record.routine.sha256, sha256_hex("format = 1\n"));
    }

    #[test]
    fn times_are_written_as_rfc3339_with_the_local_offset() {
        let line = sample().to_json_line().unwrap();
        assert!(
            line.contains(r#""start":"2026-11-24T20:00:00+01:00""#),
            "{line}"
        );
        assert!(
            line.contains(r#""end":"2026-11-24T20:11:00+01:00""#),
            "{line}"
        );
        assert!(line.contains(r#""ended":"quit""#), "{line}");
        assert!(!line.contains('\n'));
    }

    #[test]
    fn a_line_reads_back_to_the_same_record() {
        let record = sample();
        let back = SessionRecord::from_json_line(&record.to_json_line().unwrap()).unwrap();
        assert_eq!(back, record);
        assert_eq!(back.start.offset().seconds(), 3600);
    }

    #[test]
    fn a_record_from_a_newer_version_or_with_a_bad_time_is_refused() {
        let line = sample().to_json_line().unwrap();
        let newer = line.replace(r#""version":1"#, r#""version":9"#);
        assert!(SessionRecord::from_json_line(&newer).is_err());
        let bad = line.replace("2026-11-24T20:00:00+01:00", "yesterday");
        assert!(SessionRecord::from_json_line(&bad).is_err());
    }

    /// A line edited by hand into nonsense is skipped like an unreadable one, rather than
    /// filling the report with a 10³⁰⁰-minute week or a tenderness of 9 out of 5.
    #[test]
    fn a_record_with_impossible_numbers_is_refused() {
        let line = sample().to_json_line().unwrap();
        let with = |field: &str, value: &str| {
            let at = line.find(&format!("\"{field}\":")).unwrap() + field.len() + 3;
            let end = at + line[at..].find([',', '}']).unwrap();
            format!("{}{value}{}", &line[..at], &line[end..])
        };
        assert!(SessionRecord::from_json_line(&with("actual_seconds", "1")).is_ok());
        for (field, value) in [
            ("actual_seconds", "1e308"),
            ("actual_seconds", "-5"),
            ("planned_seconds", "1e300"),
            ("value", "9"),
            ("value", "0"),
            ("spot", "200"),
        ] {
            let edited = with(field, value);
            assert!(
                SessionRecord::from_json_line(&edited).is_err(),
                "{field} = {value}: {edited}"
            );
        }
    }

    #[test]
    fn a_check_in_is_kept_and_old_lines_without_one_still_read() {
        let plain = sample().to_json_line().unwrap();
        assert!(!plain.contains("check_in"), "{plain}");
        let answered = sample().with_check_in(CheckIn {
            before: Some(4),
            after: Some(2),
        });
        let line = answered.to_json_line().unwrap();
        assert!(
            line.contains(r#""check_in":{"before":4,"after":2}"#),
            "{line}"
        );
        assert_eq!(SessionRecord::from_json_line(&line).unwrap(), answered);
        let only_before = line.replace(r#","after":2"#, "");
        let back = SessionRecord::from_json_line(&only_before).unwrap();
        assert_eq!(
            back.check_in,
            CheckIn {
                before: Some(4),
                after: None
            }
        );
        assert!(
            SessionRecord::from_json_line(&line.replace(r#""after":2"#, r#""after":7"#)).is_err()
        );
    }

    #[test]
    fn skipped_parts_are_named_and_old_lines_without_them_still_read() {
        let record = sample();
        let line = record.to_json_line().unwrap();
        assert!(
            line.contains(
                r#""skipped":[{"step":2,"name":"Hamstring: small circles","side":"left","spot":3},{"step":1,"name":"Warm up"}]"#
            ),
            "{line}"
        );
        assert_eq!(SessionRecord::from_json_line(&line).unwrap(), record);
        let at = line.find(r#","skipped":["#).unwrap();
        let end = at + line[at..].find("}],").unwrap() + 2;
        let old = format!("{}{}", &line[..at], &line[end..]);
        assert!(!old.contains("\"skipped\":["), "{old}");
        let back = SessionRecord::from_json_line(&old).unwrap();
        assert!(back.skipped.is_empty());
        assert_eq!(back.parts_skipped, 2);
        let far = line.replacen(r#""spot":3"#, r#""spot":99"#, 1);
        assert!(SessionRecord::from_json_line(&far).is_err(), "{far}");
        let unknown = line.replacen(r#""side":"left""#, r#""side":"up""#, 1);
        assert!(SessionRecord::from_json_line(&unknown).is_err());
    }

    #[test]
    fn short_previews_and_early_quits_do_not_count() {
        let mut record = sample();
        record.ending = Ending::Finished;
        record.planned_seconds = 900.0;
        record.actual_seconds = 600.0;
        assert!(record.counts());
        record.actual_seconds = 119.0;
        assert!(!record.counts(), "under two minutes");
        record.actual_seconds = 400.0;
        record.ending = Ending::Quit;
        assert!(!record.counts(), "quit before half of 900 s");
        record.actual_seconds = 450.0;
        assert!(record.counts());
        assert!(!record.clone().at_speed(10.0).counts());
    }

    #[test]
    fn sha256_matches_a_known_digest() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
