//! Properties of the session over arbitrary routines and arbitrary key presses.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::Duration;

use proptest::prelude::*;

use super::tests::{routine, step};
use super::*;
use crate::cue::{Cue, CueEvent};
use crate::plan::{self, PlanOptions};
use crate::routine::{HoldLength, Settings, Side, Step, StepKind, StepSide};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn length() -> impl Strategy<Value = Duration> {
    (100u64..=20_000).prop_map(ms)
}

fn kind() -> impl Strategy<Value = StepKind> {
    prop_oneof![
        length().prop_map(|duration| StepKind::Timed { duration }),
        length().prop_map(|d| StepKind::Hold {
            length: HoldLength::Fixed(d)
        }),
        (length(), 1u64..=10_000).prop_map(|(min, more)| StepKind::Hold {
            length: HoldLength::Range {
                min,
                max: min + ms(more)
            }
        }),
        (length(), prop::option::of(50u64..=10_000)).prop_map(|(duration, every)| {
            StepKind::Circles {
                duration,
                reverse_every: every.map(ms).filter(|every| *every < duration),
            }
        }),
        (1u16..=25, 100u64..=3_000).prop_map(|(reps, tempo)| StepKind::Reps {
            reps,
            tempo: ms(tempo)
        }),
        prop::option::of(length()).prop_map(|duration| StepKind::Placement { duration }),
        length().prop_map(|duration| StepKind::Rest { duration }),
    ]
}

fn a_step() -> impl Strategy<Value = Step> {
    (
        kind(),
        0u8..4,
        1u8..=3,
        prop::option::of(prop_oneof![Just(0u64), 100u64..=4_000]),
    )
        .prop_map(|(kind, side, spots, transition)| Step {
            side: [
                StepSide::None,
                StepSide::Left,
                StepSide::Right,
                StepSide::Both,
            ][usize::from(side)],
            spots,
            transition: transition.map(ms),
            ..step(kind)
        })
}

fn a_plan() -> impl Strategy<Value = Plan> {
    (
        prop::collection::vec(a_step(), 1..5),
        prop_oneof![Just(0u64), 100u64..=6_000],
        prop_oneof![Just(0u64), 100u64..=5_000],
        any::<bool>(),
        0u8..=5,
        1u8..=2,
    )
        .prop_map(|(steps, lead_in, transition, left, countdown, rounds)| {
            let settings = Settings {
                lead_in: ms(lead_in),
                transition: ms(transition),
                first_side: if left { Side::Left } else { Side::Right },
                countdown,
                rounds,
                ..Settings::default()
            };
            plan::expand(&routine(settings, steps), PlanOptions::default())
        })
}

fn an_input() -> impl Strategy<Value = Input> {
    prop_oneof![
        Just(Input::TogglePause),
        Just(Input::Next),
        Just(Input::Back),
        Just(Input::Extend),
        Just(Input::Shorten),
        Just(Input::Confirm),
        (0u8..=7).prop_map(Input::Rate),
        Just(Input::Quit),
    ]
}

/// Plays the session from `now` to `until` as a runner who presses nothing would, answering
/// waits on the instant they begin. Returns the cues and the instant reached.
fn play_until(session: &mut Session, mut now: Duration, until: Duration) -> Vec<Cue> {
    let mut cues = session.advance(now);
    for _ in 0..1_000_000 {
        while session.status(now).waiting {
            cues.extend(session.handle(Input::Confirm, now));
        }
        match session.next_deadline() {
            Some(deadline) if deadline <= until => {
                assert!(deadline >= now, "deadline {deadline:?} before {now:?}");
                now = deadline;
                cues.extend(session.advance(now));
            }
            _ => {
                cues.extend(session.advance(until));
                return cues;
            }
        }
    }
    panic!("the session never came to rest");
}

/// Checks the shape of a stream of cues: Start and End pair up, inner cues belong to the
/// segment under way and never repeat within one visit, time never goes back, `Done` comes last.
fn check_stream(plan: &Plan, cues: &[Cue]) -> Result<(), TestCaseError> {
    let mut visiting: Option<usize> = None;
    let mut seen_in_visit: Vec<(Duration, CueEvent)> = Vec::new();
    let mut done = false;
    let mut last = Duration::ZERO;
    for cue in cues {
        prop_assert!(!done, "a cue after done: {cue:?}");
        prop_assert!(cue.at >= last, "time went back at {cue:?}");
        last = cue.at;
        prop_assert!(cue.segment < plan.segments.len().max(1));
        match cue.event {
            CueEvent::Start => {
                prop_assert_eq!(visiting, None, "start before the end of {:?}", visiting);
                visiting = Some(cue.segment);
                seen_in_visit.clear();
            }
            CueEvent::End => {
                prop_assert_eq!(visiting, Some(cue.segment));
                visiting = None;
            }
            CueEvent::Done { .. } => {
                prop_assert_eq!(visiting, None);
                done = true;
            }
            inner => {
                prop_assert_eq!(visiting, Some(cue.segment), "{:?} outside its segment", cue);
                prop_assert!(!seen_in_visit.contains(&(cue.at, inner)), "{cue:?} twice");
                seen_in_visit.push((cue.at, inner));
            }
        }
    }
    Ok(())
}

fn check_status(session: &Session, now: Duration, origin: Duration) -> Result<(), TestCaseError> {
    let status = session.status(now);
    let plan = session.plan();
    prop_assert!(status.segment < plan.segments.len());
    prop_assert!(status.elapsed_in_segment <= status.segment_length);
    prop_assert!(status.remaining <= status.segment_length);
    prop_assert_eq!(
        status.remaining + status.elapsed_in_segment,
        status.segment_length
    );
    prop_assert!(status.elapsed <= now.saturating_sub(origin));
    prop_assert!(!(status.finished && status.quit));
    if let Some((rep, of)) = status.rep {
        prop_assert!(rep >= 1 && rep <= of, "rep {rep} of {of}");
    }
    let summary = session.summary(now);
    prop_assert!(summary.parts_done + summary.parts_skipped <= summary.total_parts);
    prop_assert_eq!(summary.skipped.len(), summary.parts_skipped);
    prop_assert_eq!(summary.finished, status.finished);
    for rating in session.ratings() {
        prop_assert!((1..=5).contains(&rating.value));
        prop_assert!(rating.segment < plan.segments.len());
    }
    Ok(())
}

// The case count is proptest's own (256, or PROPTEST_CASES): the measurement run plays it deep.
proptest! {

    #[test]
    fn left_alone_a_session_ends_exactly_at_the_planned_total(plan in a_plan(), origin in 0u64..100_000) {
        let origin = ms(origin);
        let total = plan.total;
        let mut session = Session::new(plan.clone(), origin);
        let cues = play_until(&mut session, origin, Duration::MAX);
        check_stream(&plan, &cues)?;
        let last = cues.last().unwrap();
        prop_assert_eq!(last.event, CueEvent::Done { elapsed: total });
        prop_assert_eq!(last.at, origin + total);
        let starts: Vec<usize> = cues
            .iter()
            .filter(|c| c.event == CueEvent::Start)
            .map(|c| c.segment)
            .collect();
        prop_assert_eq!(starts, (0..plan.segments.len()).collect::<Vec<_>>());
        for segment in &plan.segments {
            let start = cues.iter().find(|c| c.segment == segment.index).unwrap();
            prop_assert_eq!(start.at, origin + segment.start);
        }
        let summary = session.summary(origin + total + ms(5_000));
        prop_assert!(summary.finished);
        prop_assert_eq!(summary.elapsed, total);
        prop_assert_eq!(summary.parts_done, summary.total_parts);
        prop_assert_eq!(summary.parts_skipped, 0);
    }

    #[test]
    fn a_pause_delays_every_later_cue_by_exactly_its_length(
        plan in a_plan(),
        at in 0.0f64..1.0,
        pause in 1u64..600_000,
    ) {
        let pause = ms(pause);
        let mut plain = Session::new(plan.clone(), Duration::ZERO);
        let expected = play_until(&mut plain, Duration::ZERO, Duration::MAX);

        let paused_at = plan.total.mul_f64(at);
        let mut session = Session::new(plan.clone(), Duration::ZERO);
        let mut cues = play_until(&mut session, Duration::ZERO, paused_at);
        cues.extend(session.handle(Input::TogglePause, paused_at));
        prop_assert_eq!(session.next_deadline(), None);
        cues.extend(session.advance(paused_at + pause / 2));
        cues.extend(session.handle(Input::TogglePause, paused_at + pause));
        cues.extend(play_until(&mut session, paused_at + pause, Duration::MAX));

        let shifted: Vec<Cue> = expected
            .iter()
            .map(|cue| Cue {
                at: if cue.at <= paused_at { cue.at } else { cue.at + pause },
                ..*cue
            })
            .collect();
        prop_assert_eq!(cues, shifted);
        prop_assert_eq!(session.summary(paused_at + pause + plan.total).elapsed, plan.total);
    }

    #[test]
    fn no_sequence_of_keys_leaves_an_impossible_state(
        plan in a_plan(),
        presses in prop::collection::vec((0u64..8_000, an_input()), 0..40),
    ) {
        let origin = ms(1_000);
        let mut session = Session::new(plan.clone(), origin);
        let mut now = origin;
        let mut cues = session.advance(now);
        for (gap, input) in presses {
            let before = now;
            now += ms(gap);
            // Let the deadlines in between come due one by one, as an event loop would.
            cues.extend(play_until_without_answering(&mut session, before, now));
            check_status(&session, now, origin)?;
            cues.extend(session.handle(input, now));
            check_status(&session, now, origin)?;
            check_stream(&plan, &cues)?;
        }
        let quit = session.status(now).quit;
        let paused = session.status(now).paused;
        if paused {
            cues.extend(session.handle(Input::TogglePause, now));
        }
        cues.extend(play_until(&mut session, now, Duration::MAX));
        check_stream(&plan, &cues)?;
        let status = session.status(Duration::MAX);
        let summary = session.summary(Duration::MAX);
        let dones: Vec<&Cue> = cues
            .iter()
            .filter(|c| matches!(c.event, CueEvent::Done { .. }))
            .collect();
        if quit {
            prop_assert!(dones.is_empty());
            prop_assert!(status.quit && !summary.finished);
        } else {
            prop_assert_eq!(dones.len(), 1);
            prop_assert_eq!(dones[0].event, CueEvent::Done { elapsed: summary.elapsed });
            prop_assert!(status.finished && summary.finished);
        }
    }

    #[test]
    fn upcoming_foretells_what_advance_brings(
        plan in a_plan(),
        at in 0.0f64..1.0,
        horizon in 0u64..30_000,
    ) {
        let now = plan.total.mul_f64(at);
        let horizon = ms(horizon);
        let mut session = Session::new(plan, Duration::ZERO);
        play_until(&mut session, Duration::ZERO, now);
        let foretold = session.upcoming(now, horizon);
        let brought = session.advance(now + horizon);
        prop_assert_eq!(foretold, brought);
    }
}

/// Like [`play_until`], but a wait stays unanswered, as when the runner is slow to press Enter.
fn play_until_without_answering(
    session: &mut Session,
    mut now: Duration,
    until: Duration,
) -> Vec<Cue> {
    let mut cues = Vec::new();
    for _ in 0..1_000_000 {
        match session.next_deadline() {
            Some(deadline) if deadline <= until => {
                now = deadline.max(now);
                cues.extend(session.advance(now));
            }
            _ => {
                cues.extend(session.advance(until));
                return cues;
            }
        }
    }
    panic!("the session never came to rest");
}
