#![allow(clippy::unwrap_used)]

use std::time::Duration;

use super::*;
use crate::routine::{RoutineInfo, Settings, SoundOverrides, Step, StepKind, StepSide};
use crate::session::SkippedPart;

fn routine() -> Routine {
    let step = |number: usize, name: &str, area: Option<&str>| Step {
        number,
        name: name.to_string(),
        instructions: None,
        area: area.map(str::to_string),
        tool: None,
        side: StepSide::Both,
        spots: 3,
        transition: None,
        kind: StepKind::Timed {
            duration: Duration::from_secs(40),
        },
    };
    Routine {
        info: RoutineInfo {
            name: "Hamstrings & glutes".to_string(),
            ..RoutineInfo::default()
        },
        settings: Settings::default(),
        sounds: SoundOverrides::default(),
        steps: vec![
            step(1, "Warm up", None),
            step(2, "Hamstring: small circles", Some("hamstring")),
        ],
    }
}

fn at(text: &str) -> ZonedDateTime {
    let tz = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
    let ts: Timestamp = text.parse().unwrap();
    ts.to_zoned_datetime(tz)
}

pub(super) fn sample() -> SessionRecord {
    let summary = Summary {
        elapsed: Duration::from_millis(640_250),
        planned: Duration::from_secs(912),
        parts_done: 10,
        parts_skipped: 2,
        skipped: vec![
            SkippedPart {
                segment: 3,
                step: 2,
                side: Some(Side::Left),
                spot: Some(3),
            },
            SkippedPart {
                segment: 5,
                step: 1,
                side: None,
                spot: None,
            },
        ],
        total_parts: 20,
        finished: false,
    };
    let ratings = [
        SpotRating {
            segment: 7,
            step: 2,
            side: Some(Side::Right),
            spot: Some(2),
            value: 4,
        },
        SpotRating {
            segment: 1,
            step: 1,
            side: None,
            spot: None,
            value: 1,
        },
    ];
    SessionRecord::from_session(
        &routine(),
        "hamstrings-glutes",
        "format = 1\n",
        &summary,
        &ratings,
        &at("2026-11-24T19:00:00.600Z"),
        &at("2026-11-24T19:11:00Z"),
    )
}

#[test]
fn from_session_takes_names_and_areas_from_the_routine() {
    let record = sample();
    assert_eq!(record.ending, Ending::Quit);
    assert_eq!(record.actual_seconds, 640.25);
    assert_eq!(record.parts_total, 20);
    assert_eq!(record.ratings[0].step_name, "Hamstring: small circles");
    assert_eq!(record.ratings[0].place(), "hamstring");
    assert_eq!(record.ratings[1].place(), "Warm up");
    assert_eq!(record.routine.file, "hamstrings-glutes");
    assert_eq!(record.routine.sha256, sha256_hex("format = 1\n"));
}

#[test]
fn short_previews_and_early_quits_do_not_count() {
    let mut record = sample();
    record.ending = Ending::Finished;
    record.planned_seconds = 900.0;
    record.actual_seconds = 600.0;
    assert!(record.counts());
    record.actual_seconds = 119.0;
    assert!(!record.counts(), "under two minutes");
    record.actual_seconds = 400.0;
    record.ending = Ending::Quit;
    assert!(!record.counts(), "quit before half of 900 s");
    record.actual_seconds = 450.0;
    assert!(record.counts());
    assert!(!record.clone().at_speed(10.0).counts());
}

#[test]
fn sha256_matches_a_known_digest() {
    assert_eq!(
        sha256_hex("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
