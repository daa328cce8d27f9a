//! What each key does to a session.

use std::time::Duration;

use crate::cue::{Cue, CueEvent};
use crate::plan::SegmentKind;

use super::{
    ANSWER_FOR, Answer, BACK_GRACE, Current, Ending, Input, Outcome, Refusal, STEP, Session,
    SpotRating, is_part,
};

impl Session {
    /// Applies one input at the latest instant; the caller has already advanced to it.
    pub(super) fn apply(&mut self, input: Input, out: &mut Vec<Cue>) {
        let now = self.latest;
        if let Some(ending) = self.ending {
            // Once over, only the last part can still be rated, from the end screen.
            if let (Input::Rate(value), Ending::Finished(_)) = (input, ending) {
                self.rate(value);
            }
            return;
        }
        let at = self.active_at(now);
        let elapsed_in = at.saturating_sub(self.current.start);
        // A new key replaces the answer to the previous one.
        if !matches!(input, Input::OverlayOpened | Input::OverlayClosed) {
            self.answer = None;
        }
        match input {
            Input::TogglePause => {
                // The runner takes the pause over: closing the overlay leaves it as it is now.
                self.paused_by_overlay = false;
                self.toggle_pause(now);
            }
            Input::OverlayOpened => {
                if self.paused_since.is_none() {
                    self.paused_since = Some(now);
                    self.paused_by_overlay = true;
                }
            }
            Input::OverlayClosed => {
                if std::mem::take(&mut self.paused_by_overlay) && self.paused_since.is_some() {
                    self.toggle_pause(now);
                }
            }
            Input::Next => {
                let outcome = if self.current.length.is_none() || self.release_allowed(elapsed_in) {
                    // A wait has nothing left to skip; a hold range past its minimum is done.
                    Outcome::Done
                } else {
                    Outcome::Skipped
                };
                self.shortened_out_at = None;
                self.leave(outcome, at, out);
            }
            Input::Back => {
                self.shortened_out_at = None;
                self.back(at, elapsed_in, out);
            }
            Input::Extend => {
                if let Some(length) = self.current.length {
                    self.current.length = Some(length.saturating_add(STEP));
                }
            }
            Input::Shorten => {
                // Presses that follow the one that ended the previous part stay with it.
                let just_ended = self
                    .shortened_out_at
                    .is_some_and(|ended| self.current.start >= ended && elapsed_in < BACK_GRACE);
                if let (Some(length), false) = (self.current.length, just_ended) {
                    // With less than STEP left, this is `elapsed_in`: the part ends now.
                    let shorter = length.saturating_sub(STEP).max(elapsed_in);
                    self.current.length = Some(shorter);
                    if shorter == elapsed_in {
                        self.shortened_out_at = Some(at);
                    }
                }
            }
            Input::Confirm => {
                if self.current.length.is_none()
                    || self.release_allowed(elapsed_in)
                    || self.is_placement()
                {
                    // Ends now, as done, when the caller runs the session on to `at`.
                    self.current.length = Some(elapsed_in);
                } else if self.release_pending(elapsed_in) {
                    self.answer = Some((Refusal::NotYet, at, self.current.index));
                }
            }
            Input::Rate(value) => self.rate(value),
            Input::Quit => self.ending = Some(Ending::Quit(at)),
        }
    }

    fn toggle_pause(&mut self, now: Duration) {
        match self.paused_since.take() {
            Some(since) => {
                self.paused_total = self.paused_total.saturating_add(now - since);
            }
            None => self.paused_since = Some(now),
        }
    }

    /// Whether the current segment is a placement (with a duration or waiting).
    fn is_placement(&self) -> bool {
        matches!(
            self.plan.segments.get(self.current.index).map(|s| s.kind),
            Some(SegmentKind::Placement { .. })
        )
    }

    /// Whether the current segment is a hold range before its minimum.
    fn release_pending(&self, elapsed_in: Duration) -> bool {
        matches!(
            self.plan.segments.get(self.current.index).map(|s| s.kind),
            Some(SegmentKind::Hold { min: Some(min) }) if elapsed_in < min
        )
    }

    /// The answer still on screen at active time `active`, `elapsed_in` into the current
    /// segment: for [`ANSWER_FOR`], and only in the segment where the key was pressed.
    pub(super) fn answer_at(&self, active: Duration, elapsed_in: Duration) -> Option<Answer> {
        let (refusal, at, segment) = self.answer?;
        if segment != self.current.index || active >= at.saturating_add(ANSWER_FOR) {
            return None;
        }
        Some(match refusal {
            Refusal::NotYet => match self.plan.segments.get(segment).map(|s| s.kind) {
                Some(SegmentKind::Hold { min: Some(min) }) if elapsed_in < min => {
                    Answer::NotYet(min - elapsed_in)
                }
                _ => return None,
            },
            Refusal::NothingToRate => Answer::NothingToRate,
        })
    }

    /// Whether the current segment is a hold range past its minimum.
    fn release_allowed(&self, elapsed_in: Duration) -> bool {
        matches!(
            self.plan.segments.get(self.current.index).map(|s| s.kind),
            Some(SegmentKind::Hold { min: Some(min) }) if elapsed_in >= min
        )
    }

    /// Restarts the current part, or goes back to the previous one.
    fn back(&mut self, at: Duration, elapsed_in: Duration, out: &mut Vec<Cue>) {
        let index = self.current.index;
        let in_transition = matches!(
            self.plan.segments.get(index).map(|s| s.kind),
            Some(SegmentKind::Transition(_))
        );
        // From a transition, the part before it: the runner is still between the two.
        let previous = if in_transition || elapsed_in < BACK_GRACE {
            self.previous_part(index)
        } else {
            None
        };
        let target = match previous {
            Some(target) => target,
            // Restarting what has only just started would change nothing.
            None if elapsed_in.is_zero() => return,
            None => index,
        };
        self.emit(out, at, index, CueEvent::End);
        for slot in self.outcomes.iter_mut().take(index + 1).skip(target) {
            *slot = None;
        }
        self.current = Current::enter(self.plan.segments.get(target), target, at);
    }

    /// The nearest part before segment `index`.
    fn previous_part(&self, index: usize) -> Option<usize> {
        self.plan.segments.get(..index)?.iter().rposition(is_part)
    }

    /// Rates the spot of the current part, or during a transition the part just before it.
    /// A rest works no spot and cannot be rated.
    fn rate(&mut self, value: u8) {
        if !(1..=5).contains(&value) {
            return;
        }
        let Some(segment) = self.rating_target() else {
            if self.ending.is_none() {
                let at = self.active_at(self.latest);
                self.answer = Some((Refusal::NothingToRate, at, self.current.index));
            }
            return;
        };
        let Some(step) = segment.step else {
            return;
        };
        let rating = SpotRating {
            segment: segment.index,
            step,
            side: segment.side,
            spot: segment.spot.map(|s| s.number),
            value,
        };
        self.ratings.retain(|r| r.segment != rating.segment);
        self.ratings.push(rating);
    }

    /// The rating of the spot that a key 1–5 would rate now, if it has one.
    pub fn rating_here(&self) -> Option<u8> {
        let target = self.rating_target()?.index;
        self.ratings
            .iter()
            .find(|r| r.segment == target)
            .map(|r| r.value)
    }

    /// The part a key 1–5 rates now: the current part, or during a transition the part just
    /// before it; none for a rest, the lead-in or a transition after one, nor for a part that
    /// works no spot (one spot, and no `area` named by its step).
    pub(super) fn rating_target(&self) -> Option<&crate::plan::Segment> {
        let index = self.current.index;
        let target = match self.plan.segments.get(index) {
            Some(segment) if is_part(segment) => Some(index),
            Some(segment) if matches!(segment.kind, SegmentKind::Transition(_)) => {
                index.checked_sub(1)
            }
            _ => None,
        };
        let segment = target.and_then(|t| self.plan.segments.get(t))?;
        if !is_part(segment) || matches!(segment.kind, SegmentKind::Rest) {
            return None;
        }
        let works_a_spot = segment.spot.is_some()
            || segment
                .step
                .is_some_and(|step| self.rated_steps.contains(&step));
        works_a_spot.then_some(segment)
    }
}
