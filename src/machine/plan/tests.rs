use std::time::Duration;

use serde_json::{Value, json};

use super::*;
use crate::history::focus as focusing;
use crate::library;
use crate::machine::golden;
use crate::plan::{PlanOptions, Spot, TransitionKind};
use crate::routine;

fn printed(document: &Plan) -> String {
    let mut text = document.to_json().unwrap();
    text.push('\n');
    text
}

#[test]
fn built_in_plans_are_printed_as_before() {
    let mut compared = 0;
    for entry in library::built_in_entries() {
        // A routine built in later has no snapshot from before.
        let snapshot = format!("plan-{}.json", entry.name);
        if !golden::path(&snapshot).exists() {
            continue;
        }
        compared += 1;
        let routine = entry.parse(&crate::files::ON_DISK).unwrap();
        let plan = plan::expand(&routine, PlanOptions::default());
        golden::assert_same(&printed(&Plan::new(&plan)), &snapshot);
    }
    assert_eq!(compared, 5);
}

/// Every kind of step, hold ranges, waits and every sort of transition.
#[test]
fn a_plan_of_every_key_is_printed_as_before() {
    let routine = routine::load(
        std::path::Path::new("tests/routines/valid/every-key.toml"),
        &crate::files::ON_DISK,
    )
    .unwrap();
    let plan = plan::expand(&routine, PlanOptions::default());
    golden::assert_same(&printed(&Plan::new(&plan)), "plan-every-key.json");
}

/// More time, less time, more reps, a longer hold range, and a caution.
#[test]
fn a_focused_plan_is_printed_as_before() {
    let routine = routine::load(&golden::path("focus.toml"), &crate::files::ON_DISK).unwrap();
    let plan = plan::expand(&routine, PlanOptions::default());
    let focus = focusing::focus(&plan, &routine, "focus", &golden::history());
    let focused = focusing::apply(&plan, &focus);
    golden::assert_same(
        &printed(&Plan::focused(&focused, &focus)),
        "plan-focus.json",
    );
}

#[test]
fn a_focused_plan_with_nothing_to_focus_still_has_its_cautions_list() {
    let plan = plan::Plan {
        name: "Empty".into(),
        segments: Vec::new(),
        total: Duration::ZERO,
        countdown: 3,
    };
    let focus = focusing::Focus::default();
    let value: Value =
        serde_json::from_str(&Plan::focused(&plan, &focus).to_json().unwrap()).unwrap();
    assert_eq!(
        value,
        json!({"name": "Empty", "total_seconds": 0.0, "segments": [], "focus_cautions": []})
    );
    let value: Value = serde_json::from_str(&Plan::new(&plan).to_json().unwrap()).unwrap();
    assert!(value.get("focus_cautions").is_none());
}

fn segment(kind: plan::SegmentKind) -> plan::Segment {
    plan::Segment {
        index: 2,
        start: Duration::from_secs(310),
        duration: Duration::from_secs(5),
        kind,
        name: "Next: Hamstring: small circles".into(),
        step: Some(2),
        side: Some(crate::routine::Side::Right),
        spot: Some(Spot { number: 1, of: 3 }),
        round: 1,
    }
}

fn value_of(segment: &plan::Segment) -> Value {
    serde_json::to_value(Segment::new(segment)).unwrap()
}

#[test]
fn a_transition_has_its_sort_and_describes_what_follows() {
    let transition = segment(plan::SegmentKind::Transition(TransitionKind::Next));
    assert_eq!(
        value_of(&transition),
        json!({"index": 2, "start": 310.0, "duration": 5.0, "kind": "transition",
               "name": "Next: Hamstring: small circles", "step": 2, "side": "right",
               "spot": 1, "wait": false, "transition": "next"})
    );
}

#[test]
fn a_hold_range_has_its_minimum_and_a_wait_is_marked() {
    let mut hold = segment(plan::SegmentKind::Hold {
        min: Some(Duration::from_millis(15_500)),
    });
    hold.duration = Duration::from_secs(30);
    let value = value_of(&hold);
    assert_eq!(value["min_duration"], json!(15.5));
    assert_eq!(value["duration"], json!(30.0));
    assert!(value.get("transition").is_none());

    let mut wait = segment(plan::SegmentKind::Placement { wait: true });
    wait.duration = Duration::ZERO;
    wait.spot = None;
    wait.side = None;
    let value = value_of(&wait);
    assert_eq!(value["wait"], json!(true));
    assert_eq!(value["duration"], json!(0.0));
    assert_eq!(value["spot"], Value::Null);
    assert_eq!(value["side"], Value::Null);
    assert!(value.get("min_duration").is_none());
}
