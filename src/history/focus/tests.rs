//! The focus rules one at a time, and as properties over any history.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::history::{Ending, RecordedRating, RoutineRef};
use crate::plan::{self, PlanOptions};
use crate::routine::{ParseOptions, Source};

const ROUTINE: &str = r#"format = 1
[routine]
name = "Hamstrings"
[settings]
lead_in = "0s"
transition = "5s"
[[step]]
kind = "circles"
name = "Circles"
area = "hamstring"
side = "both"
spots = 2
duration = "40s"
reverse_every = "10s"
[[step]]
kind = "hold"
name = "Stretch"
area = "hamstring"
side = "right"
duration = "20s..30s"
[[step]]
kind = "reps"
name = "Bend and straighten"
area = "hamstring"
side = "right"
reps = 10
tempo = "2s"
[[step]]
kind = "timed"
name = "Long roll"
area = "calf"
duration = "80s"
"#;

fn routine_with(settings: &str) -> Routine {
    let text = ROUTINE.replace("[settings]\n", &format!("[settings]\n{settings}"));
    let source = Source {
        path: PathBuf::from("h.toml"),
        text: text.into(),
        base_dir: None,
    };
    crate::routine::parse(&source, &ParseOptions::TEXT_ONLY).unwrap()
}

fn rating(step_name: &str, side: Option<Side>, spot: Option<u8>, value: u8) -> RecordedRating {
    RecordedRating {
        step: 1,
        step_name: step_name.to_string(),
        area: Some("hamstring".to_string()),
        side,
        spot,
        value,
    }
}

fn session(day: u32, ratings: Vec<RecordedRating>) -> SessionRecord {
    let start: Timestamp = format!("2026-11-{day:02}T18:00:00Z").parse().unwrap();
    let start = start.to_zoned_datetime(TimeZone::UTC);
    SessionRecord {
        start: start.clone(),
        end: start,
        routine: RoutineRef {
            name: "Hamstrings".to_string(),
            file: "h".to_string(),
            sha256: String::new(),
        },
        planned_seconds: 600.0,
        actual_seconds: 600.0,
        parts_done: 9,
        parts_skipped: 0,
        skipped: Vec::new(),
        parts_total: 9,
        ending: Ending::Finished,
        ratings,
        speed: 1.0,
        check_in: Default::default(),
    }
}

/// Circles, right side, spot 2, rated `values` in sessions on consecutive days.
fn rated(values: &[u8]) -> Vec<SessionRecord> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            session(
                10 + i as u32,
                vec![rating("Circles", Some(Side::Right), Some(2), *v)],
            )
        })
        .collect()
}

fn focus_of(routine: &Routine, history: &[SessionRecord]) -> (Plan, Focus) {
    let plan = plan::expand(routine, PlanOptions::default());
    let focus = focus(&plan, routine, "h", history);
    (plan, focus)
}

fn segment_named(plan: &Plan, name: &str, side: Option<Side>, spot: Option<u8>) -> usize {
    plan.segments
        .iter()
        .find(|s| s.name == name && s.side == side && s.spot.map(|n| n.number) == spot)
        .unwrap()
        .index
}

#[test]
fn a_spot_rated_4_and_5_gets_more_time_in_proportion_with_its_reason() {
    let routine = routine_with("");
    let (plan, focus) = focus_of(&routine, &rated(&[4, 5]));
    let index = segment_named(&plan, "Circles", Some(Side::Right), Some(2));
    assert_eq!(focus.adjustments.len(), 1, "{focus:?}");
    let adjustment = &focus.adjustments[0];
    assert_eq!(adjustment.segment, index);
    // Mean 4.5: three eighths of 40 s is 15 s.
    assert_eq!(adjustment.change, Change::More(Duration::from_secs(15)));
    assert_eq!(
        adjustment.reason,
        "+15 s: rated 4, 5 in the last 2 sessions"
    );
    let played = apply(&plan, &focus);
    assert_eq!(played.segments[index].duration, Duration::from_secs(55));
    assert_eq!(played.total, plan.total + Duration::from_secs(15));
    // Every later part starts 15 s later.
    let after = &played.segments[index + 1];
    assert_eq!(
        after.start,
        plan.segments[index + 1].start + Duration::from_secs(15)
    );
}

#[test]
fn extra_time_is_at_most_half_the_part() {
    let routine = routine_with("");
    let (plan, focus) = focus_of(&routine, &rated(&[5, 5]));
    let index = segment_named(&plan, "Circles", Some(Side::Right), Some(2));
    assert_eq!(
        focus.of(index).unwrap().change,
        Change::More(Duration::from_secs(20))
    );
}

#[test]
fn no_part_grows_past_90_seconds() {
    let routine = routine_with("");
    let history: Vec<SessionRecord> = [4u8, 4]
        .iter()
        .enumerate()
        .map(|(i, v)| session(10 + i as u32, vec![rating("Long roll", None, None, *v)]))
        .collect();
    let (plan, focus) = focus_of(&routine, &history);
    let index = segment_named(&plan, "Long roll", None, None);
    // 80 s at +25 % would be 100 s: capped at 90 s.
    assert_eq!(
        focus.of(index).unwrap().change,
        Change::More(Duration::from_secs(10))
    );
    assert_eq!(
        apply(&plan, &focus).segments[index].duration,
        Duration::from_secs(90)
    );
}

#[test]
fn focus_max_bounds_the_extra_and_focus_false_turns_it_off() {
    let (plan, focus) = focus_of(&routine_with("focus_max = \"6s\"\n"), &rated(&[5, 5]));
    let index = segment_named(&plan, "Circles", Some(Side::Right), Some(2));
    assert_eq!(
        focus.of(index).unwrap().change,
        Change::More(Duration::from_secs(6))
    );

    let (_, focus) = focus_of(&routine_with("focus = false\n"), &rated(&[5, 5]));
    assert_eq!(focus, Focus::default());
}

#[test]
fn only_the_recent_sessions_count() {
    let routine = routine_with("");
    // Tender long ago, easy in the last three sessions: nothing more.
    let (_, focus) = focus_of(&routine, &rated(&[5, 5, 3, 2, 3]));
    assert!(focus.adjustments.is_empty(), "{focus:?}");
    // A 2 in the recent window: not every recent rating is 4 or 5.
    let (_, focus) = focus_of(&routine, &rated(&[2, 4, 5]));
    assert!(focus.adjustments.is_empty(), "{focus:?}");
    // Another routine's sessions say nothing about this one, nor do previews.
    let mut other = rated(&[5, 5]);
    other[0].routine.file = "other".to_string();
    other[1] = other[1].clone().at_speed(10.0);
    let (_, focus) = focus_of(&routine, &other);
    assert!(focus.adjustments.is_empty(), "{focus:?}");
}

#[test]
fn a_spot_rated_1_three_times_gets_less_but_never_below_the_shortest_part() {
    let routine = routine_with("");
    let (plan, focus) = focus_of(&routine, &rated(&[1, 1, 1]));
    let index = segment_named(&plan, "Circles", Some(Side::Right), Some(2));
    let adjustment = focus.of(index).unwrap();
    assert_eq!(adjustment.change, Change::Less(Duration::from_secs(10)));
    assert_eq!(
        adjustment.reason,
        "-10 s: rated 1 in each of the last 3 sessions"
    );
    // Twice is not enough.
    let (_, focus) = focus_of(&routine, &rated(&[1, 1]));
    assert!(focus.adjustments.is_empty());

    // A 12 s part loses only 2 s: 10 s is the floor.
    let mut short = routine_with("");
    short.steps[3].kind = crate::routine::StepKind::Timed {
        duration: Duration::from_secs(12),
    };
    let history: Vec<SessionRecord> = (0..3)
        .map(|i| session(10 + i, vec![rating("Long roll", None, None, 1)]))
        .collect();
    let (plan, focus) = focus_of(&short, &history);
    let index = segment_named(&plan, "Long roll", None, None);
    assert_eq!(
        focus.of(index).unwrap().change,
        Change::Less(Duration::from_secs(2))
    );
}

#[test]
fn three_fives_in_a_row_get_no_more_time_but_a_caution() {
    let routine = routine_with("");
    let (_, focus) = focus_of(&routine, &rated(&[5, 5, 5]));
    assert!(focus.adjustments.is_empty(), "{focus:?}");
    assert_eq!(focus.cautions.len(), 1);
    assert_eq!(focus.cautions[0].spot, "right hamstring spot 2");
    assert!(
        focus.cautions[0]
            .text
            .contains("should be seen by a professional")
    );
    // Cautions stand even where the trainer turned focus off.
    let (_, focus) = focus_of(&routine_with("focus = false\n"), &rated(&[5, 5, 5]));
    assert_eq!(focus.cautions.len(), 1);
    // A 4 in between breaks the run.
    let (_, focus) = focus_of(&routine, &rated(&[5, 4, 5, 5]));
    assert!(focus.cautions.is_empty());
    assert_eq!(focus.adjustments.len(), 1);
}

#[test]
fn holds_and_reps_are_untouched_unless_the_routine_allows_it() {
    let history: Vec<SessionRecord> = (0..2)
        .map(|i| {
            session(
                10 + i,
                vec![
                    rating("Stretch", Some(Side::Right), None, 5),
                    rating("Bend and straighten", Some(Side::Right), None, 5),
                ],
            )
        })
        .collect();
    let (_, focus) = focus_of(&routine_with(""), &history);
    assert!(focus.adjustments.is_empty(), "{focus:?}");

    let routine = routine_with("focus_holds = true\nfocus_reps = true\n");
    let (plan, focus) = focus_of(&routine, &history);
    let hold = segment_named(&plan, "Stretch", Some(Side::Right), None);
    assert_eq!(
        focus.of(hold).unwrap().change,
        Change::More(Duration::from_secs(15))
    );
    let reps = segment_named(&plan, "Bend and straighten", Some(Side::Right), None);
    let adjustment = focus.of(reps).unwrap();
    // 20 s at +50 % is 10 s: five more reps of 2 s.
    assert_eq!(adjustment.reps, Some(15));
    assert_eq!(
        adjustment.reason,
        "+5 reps (+10 s): rated 5, 5 in the last 2 sessions"
    );
    let played = apply(&plan, &focus);
    assert_eq!(played.segments[reps].duration, Duration::from_secs(30));
    assert!(matches!(
        played.segments[reps].kind,
        SegmentKind::Reps { reps: 15, .. }
    ));
    // The hold's release still comes at its minimum.
    assert!(matches!(
        played.segments[hold].kind,
        SegmentKind::Hold { min: Some(min) } if min == Duration::from_secs(20)
    ));
}

#[test]
fn lines_list_every_change_then_every_caution() {
    let routine = routine_with("");
    let history: Vec<SessionRecord> = [4u8, 5, 4]
        .iter()
        .enumerate()
        .map(|(i, v)| {
            session(
                10 + i as u32,
                vec![
                    rating("Circles", Some(Side::Right), Some(2), *v),
                    rating("Long roll", None, None, 5),
                ],
            )
        })
        .collect();
    let (plan, focus) = focus_of(&routine, &history);
    assert_eq!(
        focus.lines(&plan),
        [
            "Focus on tender spots:".to_string(),
            "  Circles (right, spot 2): +13 s: rated 4, 5, 4 in the last 3 sessions".to_string(),
            format!("Caution: {}", caution_text("hamstring")),
        ]
    );
}

fn any_history() -> impl Strategy<Value = Vec<SessionRecord>> {
    let names = prop::sample::select(vec![
        "Circles",
        "Stretch",
        "Bend and straighten",
        "Long roll",
    ]);
    let one = (
        names,
        prop::option::of(prop::bool::ANY),
        prop::option::of(1u8..=3),
        1u8..=5,
    );
    prop::collection::vec(prop::collection::vec(one, 0..6), 0..8).prop_map(|sessions| {
        sessions
            .into_iter()
            .enumerate()
            .map(|(i, ratings)| {
                let ratings = ratings
                    .into_iter()
                    .map(|(name, side, spot, value)| {
                        let side = side.map(|left| if left { Side::Left } else { Side::Right });
                        rating(name, side, spot, value)
                    })
                    .collect();
                session(1 + i as u32, ratings)
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn the_focused_total_is_the_total_plus_every_change_within_bounds(
        history in any_history(),
        settings in prop::sample::select(vec![
            "", "focus_holds = true\nfocus_reps = true\n", "focus_max = \"3s\"\n",
        ]),
    ) {
        let routine = routine_with(settings);
        let (plan, focus) = focus_of(&routine, &history);
        let played = apply(&plan, &focus);
        let mut expected = plan.total;
        for adjustment in &focus.adjustments {
            let before = plan.segments[adjustment.segment].duration;
            let after = played.segments[adjustment.segment].duration;
            match adjustment.change {
                Change::More(d) => {
                    expected += d;
                    prop_assert!(d.as_secs_f64() <= before.as_secs_f64() * MAX_EXTRA_SHARE + 1e-9);
                    prop_assert!(after <= LONGEST_FOCUSED_PART);
                    if let Some(max) = routine.settings.focus.max_extra {
                        prop_assert!(d <= max);
                    }
                }
                Change::Less(d) => {
                    expected -= d;
                    prop_assert!(after >= SHORTEST_FOCUSED_PART);
                }
            }
            prop_assert!(!d_is_zero(adjustment.change));
            let kind = plan.segments[adjustment.segment].kind;
            if matches!(kind, SegmentKind::Hold { .. }) {
                prop_assert!(routine.settings.focus.holds);
            }
            if matches!(kind, SegmentKind::Reps { .. }) {
                prop_assert!(routine.settings.focus.reps);
            }
        }
        prop_assert_eq!(played.total, expected);
        // Starts are contiguous.
        let mut at = Duration::ZERO;
        for segment in &played.segments {
            prop_assert_eq!(segment.start, at);
            at += segment.duration;
        }
    }
}

fn d_is_zero(change: Change) -> bool {
    match change {
        Change::More(d) | Change::Less(d) => d.is_zero(),
    }
}

#[test]
fn focus_settings_are_checked_with_line_column_and_a_suggestion() {
    let text = ROUTINE.replace(
        "[settings]\n",
        "[settings]\nfocus = \"no\"\nfocus_max = \"20 s\"\nfocus_hold = true\n",
    );
    let source = Source {
        path: PathBuf::from("h.toml"),
        text: text.into(),
        base_dir: None,
    };
    let errors = crate::routine::parse(&source, &ParseOptions::TEXT_ONLY).unwrap_err();
    let found: Vec<(usize, usize, String, Option<String>)> = errors
        .iter()
        .map(|d| (d.line, d.column, d.message.clone(), d.suggestion.clone()))
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (5, 9));
    assert_eq!(
        found[0].2,
        "`focus` must be true or false, found the string \"no\""
    );
    assert_eq!(
        found[0].3.as_deref(),
        Some("write `focus = false`, without quotes")
    );
    assert_eq!(found[1].0, 6);
    assert!(found[1].2.contains("focus_max"), "{found:?}");
    assert_eq!(found[2].0, 7);
    assert_eq!(
        found[2].3.as_deref(),
        Some("did you mean `focus_holds`?"),
        "{found:?}"
    );
    let good =
        routine_with("focus = false\nfocus_max = \"20s\"\nfocus_holds = true\nfocus_reps = true\n");
    assert_eq!(
        good.settings.focus,
        FocusSettings {
            enabled: false,
            max_extra: Some(Duration::from_secs(20)),
            holds: true,
            reps: true
        }
    );
}
