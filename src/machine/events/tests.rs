use std::time::Duration;

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::*;
use crate::cue::Direction as Turn;
use crate::history::focus;
use crate::library;
use crate::machine::golden;
use crate::plan::{self, PlanOptions, Segment, SegmentKind as Kind, Spot, TransitionKind};
use crate::routine::{self, Side as BodySide};

fn line(plan: &Plan, cue: &Cue) -> String {
    Line::new(plan, cue, Duration::ZERO)
        .unwrap()
        .to_json()
        .unwrap()
}

fn plan_of(segments: Vec<(Kind, &str)>) -> Plan {
    let segments: Vec<Segment> = segments
        .into_iter()
        .enumerate()
        .map(|(index, (kind, name))| Segment {
            index,
            start: Duration::from_secs(index as u64),
            duration: Duration::from_secs(1),
            kind,
            name: name.to_string(),
            step: Some(index + 1),
            side: Some(BodySide::Left),
            spot: Some(Spot { number: 2, of: 3 }),
            round: 1,
        })
        .collect();
    Plan {
        name: "Test".to_string(),
        total: Duration::from_secs(segments.len() as u64),
        segments,
        countdown: 3,
    }
}

fn cue(at: Duration, segment: usize, event: CueEvent) -> Cue {
    Cue { at, segment, event }
}

#[test]
fn a_start_names_the_segment() {
    let plan = plan_of(vec![(Kind::Timed, "Part \"0\"")]);
    assert_eq!(
        line(
            &plan,
            &cue(Duration::from_secs_f64(1.2345), 0, CueEvent::Start)
        ),
        r#"{"t":1.235,"event":"start","segment":0,"kind":"timed","name":"Part \"0\"","side":"left","spot":2}"#
    );
}

#[test]
fn every_event_carries_its_own_fields() {
    let plan = plan_of(vec![(Kind::Timed, "Walk")]);
    let at = Duration::from_secs(50);
    let lines: Vec<String> = [
        CueEvent::Tick { remaining: 3 },
        CueEvent::Reverse {
            direction: Turn::Counterclockwise,
        },
        CueEvent::Rep { rep: 4, of: 20 },
        CueEvent::Release,
        CueEvent::End,
        CueEvent::Done {
            elapsed: Duration::from_millis(912_000),
        },
    ]
    .into_iter()
    .map(|event| line(&plan, &cue(at, 0, event)))
    .collect();
    assert_eq!(
        lines,
        vec![
            r#"{"t":50.000,"event":"tick","segment":0,"remaining":3}"#,
            r#"{"t":50.000,"event":"reverse","segment":0,"direction":"counterclockwise"}"#,
            r#"{"t":50.000,"event":"rep","segment":0,"rep":4,"of":20}"#,
            r#"{"t":50.000,"event":"release","segment":0}"#,
            r#"{"t":50.000,"event":"end","segment":0}"#,
            r#"{"t":50.000,"event":"done","segment":0,"elapsed":912.000}"#,
        ]
    );
    assert_eq!(
        Line::quit(Duration::from_millis(192_345), 5)
            .to_json()
            .unwrap(),
        r#"{"t":192.345,"event":"quit","segment":5}"#
    );
}

#[test]
fn t_counts_from_the_sessions_start() {
    let plan = plan_of(vec![(Kind::Rest, "Rest")]);
    let end = cue(Duration::from_millis(12_500), 0, CueEvent::End);
    let line = Line::new(&plan, &end, Duration::from_millis(2_000)).unwrap();
    assert_eq!(line.t, Seconds(Duration::from_millis(10_500)));
    // A cue before the start (never made) is at 0, not a negative time.
    let early = Line::new(&plan, &end, Duration::from_secs(60)).unwrap();
    assert_eq!(early.t.to_string(), "0.000");
}

#[test]
fn seconds_are_rounded_half_up_to_the_millisecond() {
    let text = |nanos: u64| Seconds(Duration::from_nanos(nanos)).to_string();
    assert_eq!(text(0), "0.000");
    assert_eq!(text(499_999), "0.000");
    assert_eq!(text(500_000), "0.001");
    assert_eq!(text(999_999_999), "1.000");
    assert_eq!(text(3_600_123_456_789), "3600.123");
}

#[test]
fn a_start_of_a_segment_the_plan_has_not_is_no_line() {
    let plan = plan_of(vec![(Kind::Timed, "Walk")]);
    assert!(
        Line::new(
            &plan,
            &cue(Duration::ZERO, 1, CueEvent::Start),
            Duration::ZERO
        )
        .is_none()
    );
}

/// The cue a line of a snapshot says, found again from its fields.
fn cue_of(value: &Value) -> Cue {
    let number = |key: &str| value[key].as_u64().unwrap();
    let seconds = |key: &str| Duration::from_secs_f64(value[key].as_f64().unwrap());
    let event = match value["event"].as_str().unwrap() {
        "start" => CueEvent::Start,
        "tick" => CueEvent::Tick {
            remaining: u32::try_from(number("remaining")).unwrap(),
        },
        "reverse" => CueEvent::Reverse {
            direction: match value["direction"].as_str().unwrap() {
                "clockwise" => Turn::Clockwise,
                _ => Turn::Counterclockwise,
            },
        },
        "rep" => CueEvent::Rep {
            rep: u16::try_from(number("rep")).unwrap(),
            of: u16::try_from(number("of")).unwrap(),
        },
        "release" => CueEvent::Release,
        "end" => CueEvent::End,
        "done" => CueEvent::Done {
            elapsed: seconds("elapsed"),
        },
        other => panic!("unknown event {other}"),
    };
    cue(
        seconds("t"),
        usize::try_from(number("segment")).unwrap(),
        event,
    )
}

/// Every line of a snapshot of `play --headless` of `plan`, printed again from its cue.
fn assert_lines_as_before(plan: &Plan, snapshot: &str) {
    let expected = golden::read(snapshot);
    let mut printed = String::new();
    for old in expected.lines() {
        let value: Value = serde_json::from_str(old).unwrap();
        printed.push_str(&line(plan, &cue_of(&value)));
        printed.push('\n');
    }
    golden::assert_same(&printed, snapshot);
}

#[test]
fn a_built_in_session_prints_its_lines_as_before() {
    let entry = library::built_in_entries()
        .into_iter()
        .find(|entry| entry.name == "hamstrings-glutes-lacrosse")
        .unwrap();
    let routine = entry.parse(&crate::files::ON_DISK).unwrap();
    let plan = plan::expand(&routine, PlanOptions::default());
    assert_lines_as_before(&plan, "events-hamstrings-glutes-lacrosse.jsonl");
}

#[test]
fn a_focused_session_prints_its_lines_as_before() {
    let routine = routine::load(&golden::path("focus.toml"), &crate::files::ON_DISK).unwrap();
    let plan = plan::expand(&routine, PlanOptions::default());
    let focus = focus::focus(&plan, &routine, "focus", &golden::history());
    let plan = focus::apply(&plan, &focus);
    assert_lines_as_before(&plan, "events-focus.jsonl");
}

/// The extra fields of each event, in order, as the command-line contract's table has them.
fn documented_fields(event: &str) -> Vec<&'static str> {
    match event {
        "start" => vec!["kind", "name", "side", "spot"],
        "tick" => vec!["remaining"],
        "reverse" => vec!["direction"],
        "rep" => vec!["rep", "of"],
        "release" | "end" => vec![],
        "done" => vec!["elapsed"],
        other => panic!("undocumented event {other}"),
    }
}

/// The contract's word for each kind of segment.
fn documented_kind(kind: &Kind) -> &'static str {
    match kind {
        Kind::LeadIn => "lead_in",
        Kind::Transition(_) => "transition",
        Kind::Timed => "timed",
        Kind::Hold { .. } => "hold",
        Kind::Circles { .. } => "circles",
        Kind::Reps { .. } => "reps",
        Kind::Placement { .. } => "placement",
        Kind::Rest => "rest",
    }
}

fn any_event() -> impl Strategy<Value = CueEvent> {
    prop_oneof![
        Just(CueEvent::Start),
        any::<u32>().prop_map(|remaining| CueEvent::Tick { remaining }),
        any::<bool>().prop_map(|clockwise| CueEvent::Reverse {
            direction: if clockwise {
                Turn::Clockwise
            } else {
                Turn::Counterclockwise
            }
        }),
        (any::<u16>(), any::<u16>()).prop_map(|(rep, of)| CueEvent::Rep { rep, of }),
        Just(CueEvent::Release),
        Just(CueEvent::End),
        (0u64..400_000_000_000_000).prop_map(|nanos| CueEvent::Done {
            elapsed: Duration::from_nanos(nanos)
        }),
    ]
}

fn any_kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::LeadIn),
        Just(Kind::Transition(TransitionKind::SwitchSide)),
        Just(Kind::Timed),
        Just(Kind::Hold { min: None }),
        Just(Kind::Circles {
            reverse_every: None
        }),
        Just(Kind::Reps {
            reps: 3,
            tempo: Duration::from_secs(2)
        }),
        Just(Kind::Placement { wait: true }),
        Just(Kind::Rest),
    ]
}

proptest! {
    /// Whatever the cue, its line is one line of JSON that reads back as the contract's
    /// shape: `t`, `event`, `segment`, then the event's own fields, and nothing else.
    #[test]
    fn every_event_line_reads_back_as_documented(
        event in any_event(),
        at in 0u64..400_000_000_000_000,
        kind in any_kind(),
        name in r#"\PC{0,12}|["\\\x00-\x1f\x7f-\x9f]{0,4}"#,
        side in proptest::option::of(any::<bool>()),
        spot in proptest::option::of(1u8..=10),
    ) {
        let mut plan = plan_of(vec![(kind, name.as_str())]);
        plan.segments[0].side = side.map(|left| if left { BodySide::Left } else { BodySide::Right });
        plan.segments[0].spot = spot.map(|number| Spot { number, of: 10 });
        let at = Duration::from_nanos(at);
        let text = line(&plan, &cue(at, 0, event));
        prop_assert!(!text.contains('\n'));
        let value: Map<String, Value> = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = value.keys().map(String::as_str).collect();
        let event_name = value["event"].as_str().unwrap();
        let mut documented = vec!["t", "event", "segment"];
        documented.extend(documented_fields(event_name));
        prop_assert_eq!(keys, documented);
        prop_assert_eq!(event_name, match event {
            CueEvent::Start => "start",
            CueEvent::Tick { .. } => "tick",
            CueEvent::Reverse { .. } => "reverse",
            CueEvent::Rep { .. } => "rep",
            CueEvent::Release => "release",
            CueEvent::End => "end",
            CueEvent::Done { .. } => "done",
        });
        // `t` is a number with exactly three decimals: whole milliseconds.
        let t = text.split(',').next().unwrap().trim_start_matches("{\"t\":");
        prop_assert_eq!(t.split('.').nth(1).map(str::len), Some(3));
        prop_assert_eq!(t, Seconds(at).to_string());
        prop_assert!(value["t"].is_f64());
        prop_assert_eq!(value["segment"].as_u64(), Some(0));
        match event {
            CueEvent::Start => {
                prop_assert_eq!(value["kind"].as_str(), Some(documented_kind(&kind)));
                prop_assert_eq!(value["name"].as_str(), Some(name.as_str()));
                prop_assert_eq!(
                    value["side"].as_str(),
                    plan.segments[0].side.map(routine::Side::as_str)
                );
                prop_assert_eq!(value["spot"].as_u64(), spot.map(u64::from));
            }
            CueEvent::Tick { remaining } => {
                prop_assert_eq!(value["remaining"].as_u64(), Some(u64::from(remaining)));
            }
            CueEvent::Reverse { direction } => {
                prop_assert_eq!(value["direction"].as_str(), Some(direction.as_str()));
            }
            CueEvent::Rep { rep, of } => {
                prop_assert_eq!(value["rep"].as_u64(), Some(u64::from(rep)));
                prop_assert_eq!(value["of"].as_u64(), Some(u64::from(of)));
            }
            CueEvent::Done { elapsed } => {
                prop_assert!(value["elapsed"].is_f64());
                let tail = format!(",\"elapsed\":{}}}", Seconds(elapsed));
                prop_assert!(text.ends_with(&tail), "{} does not end in {}", text, tail);
            }
            CueEvent::Release | CueEvent::End => {}
        }
    }
}
