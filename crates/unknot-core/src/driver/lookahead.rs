//! The look-ahead: a copy of the session run ahead of it, as a cursor.
//!
//! The copy (the shadow) is taken when the session is moved, and then only ever advanced: each
//! cue it produces is counted, and handed out unless the session itself has already reached it.
//! The session, left alone, produces the very same cues in the very same order, so the n-th cue
//! it emits after the copy was taken is the n-th the shadow produced: whether it was handed out
//! is the front of a queue, never a search. Both sides do constant work per cue.

use std::collections::VecDeque;
use std::time::Duration;

use crate::cue::Cue;
use crate::session::{Input, Session};

#[derive(Debug, Clone)]
pub(super) struct Lookahead {
    /// The copy run ahead; `None` while nothing is coming (paused, over).
    shadow: Option<Box<Session>>,
    /// How many cues the session emitted since the copy was taken.
    emitted: u64,
    /// How many cues the shadow produced since it was taken.
    produced: u64,
    /// Cues handed out and not yet emitted by the session, with their place in the sequence.
    handed: VecDeque<(u64, Cue)>,
    /// The session emitted a cue the shadow did not foresee: nothing more is matched.
    broken: bool,
}

impl Lookahead {
    /// A look-ahead that starts from `session` as it is now.
    pub fn fork(session: &Session) -> Lookahead {
        Lookahead {
            shadow: session.is_running().then(|| Box::new(session.clone())),
            emitted: 0,
            produced: 0,
            handed: VecDeque::new(),
            broken: false,
        }
    }

    /// Whether cues were handed out that the session has not reached yet.
    pub fn has_handed(&self) -> bool {
        !self.handed.is_empty()
    }

    /// The instant of the next cue the shadow would produce.
    pub fn next_deadline(&self) -> Option<Duration> {
        self.shadow.as_ref()?.next_deadline()
    }

    /// The session emitted `cue`: was it handed out ahead, and was it the one foreseen?
    pub fn emitted(&mut self, cue: &Cue) -> (bool, bool) {
        let index = self.emitted;
        self.emitted += 1;
        if self.broken {
            return (false, true);
        }
        match self.handed.front() {
            Some((at, handed)) if *at == index => {
                if handed == cue {
                    self.handed.pop_front();
                    (true, true)
                } else {
                    self.broken = true;
                    (false, false)
                }
            }
            _ => (false, true),
        }
    }

    /// Runs the shadow on to `until`, deadline by deadline, producing at most `budget` cues;
    /// returns those the session has not reached, which are now handed out. `more` is set
    /// when the budget ran out first.
    pub fn extend(
        &mut self,
        until: Duration,
        budget: usize,
        answer_waits: bool,
        more: &mut bool,
    ) -> Vec<Cue> {
        let mut ahead = Vec::new();
        let Some(shadow) = self.shadow.as_mut() else {
            return ahead;
        };
        let mut left = budget;
        while let Some(deadline) = shadow.next_deadline().filter(|d| *d <= until) {
            if left == 0 {
                *more = true;
                break;
            }
            let mut cues = shadow.advance_at_most(deadline, left);
            if answer_waits {
                while shadow.status(deadline).waiting {
                    cues.extend(shadow.handle(Input::Confirm, deadline));
                }
            }
            left = left.saturating_sub(cues.len().max(1));
            for cue in cues {
                let index = self.produced;
                self.produced += 1;
                if index >= self.emitted {
                    self.handed.push_back((index, cue));
                    ahead.push(cue);
                }
            }
        }
        ahead
    }
}
