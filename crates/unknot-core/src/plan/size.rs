//! How big a routine's timeline is, counted step by step without building it, and the bounds
//! it must stay within.
//!
//! A routine comes from a stranger: 1000 steps × 20 rounds × 2 sides × 10 spots would be
//! 800,000 segments, and circles reversing every half second for hours would be a cue every
//! instant. The bounds keep what a player holds in memory and has to sound small, and they
//! are checked here, by arithmetic over (round, step) pairs, before a single segment exists.
//! The counting follows the rules of [`super::expand`], using its own helpers.

use std::time::Duration;

use super::{PlanOptions, is_pause, part_of, sides_of};
use crate::plan::SegmentKind;
use crate::routine::Routine;

/// The most segments (parts, transitions and the lead-in) a routine may expand into.
pub const MAX_SEGMENTS: u64 = 10_000;
/// The most cues a routine may sound: every segment's start and end, the countdown's ticks,
/// reversals, reps and releases (ticks counted as if every segment had its full countdown).
pub const MAX_CUES: u64 = 100_000;
/// The longest a routine may be planned to last, lead-in and transitions included.
pub const MAX_PLANNED: Duration = Duration::from_secs(24 * 60 * 60);

/// The size of a timeline, or of its beginning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanSize {
    pub segments: u64,
    pub cues: u64,
    pub total: Duration,
}

/// Which bound a routine passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Segments,
    Cues,
    Length,
}

/// Where a routine first passes a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow {
    /// The index in `routine.steps` of the step whose parts pass it.
    pub step: usize,
    /// The round (1-based) in which they do.
    pub round: u8,
    pub bound: Bound,
    /// The size of the timeline up to the end of that step in that round.
    pub size: PlanSize,
}

impl PlanSize {
    fn add(&mut self, segments: u64, cues: u64, length: Duration) {
        self.segments = self.segments.saturating_add(segments);
        self.cues = self.cues.saturating_add(cues);
        self.total = self.total.saturating_add(length);
    }

    /// The first bound this size passes, if any.
    fn passes(&self) -> Option<Bound> {
        if self.segments > MAX_SEGMENTS {
            Some(Bound::Segments)
        } else if self.cues > MAX_CUES {
            Some(Bound::Cues)
        } else if self.total > MAX_PLANNED {
            Some(Bound::Length)
        } else {
            None
        }
    }
}

/// The size of `routine`'s timeline with `options`, or the first step at which it passes a
/// bound. Takes one step of arithmetic per step and round: at most 20,000 for any routine.
pub fn measure(routine: &Routine, options: PlanOptions) -> Result<PlanSize, Overflow> {
    let settings = &routine.settings;
    let countdown = u64::from(settings.countdown);
    let mut size = PlanSize::default();
    let lead_in = super::lead_in_of(routine, options);
    if !lead_in.is_zero() {
        size.add(1, 2 + countdown, lead_in);
    }
    // Whether a part came before, and whether it was a pause (a rest or a placement).
    let mut previous_is_pause: Option<bool> = None;
    for round in 1..=settings.rounds {
        for (index, step) in routine.steps.iter().enumerate() {
            let parts = sides_of(step, settings.first_side).len() as u64 * u64::from(step.spots);
            let pause = is_pause(step);
            let gap = step.transition.unwrap_or(settings.transition);
            let transitions = if gap.is_zero() || pause {
                0
            } else {
                // Between its own parts, and before its first one unless a pause came before
                // (or nothing did).
                parts - 1 + u64::from(previous_is_pause == Some(false))
            };
            let (kind, length) = part_of(step);
            size.add(
                parts,
                parts.saturating_mul(cues_of_part(kind, length, countdown)),
                length.saturating_mul(u32::try_from(parts).unwrap_or(u32::MAX)),
            );
            size.add(
                transitions,
                transitions * (2 + countdown),
                gap.saturating_mul(u32::try_from(transitions).unwrap_or(u32::MAX)),
            );
            previous_is_pause = Some(pause);
            if let Some(bound) = size.passes() {
                return Err(Overflow {
                    step: index,
                    round,
                    bound,
                    size,
                });
            }
        }
    }
    // The session's `done`.
    size.add(0, 1, Duration::ZERO);
    match size.passes() {
        Some(bound) => Err(Overflow {
            step: routine.steps.len().saturating_sub(1),
            round: settings.rounds,
            bound,
            size,
        }),
        None => Ok(size),
    }
}

/// At most how many cues one part of `step` sounds: start, end, ticks, and its own marks.
fn cues_of_part(kind: SegmentKind, length: Duration, countdown: u64) -> u64 {
    let own = match kind {
        SegmentKind::Circles {
            reverse_every: Some(every),
        } if !every.is_zero() => {
            u64::try_from(length.as_nanos() / every.as_nanos()).unwrap_or(u64::MAX)
        }
        SegmentKind::Reps { reps, .. } => u64::from(reps),
        SegmentKind::Hold { min: Some(_) } => 1,
        _ => 0,
    };
    own.saturating_add(2 + countdown)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::plan::expand;
    use crate::routine::{Source, Step, parse};

    fn routine(text: &str) -> Routine {
        let source = Source::from_file(std::path::Path::new("r.toml"), text.to_string());
        parse(&source, &crate::routine::ParseOptions::TEXT_ONLY).unwrap()
    }

    /// The counted size is what the expanded plan holds.
    #[test]
    fn the_count_matches_the_expanded_plan() {
        let texts = [
            "[routine]\nname = \"R\"\n[[step]]\nkind = \"timed\"\nname = \"A\"\nduration = \"10s\"\n",
            "[routine]\nname = \"R\"\n[settings]\nrounds = 3\nlead_in = \"0s\"\n\
             [[step]]\nkind = \"timed\"\nname = \"A\"\nside = \"both\"\nspots = 3\nduration = \"10s\"\n\
             [[step]]\nkind = \"rest\"\nname = \"B\"\nduration = \"5s\"\n\
             [[step]]\nkind = \"placement\"\nname = \"P\"\n\
             [[step]]\nkind = \"circles\"\nname = \"C\"\nduration = \"20s\"\nreverse_every = \"5s\"\ntransition = \"0s\"\nspots = 2\n\
             [[step]]\nkind = \"reps\"\nname = \"D\"\nreps = 4\nside = \"left\"\n",
            "[routine]\nname = \"R\"\n[settings]\ntransition = \"0s\"\n\
             [[step]]\nkind = \"hold\"\nname = \"H\"\nduration = \"10s..20s\"\nside = \"both\"\ntransition = \"2s\"\n\
             [[step]]\nkind = \"timed\"\nname = \"A\"\nduration = \"10s\"\n",
        ];
        for text in texts {
            let routine = routine(text);
            let plan = expand(&routine, PlanOptions::default());
            let size = measure(&routine, PlanOptions::default()).unwrap();
            assert_eq!(size.segments, plan.segments.len() as u64, "{text}");
            assert_eq!(size.total, plan.total, "{text}");
        }
    }

    /// A routine past the bounds cannot be read from a file: it is made from a valid one.
    fn many_parts(steps: usize, rounds: u8, spots: u8) -> Routine {
        let mut routine = routine(&format!(
            "[routine]\nname = \"R\"\n[settings]\nlead_in = \"0s\"\ntransition = \"0s\"\n\
             [[step]]\nkind = \"timed\"\nname = \"S\"\nspots = {spots}\nside = \"both\"\nduration = \"0.5s\"\n"
        ));
        routine.settings.rounds = rounds;
        routine.steps = (1..=steps)
            .map(|number| Step {
                number,
                ..routine.steps[0].clone()
            })
            .collect();
        routine
    }

    #[test]
    fn ten_thousand_segments_is_the_most() {
        // 500 steps × 2 sides × 10 spots = 10,000 parts.
        let at_limit = many_parts(500, 1, 10);
        assert_eq!(
            measure(&at_limit, PlanOptions::default()).unwrap().segments,
            MAX_SEGMENTS
        );
        let over = many_parts(501, 1, 10);
        let overflow = measure(&over, PlanOptions::default()).unwrap_err();
        assert_eq!(overflow.bound, Bound::Segments);
        assert_eq!((overflow.step, overflow.round), (500, 1));
        // With rounds, the step of the round that passes it is named.
        let rounds = many_parts(300, 2, 10);
        let overflow = measure(&rounds, PlanOptions::default()).unwrap_err();
        assert_eq!((overflow.step, overflow.round), (200, 2));
    }

    #[test]
    fn a_lead_in_counts_as_a_segment() {
        let at_limit = many_parts(500, 1, 10);
        let options = PlanOptions {
            lead_in: Some(Duration::from_secs(5)),
            ..PlanOptions::default()
        };
        assert_eq!(
            measure(&at_limit, options).unwrap_err().bound,
            Bound::Segments
        );
    }

    fn circles(duration: &str, every: &str, rounds: u8) -> Routine {
        let mut routine = routine(&format!(
            "[routine]\nname = \"R\"\n[settings]\nlead_in = \"0s\"\ntransition = \"0s\"\ncountdown = 0\n\
             [[step]]\nkind = \"circles\"\nname = \"C\"\nduration = \"{duration}\"\nreverse_every = \"{every}\"\n"
        ));
        routine.settings.rounds = rounds;
        routine
    }

    #[test]
    fn a_hundred_thousand_cues_is_the_most() {
        // 2 h reversing every 0.5 s: 14,400 reversals and a start and an end per round.
        let seven = circles("2h", "0.5s", 6);
        let size = measure(&seven, PlanOptions::default()).unwrap();
        assert_eq!(size.cues, 6 * 14_402 + 1);
        let eight = circles("2h", "0.5s", 7);
        let overflow = measure(&eight, PlanOptions::default()).unwrap_err();
        assert_eq!(overflow.bound, Bound::Cues);
        assert_eq!(overflow.round, 7);
    }

    #[test]
    fn twenty_four_hours_is_the_longest() {
        let twelve = circles("2h", "1m", 12);
        assert_eq!(
            measure(&twelve, PlanOptions::default()).unwrap().total,
            MAX_PLANNED
        );
        let thirteen = circles("2h", "1m", 13);
        let overflow = measure(&thirteen, PlanOptions::default()).unwrap_err();
        assert_eq!(overflow.bound, Bound::Length);
        assert_eq!(overflow.round, 13);
    }
}
