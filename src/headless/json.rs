//! Headless output: one JSON line per cue, flushed as it happens (the CLI contract's events).

use std::io::{self, Write};
use std::time::Duration;

use crate::cue::{Cue, CueEvent};
use crate::plan::Plan;
use crate::play_loop::{CueSink, Lost, Timed};

/// What an ending says when whoever read the lines went away.
pub const STDOUT_CLOSED: &str = "stdout closed";

/// Writes each due cue as a JSON line to `out`; `t` counts from the session's start.
pub struct JsonLines<W: Write> {
    out: W,
    start: Duration,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W) -> JsonLines<W> {
        JsonLines {
            out,
            start: Duration::ZERO,
        }
    }

    /// Where the lines go.
    pub fn writer(&self) -> &W {
        &self.out
    }
}

impl<W: Write> CueSink for JsonLines<W> {
    fn begin(&mut self, _plan: &Plan, start: Duration) {
        self.start = start;
    }

    fn due(&mut self, plan: &Plan, cues: &[Timed]) -> Result<(), Lost> {
        let written = (|| {
            for timed in cues {
                writeln!(self.out, "{}", line_from(plan, &timed.cue, self.start))?;
            }
            self.out.flush()
        })();
        written.map_err(|error| {
            Lost(if error.kind() == io::ErrorKind::BrokenPipe {
                STDOUT_CLOSED.to_string()
            } else {
                format!("cannot write the events: {error}")
            })
        })
    }
}

/// The event line of `cue` in a session that started at `start` (its `t` counts from there).
pub fn line_from(plan: &Plan, cue: &Cue, start: Duration) -> String {
    let cue = Cue {
        at: cue.at.saturating_sub(start),
        ..*cue
    };
    event_line(plan, &cue)
}

/// One headless event as a JSON object, as in the CLI contract.
pub fn event_line(plan: &Plan, cue: &Cue) -> String {
    let mut line = format!(
        "{{\"t\":{},\"event\":\"{}\",\"segment\":{}",
        seconds(cue.at),
        cue.event.name(),
        cue.segment
    );
    match cue.event {
        CueEvent::Start => {
            let segment = plan.segments.get(cue.segment);
            let kind = segment.map_or("", |s| s.kind.as_str());
            let name = segment.map_or("", |s| s.name.as_str());
            let side = segment
                .and_then(|s| s.side)
                .map_or("null".to_string(), |side| format!("\"{}\"", side.as_str()));
            let spot = segment
                .and_then(|s| s.spot)
                .map_or("null".to_string(), |spot| spot.number.to_string());
            line.push_str(&format!(
                ",\"kind\":\"{kind}\",\"name\":{},\"side\":{side},\"spot\":{spot}",
                json_string(name)
            ));
        }
        CueEvent::Tick { remaining } => line.push_str(&format!(",\"remaining\":{remaining}")),
        CueEvent::Reverse { direction } => {
            line.push_str(&format!(",\"direction\":\"{}\"", direction.as_str()));
        }
        CueEvent::Rep { rep, of } => line.push_str(&format!(",\"rep\":{rep},\"of\":{of}")),
        CueEvent::Done { elapsed } => {
            line.push_str(&format!(",\"elapsed\":{}", seconds(elapsed)));
        }
        CueEvent::Release | CueEvent::End => {}
    }
    line.push('}');
    line
}

/// Seconds with millisecond precision, as a JSON number.
/// Seconds with millisecond precision, as every event line gives its time.
pub fn seconds(duration: Duration) -> String {
    let millis = (duration.as_nanos() + 500_000) / 1_000_000;
    format!("{}.{:03}", millis / 1000, millis % 1000)
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}
