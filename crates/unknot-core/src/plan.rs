//! The timeline: a routine expanded into a flat list of segments with planned start times.
//!
//! Every rule of "Timeline" in the routine format lives here, in one place:
//! lead-in, rounds, sides in `first_side` order, spots, the three sorts of transition,
//! no transition next to a `rest` or `placement` part nor of zero length, hold ranges at
//! their maximum, and waits.

use std::time::Duration;

use crate::routine::{Routine, Side, Step, StepKind, StepSide};

mod size;
pub use size::{Bound, MAX_CUES, MAX_PLANNED, MAX_SEGMENTS, Overflow, PlanSize, measure};

/// A routine expanded into segments.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub name: String,
    pub segments: Vec<Segment>,
    /// Sum of every segment's duration (a hold range at its maximum, a wait as zero).
    pub total: Duration,
    /// Audible ticks in the last N seconds of every timed segment.
    pub countdown: u8,
}

/// One stretch of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub index: usize,
    pub start: Duration,
    /// Planned length; for a hold range its maximum; zero for a wait.
    pub duration: Duration,
    pub kind: SegmentKind,
    pub name: String,
    /// 1-based step number: the step itself, or for a transition the step that follows it.
    pub step: Option<usize>,
    pub side: Option<Side>,
    pub spot: Option<Spot>,
    /// Which round of `rounds` this belongs to (1-based).
    pub round: u8,
}

/// "spot 2 of 3".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub number: u8,
    pub of: u8,
}

/// What a segment plays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SegmentKind {
    LeadIn,
    Transition(TransitionKind),
    Timed,
    Hold {
        min: Option<Duration>,
    },
    Circles {
        reverse_every: Option<Duration>,
    },
    Reps {
        reps: u16,
        tempo: Duration,
    },
    /// With `wait`, the placement lasts until the user says the ball is in place.
    Placement {
        wait: bool,
    },
    Rest,
}

/// The sort of a transition, named after what the runner does in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionKind {
    MoveSpot,
    SwitchSide,
    Next,
}

impl TransitionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TransitionKind::MoveSpot => "move_spot",
            TransitionKind::SwitchSide => "switch_side",
            TransitionKind::Next => "next",
        }
    }
}

impl SegmentKind {
    /// The word used in `plan --json` and headless events.
    pub fn as_str(&self) -> &'static str {
        match self {
            SegmentKind::LeadIn => "lead_in",
            SegmentKind::Transition(_) => "transition",
            SegmentKind::Timed => "timed",
            SegmentKind::Hold { .. } => "hold",
            SegmentKind::Circles { .. } => "circles",
            SegmentKind::Reps { .. } => "reps",
            SegmentKind::Placement { .. } => "placement",
            SegmentKind::Rest => "rest",
        }
    }

    /// True for the parts where the runner works on the body (not a lead-in, transition or rest).
    pub fn is_work(&self) -> bool {
        !matches!(
            self,
            SegmentKind::LeadIn
                | SegmentKind::Transition(_)
                | SegmentKind::Rest
                | SegmentKind::Placement { .. }
        )
    }
}

impl Segment {
    pub fn end(&self) -> Duration {
        self.start + self.duration
    }

    /// A placement with no duration: it lasts until the user confirms.
    pub fn is_wait(&self) -> bool {
        matches!(self.kind, SegmentKind::Placement { wait: true })
    }
}

/// Options that change how a routine expands, from the command line or settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanOptions {
    /// Drop the lead-in (`--no-lead-in`).
    pub no_lead_in: bool,
    /// Override `settings.first_side` (`--first-side`).
    pub first_side: Option<Side>,
    /// Override `settings.lead_in`.
    pub lead_in: Option<Duration>,
}

/// The name shown for the lead-in segment.
pub const LEAD_IN_NAME: &str = "Get ready";

/// The lead-in a routine starts with under `options`.
fn lead_in_of(routine: &Routine, options: PlanOptions) -> Duration {
    if options.no_lead_in {
        Duration::ZERO
    } else {
        options.lead_in.unwrap_or(routine.settings.lead_in)
    }
}

/// Expands a routine into its timeline.
///
/// A routine read by [`crate::routine::parse`] is within the bounds of [`measure`] (at most
/// [`MAX_SEGMENTS`] segments, plus a lead-in from the settings file), which it checks by
/// counting, before anything is expanded.
pub fn expand(routine: &Routine, options: PlanOptions) -> Plan {
    let settings = &routine.settings;
    let first_side = options.first_side.unwrap_or(settings.first_side);
    let lead_in = lead_in_of(routine, options);

    let mut builder = Builder::default();
    if !lead_in.is_zero() {
        builder.push(
            SegmentKind::LeadIn,
            LEAD_IN_NAME.to_string(),
            lead_in,
            None,
            None,
            None,
            1,
        );
    }

    // The previous part, if any: whether it was a pause (rest/placement) and which step/side it was.
    let mut previous: Option<PartKey> = None;
    for round in 1..=settings.rounds {
        for step in &routine.steps {
            let gap = step.transition.unwrap_or(settings.transition);
            for side in sides_of(step, first_side) {
                for spot in 1..=step.spots {
                    let here = PartKey {
                        round,
                        step: step.number,
                        side,
                        is_pause: is_pause(step),
                    };
                    let spot_info = (step.spots > 1).then_some(Spot {
                        number: spot,
                        of: step.spots,
                    });
                    if let Some(prev) = previous {
                        // A new round starts the step over: that is a "next", even when a
                        // one-step routine repeats itself.
                        let same_step = prev.round == here.round && prev.step == here.step;
                        let kind = if same_step && prev.side == here.side {
                            TransitionKind::MoveSpot
                        } else if same_step {
                            TransitionKind::SwitchSide
                        } else {
                            TransitionKind::Next
                        };
                        if !gap.is_zero() && !prev.is_pause && !here.is_pause {
                            let name = transition_name(kind, step, side);
                            builder.push(
                                SegmentKind::Transition(kind),
                                name,
                                gap,
                                Some(step.number),
                                side,
                                spot_info,
                                round,
                            );
                        }
                    }
                    let (kind, duration) = part_of(step);
                    builder.push(
                        kind,
                        step.name.clone(),
                        duration,
                        Some(step.number),
                        side,
                        spot_info,
                        round,
                    );
                    previous = Some(here);
                }
            }
        }
    }

    Plan {
        name: routine.info.name.clone(),
        total: builder.at,
        segments: builder.segments,
        countdown: settings.countdown,
    }
}

#[derive(Debug, Clone, Copy)]
struct PartKey {
    round: u8,
    step: usize,
    side: Option<Side>,
    is_pause: bool,
}

#[derive(Default)]
struct Builder {
    segments: Vec<Segment>,
    at: Duration,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: SegmentKind,
        name: String,
        duration: Duration,
        step: Option<usize>,
        side: Option<Side>,
        spot: Option<Spot>,
        round: u8,
    ) {
        self.segments.push(Segment {
            index: self.segments.len(),
            start: self.at,
            duration,
            kind,
            name,
            step,
            side,
            spot,
            round,
        });
        self.at += duration;
    }
}

fn is_pause(step: &Step) -> bool {
    matches!(
        step.kind,
        StepKind::Rest { .. } | StepKind::Placement { .. }
    )
}

/// The sides a step is played on, in order.
fn sides_of(step: &Step, first_side: Side) -> Vec<Option<Side>> {
    match step.side {
        StepSide::None => vec![None],
        StepSide::Left => vec![Some(Side::Left)],
        StepSide::Right => vec![Some(Side::Right)],
        StepSide::Both => vec![Some(first_side), Some(first_side.other())],
    }
}

/// The segment kind and planned length of one part of a step.
fn part_of(step: &Step) -> (SegmentKind, Duration) {
    match step.kind {
        StepKind::Timed { duration } => (SegmentKind::Timed, duration),
        StepKind::Hold { length } => (SegmentKind::Hold { min: length.min() }, length.max()),
        StepKind::Circles {
            duration,
            reverse_every,
        } => (SegmentKind::Circles { reverse_every }, duration),
        StepKind::Reps { reps, tempo } => {
            (SegmentKind::Reps { reps, tempo }, tempo * u32::from(reps))
        }
        StepKind::Placement { duration: Some(d) } => (SegmentKind::Placement { wait: false }, d),
        StepKind::Placement { duration: None } => {
            (SegmentKind::Placement { wait: true }, Duration::ZERO)
        }
        StepKind::Rest { duration } => (SegmentKind::Rest, duration),
    }
}

fn transition_name(kind: TransitionKind, next: &Step, side: Option<Side>) -> String {
    match kind {
        TransitionKind::MoveSpot => "Move the ball to a new spot".to_string(),
        TransitionKind::SwitchSide => match side {
            Some(side) => format!("Switch to the {} side", side.as_str()),
            None => "Switch sides".to_string(),
        },
        TransitionKind::Next => format!("Next: {}", next.name),
    }
}

#[cfg(test)]
mod tests;
