#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::Duration;

use super::*;
use crate::cue::{Cue, CueEvent, Direction};
use crate::plan::{self, PlanOptions};
use crate::routine::{
    HoldLength, Routine, RoutineInfo, Settings, SoundOverrides, Step, StepKind, StepSide,
};

pub(super) fn s(secs: f64) -> Duration {
    Duration::from_secs_f64(secs)
}

pub(super) fn step(kind: StepKind) -> Step {
    Step {
        number: 0,
        name: format!("{} step", kind.as_str()),
        instructions: None,
        area: None,
        tool: None,
        side: StepSide::None,
        spots: 1,
        transition: None,
        kind,
    }
}

pub(super) fn routine(settings: Settings, steps: Vec<Step>) -> Routine {
    Routine {
        info: RoutineInfo {
            name: "Test routine".to_string(),
            ..RoutineInfo::default()
        },
        settings,
        sounds: SoundOverrides::default(),
        steps: steps
            .into_iter()
            .enumerate()
            .map(|(i, step)| Step {
                number: i + 1,
                ..step
            })
            .collect(),
    }
}

/// Settings without lead-in or transitions, so a test sees only its own steps.
fn bare() -> Settings {
    Settings {
        lead_in: Duration::ZERO,
        transition: Duration::ZERO,
        ..Settings::default()
    }
}

fn session_of(settings: Settings, steps: Vec<Step>) -> Session {
    let plan = plan::expand(&routine(settings, steps), PlanOptions::default());
    Session::new(plan, Duration::ZERO)
}

fn timed(secs: f64) -> StepKind {
    StepKind::Timed { duration: s(secs) }
}

/// The cues as (seconds, segment, event), easy to compare.
fn seen(cues: &[Cue]) -> Vec<(f64, usize, CueEvent)> {
    cues.iter()
        .map(|c| (c.at.as_secs_f64(), c.segment, c.event))
        .collect()
}

fn tick(remaining: u32) -> CueEvent {
    CueEvent::Tick { remaining }
}

#[test]
fn a_timed_part_starts_counts_down_and_ends() {
    let mut session = session_of(bare(), vec![step(timed(10.0))]);
    assert_eq!(session.next_deadline(), Some(s(0.0)));
    let first = session.advance(s(0.0));
    assert_eq!(seen(&first), vec![(0.0, 0, CueEvent::Start)]);
    assert_eq!(session.next_deadline(), Some(s(7.0)));
    assert!(session.advance(s(6.9)).is_empty());
    let rest = session.advance(s(60.0));
    assert_eq!(
        seen(&rest),
        vec![
            (7.0, 0, tick(3)),
            (8.0, 0, tick(2)),
            (9.0, 0, tick(1)),
            (10.0, 0, CueEvent::End),
            (10.0, 0, CueEvent::Done { elapsed: s(10.0) }),
        ]
    );
    assert!(session.advance(s(70.0)).is_empty());
    assert_eq!(session.next_deadline(), None);
    let status = session.status(s(70.0));
    assert!(status.finished && !status.quit);
    assert_eq!(status.elapsed, s(10.0));
    assert_eq!(status.remaining, Duration::ZERO);
}

#[test]
fn each_cue_comes_out_once_however_often_it_is_asked() {
    let mut session = session_of(bare(), vec![step(timed(5.0))]);
    let mut all = Vec::new();
    for tenth in 0..80 {
        all.extend(session.advance(s(f64::from(tenth) / 10.0)));
        all.extend(session.advance(s(f64::from(tenth) / 10.0)));
    }
    assert_eq!(
        seen(&all),
        vec![
            (0.0, 0, CueEvent::Start),
            (2.0, 0, tick(3)),
            (3.0, 0, tick(2)),
            (4.0, 0, tick(1)),
            (5.0, 0, CueEvent::End),
            (5.0, 0, CueEvent::Done { elapsed: s(5.0) }),
        ]
    );
}

#[test]
fn time_is_measured_from_the_instant_the_session_began() {
    let plan = plan::expand(
        &routine(bare(), vec![step(timed(4.0))]),
        PlanOptions::default(),
    );
    let mut session = Session::new(plan, s(100.0));
    assert_eq!(
        seen(&session.advance(s(100.0))),
        vec![(100.0, 0, CueEvent::Start)]
    );
    assert_eq!(session.next_deadline(), Some(s(101.0)));
    let status = session.status(s(102.5));
    assert_eq!(status.elapsed, s(2.5));
    assert_eq!(status.remaining, s(1.5));
    let end = session.advance(s(104.0));
    assert_eq!(
        end.last().unwrap().event,
        CueEvent::Done { elapsed: s(4.0) }
    );
    assert_eq!(end.last().unwrap().at, s(104.0));
}

#[test]
fn lead_in_and_transitions_count_down() {
    let settings = Settings {
        lead_in: s(5.0),
        transition: s(4.0),
        countdown: 2,
        ..Settings::default()
    };
    let mut session = session_of(settings, vec![step(timed(3.0)), step(timed(3.0))]);
    let cues = session.advance(s(100.0));
    assert_eq!(
        seen(&cues),
        vec![
            (0.0, 0, CueEvent::Start),
            (3.0, 0, tick(2)),
            (4.0, 0, tick(1)),
            (5.0, 0, CueEvent::End),
            (5.0, 1, CueEvent::Start),
            (6.0, 1, tick(2)),
            (7.0, 1, tick(1)),
            (8.0, 1, CueEvent::End),
            (8.0, 2, CueEvent::Start),
            (10.0, 2, tick(2)),
            (11.0, 2, tick(1)),
            (12.0, 2, CueEvent::End),
            (12.0, 3, CueEvent::Start),
            (13.0, 3, tick(2)),
            (14.0, 3, tick(1)),
            (15.0, 3, CueEvent::End),
            (15.0, 3, CueEvent::Done { elapsed: s(15.0) }),
        ]
    );
}

#[test]
fn a_countdown_longer_than_the_part_ticks_only_after_its_start() {
    let mut session = session_of(bare(), vec![step(timed(2.5))]);
    let events: Vec<CueEvent> = session.advance(s(10.0)).iter().map(|c| c.event).collect();
    assert_eq!(
        events,
        vec![
            CueEvent::Start,
            tick(2),
            tick(1),
            CueEvent::End,
            CueEvent::Done { elapsed: s(2.5) }
        ]
    );
}

#[test]
fn circles_start_clockwise_and_reverse_every_interval() {
    let circles = StepKind::Circles {
        duration: s(6.0),
        reverse_every: Some(s(2.0)),
    };
    let settings = Settings {
        countdown: 0,
        ..bare()
    };
    let mut session = session_of(settings, vec![step(circles)]);
    session.advance(s(0.0));
    assert_eq!(session.status(s(1.0)).direction, Some(Direction::Clockwise));
    let cues = session.advance(s(10.0));
    let ccw = CueEvent::Reverse {
        direction: Direction::Counterclockwise,
    };
    let cw = CueEvent::Reverse {
        direction: Direction::Clockwise,
    };
    assert_eq!(
        seen(&cues),
        vec![
            (2.0, 0, ccw),
            (4.0, 0, cw),
            (6.0, 0, CueEvent::End),
            (6.0, 0, CueEvent::Done { elapsed: s(6.0) }),
        ]
    );
    let mut again = session_of(settings, vec![step(circles)]);
    again.advance(s(3.0));
    assert_eq!(
        again.status(s(3.0)).direction,
        Some(Direction::Counterclockwise)
    );
    again.advance(s(5.0));
    assert_eq!(again.status(s(5.0)).direction, Some(Direction::Clockwise));
}

#[test]
fn reps_click_on_every_rep_without_a_countdown() {
    let reps = StepKind::Reps {
        reps: 3,
        tempo: s(2.0),
    };
    let mut session = session_of(bare(), vec![step(reps)]);
    let first = session.advance(s(0.0));
    assert_eq!(
        seen(&first),
        vec![
            (0.0, 0, CueEvent::Start),
            (0.0, 0, CueEvent::Rep { rep: 1, of: 3 })
        ]
    );
    assert_eq!(session.status(s(3.0)).rep, Some((2, 3)));
    let rest = session.advance(s(20.0));
    assert_eq!(
        seen(&rest),
        vec![
            (2.0, 0, CueEvent::Rep { rep: 2, of: 3 }),
            (4.0, 0, CueEvent::Rep { rep: 3, of: 3 }),
            (6.0, 0, CueEvent::End),
            (6.0, 0, CueEvent::Done { elapsed: s(6.0) }),
        ]
    );
    assert_eq!(session.status(s(20.0)).rep, Some((3, 3)));
}

#[test]
fn extending_reps_adds_reps_at_the_same_tempo() {
    let reps = StepKind::Reps {
        reps: 2,
        tempo: s(5.0),
    };
    let mut session = session_of(bare(), vec![step(reps)]);
    session.advance(s(0.0));
    session.handle(Input::Extend, s(1.0));
    assert_eq!(session.status(s(1.0)).rep, Some((1, 4)));
    let cues = session.advance(s(30.0));
    let reps: Vec<CueEvent> = cues
        .iter()
        .filter(|c| matches!(c.event, CueEvent::Rep { .. }))
        .map(|c| c.event)
        .collect();
    assert_eq!(
        reps,
        vec![
            CueEvent::Rep { rep: 2, of: 4 },
            CueEvent::Rep { rep: 3, of: 4 },
            CueEvent::Rep { rep: 4, of: 4 }
        ]
    );
    assert_eq!(cues.last().unwrap().at, s(20.0));
}

#[test]
fn a_fixed_hold_counts_down_without_release() {
    let hold = StepKind::Hold {
        length: HoldLength::Fixed(s(5.0)),
    };
    let mut session = session_of(bare(), vec![step(hold)]);
    session.advance(s(0.0));
    assert_eq!(session.status(s(1.0)).release, None);
    session.handle(Input::Confirm, s(1.0));
    let events: Vec<CueEvent> = session.advance(s(10.0)).iter().map(|c| c.event).collect();
    assert_eq!(
        events,
        vec![
            tick(3),
            tick(2),
            tick(1),
            CueEvent::End,
            CueEvent::Done { elapsed: s(5.0) }
        ]
    );
}

#[test]
fn a_hold_range_allows_release_at_its_minimum_and_confirm_ends_it() {
    let hold = StepKind::Hold {
        length: HoldLength::Range {
            min: s(15.0),
            max: s(30.0),
        },
    };
    let mut session = session_of(bare(), vec![step(hold), step(timed(5.0))]);
    session.advance(s(0.0));
    assert_eq!(
        session.status(s(10.0)).release,
        Some(ReleaseState::In(s(5.0)))
    );
    // Before the minimum, Confirm does nothing.
    assert!(session.handle(Input::Confirm, s(10.0)).is_empty());
    assert_eq!(session.next_deadline(), Some(s(15.0)));
    assert_eq!(
        seen(&session.advance(s(15.0))),
        vec![(15.0, 0, CueEvent::Release)]
    );
    assert_eq!(session.status(s(16.0)).release, Some(ReleaseState::Allowed));
    let ended = session.handle(Input::Confirm, s(20.0));
    assert_eq!(
        seen(&ended),
        vec![(20.0, 0, CueEvent::End), (20.0, 1, CueEvent::Start)]
    );
    let summary = session.summary(s(20.0));
    assert_eq!((summary.parts_done, summary.parts_skipped), (1, 0));
}

#[test]
fn a_hold_range_left_alone_runs_to_its_maximum() {
    let hold = StepKind::Hold {
        length: HoldLength::Range {
            min: s(2.0),
            max: s(6.0),
        },
    };
    let mut session = session_of(bare(), vec![step(hold)]);
    let events: Vec<(f64, CueEvent)> = session
        .advance(s(60.0))
        .iter()
        .map(|c| (c.at.as_secs_f64(), c.event))
        .collect();
    assert_eq!(
        events,
        vec![
            (0.0, CueEvent::Start),
            (2.0, CueEvent::Release),
            (3.0, tick(3)),
            (4.0, tick(2)),
            (5.0, tick(1)),
            (6.0, CueEvent::End),
            (6.0, CueEvent::Done { elapsed: s(6.0) }),
        ]
    );
}

#[test]
fn a_placement_without_duration_waits_for_confirm() {
    let wait = StepKind::Placement { duration: None };
    let mut session = session_of(bare(), vec![step(wait), step(timed(5.0))]);
    assert_eq!(
        seen(&session.advance(s(0.0))),
        vec![(0.0, 0, CueEvent::Start)]
    );
    assert_eq!(session.next_deadline(), None);
    assert!(session.advance(s(600.0)).is_empty());
    let status = session.status(s(600.0));
    assert!(status.waiting);
    assert_eq!(status.remaining, Duration::ZERO);
    assert_eq!(status.segment_length, s(600.0));
    let confirmed = session.handle(Input::Confirm, s(600.0));
    assert_eq!(
        seen(&confirmed),
        vec![(600.0, 0, CueEvent::End), (600.0, 1, CueEvent::Start)]
    );
    assert!(!session.status(s(600.0)).waiting);
    assert_eq!(session.next_deadline(), Some(s(602.0)));
}

#[test]
fn a_wait_answered_at_once_still_starts_and_ends_in_order() {
    let wait = StepKind::Placement { duration: None };
    let mut session = session_of(bare(), vec![step(wait), step(wait), step(timed(1.0))]);
    let mut cues = session.advance(s(0.0));
    cues.extend(session.handle(Input::Confirm, s(0.0)));
    cues.extend(session.handle(Input::Confirm, s(0.0)));
    assert_eq!(
        seen(&cues),
        vec![
            (0.0, 0, CueEvent::Start),
            (0.0, 0, CueEvent::End),
            (0.0, 1, CueEvent::Start),
            (0.0, 1, CueEvent::End),
            (0.0, 2, CueEvent::Start),
        ]
    );
    let summary = session.summary(s(0.0));
    assert_eq!(summary.parts_done, 2);
}

#[test]
fn placements_with_duration_and_rests_count_down() {
    let placement = StepKind::Placement {
        duration: Some(s(4.0)),
    };
    let rest = StepKind::Rest { duration: s(4.0) };
    let settings = Settings {
        countdown: 1,
        ..bare()
    };
    let mut session = session_of(settings, vec![step(placement), step(rest)]);
    let cues = session.advance(s(100.0));
    assert_eq!(
        seen(&cues),
        vec![
            (0.0, 0, CueEvent::Start),
            (3.0, 0, tick(1)),
            (4.0, 0, CueEvent::End),
            (4.0, 1, CueEvent::Start),
            (7.0, 1, tick(1)),
            (8.0, 1, CueEvent::End),
            (8.0, 1, CueEvent::Done { elapsed: s(8.0) }),
        ]
    );
}

#[test]
fn a_pause_moves_every_deadline_by_its_length() {
    let mut session = session_of(bare(), vec![step(timed(10.0))]);
    session.advance(s(0.0));
    assert!(session.handle(Input::TogglePause, s(3.0)).is_empty());
    assert!(session.status(s(5.0)).paused);
    assert_eq!(session.next_deadline(), None);
    assert!(session.upcoming(s(5.0), s(100.0)).is_empty());
    assert!(session.advance(s(50.0)).is_empty());
    assert_eq!(session.status(s(50.0)).elapsed, s(3.0));
    session.handle(Input::TogglePause, s(53.0));
    assert_eq!(session.next_deadline(), Some(s(57.0)));
    let cues = session.advance(s(100.0));
    assert_eq!(
        seen(&cues),
        vec![
            (57.0, 0, tick(3)),
            (58.0, 0, tick(2)),
            (59.0, 0, tick(1)),
            (60.0, 0, CueEvent::End),
            (60.0, 0, CueEvent::Done { elapsed: s(10.0) }),
        ]
    );
    assert_eq!(session.summary(s(100.0)).elapsed, s(10.0));
}

#[test]
fn next_skips_a_part_but_not_a_transition() {
    let settings = Settings {
        transition: s(5.0),
        ..bare()
    };
    let mut session = session_of(settings, vec![step(timed(30.0)), step(timed(30.0))]);
    session.advance(s(0.0));
    let cues = session.handle(Input::Next, s(4.0));
    assert_eq!(
        seen(&cues),
        vec![(4.0, 0, CueEvent::End), (4.0, 1, CueEvent::Start)]
    );
    session.handle(Input::Next, s(5.0));
    assert_eq!(session.status(s(5.0)).segment, 2);
    let cues = session.advance(s(35.0));
    assert_eq!(
        cues.last().unwrap().event,
        CueEvent::Done { elapsed: s(35.0) }
    );
    let summary = session.summary(s(35.0));
    assert_eq!(
        (
            summary.parts_done,
            summary.parts_skipped,
            summary.total_parts
        ),
        (1, 1, 2)
    );
    assert!(summary.finished);
    assert_eq!(summary.planned, s(65.0));
}

#[test]
fn back_restarts_a_part_under_way() {
    let mut session = session_of(bare(), vec![step(timed(10.0)), step(timed(10.0))]);
    session.advance(s(12.0));
    let cues = session.handle(Input::Back, s(16.0));
    assert_eq!(
        seen(&cues),
        vec![(16.0, 1, CueEvent::End), (16.0, 1, CueEvent::Start)]
    );
    let status = session.status(s(16.0));
    assert_eq!((status.segment, status.remaining), (1, s(10.0)));
    assert_eq!(session.next_deadline(), Some(s(23.0)));
}

#[test]
fn back_just_after_a_start_goes_to_the_previous_part_over_the_transition() {
    let settings = Settings {
        transition: s(5.0),
        ..bare()
    };
    let mut session = session_of(settings, vec![step(timed(10.0)), step(timed(10.0))]);
    // Part 0 [0, 10), transition [10, 15), part 2 from 15.
    session.advance(s(16.0));
    let cues = session.handle(Input::Back, s(16.0));
    assert_eq!(
        seen(&cues),
        vec![(16.0, 2, CueEvent::End), (16.0, 0, CueEvent::Start)]
    );
    let status = session.status(s(16.0));
    assert_eq!((status.segment, status.remaining), (0, s(10.0)));
    // The transition comes again after the replayed part.
    let replay = session.advance(s(26.0));
    assert_eq!(replay.last().unwrap().segment, 1);
    assert_eq!(replay.last().unwrap().event, CueEvent::Start);
}

#[test]
fn back_in_a_transition_goes_to_the_part_before_it() {
    let settings = Settings {
        transition: s(5.0),
        ..bare()
    };
    let mut session = session_of(settings, vec![step(timed(10.0)), step(timed(10.0))]);
    session.advance(s(0.0));
    session.handle(Input::Next, s(3.0));
    session.advance(s(7.0));
    let cues = session.handle(Input::Back, s(7.0));
    assert_eq!(
        seen(&cues),
        vec![(7.0, 1, CueEvent::End), (7.0, 0, CueEvent::Start)]
    );
    // The skipped part is played again: it is no longer counted as skipped.
    assert_eq!(session.summary(s(7.0)).parts_skipped, 0);
}

#[test]
fn back_at_the_very_start_changes_nothing() {
    let mut session = session_of(bare(), vec![step(timed(10.0))]);
    session.advance(s(0.0));
    assert!(session.handle(Input::Back, s(0.0)).is_empty());
    // Within the first seconds of the first part, Back restarts it.
    let cues = session.handle(Input::Back, s(1.0));
    assert_eq!(
        seen(&cues),
        vec![(1.0, 0, CueEvent::End), (1.0, 0, CueEvent::Start)]
    );
    assert_eq!(session.next_deadline(), Some(s(8.0)));
}

#[test]
fn extend_adds_ten_seconds_and_moves_the_countdown() {
    let mut session = session_of(bare(), vec![step(timed(10.0))]);
    session.advance(s(8.5));
    session.handle(Input::Extend, s(8.5));
    let status = session.status(s(8.5));
    assert_eq!(status.segment_length, s(20.0));
    assert_eq!(status.remaining, s(11.5));
    let cues = session.advance(s(30.0));
    assert_eq!(
        seen(&cues),
        vec![
            (17.0, 0, tick(3)),
            (18.0, 0, tick(2)),
            (19.0, 0, tick(1)),
            (20.0, 0, CueEvent::End),
            (20.0, 0, CueEvent::Done { elapsed: s(20.0) }),
        ]
    );
}

#[test]
fn shorten_removes_ten_seconds_or_ends_the_part_now() {
    let mut session = session_of(bare(), vec![step(timed(30.0)), step(timed(30.0))]);
    session.advance(s(5.0));
    session.handle(Input::Shorten, s(5.0));
    assert_eq!(session.status(s(5.0)).segment_length, s(20.0));
    assert_eq!(session.next_deadline(), Some(s(17.0)));
    session.advance(s(25.0));
    // Part 1 started at 20 with 30 s: at 25 s, twice 10 s off leaves 10 s (5 s to go).
    session.handle(Input::Shorten, s(25.0));
    session.handle(Input::Shorten, s(25.0));
    assert_eq!(session.status(s(25.0)).segment_length, s(10.0));
    // With less than 10 s left, the part ends now.
    let last = session.handle(Input::Shorten, s(27.5));
    assert_eq!(
        seen(&last),
        vec![
            (27.0, 1, tick(3)),
            (27.5, 1, CueEvent::End),
            (27.5, 1, CueEvent::Done { elapsed: s(27.5) })
        ]
    );
    assert_eq!(session.summary(s(27.5)).parts_done, 2);
}

#[test]
fn ratings_go_to_the_current_part_or_the_one_before_a_transition() {
    let settings = Settings {
        lead_in: s(3.0),
        transition: s(5.0),
        ..Settings::default()
    };
    let mut circles = step(StepKind::Circles {
        duration: s(10.0),
        reverse_every: None,
    });
    circles.side = StepSide::Both;
    circles.spots = 2;
    let mut session = session_of(
        settings,
        vec![circles, step(StepKind::Rest { duration: s(5.0) })],
    );
    session.handle(Input::Rate(3), s(1.0));
    assert!(session.ratings().is_empty(), "the lead-in has no spot");
    session.handle(Input::Rate(4), s(4.0));
    session.handle(Input::Rate(9), s(4.0));
    session.handle(Input::Rate(0), s(4.0));
    assert_eq!(
        session.ratings(),
        &[SpotRating {
            segment: 1,
            step: 1,
            side: Some(Side::Right),
            spot: Some(1),
            value: 4
        }]
    );
    // In the transition after it, the same spot: the latest rating wins.
    session.handle(Input::Rate(2), s(14.0));
    assert_eq!(session.ratings().len(), 1);
    assert_eq!(session.ratings()[0].value, 2);
    session.handle(Input::Rate(5), s(19.0));
    assert_eq!(session.ratings()[1].spot, Some(2));
    // Segments: 0 lead-in, 1 R1, 2 move, 3 R2, 4 switch, 5 L1, 6 move, 7 L2, 8 rest.
    let status = session.status(s(100.0));
    session.advance(s(60.0));
    assert_eq!(session.status(s(60.0)).segment, 8);
    session.handle(Input::Rate(5), s(60.0));
    assert_eq!(session.ratings().len(), 2, "a rest works no spot");
    assert!(!status.finished);
}

/// What the screen shows after a key 1–5: the rating of the spot that key would rate now.
#[test]
fn the_rating_here_is_the_one_a_key_would_change() {
    let settings = Settings {
        lead_in: s(3.0),
        transition: s(5.0),
        ..Settings::default()
    };
    let mut circles = step(StepKind::Circles {
        duration: s(10.0),
        reverse_every: None,
    });
    circles.spots = 2;
    let mut session = session_of(settings, vec![circles]);
    // Segments: 0 lead-in, 1 spot 1, 2 move, 3 spot 2.
    session.advance(s(4.0));
    assert_eq!(session.rating_here(), None);
    session.handle(Input::Rate(4), s(4.0));
    assert_eq!(session.rating_here(), Some(4));
    session.advance(s(14.0));
    assert_eq!(session.status(s(14.0)).segment, 2);
    assert_eq!(
        session.rating_here(),
        Some(4),
        "a transition rates the spot before it"
    );
    session.advance(s(19.0));
    assert_eq!(session.status(s(19.0)).segment, 3);
    assert_eq!(
        session.rating_here(),
        None,
        "the next spot is not rated yet"
    );
}

#[test]
fn quit_ends_the_session_without_done() {
    let mut session = session_of(bare(), vec![step(timed(10.0)), step(timed(10.0))]);
    session.advance(s(4.0));
    assert!(session.handle(Input::Quit, s(4.0)).is_empty());
    assert!(session.advance(s(100.0)).is_empty());
    assert_eq!(session.next_deadline(), None);
    assert!(session.handle(Input::Next, s(100.0)).is_empty());
    let status = session.status(s(100.0));
    assert!(status.quit && !status.finished);
    let summary = session.summary(s(100.0));
    assert!(!summary.finished);
    assert_eq!(summary.elapsed, s(4.0));
    assert_eq!((summary.parts_done, summary.parts_skipped), (0, 0));
}

#[test]
fn upcoming_looks_ahead_without_changing_the_session() {
    let mut session = session_of(bare(), vec![step(timed(5.0))]);
    session.advance(s(0.0));
    let ahead = session.upcoming(s(1.5), s(2.0));
    assert_eq!(seen(&ahead), vec![(2.0, 0, tick(3)), (3.0, 0, tick(2))]);
    assert_eq!(session.next_deadline(), Some(s(2.0)));
    let later = session.advance(s(3.5));
    assert_eq!(seen(&later), seen(&ahead));
}

#[test]
fn time_never_runs_backwards() {
    let mut session = session_of(bare(), vec![step(timed(10.0))]);
    session.advance(s(5.0));
    assert!(session.advance(s(1.0)).is_empty());
    let cues = session.handle(Input::Next, s(2.0));
    assert_eq!(cues.first().unwrap().at, s(5.0));
}

#[test]
fn a_plan_without_segments_is_done_at_once() {
    let plan = Plan {
        name: "Empty".to_string(),
        segments: Vec::new(),
        total: Duration::ZERO,
        countdown: 3,
    };
    let mut session = Session::new(plan, s(2.0));
    assert_eq!(
        seen(&session.advance(s(2.0))),
        vec![(2.0, 0, CueEvent::Done { elapsed: s(0.0) })]
    );
    assert!(session.status(s(3.0)).finished);
    assert_eq!(session.summary(s(3.0)).total_parts, 0);
}

/// Help and the quit question stop the time while they are open, and give it back only
/// if it was running.
#[test]
fn an_overlay_pauses_and_closing_it_resumes_only_what_it_paused() {
    let mut session = session_of(bare(), vec![step(timed(60.0))]);
    session.advance(s(0.0));
    session.handle(Input::OverlayOpened, s(10.0));
    assert!(session.status(s(30.0)).paused);
    assert_eq!(session.status(s(30.0)).elapsed, s(10.0));
    session.handle(Input::OverlayClosed, s(30.0));
    assert!(!session.status(s(31.0)).paused);
    assert_eq!(session.status(s(31.0)).elapsed, s(11.0));

    // Paused by the runner before: closing the overlay keeps the pause.
    session.handle(Input::TogglePause, s(40.0));
    session.handle(Input::OverlayOpened, s(41.0));
    session.handle(Input::OverlayClosed, s(42.0));
    assert!(session.status(s(50.0)).paused);

    // Space while the overlay is open: the runner's choice stands when it closes.
    session.handle(Input::TogglePause, s(50.0));
    session.handle(Input::OverlayOpened, s(51.0));
    session.handle(Input::TogglePause, s(52.0));
    assert!(!session.status(s(53.0)).paused);
    session.handle(Input::TogglePause, s(54.0));
    session.handle(Input::OverlayClosed, s(55.0));
    assert!(session.status(s(60.0)).paused);
}

/// `-` ends the part at most: presses right after the one that ended it do not shorten
/// the next part.
#[test]
fn shorten_never_runs_past_the_end_of_the_part() {
    let mut session = session_of(bare(), vec![step(timed(25.0)), step(timed(30.0))]);
    session.advance(s(0.0));
    for _ in 0..5 {
        session.handle(Input::Shorten, s(1.0));
    }
    let status = session.status(s(1.0));
    assert_eq!(status.segment, 1, "the first part ended");
    assert_eq!(status.segment_length, s(30.0), "the next part is whole");
    // Later, a deliberate press shortens the part under way.
    session.handle(Input::Shorten, s(5.0));
    assert_eq!(session.status(s(5.0)).segment_length, s(20.0));
}

#[test]
fn enter_ends_a_placement_with_a_duration() {
    let mut session = session_of(
        bare(),
        vec![
            step(StepKind::Placement {
                duration: Some(s(20.0)),
            }),
            step(timed(10.0)),
        ],
    );
    session.advance(s(0.0));
    session.handle(Input::Confirm, s(3.0));
    assert_eq!(session.status(s(3.0)).segment, 1);
    assert_eq!(session.summary(s(3.0)).parts_done, 1);
}

/// Enter before a hold may be released says "not yet" and how long, and ends nothing.
#[test]
fn enter_too_early_in_a_hold_answers_not_yet() {
    let mut session = session_of(
        bare(),
        vec![step(StepKind::Hold {
            length: HoldLength::Range {
                min: s(15.0),
                max: s(30.0),
            },
        })],
    );
    session.advance(s(0.0));
    session.handle(Input::Confirm, s(5.0));
    let status = session.status(s(6.0));
    assert_eq!(status.segment, 0);
    assert_eq!(status.answer, Some(Answer::NotYet(s(9.0))));
    // The answer goes after a few seconds, or with the next key.
    assert_eq!(session.status(s(8.5)).answer, None);
    session.handle(Input::Confirm, s(10.0));
    session.handle(Input::Extend, s(11.0));
    assert_eq!(session.status(s(11.0)).answer, None);
}

/// A key 1–5 rates only where a spot is worked: a step with several spots or an `area`.
#[test]
fn ratings_apply_only_to_parts_that_work_a_spot() {
    let mut with_area = step(timed(10.0));
    with_area.area = Some("calf".to_string());
    let routine = routine(bare(), vec![step(timed(10.0)), with_area]);
    let plan = plan::expand(&routine, PlanOptions::default());
    let mut session = Session::for_routine(&routine, plan, s(0.0));
    session.advance(s(0.0));
    assert!(!session.status(s(0.0)).rateable);
    session.handle(Input::Rate(3), s(1.0));
    assert!(session.ratings().is_empty());
    assert_eq!(session.status(s(1.0)).answer, Some(Answer::NothingToRate));
    session.advance(s(12.0));
    assert!(session.status(s(12.0)).rateable);
    session.handle(Input::Rate(3), s(12.0));
    assert_eq!(session.ratings().len(), 1);
    assert_eq!(session.status(s(12.0)).answer, None);
}

#[test]
fn circles_say_when_they_reverse_next() {
    let mut session = session_of(
        bare(),
        vec![step(StepKind::Circles {
            duration: s(40.0),
            reverse_every: Some(s(15.0)),
        })],
    );
    session.advance(s(0.0));
    assert_eq!(session.status(s(7.0)).reverse_in, Some(s(8.0)));
    assert_eq!(session.status(s(20.0)).reverse_in, Some(s(10.0)));
    // No reversal before the end.
    assert_eq!(session.status(s(31.0)).reverse_in, None);
}

#[test]
fn the_summary_names_the_parts_skipped() {
    let mut circles = step(StepKind::Circles {
        duration: s(10.0),
        reverse_every: None,
    });
    circles.side = StepSide::Both;
    circles.spots = 2;
    let mut session = session_of(
        bare(),
        vec![circles, step(StepKind::Rest { duration: s(5.0) })],
    );
    // Parts: 0 R1, 1 R2, 2 L1, 3 L2, 4 rest. Skip R2 and L2; R1 and L1 run out.
    session.advance(s(10.0));
    session.handle(Input::Next, s(12.0));
    session.advance(s(22.0));
    session.handle(Input::Next, s(23.0));
    session.handle(Input::Next, s(24.0));
    let summary = session.summary(s(24.0));
    assert_eq!(summary.parts_skipped, 3);
    assert_eq!(
        summary.skipped,
        vec![
            SkippedPart {
                segment: 1,
                step: 1,
                side: Some(Side::Right),
                spot: Some(2)
            },
            SkippedPart {
                segment: 3,
                step: 1,
                side: Some(Side::Left),
                spot: Some(2)
            },
            SkippedPart {
                segment: 4,
                step: 2,
                side: None,
                spot: None
            },
        ]
    );
}
