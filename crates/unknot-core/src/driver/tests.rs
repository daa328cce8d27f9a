//! The driver on a scripted clock, against a model of a sound output that places what it is
//! handed ahead and plays the rest at once: every cue must sound once, on its instant.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::Duration;

use super::*;
use crate::cue::CueEvent;
use crate::plan::{Segment, SegmentKind};

fn s(secs: f64) -> Duration {
    Duration::from_secs_f64(secs)
}

fn plan_of(text: &str) -> Plan {
    let source = crate::routine::Source::from_file(std::path::Path::new("r.toml"), text.into());
    let routine = crate::routine::parse(&source, &crate::routine::ParseOptions::TEXT_ONLY).unwrap();
    crate::plan::expand(&routine, Default::default())
}

/// Every kind of cue: a lead-in, ticks, both sides, a spot move, circles, a hold range, reps
/// and a placement that waits.
const ROUTINE: &str = r#"format = 1
[routine]
name = "Everything"
[settings]
lead_in = "3s"
transition = "2s"
countdown = 3
[[step]]
kind = "timed"
name = "Calf roll"
side = "both"
duration = "8s"
[[step]]
kind = "circles"
name = "Circles"
spots = 2
duration = "9s"
reverse_every = "3s"
[[step]]
kind = "hold"
name = "Press"
duration = "5s..8s"
[[step]]
kind = "placement"
name = "Place the ball"
[[step]]
kind = "reps"
name = "Squeeze"
reps = 6
tempo = "0.5s"
"#;

/// What a sound output would have done with the driver's batches.
#[derive(Default)]
struct Model {
    /// Cues placed ahead and not yet due: (cue, when it was handed).
    placed: Vec<(Cue, Duration)>,
    /// Every cue as it sounded: the cue and the instant it sounded.
    sounded: Vec<(Cue, Duration)>,
    /// How far ahead of its instant each placed cue was handed.
    leads: Vec<Duration>,
    retracts: usize,
}

impl Model {
    fn take(&mut self, batch: &Batch, now: Duration) {
        for due in &batch.due {
            if due.handed {
                let index = self
                    .placed
                    .iter()
                    .position(|(cue, _)| *cue == due.cue)
                    .unwrap_or_else(|| panic!("{:?} was handed but is not placed", due.cue));
                let (cue, _) = self.placed.remove(index);
                self.sounded.push((cue, cue.at));
            } else {
                // Not placed ahead: it sounds now.
                self.sounded.push((due.cue, now));
            }
        }
        if batch.retract {
            self.retracts += 1;
            // Whatever is still placed now is to come: a sound output drops it.
            self.placed.clear();
        }
        for cue in &batch.ahead {
            assert!(
                cue.at > now || batch.more,
                "{cue:?} handed at {now:?}, not ahead"
            );
            self.leads.push(cue.at - now);
            self.placed.push((*cue, now));
        }
    }
}

/// Plays `driver` from `start` to its end on a scripted clock, with `inputs` at their instants,
/// waking exactly when the driver asks to.
fn play(mut driver: Driver, inputs: &[(f64, Input)]) -> (Model, Vec<Duration>) {
    let mut model = Model::default();
    let mut inputs: Vec<(Duration, Input)> = inputs.iter().map(|&(t, i)| (s(t), i)).collect();
    inputs.reverse();
    let mut now = Duration::ZERO;
    let mut wakes = Vec::new();
    for _ in 0..1_000_000 {
        let batch = driver.catch_up(now);
        model.take(&batch, now);
        if batch.more {
            continue;
        }
        let next = driver.next_wake();
        match (inputs.last().copied(), next) {
            (Some((at, input)), next) if next.is_none_or(|n| at <= n) => {
                inputs.pop();
                now = now.max(at);
                let batch = driver.input(input, now);
                model.take(&batch, now);
            }
            (_, Some(next)) => {
                assert!(next > now, "a wake-up in the past: {next:?} at {now:?}");
                now = next;
                wakes.push(now);
            }
            (_, None) => return (model, wakes),
        }
    }
    panic!("the session never ended");
}

fn headless() -> Policy {
    Policy {
        answer_waits: true,
        horizon: s(2.0),
    }
}

/// The cues the session emits, played alone (no look-ahead).
fn plain(plan: Plan, start: Duration, answer_waits: bool, inputs: &[(f64, Input)]) -> Vec<Cue> {
    let policy = Policy {
        horizon: Duration::ZERO,
        answer_waits,
    };
    let (model, _) = play(Driver::new(plan, start, policy), inputs);
    model.sounded.into_iter().map(|(cue, _)| cue).collect()
}

/// Every cue sounded exactly once, on its instant, and nothing else sounded.
fn assert_each_once_on_time(model: &Model, expected: &[Cue]) {
    let cues: Vec<Cue> = model.sounded.iter().map(|(cue, _)| *cue).collect();
    assert_eq!(cues, expected, "the cues, in order, each once");
    for (cue, at) in &model.sounded {
        assert_eq!(*at, cue.at, "{cue:?} sounded at {at:?}");
    }
    assert!(
        model.placed.is_empty(),
        "placed and never due: {:?}",
        model.placed
    );
}

#[test]
fn left_alone_every_cue_is_handed_ahead_once_and_sounds_on_its_instant() {
    let plan = plan_of(ROUTINE);
    let expected = plain(plan.clone(), s(0.1), true, &[]);
    assert!(expected.len() > 40, "{}", expected.len());
    // Started a little in the future, as with a sound device: even the first cue goes ahead.
    let (model, _) = play(Driver::new(plan, s(0.1), headless()), &[]);
    assert_each_once_on_time(&model, &expected);
    // Every cue was handed ahead, at least half the horizon ahead except at the very start.
    assert_eq!(model.leads.len(), expected.len());
    let late_handed = model
        .leads
        .iter()
        .zip(&expected)
        .filter(|(lead, cue)| **lead < s(1.0) && cue.at > s(1.1))
        .count();
    assert_eq!(late_handed, 0, "leads {:?}", model.leads);
}

#[test]
fn after_pause_skip_extend_back_and_shorten_no_cue_is_lost_doubled_or_late() {
    let plan = plan_of(ROUTINE);
    let inputs = [
        (1.5, Input::TogglePause),
        (4.0, Input::TogglePause),
        (7.25, Input::Next),
        (9.9, Input::Extend),
        (12.3, Input::Back),
        (12.4, Input::Back),
        (20.0, Input::Shorten),
        (24.0, Input::TogglePause),
        (24.0, Input::TogglePause),
        (31.7, Input::Rate(3)),
        (33.0, Input::Next),
    ];
    let expected = plain(plan.clone(), Duration::ZERO, true, &inputs);
    let (model, _) = play(Driver::new(plan, Duration::ZERO, headless()), &inputs);
    // The same cues as the session alone, each once; the ones an input made sound at the
    // input's instant (which is theirs), the others where they were placed.
    assert_each_once_on_time(&model, &expected);
    assert!(model.retracts >= 2, "{} retracts", model.retracts);
    assert!(
        expected
            .iter()
            .any(|c| matches!(c.event, CueEvent::Done { .. })),
        "the session reached its end"
    );
}

#[test]
fn on_screen_a_wait_stops_the_look_ahead_until_it_is_answered() {
    let plan = plan_of(ROUTINE);
    let screen = Policy {
        answer_waits: false,
        horizon: s(2.0),
    };
    let wait = plan
        .segments
        .iter()
        .find(|segment| segment.is_wait())
        .unwrap()
        .start;
    // The hold range runs to its maximum; Enter answers the wait a while after it began.
    let enter = wait + s(4.0);
    let inputs = [(enter.as_secs_f64(), Input::Confirm)];
    let expected = plain(plan.clone(), Duration::ZERO, false, &inputs);
    let (model, _) = play(Driver::new(plan.clone(), Duration::ZERO, screen), &inputs);
    assert_each_once_on_time(&model, &expected);
    // Nothing after the wait was handed before Enter.
    let after_wait: Vec<_> = expected.iter().filter(|c| c.at > wait).collect();
    assert!(after_wait.iter().all(|c| c.at >= enter), "{after_wait:?}");
}

#[test]
fn quitting_retracts_what_was_handed_and_nothing_sounds_after() {
    let plan = plan_of(ROUTINE);
    let mut driver = Driver::new(plan, Duration::ZERO, headless());
    let mut model = Model::default();
    for now in [0.0, 1.0, 2.0, 2.5] {
        model.take(&driver.catch_up(s(now)), s(now));
    }
    assert!(!model.placed.is_empty());
    let batch = driver.input(Input::Quit, s(2.6));
    assert!(batch.retract);
    assert!(batch.ahead.is_empty());
    model.take(&batch, s(2.6));
    assert!(model.placed.iter().all(|(cue, _)| cue.at <= s(2.6)));
    assert_eq!(driver.next_wake(), None);
}

/// A plan of `count` parts of `each`, with nothing between them.
fn tiny_parts(count: usize, each: Duration) -> Plan {
    let segments: Vec<Segment> = (0..count)
        .map(|index| Segment {
            index,
            start: each * index as u32,
            duration: each,
            kind: SegmentKind::Timed,
            name: format!("Part {index}"),
            step: Some(1),
            side: None,
            spot: None,
            round: 1,
        })
        .collect();
    Plan {
        name: "Tiny".to_string(),
        total: each * count as u32,
        segments,
        countdown: 0,
    }
}

/// A hundred thousand cues: a look-ahead that searched a list per cue would not end.
#[test]
fn the_look_ahead_is_linear_in_the_cues() {
    let plan = tiny_parts(50_000, Duration::from_millis(1));
    let (model, _) = play(Driver::new(plan, Duration::ZERO, headless()), &[]);
    // A start and an end per part, and the done.
    assert_eq!(model.sounded.len(), 100_001);
    assert!(model.sounded.iter().all(|(cue, at)| cue.at == *at));
}

#[test]
fn a_burst_of_due_cues_comes_out_a_budget_at_a_time() {
    let plan = tiny_parts(10_000, Duration::from_millis(1));
    let mut driver = Driver::new(plan, Duration::ZERO, headless());
    // Far behind: everything is due at once.
    let mut calls = 0;
    let mut due = 0;
    loop {
        let batch = driver.catch_up(s(60.0));
        calls += 1;
        assert!(batch.due.len() + batch.ahead.len() <= BUDGET + 2);
        due += batch.due.len();
        if !batch.more {
            break;
        }
    }
    assert_eq!(due, 20_001);
    assert!(calls >= 20_001 / BUDGET, "{calls} calls");
}

#[test]
fn paused_or_over_nothing_is_handed_and_the_driver_sleeps() {
    let plan = plan_of(ROUTINE);
    let mut driver = Driver::new(plan, Duration::ZERO, headless());
    driver.catch_up(s(1.0));
    let batch = driver.input(Input::TogglePause, s(1.0));
    assert!(batch.retract && batch.ahead.is_empty());
    assert_eq!(driver.next_wake(), None);
    let batch = driver.input(Input::TogglePause, s(30.0));
    assert!(!batch.ahead.is_empty(), "resumed: the look-ahead goes on");
    assert!(batch.ahead.iter().all(|cue| cue.at > s(30.0)));
}

#[test]
fn a_key_on_the_very_instant_of_a_cue_handed_ahead_leaves_that_cue_sounding_once() {
    let plan = plan_of(ROUTINE);
    // The lead-in ticks at 1 s and 2 s: Next and Back land exactly on ticks.
    let inputs = [(2.0, Input::Next), (5.0, Input::Extend), (6.0, Input::Back)];
    let expected = plain(plan.clone(), Duration::ZERO, true, &inputs);
    let (model, _) = play(Driver::new(plan, Duration::ZERO, headless()), &inputs);
    assert_each_once_on_time(&model, &expected);
    let tick = expected
        .iter()
        .filter(|c| c.at == s(2.0) && matches!(c.event, CueEvent::Tick { .. }))
        .count();
    assert_eq!(tick, 1);
}
