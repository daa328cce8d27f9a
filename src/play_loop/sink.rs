//! Outputs of a session: what the driver hands out goes to every output through one trait.
//!
//! The loop calls, for each [`Batch`] of the driver: [`CueSink::due`] with the cues that fell
//! due (each marked if it was handed ahead), [`CueSink::retract`] when the runner moved the
//! session (what was handed ahead and is not yet due is void: a cue handed ahead that falls
//! due on the very instant of the key still sounds), then [`CueSink::ahead`] with the cues
//! handed out before their instant. An output that places sounds ahead (to start them on
//! the exact sample) places those, and skips them when they fall due; one that shows or
//! writes what happens (the screen's flash, JSON lines, the bell) only reads `due`.

use std::time::{Duration, Instant};

use super::source::Timeline;
use crate::cue::Cue;
use crate::driver::Batch;
use crate::plan::Plan;
use crate::session::Session;

/// A cue with the real instant it falls on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timed {
    pub cue: Cue,
    pub at: Instant,
    /// It was handed out ahead (to [`CueSink::ahead`]) before it fell due.
    pub handed: bool,
}

/// An output that can take no more cues, and why ("stdout closed"): the session ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost(pub String);

/// An output for cues: sound, the terminal bell, spoken words, JSON lines.
pub trait CueSink {
    /// A session is about to start: get ready (a sound device starts its stream) and say how
    /// long, in real time, before its instant a cue must be handed over to be on time.
    fn ready(&mut self) -> Duration {
        Duration::ZERO
    }

    /// The session starts at `start` on the session's clock.
    fn begin(&mut self, _plan: &Plan, _start: Duration) {}

    /// Cues handed out before their instant.
    fn ahead(&mut self, _plan: &Plan, _cues: &[Timed]) {}

    /// What was handed ahead and is not yet due is void.
    fn retract(&mut self) {}

    /// The cues that just fell due, in the order the session emitted them.
    fn due(&mut self, plan: &Plan, cues: &[Timed]) -> Result<(), Lost>;

    /// The runner turned the sound off (`true`) or back on.
    fn set_muted(&mut self, _muted: bool) {}

    /// How things stand after each wake-up: the session under way (none before it starts or
    /// once it is over) at `now`. For outputs that show what is playing (media controls);
    /// they tell their readers only what changed.
    fn state(&mut self, _session: Option<&Session>, _now: Duration) {}

    /// One line for the runner about the output itself ("no sound device: using the terminal
    /// bell"), shown on the player screen; the loop asks after every wake-up.
    fn notice(&self) -> Option<String> {
        None
    }
}

/// A sink that drops every cue: the screen alone tells the runner what happens.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl CueSink for Silent {
    fn due(&mut self, _plan: &Plan, _cues: &[Timed]) -> Result<(), Lost> {
        Ok(())
    }
}

/// Several outputs as one: each hears everything, in order.
#[derive(Default)]
pub struct Outputs<'a>(pub Vec<&'a mut dyn CueSink>);

impl CueSink for Outputs<'_> {
    fn ready(&mut self) -> Duration {
        self.0
            .iter_mut()
            .map(|sink| sink.ready())
            .max()
            .unwrap_or_default()
    }

    fn begin(&mut self, plan: &Plan, start: Duration) {
        self.0.iter_mut().for_each(|sink| sink.begin(plan, start));
    }

    fn ahead(&mut self, plan: &Plan, cues: &[Timed]) {
        self.0.iter_mut().for_each(|sink| sink.ahead(plan, cues));
    }

    fn retract(&mut self) {
        self.0.iter_mut().for_each(|sink| sink.retract());
    }

    fn due(&mut self, plan: &Plan, cues: &[Timed]) -> Result<(), Lost> {
        let mut lost = Ok(());
        for sink in &mut self.0 {
            if let Err(error) = sink.due(plan, cues) {
                lost = lost.and(Err(error));
            }
        }
        lost
    }

    fn set_muted(&mut self, muted: bool) {
        self.0.iter_mut().for_each(|sink| sink.set_muted(muted));
    }

    fn state(&mut self, session: Option<&Session>, now: Duration) {
        self.0.iter_mut().for_each(|sink| sink.state(session, now));
    }

    fn notice(&self) -> Option<String> {
        self.0.iter().find_map(|sink| sink.notice())
    }
}

/// Several outputs as one, owned: the player's sound with what else listens (media
/// controls, an events file, hooks).
pub struct Owned(pub Vec<Box<dyn CueSink>>);

impl CueSink for Owned {
    fn ready(&mut self) -> Duration {
        self.outputs().ready()
    }

    fn begin(&mut self, plan: &Plan, start: Duration) {
        self.outputs().begin(plan, start);
    }

    fn ahead(&mut self, plan: &Plan, cues: &[Timed]) {
        self.outputs().ahead(plan, cues);
    }

    fn retract(&mut self) {
        self.outputs().retract();
    }

    fn due(&mut self, plan: &Plan, cues: &[Timed]) -> Result<(), Lost> {
        self.outputs().due(plan, cues)
    }

    fn set_muted(&mut self, muted: bool) {
        self.outputs().set_muted(muted);
    }

    fn state(&mut self, session: Option<&Session>, now: Duration) {
        self.outputs().state(session, now);
    }

    fn notice(&self) -> Option<String> {
        self.0.iter().find_map(|sink| sink.notice())
    }
}

impl Owned {
    fn outputs(&mut self) -> Outputs<'_> {
        Outputs(
            self.0
                .iter_mut()
                .map(|sink| sink.as_mut() as &mut dyn CueSink)
                .collect(),
        )
    }
}

/// Carries one batch of the driver to `sink`, with real instants from `timeline`.
pub fn deliver(
    plan: &Plan,
    batch: &Batch,
    timeline: &dyn Timeline,
    sink: &mut dyn CueSink,
) -> Result<(), Lost> {
    let mut result = Ok(());
    if !batch.due.is_empty() {
        let due: Vec<Timed> = batch
            .due
            .iter()
            .map(|due| Timed {
                cue: due.cue,
                at: timeline.instant_at(due.cue.at),
                handed: due.handed,
            })
            .collect();
        result = sink.due(plan, &due);
    }
    if batch.retract {
        sink.retract();
    }
    if !batch.ahead.is_empty() {
        let ahead: Vec<Timed> = batch
            .ahead
            .iter()
            .map(|cue| Timed {
                cue: *cue,
                at: timeline.instant_at(cue.at),
                handed: true,
            })
            .collect();
        sink.ahead(plan, &ahead);
    }
    result
}
