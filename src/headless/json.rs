//! Headless output: one JSON line per cue, flushed as it happens (the CLI contract's events,
//! [`crate::machine::events`]).

use std::io::{self, Write};
use std::time::Duration;

use crate::machine::events::Line;
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
                if let Some(line) = Line::new(plan, &timed.cue, self.start) {
                    writeln!(self.out, "{}", line.to_json()?)?;
                }
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
