//! The event lines: one JSON object per line, as `play --headless` prints them, `--events`
//! writes them and the hooks read them (the command-line contract's table of events).

use std::fmt;
use std::time::Duration;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::cue::{Cue, CueEvent};
use crate::plan::Plan;

/// One line: when, and what happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line<'a> {
    /// Session time since the session started.
    pub t: Seconds,
    #[serde(flatten)]
    pub event: Event<'a>,
}

/// What happened, in `segment` (the index in `plan --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum Event<'a> {
    /// A segment begins.
    Start {
        segment: usize,
        /// As in `plan --json`: the core's word for the kind.
        kind: &'static str,
        name: &'a str,
        side: Option<&'static str>,
        spot: Option<u8>,
    },
    /// One of the last `countdown` whole seconds of a timed segment.
    Tick { segment: usize, remaining: u32 },
    /// Circles change direction.
    Reverse {
        segment: usize,
        /// `clockwise` or `counterclockwise`.
        direction: &'static str,
    },
    /// A rep of a reps segment (1-based).
    Rep { segment: usize, rep: u16, of: u16 },
    /// A hold range reached its minimum.
    Release { segment: usize },
    /// A segment ends.
    End { segment: usize },
    /// The session is over, after `elapsed` of unpaused time.
    Done { segment: usize, elapsed: Seconds },
    /// The session was quit in `segment` (only the `session_end` hook hears of it).
    Quit { segment: usize },
}

/// Seconds with millisecond precision, always three decimals (`50.000`), rounded half up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = (self.0.as_nanos() + 500_000) / 1_000_000;
        write!(f, "{}.{:03}", millis / 1000, millis % 1000)
    }
}

impl Serialize for Seconds {
    /// A JSON number written as [`fmt::Display`] writes it: a float would lose the zeros.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RawValue::from_string(self.to_string())
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

impl<'a> Line<'a> {
    /// The line of `cue` in a session of `plan` that started at `start` (its `t` counts from
    /// there). None only for the start of a segment the plan does not have, which the session
    /// never makes.
    pub fn new(plan: &'a Plan, cue: &Cue, start: Duration) -> Option<Line<'a>> {
        let segment = cue.segment;
        let event = match cue.event {
            CueEvent::Start => {
                let part = plan.segments.get(segment)?;
                Event::Start {
                    segment,
                    kind: part.kind.as_str(),
                    name: &part.name,
                    side: part.side.map(crate::routine::Side::as_str),
                    spot: part.spot.map(|spot| spot.number),
                }
            }
            CueEvent::Tick { remaining } => Event::Tick { segment, remaining },
            CueEvent::Reverse { direction } => Event::Reverse {
                segment,
                direction: direction.as_str(),
            },
            CueEvent::Rep { rep, of } => Event::Rep { segment, rep, of },
            CueEvent::Release => Event::Release { segment },
            CueEvent::End => Event::End { segment },
            CueEvent::Done { elapsed } => Event::Done {
                segment,
                elapsed: Seconds(elapsed),
            },
        };
        Some(Line {
            t: Seconds(cue.at.saturating_sub(start)),
            event,
        })
    }

    /// The line of a session quit `elapsed` into it, in `segment`.
    pub fn quit(elapsed: Duration, segment: usize) -> Line<'static> {
        Line {
            t: Seconds(elapsed),
            event: Event::Quit { segment },
        }
    }

    /// One line of JSON, without its newline.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        super::one_line(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
