//! Cues: what the runner must notice, and when. The session emits them; outputs (sound, bell,
//! voice, headless JSON) subscribe to them.

use std::time::Duration;

use crate::plan::{Plan, SegmentKind, TransitionKind};
use crate::routine::SoundCue;

/// A cue due at an instant on the session's clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cue {
    /// When it is due, on the same clock the session is driven with (pauses included).
    pub at: Duration,
    /// Index of the segment in the plan.
    pub segment: usize,
    pub event: CueEvent,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CueEvent {
    /// A segment begins.
    Start,
    /// One of the last `countdown` whole seconds of a timed segment.
    Tick { remaining: u32 },
    /// Circles change direction.
    Reverse { direction: Direction },
    /// A rep of a reps segment (1-based).
    Rep { rep: u16, of: u16 },
    /// A hold range reached its minimum: the runner may let go.
    Release,
    /// A segment ends.
    End,
    /// The session is over, after `elapsed` of active (unpaused) time.
    Done { elapsed: Duration },
}

/// The direction of circles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Clockwise,
    Counterclockwise,
}

impl Direction {
    pub fn flipped(self) -> Direction {
        match self {
            Direction::Clockwise => Direction::Counterclockwise,
            Direction::Counterclockwise => Direction::Clockwise,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Clockwise => "clockwise",
            Direction::Counterclockwise => "counterclockwise",
        }
    }
}

impl CueEvent {
    /// The event name used in headless JSON.
    pub fn name(&self) -> &'static str {
        match self {
            CueEvent::Start => "start",
            CueEvent::Tick { .. } => "tick",
            CueEvent::Reverse { .. } => "reverse",
            CueEvent::Rep { .. } => "rep",
            CueEvent::Release => "release",
            CueEvent::End => "end",
            CueEvent::Done { .. } => "done",
        }
    }
}

impl Cue {
    /// The sound this cue makes, if any.
    ///
    /// A segment's end and the next one's start fall on the same instant; one sound says it:
    /// the start of what follows (switch side, move the ball, work begins), or the end sound when
    /// what follows is a plain "next" transition, a rest or a placement. Lead-ins start silently.
    pub fn sound(&self, plan: &Plan) -> Option<SoundCue> {
        let kind = plan.segments.get(self.segment).map(|s| s.kind);
        match self.event {
            CueEvent::Start => match kind? {
                SegmentKind::LeadIn => None,
                SegmentKind::Transition(TransitionKind::SwitchSide) => Some(SoundCue::SwitchSide),
                SegmentKind::Transition(TransitionKind::MoveSpot) => Some(SoundCue::MoveSpot),
                SegmentKind::Transition(TransitionKind::Next)
                | SegmentKind::Rest
                | SegmentKind::Placement { .. } => Some(SoundCue::End),
                _ => Some(match change_without_transition(plan, self.segment) {
                    Some(TransitionKind::SwitchSide) => SoundCue::SwitchSide,
                    Some(TransitionKind::MoveSpot) => SoundCue::MoveSpot,
                    _ => SoundCue::Start,
                }),
            },
            CueEvent::Tick { .. } => Some(SoundCue::Tick),
            CueEvent::Reverse { .. } => Some(SoundCue::Reverse),
            CueEvent::Rep { .. } => Some(SoundCue::Rep),
            CueEvent::Release => Some(SoundCue::Release),
            // Said by the following segment's start, or by `Done` at the very end.
            CueEvent::End => None,
            CueEvent::Done { .. } => Some(SoundCue::Done),
        }
    }
}

/// When a part follows another part of the same step with no transition between them (a
/// transition of "0s"), whether the runner must switch sides or move the ball, which the
/// missing transition would have said.
pub fn change_without_transition(plan: &Plan, segment: usize) -> Option<TransitionKind> {
    let current = plan.segments.get(segment)?;
    let previous = plan.segments.get(segment.checked_sub(1)?)?;
    if matches!(
        previous.kind,
        SegmentKind::LeadIn | SegmentKind::Transition(_)
    ) || previous.step != current.step
        || previous.round != current.round
    {
        return None;
    }
    if previous.side != current.side {
        Some(TransitionKind::SwitchSide)
    } else if previous.spot != current.spot {
        Some(TransitionKind::MoveSpot)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn plan_of(text: &str) -> Plan {
        let source = crate::routine::Source::from_file(std::path::Path::new("r.toml"), text.into());
        let routine =
            crate::routine::parse(&source, &crate::routine::ParseOptions::TEXT_ONLY).unwrap();
        crate::plan::expand(&routine, Default::default())
    }

    fn start_sounds(plan: &Plan) -> Vec<Option<SoundCue>> {
        (0..plan.segments.len())
            .map(|segment| {
                Cue {
                    at: Duration::ZERO,
                    segment,
                    event: CueEvent::Start,
                }
                .sound(plan)
            })
            .collect()
    }

    /// Without transitions there is no transition to sound: the part itself says that the side
    /// or the spot changed.
    #[test]
    fn with_no_transition_a_new_side_or_spot_still_has_its_own_sound() {
        let plan = plan_of(
            "[routine]\nname = \"R\"\n[settings]\nlead_in = \"0s\"\ntransition = \"0s\"\n\
             [[step]]\nkind = \"timed\"\nname = \"A\"\nside = \"both\"\nspots = 2\nduration = \"10s\"\n\
             [[step]]\nkind = \"timed\"\nname = \"B\"\nside = \"left\"\nduration = \"10s\"\n",
        );
        assert_eq!(
            start_sounds(&plan),
            vec![
                Some(SoundCue::Start),
                Some(SoundCue::MoveSpot),
                Some(SoundCue::SwitchSide),
                Some(SoundCue::MoveSpot),
                Some(SoundCue::Start),
            ]
        );
    }

    #[test]
    fn with_transitions_the_transition_has_the_sound_and_the_part_starts() {
        let plan = plan_of(
            "[routine]\nname = \"R\"\n[settings]\nlead_in = \"0s\"\n\
             [[step]]\nkind = \"timed\"\nname = \"A\"\nside = \"both\"\nduration = \"10s\"\n",
        );
        assert_eq!(
            start_sounds(&plan),
            vec![
                Some(SoundCue::Start),
                Some(SoundCue::SwitchSide),
                Some(SoundCue::Start),
            ]
        );
    }
}
