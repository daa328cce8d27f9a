//! A scripted source for tests: time jumps to the next scripted event, or to the deadline when
//! that comes first, and every deadline the loop gave is kept.

#![allow(clippy::panic)]

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use super::source::{Event, Source, Timeline};

pub struct Script {
    pub now: Duration,
    base: Instant,
    events: VecDeque<(Duration, Event)>,
    pub deadlines: Vec<Option<Duration>>,
    /// How many times the loop peeked at the events without waiting.
    pub polls: usize,
}

impl Script {
    pub fn new(events: &[(f64, Event)]) -> Script {
        Script {
            now: Duration::ZERO,
            base: Instant::now(),
            events: events
                .iter()
                .map(|&(at, event)| (Duration::from_secs_f64(at), event))
                .collect(),
            deadlines: Vec::new(),
            polls: 0,
        }
    }
}

impl Timeline for Script {
    fn instant_at(&self, at: Duration) -> Instant {
        self.base + at
    }
}

impl Source for Script {
    fn now(&self) -> Duration {
        self.now
    }

    fn wait(&mut self, deadline: Option<Duration>) -> Option<Event> {
        assert!(self.deadlines.len() < 100_000, "the loop does not settle");
        self.deadlines.push(deadline);
        if let Some(d) = deadline {
            assert!(
                d > self.now,
                "a deadline in the past: {d:?} at {:?}",
                self.now
            );
        }
        match (self.events.front().copied(), deadline) {
            (Some((at, _)), Some(d)) if at > d => {
                self.now = d;
                None
            }
            (Some((at, event)), _) => {
                self.events.pop_front();
                self.now = self.now.max(at);
                Some(event)
            }
            (None, Some(d)) => {
                self.now = d;
                None
            }
            (None, None) => Some(Event::InputClosed),
        }
    }

    fn poll(&mut self) -> Option<Event> {
        self.polls += 1;
        match self.events.front().copied() {
            Some((at, event)) if at <= self.now => {
                self.events.pop_front();
                Some(event)
            }
            _ => None,
        }
    }
}
