#![allow(clippy::unwrap_used)]

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::*;
use crate::history::{CheckIn, RecordedRating, RoutineRef, SkippedRecord};
use crate::routine::Side;

fn session(start: &str, sha: &str, value: u8, ending: Ending) -> SessionRecord {
    let start = start
        .parse::<Timestamp>()
        .unwrap()
        .to_zoned_datetime(TimeZone::UTC);
    SessionRecord {
        start: start.clone(),
        end: start,
        routine: RoutineRef {
            name: "Hamstrings | glutes".to_string(),
            file: "hamstrings".to_string(),
            sha256: sha.to_string(),
        },
        planned_seconds: 900.0,
        actual_seconds: 840.0,
        parts_done: 18,
        parts_skipped: 2,
        skipped: vec![SkippedRecord {
            step: 3,
            name: "Calf | circles".to_string(),
            side: Some(Side::Left),
            spot: Some(2),
        }],
        parts_total: 20,
        ending,
        ratings: vec![RecordedRating {
            step: 2,
            step_name: "Circles".to_string(),
            area: Some("hamstring".to_string()),
            side: Some(Side::Right),
            spot: Some(2),
            value,
        }],
        speed: 1.0,
        check_in: CheckIn {
            before: Some(4),
            after: Some(2),
        },
    }
}

fn now() -> ZonedDateTime {
    "2026-12-05T12:00:00Z"
        .parse::<Timestamp>()
        .unwrap()
        .to_zoned_datetime(TimeZone::UTC)
}

fn records() -> Vec<SessionRecord> {
    vec![
        session("2026-11-24T18:00:00Z", "aaaa", 4, Ending::Finished),
        session("2026-11-28T18:00:00Z", "aaaa", 3, Ending::Quit),
        session("2026-12-03T18:00:00Z", "bbbb", 2, Ending::Finished),
        session("2026-12-04T18:00:00Z", "bbbb", 5, Ending::Finished).at_speed(10.0),
    ]
}

#[test]
fn the_report_counts_sessions_spots_check_ins_and_versions() {
    let text = render(&records(), &now(), &Filter::default(), Style::Text);
    assert!(
        text.starts_with("unknot report: all routines, 24 Nov 2026 to 3 Dec 2026\n"),
        "{text}"
    );
    assert!(text.contains("  played                  3\n"), "{text}");
    assert!(text.contains("  finished                2\n"), "{text}");
    assert!(text.contains("  previews (not counted)  1\n"), "{text}");
    assert!(text.contains("right hamstring spot 2  ▆▄▃"), "{text}");
    assert!(text.contains("On average: 2 fresher after."), "{text}");
    assert!(text.contains("edited on 3 Dec"), "{text}");
    assert!(
        text.contains("\nParts skipped most\n  part            side  spot  times  sessions\n  Calf | circles  left  2     3      3 of 3\n"),
        "{text}"
    );
}

#[test]
fn markdown_escapes_names_and_the_filter_narrows_the_period() {
    let filter = Filter {
        routine: Some("hamstrings".to_string()),
        since: Some(jiff::civil::date(2026, 12, 1)),
    };
    let text = render(&records(), &now(), &filter, Style::Markdown);
    assert!(
        text.starts_with("# unknot report: Hamstrings \\| glutes, 3 Dec 2026 to 3 Dec 2026\n"),
        "{text}"
    );
    assert!(text.contains("| played | 1 |"), "{text}");
    assert!(
        text.contains("| Calf \\| circles | left | 2 | 1 | 1 of 1 |"),
        "{text}"
    );
    let other = Filter {
        routine: Some("feet".to_string()),
        since: None,
    };
    assert!(
        render(&records(), &now(), &other, Style::Markdown).contains("No sessions in this period.")
    );
}

#[test]
fn sparklines_rise_with_the_rating() {
    assert_eq!(sparkline(&[1, 2, 3, 4, 5]), "▁▃▄▆█");
}
