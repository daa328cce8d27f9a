//! The session: the state machine that plays a plan.
//!
//! Pure: it never reads a clock, sleeps or prints. The caller passes the current instant of its own
//! monotonic clock, already in session time (scaled by `--speed`), and gets back the cues that fell
//! due. Internally every instant is *active time*: time since the start with the paused spans taken
//! out, so a pause moves every pending deadline by exactly its length, and cue instants are computed
//! from the segment's start, never added up from ticks.

mod controls;
mod marks;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::time::Duration;

use crate::cue::{Cue, CueEvent, Direction};
use crate::plan::{Plan, Segment, SegmentKind};
use crate::routine::Side;

use marks::Shape;

/// What the runner can do during a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Pause, or go on after a pause. Time stops while paused.
    TogglePause,
    /// End the current part now; a part not finished counts as skipped.
    Next,
    /// Restart the current part, or go to the previous part when it started less than
    /// [`BACK_GRACE`] ago. In a transition, go to the part before it.
    Back,
    /// [`STEP`] more for the current part.
    Extend,
    /// [`STEP`] less for the current part, never below what has already passed: with less than
    /// that left, the part ends now.
    Shorten,
    /// The ball is in place (a placement that waits), or end a hold range after its minimum.
    Confirm,
    /// How tender the spot of the current part is, 1–5; other values are ignored.
    Rate(u8),
    /// End the session now, before its end. No `Done` cue.
    Quit,
    /// The help or the quit question opened over the player: time stops, if it ran.
    OverlayOpened,
    /// The help or the quit question closed: time goes on again if the overlay stopped it.
    OverlayClosed,
}

/// How much Extend adds and Shorten removes.
pub const STEP: Duration = Duration::from_secs(10);

/// Back within this long of a part's start goes to the previous part instead of restarting it.
/// Shorten within this long of a part that a Shorten ended changes nothing: repeated presses
/// end a part at most, never run on into the next one.
pub const BACK_GRACE: Duration = Duration::from_secs(2);

/// How long (active time) an answer to a key that could not be done stays on screen.
pub const ANSWER_FOR: Duration = Duration::from_secs(3);

/// A plan being played.
#[derive(Debug, Clone)]
pub struct Session {
    /// Shared so that [`Session::upcoming`] can look ahead on a cheap copy.
    plan: Arc<Plan>,
    /// The caller's instant at which the session started.
    origin: Duration,
    /// Sum of the pauses already over.
    paused_total: Duration,
    /// The caller's instant at which the pause under way began.
    paused_since: Option<Duration>,
    /// The latest instant the caller passed: time never runs backwards, whatever is passed.
    latest: Duration,
    current: Current,
    /// How each segment's last visit ended, by segment index.
    outcomes: Vec<Option<Outcome>>,
    ratings: Vec<SpotRating>,
    ending: Option<Ending>,
    /// Steps (1-based numbers) that name a body `area`: their parts can be rated even on a
    /// single spot. Parts with several spots can always be rated.
    rated_steps: Vec<usize>,
    /// The pause under way was made by an overlay opening, not by the runner.
    paused_by_overlay: bool,
    /// Active time at which a Shorten ended a part.
    shortened_out_at: Option<Duration>,
    /// The latest key that could not be done: what, at which active time, in which segment.
    answer: Option<(Refusal, Duration, usize)>,
}

/// A key that could not be done, which the screen answers instead of staying silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// Enter during a hold range, before its release point.
    NotYet,
    /// A key 1–5 where no spot is worked.
    NothingToRate,
}

/// The screen's answer to a key that could not be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// "not yet — 6 s": Enter before a hold may be released; the time until it may.
    NotYet(Duration),
    /// "nothing to rate here": a key 1–5 where no spot is worked; nothing was recorded.
    NothingToRate,
}

/// The segment being played.
#[derive(Debug, Clone, Copy)]
struct Current {
    index: usize,
    /// Active time at which it started.
    start: Duration,
    /// Current length; `None` while a placement waits for Confirm.
    length: Option<Duration>,
    /// Whether its `Start` cue has gone out.
    started: bool,
    /// Offset up to which its inner cues have gone out.
    emitted_through: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Done,
    Skipped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Reached the end, at this active time.
    Finished(Duration),
    /// The runner quit, at this active time.
    Quit(Duration),
}

impl Ending {
    fn at(self) -> Duration {
        match self {
            Ending::Finished(at) | Ending::Quit(at) => at,
        }
    }
}

/// What the session looks like at an instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// Index of the current segment in the plan (the last one once finished).
    pub segment: usize,
    /// Current length of the segment, after Extend or Shorten; for a placement that waits, the
    /// time it has waited so far.
    pub segment_length: Duration,
    pub elapsed_in_segment: Duration,
    /// Zero while a placement waits.
    pub remaining: Duration,
    /// Active time since the start, pauses excluded.
    pub elapsed: Duration,
    pub paused: bool,
    /// A placement without duration, waiting for Confirm.
    pub waiting: bool,
    /// Reps only: the rep under way (1-based) and how many fit in the segment.
    pub rep: Option<(u16, u16)>,
    /// Circles only.
    pub direction: Option<Direction>,
    /// Hold ranges only.
    pub release: Option<ReleaseState>,
    /// Circles only: the time until they next change direction, if that is before the end.
    pub reverse_in: Option<Duration>,
    /// Whether a key 1–5 rates a spot now.
    pub rateable: bool,
    /// The answer to the latest key that could not be done, for a few seconds.
    pub answer: Option<Answer>,
    /// Reached the end (not quit).
    pub finished: bool,
    pub quit: bool,
}

/// Where a hold range stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseState {
    /// Release is allowed after this much more.
    In(Duration),
    /// The minimum is reached: Confirm ends the hold.
    Allowed,
}

/// The end-of-session figures. A *part* is a segment that is neither the lead-in nor a transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Active time, pauses excluded.
    pub elapsed: Duration,
    /// The plan's total.
    pub planned: Duration,
    /// Parts that ran to their end, or were ended by Confirm or Shorten.
    pub parts_done: usize,
    /// Parts ended early by Next.
    pub parts_skipped: usize,
    /// Which parts those were, in plan order (as many as `parts_skipped`).
    pub skipped: Vec<SkippedPart>,
    pub total_parts: usize,
    /// Reached the end, not quit.
    pub finished: bool,
}

/// A part ended early by Next: what the trainer needs to tell which part the runner skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkippedPart {
    pub segment: usize,
    /// 1-based; the step's name is looked up in the Routine by whoever stores it.
    pub step: usize,
    pub side: Option<Side>,
    pub spot: Option<u8>,
}

/// How tender a spot was, as rated by the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpotRating {
    pub segment: usize,
    /// 1-based; the area is looked up in the Routine by whoever stores it.
    pub step: usize,
    pub side: Option<Side>,
    pub spot: Option<u8>,
    /// 1–5.
    pub value: u8,
}

/// A part is what the runner plays: not the lead-in, not a transition.
fn is_part(segment: &Segment) -> bool {
    !matches!(
        segment.kind,
        SegmentKind::LeadIn | SegmentKind::Transition(_)
    )
}

impl Current {
    fn enter(segment: Option<&Segment>, index: usize, start: Duration) -> Current {
        Current {
            index,
            start,
            length: match segment {
                Some(s) if s.is_wait() => None,
                Some(s) => Some(s.duration),
                None => Some(Duration::ZERO),
            },
            started: false,
            emitted_through: Duration::ZERO,
        }
    }
}

impl Session {
    /// A session whose first segment starts at `now`; its `Start` cue comes out of the first
    /// [`Session::advance`] (or [`Session::handle`]).
    pub fn new(plan: Plan, now: Duration) -> Session {
        let current = Current::enter(plan.segments.first(), 0, Duration::ZERO);
        Session {
            outcomes: vec![None; plan.segments.len()],
            plan: Arc::new(plan),
            origin: now,
            paused_total: Duration::ZERO,
            paused_since: None,
            latest: now,
            current,
            ratings: Vec::new(),
            ending: None,
            rated_steps: Vec::new(),
            paused_by_overlay: false,
            shortened_out_at: None,
            answer: None,
        }
    }

    /// Lets the parts of these steps (1-based numbers: those that name a body `area`) be
    /// rated even on a single spot.
    pub fn rating_steps(mut self, steps: impl IntoIterator<Item = usize>) -> Session {
        self.rated_steps = steps.into_iter().collect();
        self
    }

    /// A session of `routine`'s `plan`: the parts of steps with an `area` can be rated.
    pub fn for_routine(routine: &crate::routine::Routine, plan: Plan, now: Duration) -> Session {
        Session::new(plan, now).rating_steps(
            routine
                .steps
                .iter()
                .filter(|step| step.area.is_some())
                .map(|step| step.number),
        )
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Whether time runs for the session: neither paused nor over.
    pub fn is_running(&self) -> bool {
        self.ending.is_none() && self.paused_since.is_none()
    }

    /// Every cue due at or before `now`, in time order, each exactly once.
    pub fn advance(&mut self, now: Duration) -> Vec<Cue> {
        self.advance_at_most(now, usize::MAX)
    }

    /// Like [`Session::advance`], but stops once about `limit` cues came out (a segment's
    /// inner cues come out together); the next call goes on from there. However many parts
    /// fall due at once, a caller can look at its keys and signals between two calls.
    pub fn advance_at_most(&mut self, now: Duration, limit: usize) -> Vec<Cue> {
        self.latest = self.latest.max(now);
        let mut out = Vec::new();
        let target = self.active_at(self.latest);
        self.run_to(target, &mut out, limit.max(1));
        out
    }

    /// Advances to `now`, applies the input, and returns every cue produced.
    pub fn handle(&mut self, input: Input, now: Duration) -> Vec<Cue> {
        let mut out = self.advance(now);
        self.apply(input, &mut out);
        let target = self.active_at(self.latest);
        self.run_to(target, &mut out, usize::MAX);
        out
    }

    /// The earliest instant at which [`Session::advance`] would produce a cue; `None` when
    /// paused, waiting for Confirm, finished or quit.
    pub fn next_deadline(&self) -> Option<Duration> {
        if self.ending.is_some() || self.paused_since.is_some() {
            return None;
        }
        let current = &self.current;
        if !current.started {
            return Some(self.caller_time(current.start));
        }
        let length = current.length?;
        let offset = self
            .shape(length)
            .and_then(|shape| shape.next_mark_after(current.emitted_through))
            .map_or(length, |mark| mark.min(length));
        Some(self.caller_time(current.start.saturating_add(offset)))
    }

    /// The cues that fall due in `(now, now + horizon]` if nothing is pressed, for placing sounds
    /// ahead of time. A wait stops the look-ahead at its start.
    pub fn upcoming(&self, now: Duration, horizon: Duration) -> Vec<Cue> {
        if self.ending.is_some() || self.paused_since.is_some() {
            return Vec::new();
        }
        let now = now.max(self.latest);
        let mut ahead = self.clone();
        ahead
            .advance(now.saturating_add(horizon))
            .into_iter()
            .filter(|cue| cue.at > now)
            .collect()
    }

    pub fn status(&self, now: Duration) -> Status {
        let active = self.frozen_active(now);
        let current = &self.current;
        let elapsed_in = active.saturating_sub(current.start);
        let waiting = current.length.is_none() && self.ending.is_none();
        let length = current.length.unwrap_or(elapsed_in);
        let elapsed_in = elapsed_in.min(length);
        let shape = self.shape(length);
        let kind = shape.map(|s| s.kind);
        Status {
            segment: current.index,
            segment_length: length,
            elapsed_in_segment: elapsed_in,
            remaining: length - elapsed_in,
            elapsed: active,
            paused: self.paused_since.is_some(),
            waiting,
            rep: shape
                .filter(|s| matches!(s.kind, SegmentKind::Reps { .. }))
                .map(|s| (s.rep_at(elapsed_in), s.reps_of())),
            direction: shape
                .filter(|s| matches!(s.kind, SegmentKind::Circles { .. }))
                .map(|s| s.direction_at(elapsed_in)),
            release: match kind {
                Some(SegmentKind::Hold { min: Some(min) }) if elapsed_in < min => {
                    Some(ReleaseState::In(min - elapsed_in))
                }
                Some(SegmentKind::Hold { min: Some(_) }) => Some(ReleaseState::Allowed),
                _ => None,
            },
            reverse_in: shape.and_then(|s| s.reverse_in(elapsed_in)),
            rateable: self.ending.is_none() && self.rating_target().is_some(),
            answer: self.answer_at(active, elapsed_in),
            finished: matches!(self.ending, Some(Ending::Finished(_))),
            quit: matches!(self.ending, Some(Ending::Quit(_))),
        }
    }

    pub fn summary(&self, now: Duration) -> Summary {
        let count = |wanted: Outcome| self.outcomes.iter().filter(|o| **o == Some(wanted)).count();
        Summary {
            elapsed: self.frozen_active(now),
            planned: self.plan.total,
            parts_done: count(Outcome::Done),
            parts_skipped: count(Outcome::Skipped),
            skipped: self.skipped_parts(),
            total_parts: self.plan.segments.iter().filter(|s| is_part(s)).count(),
            finished: matches!(self.ending, Some(Ending::Finished(_))),
        }
    }

    /// The parts whose last visit was ended early by Next, in plan order.
    fn skipped_parts(&self) -> Vec<SkippedPart> {
        self.plan
            .segments
            .iter()
            .zip(&self.outcomes)
            .filter(|(_, outcome)| **outcome == Some(Outcome::Skipped))
            .filter_map(|(segment, _)| {
                Some(SkippedPart {
                    segment: segment.index,
                    step: segment.step?,
                    side: segment.side,
                    spot: segment.spot.map(|spot| spot.number),
                })
            })
            .collect()
    }

    /// The spots rated so far, one per segment (the latest rating wins), in the order rated.
    pub fn ratings(&self) -> &[SpotRating] {
        &self.ratings
    }

    /// Active time at the caller's instant `now` (no later than the session's end).
    fn frozen_active(&self, now: Duration) -> Duration {
        let active = self.active_at(now.max(self.latest));
        match self.ending {
            Some(ending) => active.min(ending.at()),
            None => active,
        }
    }

    /// Active time at the caller's instant `now`: paused spans taken out.
    fn active_at(&self, now: Duration) -> Duration {
        let now = self.paused_since.unwrap_or(now);
        now.saturating_sub(self.origin.saturating_add(self.paused_total))
    }

    /// The caller's instant for an active time. While paused, time stands at the latest instant.
    fn caller_time(&self, active: Duration) -> Duration {
        match self.paused_since {
            Some(_) => self.latest,
            None => self
                .origin
                .saturating_add(self.paused_total)
                .saturating_add(active),
        }
    }

    /// The current segment's shape at `length`.
    fn shape(&self, length: Duration) -> Option<Shape> {
        self.plan
            .segments
            .get(self.current.index)
            .map(|segment| Shape {
                kind: segment.kind,
                length,
                countdown: self.plan.countdown,
            })
    }

    fn emit(&self, out: &mut Vec<Cue>, active: Duration, segment: usize, event: CueEvent) {
        out.push(Cue {
            at: self.caller_time(active),
            segment,
            event,
        });
    }

    /// Emits every cue up to active time `target`, walking across segment ends, until `out`
    /// holds `limit` cues.
    fn run_to(&mut self, target: Duration, out: &mut Vec<Cue>, limit: usize) {
        while self.ending.is_none() && out.len() < limit {
            let current = self.current;
            if self.plan.segments.get(current.index).is_none() {
                // A plan without segments is over as soon as it starts.
                self.ending = Some(Ending::Finished(current.start));
                let elapsed = current.start;
                self.emit(
                    out,
                    current.start,
                    current.index,
                    CueEvent::Done { elapsed },
                );
                return;
            }
            if !current.started {
                self.current.started = true;
                self.emit(out, current.start, current.index, CueEvent::Start);
                if let Some(shape) = self.shape(current.length.unwrap_or_default())
                    && matches!(shape.kind, SegmentKind::Reps { .. })
                {
                    let of = shape.reps_of();
                    self.emit(
                        out,
                        current.start,
                        current.index,
                        CueEvent::Rep { rep: 1, of },
                    );
                }
            }
            let Some(length) = current.length else {
                return;
            };
            let reached = target.saturating_sub(current.start);
            let upto = reached.min(length);
            if upto > current.emitted_through {
                if let Some(shape) = self.shape(length) {
                    for (offset, event) in shape.marks_between(current.emitted_through, upto) {
                        self.emit(
                            out,
                            current.start.saturating_add(offset),
                            current.index,
                            event,
                        );
                    }
                }
                self.current.emitted_through = upto;
            }
            if reached < length {
                return;
            }
            self.leave(Outcome::Done, current.start.saturating_add(length), out);
        }
    }

    /// Ends the current segment at active time `at` and starts the next one, or finishes.
    fn leave(&mut self, outcome: Outcome, at: Duration, out: &mut Vec<Cue>) {
        let index = self.current.index;
        self.emit(out, at, index, CueEvent::End);
        if let Some(segment) = self.plan.segments.get(index)
            && is_part(segment)
            && let Some(slot) = self.outcomes.get_mut(index)
        {
            *slot = Some(outcome);
        }
        let next = index + 1;
        match self.plan.segments.get(next) {
            Some(segment) => self.current = Current::enter(Some(segment), next, at),
            None => {
                self.ending = Some(Ending::Finished(at));
                self.emit(out, at, index, CueEvent::Done { elapsed: at });
            }
        }
    }
}
