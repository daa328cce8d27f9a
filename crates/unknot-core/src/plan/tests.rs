//! The timeline rules of the routine format, one at a time, and as properties.

use super::*;
use crate::routine::{HoldLength, RoutineInfo, Settings, SoundOverrides};

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn step(number: usize, name: &str, kind: StepKind) -> Step {
    Step {
        number,
        name: name.to_string(),
        instructions: None,
        area: None,
        tool: None,
        side: StepSide::None,
        spots: 1,
        transition: None,
        kind,
    }
}

fn timed(number: usize, name: &str, seconds: u64) -> Step {
    step(
        number,
        name,
        StepKind::Timed {
            duration: Duration::from_secs(seconds),
        },
    )
}

fn routine(steps: Vec<Step>) -> Routine {
    Routine {
        info: RoutineInfo {
            name: "Test routine".to_string(),
            ..RoutineInfo::default()
        },
        settings: Settings::default(),
        sounds: SoundOverrides::default(),
        steps,
    }
}

fn kinds(plan: &Plan) -> Vec<&'static str> {
    plan.segments.iter().map(|s| s.kind.as_str()).collect()
}

fn transitions(plan: &Plan) -> Vec<TransitionKind> {
    plan.segments
        .iter()
        .filter_map(|s| match s.kind {
            SegmentKind::Transition(kind) => Some(kind),
            _ => None,
        })
        .collect()
}

#[test]
fn lead_in_comes_first_with_its_length() {
    let mut r = routine(vec![timed(1, "Walk", 60)]);
    r.settings.lead_in = secs(10.0);
    let plan = expand(&r, PlanOptions::default());
    assert_eq!(kinds(&plan), ["lead_in", "timed"]);
    let lead = &plan.segments[0];
    assert_eq!(lead.name, LEAD_IN_NAME);
    assert_eq!(lead.duration, secs(10.0));
    assert_eq!((lead.step, lead.side, lead.spot), (None, None, None));
    assert_eq!(plan.segments[1].start, secs(10.0));
}

#[test]
fn zero_lead_in_and_no_lead_in_option_leave_it_out() {
    let mut r = routine(vec![timed(1, "Walk", 60)]);
    r.settings.lead_in = Duration::ZERO;
    assert_eq!(kinds(&expand(&r, PlanOptions::default())), ["timed"]);

    r.settings.lead_in = secs(10.0);
    let options = PlanOptions {
        no_lead_in: true,
        ..PlanOptions::default()
    };
    let plan = expand(&r, options);
    assert_eq!(kinds(&plan), ["timed"]);
    assert_eq!(plan.segments[0].start, Duration::ZERO);
}

#[test]
fn lead_in_option_overrides_the_setting() {
    let r = routine(vec![timed(1, "Walk", 60)]);
    let options = PlanOptions {
        lead_in: Some(secs(3.0)),
        ..PlanOptions::default()
    };
    assert_eq!(expand(&r, options).segments[0].duration, secs(3.0));
}

#[test]
fn no_transition_before_the_first_part_even_after_a_lead_in() {
    let r = routine(vec![timed(1, "Walk", 60), timed(2, "Jog", 30)]);
    let plan = expand(&r, PlanOptions::default());
    assert_eq!(kinds(&plan), ["lead_in", "timed", "transition", "timed"]);
}

#[test]
fn a_plain_next_transition_goes_between_steps_and_describes_what_follows() {
    let mut jog = timed(2, "Jog", 30);
    jog.side = StepSide::Left;
    let r = routine(vec![timed(1, "Walk", 60), jog]);
    let plan = expand(&r, PlanOptions::default());
    let gap = &plan.segments[2];
    assert_eq!(gap.kind, SegmentKind::Transition(TransitionKind::Next));
    assert_eq!(gap.name, "Next: Jog");
    assert_eq!(gap.duration, r.settings.transition);
    assert_eq!(gap.step, Some(2));
    assert_eq!(gap.side, Some(Side::Left));
    assert_eq!(gap.spot, None);
    assert_eq!(gap.start, secs(65.0));
}

#[test]
fn both_sides_play_first_side_then_the_other_with_a_switch_between() {
    let mut hold = step(
        1,
        "Stretch",
        StepKind::Hold {
            length: HoldLength::Fixed(secs(30.0)),
        },
    );
    hold.side = StepSide::Both;
    let mut r = routine(vec![hold]);
    r.settings.lead_in = Duration::ZERO;

    let plan = expand(&r, PlanOptions::default());
    let sides: Vec<_> = plan.segments.iter().map(|s| s.side).collect();
    assert_eq!(
        sides,
        [Some(Side::Right), Some(Side::Left), Some(Side::Left)]
    );
    assert_eq!(transitions(&plan), [TransitionKind::SwitchSide]);
    assert_eq!(plan.segments[1].name, "Switch to the left side");

    r.settings.first_side = Side::Left;
    let plan = expand(&r, PlanOptions::default());
    assert_eq!(plan.segments[0].side, Some(Side::Left));
    assert_eq!(plan.segments[1].name, "Switch to the right side");

    let options = PlanOptions {
        first_side: Some(Side::Right),
        ..PlanOptions::default()
    };
    assert_eq!(expand(&r, options).segments[0].side, Some(Side::Right));
}

#[test]
fn one_sided_steps_keep_their_side_and_sideless_steps_have_none() {
    let mut left = timed(1, "Left calf", 30);
    left.side = StepSide::Left;
    let mut right = timed(2, "Right calf", 30);
    right.side = StepSide::Right;
    let mut r = routine(vec![left, right, timed(3, "Walk", 30)]);
    r.settings.lead_in = Duration::ZERO;
    r.settings.first_side = Side::Left;
    let plan = expand(&r, PlanOptions::default());
    let parts: Vec<_> = plan
        .segments
        .iter()
        .filter(|s| s.kind.is_work())
        .map(|s| s.side)
        .collect();
    assert_eq!(parts, [Some(Side::Left), Some(Side::Right), None]);
    // Different steps: a plain "next", not a side switch.
    assert_eq!(
        transitions(&plan),
        [TransitionKind::Next, TransitionKind::Next]
    );
}

#[test]
fn spots_repeat_each_side_with_move_spot_transitions() {
    let mut circles = step(
        1,
        "Circles",
        StepKind::Circles {
            duration: secs(40.0),
            reverse_every: Some(secs(20.0)),
        },
    );
    circles.side = StepSide::Both;
    circles.spots = 3;
    let mut r = routine(vec![circles]);
    r.settings.lead_in = Duration::ZERO;
    let plan = expand(&r, PlanOptions::default());

    assert_eq!(
        transitions(&plan),
        [
            TransitionKind::MoveSpot,
            TransitionKind::MoveSpot,
            TransitionKind::SwitchSide,
            TransitionKind::MoveSpot,
            TransitionKind::MoveSpot,
        ]
    );
    let parts: Vec<_> = plan
        .segments
        .iter()
        .filter(|s| s.kind.is_work())
        .map(|s| (s.side, s.spot.map(|p| (p.number, p.of))))
        .collect();
    assert_eq!(
        parts,
        [
            (Some(Side::Right), Some((1, 3))),
            (Some(Side::Right), Some((2, 3))),
            (Some(Side::Right), Some((3, 3))),
            (Some(Side::Left), Some((1, 3))),
            (Some(Side::Left), Some((2, 3))),
            (Some(Side::Left), Some((3, 3))),
        ]
    );
    // The move transition describes the spot that follows it.
    let first_move = &plan.segments[1];
    assert_eq!(first_move.name, "Move the ball to a new spot");
    assert_eq!(first_move.spot, Some(Spot { number: 2, of: 3 }));
    assert_eq!(first_move.side, Some(Side::Right));
    // The switch lands on spot 1 of the other side.
    let switch = &plan.segments[5];
    assert_eq!(
        switch.kind,
        SegmentKind::Transition(TransitionKind::SwitchSide)
    );
    assert_eq!(switch.spot, Some(Spot { number: 1, of: 3 }));
    assert_eq!(plan.total, secs(6.0 * 40.0 + 5.0 * 5.0));
}

#[test]
fn a_single_spot_has_no_spot_number() {
    let r = routine(vec![timed(1, "Walk", 60)]);
    let plan = expand(&r, PlanOptions::default());
    assert!(plan.segments.iter().all(|s| s.spot.is_none()));
}

#[test]
fn a_step_transition_overrides_the_setting_before_and_inside_the_step() {
    let mut second = timed(2, "Circles", 30);
    second.spots = 2;
    second.transition = Some(secs(8.0));
    let mut r = routine(vec![timed(1, "Walk", 60), second, timed(3, "Jog", 30)]);
    r.settings.lead_in = Duration::ZERO;
    r.settings.transition = secs(5.0);
    let plan = expand(&r, PlanOptions::default());
    let gaps: Vec<_> = plan
        .segments
        .iter()
        .filter(|s| matches!(s.kind, SegmentKind::Transition(_)))
        .map(|s| (s.kind, s.duration))
        .collect();
    assert_eq!(
        gaps,
        [
            (SegmentKind::Transition(TransitionKind::Next), secs(8.0)),
            (SegmentKind::Transition(TransitionKind::MoveSpot), secs(8.0)),
            // Before step 3, step 3's own (default) transition applies.
            (SegmentKind::Transition(TransitionKind::Next), secs(5.0)),
        ]
    );
}

#[test]
fn zero_length_transitions_are_left_out() {
    let mut second = timed(2, "Jog", 30);
    second.side = StepSide::Both;
    let mut r = routine(vec![timed(1, "Walk", 60), second]);
    r.settings.lead_in = Duration::ZERO;
    r.settings.transition = Duration::ZERO;
    let plan = expand(&r, PlanOptions::default());
    assert_eq!(kinds(&plan), ["timed", "timed", "timed"]);
    assert_eq!(plan.total, secs(120.0));
}

#[test]
fn no_transition_next_to_a_rest_or_a_placement() {
    let mut r = routine(vec![
        timed(1, "Walk", 60),
        step(
            2,
            "Rest",
            StepKind::Rest {
                duration: secs(20.0),
            },
        ),
        timed(3, "Calves", 30),
        step(4, "Place", StepKind::Placement { duration: None }),
        timed(5, "Quads", 30),
    ]);
    r.settings.lead_in = Duration::ZERO;
    let plan = expand(&r, PlanOptions::default());
    assert_eq!(
        kinds(&plan),
        ["timed", "rest", "timed", "placement", "timed"]
    );
}

#[test]
fn a_pause_on_both_sides_gets_no_switch_transition_either() {
    let mut rest = step(
        1,
        "Rest",
        StepKind::Rest {
            duration: secs(10.0),
        },
    );
    rest.side = StepSide::Both;
    let mut r = routine(vec![rest]);
    r.settings.lead_in = Duration::ZERO;
    assert_eq!(kinds(&expand(&r, PlanOptions::default())), ["rest", "rest"]);
}

#[test]
fn rounds_repeat_every_step_with_a_next_transition_between_rounds() {
    let mut stretch = timed(1, "Stretch", 30);
    stretch.side = StepSide::Both;
    let mut r = routine(vec![stretch]);
    r.settings.lead_in = Duration::ZERO;
    r.settings.rounds = 2;
    let plan = expand(&r, PlanOptions::default());
    assert_eq!(
        transitions(&plan),
        [
            TransitionKind::SwitchSide,
            TransitionKind::Next,
            TransitionKind::SwitchSide
        ]
    );
    let rounds: Vec<_> = plan.segments.iter().map(|s| s.round).collect();
    assert_eq!(rounds, [1, 1, 1, 2, 2, 2, 2]);
    assert_eq!(plan.segments[3].name, "Next: Stretch");
    assert_eq!(plan.segments[3].side, Some(Side::Right));
    assert_eq!(plan.total, secs(4.0 * 30.0 + 3.0 * 5.0));
}

#[test]
fn a_one_spot_step_repeated_by_rounds_is_not_a_spot_move() {
    let mut r = routine(vec![timed(1, "Walk", 30)]);
    r.settings.lead_in = Duration::ZERO;
    r.settings.rounds = 3;
    let plan = expand(&r, PlanOptions::default());
    assert_eq!(
        transitions(&plan),
        [TransitionKind::Next, TransitionKind::Next]
    );
}

#[test]
fn a_hold_range_counts_at_its_maximum_and_keeps_its_minimum() {
    let hold = step(
        1,
        "Stretch",
        StepKind::Hold {
            length: HoldLength::Range {
                min: secs(15.0),
                max: secs(30.0),
            },
        },
    );
    let mut r = routine(vec![hold]);
    r.settings.lead_in = Duration::ZERO;
    let plan = expand(&r, PlanOptions::default());
    let part = &plan.segments[0];
    assert_eq!(part.duration, secs(30.0));
    assert_eq!(
        part.kind,
        SegmentKind::Hold {
            min: Some(secs(15.0))
        }
    );
    assert_eq!(plan.total, secs(30.0));
}

#[test]
fn a_placement_without_duration_is_a_zero_length_wait() {
    let mut r = routine(vec![
        step(1, "Place", StepKind::Placement { duration: None }),
        step(
            2,
            "Place again",
            StepKind::Placement {
                duration: Some(secs(10.0)),
            },
        ),
        timed(3, "Roll", 30),
    ]);
    r.settings.lead_in = Duration::ZERO;
    let plan = expand(&r, PlanOptions::default());
    assert!(plan.segments[0].is_wait());
    assert_eq!(plan.segments[0].duration, Duration::ZERO);
    assert!(!plan.segments[1].is_wait());
    assert_eq!(plan.segments[1].duration, secs(10.0));
    assert_eq!(plan.segments[2].start, secs(10.0));
    assert_eq!(plan.total, secs(40.0));
}

#[test]
fn reps_last_reps_times_tempo() {
    let reps = step(
        1,
        "Swings",
        StepKind::Reps {
            reps: 15,
            tempo: secs(1.5),
        },
    );
    let mut r = routine(vec![reps]);
    r.settings.lead_in = Duration::ZERO;
    let plan = expand(&r, PlanOptions::default());
    assert_eq!(plan.segments[0].duration, secs(22.5));
    assert_eq!(
        plan.segments[0].kind,
        SegmentKind::Reps {
            reps: 15,
            tempo: secs(1.5)
        }
    );
}

#[test]
fn segments_are_numbered_back_to_back_and_the_total_is_their_sum() {
    let mut circles = step(
        2,
        "Circles",
        StepKind::Circles {
            duration: secs(40.0),
            reverse_every: None,
        },
    );
    circles.side = StepSide::Both;
    circles.spots = 2;
    let mut r = routine(vec![timed(1, "Walk", 300), circles, timed(3, "Jog", 45)]);
    r.settings.lead_in = secs(10.0);
    r.settings.countdown = 7;
    let plan = expand(&r, PlanOptions::default());
    let mut at = Duration::ZERO;
    for (i, segment) in plan.segments.iter().enumerate() {
        assert_eq!(segment.index, i);
        assert_eq!(segment.start, at);
        at = segment.end();
    }
    assert_eq!(plan.total, at);
    assert_eq!(plan.name, "Test routine");
    assert_eq!(plan.countdown, 7);
    // 10 lead-in + 300 + 5 + 4 × 40 + 3 × 5 + 5 + 45
    assert_eq!(plan.total, secs(540.0));
}

/// Any routine: up to six steps of every kind, side and spot count, any settings.
fn any_routine() -> impl proptest::strategy::Strategy<Value = Routine> {
    use proptest::prelude::*;
    let kind = prop_oneof![
        (1u64..120).prop_map(|s| StepKind::Timed {
            duration: Duration::from_secs(s)
        }),
        (1u64..30, 1u64..30).prop_map(|(a, b)| StepKind::Hold {
            length: HoldLength::Range {
                min: Duration::from_secs(a),
                max: Duration::from_secs(a + b),
            },
        }),
        (2u64..90).prop_map(|s| StepKind::Circles {
            duration: Duration::from_secs(s),
            reverse_every: Some(Duration::from_secs(1)),
        }),
        (1u16..30, 1u64..6).prop_map(|(reps, t)| StepKind::Reps {
            reps,
            tempo: Duration::from_millis(t * 500),
        }),
        proptest::option::of(1u64..30).prop_map(|d| StepKind::Placement {
            duration: d.map(Duration::from_secs),
        }),
        (1u64..60).prop_map(|s| StepKind::Rest {
            duration: Duration::from_secs(s)
        }),
    ];
    let side = prop_oneof![
        Just(StepSide::None),
        Just(StepSide::Left),
        Just(StepSide::Right),
        Just(StepSide::Both),
    ];
    let one_step = (kind, side, 1u8..4, proptest::option::of(0u64..10));
    (
        proptest::collection::vec(one_step, 1..6),
        0u64..10,
        0u64..10,
        any::<bool>(),
        1u8..4,
    )
        .prop_map(|(steps, lead_in, transition, left_first, rounds)| {
            let steps = steps
                .into_iter()
                .enumerate()
                .map(|(i, (kind, side, spots, gap))| {
                    let mut s = step(i + 1, &format!("Step {}", i + 1), kind);
                    s.side = side;
                    s.spots = spots;
                    s.transition = gap.map(Duration::from_secs);
                    s
                })
                .collect();
            let mut r = routine(steps);
            r.settings.lead_in = Duration::from_secs(lead_in);
            r.settings.transition = Duration::from_secs(transition);
            r.settings.first_side = if left_first { Side::Left } else { Side::Right };
            r.settings.rounds = rounds;
            r
        })
}

proptest::proptest! {
    #[test]
    fn every_timeline_keeps_the_rules(r in any_routine()) {
        let plan = expand(&r, PlanOptions::default());
        let is_pause = |s: &Segment| matches!(s.kind, SegmentKind::Rest | SegmentKind::Placement { .. });
        let is_transition = |s: &Segment| matches!(s.kind, SegmentKind::Transition(_));

        // Back to back, numbered in order, and the total is the end of the last one.
        let mut at = Duration::ZERO;
        for (i, segment) in plan.segments.iter().enumerate() {
            proptest::prop_assert_eq!(segment.index, i);
            proptest::prop_assert_eq!(segment.start, at);
            at = segment.end();
        }
        proptest::prop_assert_eq!(plan.total, at);

        // One part per step, side, spot and round.
        let parts = plan.segments.iter().filter(|s| !is_transition(s) && s.kind != SegmentKind::LeadIn).count();
        let per_round: usize = r.steps.iter().map(|s| {
            let sides = if s.side == StepSide::Both { 2 } else { 1 };
            sides * usize::from(s.spots)
        }).sum();
        proptest::prop_assert_eq!(parts, per_round * usize::from(r.settings.rounds));

        // The lead-in only first; a transition never first, never last, never zero long,
        // never next to a pause or another transition, and always followed by its part.
        for (i, segment) in plan.segments.iter().enumerate() {
            if segment.kind == SegmentKind::LeadIn {
                proptest::prop_assert_eq!(i, 0);
            }
            if !is_transition(segment) {
                continue;
            }
            proptest::prop_assert!(!segment.duration.is_zero());
            let before = i.checked_sub(1).and_then(|b| plan.segments.get(b));
            let after = plan.segments.get(i + 1);
            let (Some(before), Some(after)) = (before, after) else {
                return Err(proptest::test_runner::TestCaseError::fail("a transition at an end"));
            };
            proptest::prop_assert!(before.kind != SegmentKind::LeadIn);
            proptest::prop_assert!(!is_pause(before) && !is_pause(after));
            proptest::prop_assert!(!is_transition(before) && !is_transition(after));
            proptest::prop_assert_eq!((segment.step, segment.side, segment.spot, segment.round),
                (after.step, after.side, after.spot, after.round));
        }

        // Only waits are zero long.
        for segment in &plan.segments {
            proptest::prop_assert_eq!(segment.duration.is_zero(), segment.is_wait());
        }
    }
}
