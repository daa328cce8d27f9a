//! What a cue looks like for a runner without sound: each sort of change has its own flash,
//! so that a side switch never looks like a tick.
//!
//! | cue | flash |
//! | --- | --- |
//! | switch side, move the ball, session done | the whole frame floods |
//! | a part starts, circles reverse, a hold may be released | the border turns thick and solid |
//! | a countdown tick | the digits invert |
//! | a rep | none: the count itself changes, and a set of reps must not strobe |

use crate::cue::Cue;
use crate::plan::Plan;
use crate::routine::SoundCue;

/// How the screen flashes, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flash {
    /// Only the digits, inverted.
    Digits,
    /// The frame's border, thick and solid.
    Border,
    /// The whole frame, flooded with the part's colour (reverse video without colour).
    Flood,
}

/// The flash of one cue, if it has one.
pub fn of_cue(plan: &Plan, cue: &Cue) -> Option<Flash> {
    Some(match cue.sound(plan)? {
        SoundCue::SwitchSide | SoundCue::MoveSpot | SoundCue::Done => Flash::Flood,
        SoundCue::Start | SoundCue::End | SoundCue::Reverse | SoundCue::Release => Flash::Border,
        SoundCue::Tick => Flash::Digits,
        SoundCue::Rep => return None,
    })
}

/// The flash of cues that came out together: the strongest of them.
pub fn of_cues(plan: &Plan, cues: &[Cue]) -> Option<Flash> {
    cues.iter().filter_map(|cue| of_cue(plan, cue)).max()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::time::Duration;

    use super::*;
    use crate::cue::{CueEvent, Direction};
    use crate::plan::{PlanOptions, SegmentKind, TransitionKind, expand};

    fn cue(segment: usize, event: CueEvent) -> Cue {
        Cue {
            at: Duration::ZERO,
            segment,
            event,
        }
    }

    #[test]
    fn each_cue_has_its_own_flash() {
        let plan = expand(&super::super::tests::routine(), PlanOptions::default());
        let find = |kind: SegmentKind| plan.segments.iter().position(|s| s.kind == kind).unwrap();
        let switch = find(SegmentKind::Transition(TransitionKind::SwitchSide));
        let move_spot = find(SegmentKind::Transition(TransitionKind::MoveSpot));
        let reps = plan
            .segments
            .iter()
            .position(|s| matches!(s.kind, SegmentKind::Reps { .. }))
            .unwrap();
        assert_eq!(
            of_cue(&plan, &cue(switch, CueEvent::Start)),
            Some(Flash::Flood)
        );
        assert_eq!(
            of_cue(&plan, &cue(move_spot, CueEvent::Start)),
            Some(Flash::Flood)
        );
        let reverse = CueEvent::Reverse {
            direction: Direction::Counterclockwise,
        };
        assert_eq!(of_cue(&plan, &cue(3, reverse)), Some(Flash::Border));
        assert_eq!(
            of_cue(&plan, &cue(3, CueEvent::Release)),
            Some(Flash::Border)
        );
        let tick = CueEvent::Tick { remaining: 2 };
        assert_eq!(of_cue(&plan, &cue(3, tick)), Some(Flash::Digits));
        let rep = CueEvent::Rep { rep: 3, of: 20 };
        assert_eq!(of_cue(&plan, &cue(reps, rep)), None, "reps do not strobe");
        assert_eq!(of_cue(&plan, &cue(3, CueEvent::End)), None);
        // Together, the strongest wins.
        let both = [cue(3, tick), cue(switch, CueEvent::Start)];
        assert_eq!(of_cues(&plan, &both), Some(Flash::Flood));
        assert_eq!(of_cues(&plan, &[cue(reps, rep)]), None);
    }
}
