#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use super::*;
use crate::cue::Direction;
use crate::plan::{Segment, SegmentKind, Spot};
use crate::routine::Side;

fn plan_of(segments: Vec<(SegmentKind, f64)>) -> Plan {
    let mut at = Duration::ZERO;
    let segments: Vec<Segment> = segments
        .into_iter()
        .enumerate()
        .map(|(index, (kind, secs))| {
            let duration = Duration::from_secs_f64(secs);
            let segment = Segment {
                index,
                start: at,
                duration,
                kind,
                name: format!("Part \"{index}\""),
                step: Some(index + 1),
                side: Some(Side::Left),
                spot: Some(Spot { number: 2, of: 3 }),
                round: 1,
            };
            at += duration;
            segment
        })
        .collect();
    Plan {
        name: "Test".to_string(),
        segments,
        total: at,
        countdown: 1,
    }
}

fn cue(secs: f64, segment: usize, event: CueEvent) -> Cue {
    Cue {
        at: Duration::from_secs_f64(secs),
        segment,
        event,
    }
}

#[test]
fn start_lines_name_the_segment_as_json() {
    let plan = plan_of(vec![(SegmentKind::Timed, 2.0)]);
    let line = event_line(&plan, &cue(1.2345, 0, CueEvent::Start));
    assert_eq!(
        line,
        r#"{"t":1.235,"event":"start","segment":0,"kind":"timed","name":"Part \"0\"","side":"left","spot":2}"#
    );
    let value: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(value["name"], "Part \"0\"");
}

#[test]
fn every_event_carries_its_own_fields() {
    let plan = plan_of(vec![(SegmentKind::Timed, 2.0)]);
    let lines: Vec<String> = [
        CueEvent::Tick { remaining: 3 },
        CueEvent::Reverse {
            direction: Direction::Counterclockwise,
        },
        CueEvent::Rep { rep: 4, of: 20 },
        CueEvent::Release,
        CueEvent::End,
        CueEvent::Done {
            elapsed: Duration::from_millis(912_000),
        },
    ]
    .into_iter()
    .map(|event| event_line(&plan, &cue(50.0, 0, event)))
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
}

#[test]
fn a_run_writes_every_cue_and_hears_of_each_once_before_it_is_due() {
    let plan = plan_of(vec![
        (SegmentKind::Timed, 2.0),
        (SegmentKind::Placement { wait: true }, 0.0),
        (SegmentKind::Rest, 2.0),
    ]);
    let mut out = Vec::new();
    let mut heard: Vec<(Cue, Instant, Instant)> = Vec::new();
    let started = Instant::now();
    let summary = run(plan, 20.0, &mut out, &mut |cue, due| {
        heard.push((*cue, due, Instant::now()));
    })
    .unwrap();
    let real = started.elapsed();
    assert!(summary.finished);
    assert_eq!(summary.elapsed, Duration::from_secs(4));
    assert!(real >= Duration::from_millis(200), "took {real:?}");
    let text = String::from_utf8(out).unwrap();
    let events: Vec<(String, String)> = text
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                value["t"].to_string(),
                value["event"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("0.0", "start"),
        ("1.0", "tick"),
        ("2.0", "end"),
        ("2.0", "start"),
        ("2.0", "end"),
        ("2.0", "start"),
        ("3.0", "tick"),
        ("4.0", "end"),
        ("4.0", "done"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(t, e)| (t.to_string(), e.to_string()))
        .collect();
    assert_eq!(events, expected);
    assert_eq!(heard.len(), expected.len());
    // Cues the session could see coming were heard of before their instant.
    let early = heard.iter().filter(|(_, due, when)| when < due).count();
    assert!(early >= 4, "only {early} cues heard of ahead");
}
