//! Headless play: the session driver with a signals-only source, JSON lines on stdout and
//! the sound output.
//!
//! No keys are read: a placement that waits is answered at once and a hold range runs to its
//! maximum. The loop sleeps until the session's next deadline, never for a fixed step, so a
//! long session lands on its planned end however long it runs. The sound device is opened and
//! its stream running before the session's clock starts, and the session starts one device
//! latency later, so even the first cue is placed on its sample.

pub mod events_file;
mod json;
#[cfg(test)]
mod tests;

use std::convert::Infallible;
use std::time::Duration;

pub use json::{JsonLines, STDOUT_CLOSED};

use crate::driver::{Driver, Due, Policy};
use crate::media;
use crate::plan::Plan;
use crate::play_loop::{self, CueSink, Event, Front, Lost, Out, Source, Woke};
use crate::session::{Input, Summary};

/// How a headless session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// It ran to its end.
    Finished,
    /// A signal cut it short (its number).
    Signal(i32),
    /// An output went away ([`STDOUT_CLOSED`], say).
    Lost(String),
    /// Stopped from the media controls.
    Stopped,
}

/// Headless play's part of the loop: signals end the session, and so does losing stdout.
struct Headless {
    driver: Driver,
}

impl Headless {
    fn quit(&mut self, now: Duration, out: &mut Out) -> Summary {
        let batch = self.driver.input(Input::Quit, now);
        out.send(self.driver.plan(), &batch);
        self.driver.session().summary(now)
    }
}

impl Front for Headless {
    type Outcome = (Summary, Ended);
    type Error = Infallible;

    fn driver(&mut self) -> Option<&mut Driver> {
        Some(&mut self.driver)
    }

    fn settle(
        &mut self,
        now: Duration,
        _due: &[Due],
        _woke: Woke,
        _out: &mut Out,
    ) -> Result<Option<Self::Outcome>, Infallible> {
        let session = self.driver.session();
        Ok(session
            .status(now)
            .finished
            .then(|| (session.summary(now), Ended::Finished)))
    }

    fn next_wake(&self, _now: Duration) -> Option<Duration> {
        None
    }

    fn event(
        &mut self,
        event: Event,
        now: Duration,
        out: &mut Out,
    ) -> Result<Option<Self::Outcome>, Infallible> {
        Ok(match event {
            // The session quits at once: no more cues, no `done`.
            Event::Signal(signal) => Some((self.quit(now, out), Ended::Signal(signal))),
            Event::Media(command) => {
                let paused = self.driver.session().status(now).paused;
                match media::session_input(command, paused) {
                    Some(Input::Quit) => Some((self.quit(now, out), Ended::Stopped)),
                    Some(input) => {
                        let batch = self.driver.input(input, now);
                        out.send(self.driver.plan(), &batch);
                        None
                    }
                    None => None,
                }
            }
            _ => None,
        })
    }

    fn lost(&mut self, lost: Lost, now: Duration, out: &mut Out) -> Self::Outcome {
        (self.quit(now, out), Ended::Lost(lost.0))
    }
}

/// Plays `plan` at `speed` (session time = real time × speed) from `source` into `sink`: it
/// starts `lead` (real time) after the source's present, so that the first cue too can be
/// handed out ahead. Returns the summary of the session as far as it went, and how it ended.
pub fn run(
    plan: Plan,
    speed: f64,
    lead: Duration,
    source: &mut dyn Source,
    sink: &mut dyn CueSink,
) -> (Summary, Ended) {
    let start = source.now() + lead.mul_f64(speed);
    let policy = Policy {
        answer_waits: true,
        horizon: play_loop::LOOK_AHEAD.mul_f64(speed),
    };
    sink.begin(&plan, start);
    let mut front = Headless {
        driver: Driver::new(plan, start, policy),
    };
    match play_loop::run(&mut front, source, sink) {
        Ok(outcome) => outcome,
        Err(never) => match never {},
    }
}
