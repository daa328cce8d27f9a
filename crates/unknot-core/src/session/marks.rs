//! Where the cues inside one segment fall, as offsets from the segment's start.
//!
//! Only the cues strictly inside a segment live here (ticks, reversals, reps after the first, the
//! release); `Start`, the first `Rep` and `End` are the session's, because they depend on how the
//! segment is entered and left. Everything is computed from the segment's current length, so a
//! length changed by Extend or Shorten moves the countdown with it.

use std::time::Duration;

use crate::cue::{CueEvent, Direction};
use crate::plan::SegmentKind;

/// The shape of a segment as it is being played.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    pub kind: SegmentKind,
    /// Current length, after Extend or Shorten.
    pub length: Duration,
    /// Ticks in the last N whole seconds.
    pub countdown: u8,
}

impl Shape {
    /// The cues with offsets in `(after, upto]`, in time order.
    ///
    /// At one instant the order is: release, reversal, rep, then the countdown tick.
    pub fn marks_between(&self, after: Duration, upto: Duration) -> Vec<(Duration, CueEvent)> {
        let mut marks: Vec<(Duration, CueEvent)> = Vec::new();
        let within = |o: &(Duration, CueEvent)| o.0 <= upto;
        marks.extend(self.release_after(after).filter(within));
        marks.extend(self.reversals_after(after).take_while(within));
        marks.extend(self.reps_after(after).take_while(within));
        marks.extend(self.ticks_after(after).filter(within));
        // Stable: cues at the same offset keep the order above.
        marks.sort_by_key(|m| m.0);
        marks
    }

    /// The offset of the first cue after `after`, if the segment has one before its end.
    pub fn next_mark_after(&self, after: Duration) -> Option<Duration> {
        [
            self.release_after(after).next(),
            self.reversals_after(after).next(),
            self.reps_after(after).next(),
            self.ticks_after(after).next(),
        ]
        .into_iter()
        .flatten()
        .map(|m| m.0)
        .min()
    }

    /// Whether this segment counts down audibly. Reps are left out: their clicks already say
    /// how far along the runner is. Transitions tick: the runner is moving the ball or turning
    /// over, usually looking away from the screen, and "3, 2, 1" says when work begins.
    fn ticks(&self) -> bool {
        match self.kind {
            SegmentKind::Reps { .. } => false,
            SegmentKind::Placement { wait } => !wait,
            SegmentKind::LeadIn
            | SegmentKind::Transition(_)
            | SegmentKind::Timed
            | SegmentKind::Hold { .. }
            | SegmentKind::Circles { .. }
            | SegmentKind::Rest => true,
        }
    }

    /// `Tick { remaining: r }` at `length - r` seconds, latest first in `r`, for the last
    /// `countdown` whole seconds; never at the start instant itself.
    fn ticks_after(&self, after: Duration) -> impl Iterator<Item = (Duration, CueEvent)> + use<> {
        let count = if self.ticks() { self.countdown } else { 0 };
        let length = self.length;
        (1..=u32::from(count))
            .rev()
            .filter_map(move |r| {
                let offset = length.checked_sub(Duration::from_secs(u64::from(r)))?;
                (!offset.is_zero()).then_some((offset, CueEvent::Tick { remaining: r }))
            })
            .filter(move |m| m.0 > after)
    }

    /// A reversal every `reverse_every`, before the end; the first turns counterclockwise.
    fn reversals_after(
        &self,
        after: Duration,
    ) -> impl Iterator<Item = (Duration, CueEvent)> + use<> {
        let every = match self.kind {
            SegmentKind::Circles {
                reverse_every: Some(every),
            } if !every.is_zero() => Some(every),
            _ => None,
        };
        let length = self.length;
        every.into_iter().flat_map(move |every| {
            let first = nanos(after) / nanos(every) + 1;
            (first..)
                .map(move |k| (k, from_nanos(k.saturating_mul(nanos(every)))))
                .take_while(move |(_, offset)| *offset < length)
                .map(|(k, offset)| {
                    (
                        offset,
                        CueEvent::Reverse {
                            direction: direction_after(k),
                        },
                    )
                })
        })
    }

    /// Rep `k` at `(k - 1) × tempo`, from the second on (the first comes with the start).
    fn reps_after(&self, after: Duration) -> impl Iterator<Item = (Duration, CueEvent)> + use<> {
        let tempo = match self.kind {
            SegmentKind::Reps { tempo, .. } if !tempo.is_zero() => Some(tempo),
            _ => None,
        };
        let length = self.length;
        let of = self.reps_of();
        tempo.into_iter().flat_map(move |tempo| {
            // The first rep index k (1-based) whose offset (k - 1) × tempo lies after `after`, at least 2.
            let first = (nanos(after) / nanos(tempo) + 2).max(2);
            (first..)
                .map(move |k| (k, from_nanos((k - 1).saturating_mul(nanos(tempo)))))
                .take_while(move |(_, offset)| *offset < length)
                .map(move |(k, offset)| {
                    let rep = u16::try_from(k).unwrap_or(u16::MAX);
                    (offset, CueEvent::Rep { rep, of })
                })
        })
    }

    /// `Release` when a hold range reaches its minimum, if that is before the end.
    fn release_after(&self, after: Duration) -> impl Iterator<Item = (Duration, CueEvent)> + use<> {
        let min = match self.kind {
            SegmentKind::Hold { min: Some(min) } => Some(min),
            _ => None,
        };
        let length = self.length;
        min.filter(|min| !min.is_zero() && *min < length && *min > after)
            .map(|min| (min, CueEvent::Release))
            .into_iter()
    }

    /// How many reps fit in the current length: the planned count, more after Extend, fewer
    /// after Shorten (a last, partial rep counts).
    pub fn reps_of(&self) -> u16 {
        match self.kind {
            SegmentKind::Reps { tempo, .. } if !tempo.is_zero() => {
                let of = nanos(self.length).div_ceil(nanos(tempo)).max(1);
                u16::try_from(of).unwrap_or(u16::MAX)
            }
            SegmentKind::Reps { reps, .. } => reps.max(1),
            _ => 0,
        }
    }

    /// The rep under way after `elapsed` (1-based).
    pub fn rep_at(&self, elapsed: Duration) -> u16 {
        match self.kind {
            SegmentKind::Reps { tempo, .. } if !tempo.is_zero() => {
                let rep = nanos(elapsed) / nanos(tempo) + 1;
                u16::try_from(rep).unwrap_or(u16::MAX).min(self.reps_of())
            }
            _ => 1,
        }
    }

    /// The time from `elapsed` to the next reversal of circles, if one comes before the end.
    pub fn reverse_in(&self, elapsed: Duration) -> Option<Duration> {
        self.reversals_after(elapsed)
            .next()
            .map(|(offset, _)| offset.saturating_sub(elapsed))
    }

    /// The circle direction after `elapsed`: reversals at or before it, before the end.
    pub fn direction_at(&self, elapsed: Duration) -> Direction {
        match self.kind {
            SegmentKind::Circles {
                reverse_every: Some(every),
            } if !every.is_zero() => {
                let done_by_elapsed = nanos(elapsed) / nanos(every);
                // Reversals strictly before the end: ceil(length / every) - 1.
                let before_end = nanos(self.length).div_ceil(nanos(every)).saturating_sub(1);
                direction_after(done_by_elapsed.min(before_end))
            }
            _ => Direction::Clockwise,
        }
    }
}

/// The direction after `k` reversals, starting clockwise.
fn direction_after(k: u128) -> Direction {
    if k % 2 == 1 {
        Direction::Counterclockwise
    } else {
        Direction::Clockwise
    }
}

fn nanos(d: Duration) -> u128 {
    d.as_nanos()
}

/// A Duration from nanoseconds, saturating at the largest Duration.
fn from_nanos(n: u128) -> Duration {
    let secs = n / 1_000_000_000;
    let sub = (n % 1_000_000_000) as u32;
    u64::try_from(secs).map_or(Duration::MAX, |secs| Duration::new(secs, sub))
}
