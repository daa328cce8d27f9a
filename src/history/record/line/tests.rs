#![allow(clippy::unwrap_used)]

use super::*;
use crate::history::record::tests::sample;

#[test]
fn a_preview_keeps_its_speed_and_a_real_session_writes_none() {
    let real = sample().to_json_line().unwrap();
    assert!(!real.contains("speed"), "{real}");
    assert!(!SessionRecord::from_json_line(&real).unwrap().is_preview());

    let preview = sample().at_speed(100.0);
    let line = preview.to_json_line().unwrap();
    assert!(line.contains("\"speed\":100.0"), "{line}");
    let back = SessionRecord::from_json_line(&line).unwrap();
    assert!(back.is_preview());
    assert_eq!(back.speed, 100.0);

    let edited = line.replace("\"speed\":100.0", "\"speed\":0.0");
    assert!(SessionRecord::from_json_line(&edited).is_err());
}

#[test]
fn times_are_written_as_rfc3339_with_the_local_offset() {
    let line = sample().to_json_line().unwrap();
    assert!(
        line.contains(r#""start":"2026-11-24T20:00:00+01:00""#),
        "{line}"
    );
    assert!(
        line.contains(r#""end":"2026-11-24T20:11:00+01:00""#),
        "{line}"
    );
    assert!(line.contains(r#""ended":"quit""#), "{line}");
    assert!(!line.contains('\n'));
}

#[test]
fn a_line_reads_back_to_the_same_record() {
    let record = sample();
    let back = SessionRecord::from_json_line(&record.to_json_line().unwrap()).unwrap();
    assert_eq!(back, record);
    assert_eq!(back.start.offset().seconds(), 3600);
}

#[test]
fn a_record_from_a_newer_version_or_with_a_bad_time_is_refused() {
    let line = sample().to_json_line().unwrap();
    let newer = line.replace(r#""version":1"#, r#""version":9"#);
    assert!(SessionRecord::from_json_line(&newer).is_err());
    let bad = line.replace("2026-11-24T20:00:00+01:00", "yesterday");
    assert!(SessionRecord::from_json_line(&bad).is_err());
}

/// A line edited by hand into nonsense is skipped like an unreadable one, rather than
/// filling the report with a 10³⁰⁰-minute week or a tenderness of 9 out of 5.
#[test]
fn a_record_with_impossible_numbers_is_refused() {
    let line = sample().to_json_line().unwrap();
    let with = |field: &str, value: &str| {
        let at = line.find(&format!("\"{field}\":")).unwrap() + field.len() + 3;
        let end = at + line[at..].find([',', '}']).unwrap();
        format!("{}{value}{}", &line[..at], &line[end..])
    };
    assert!(SessionRecord::from_json_line(&with("actual_seconds", "1")).is_ok());
    for (field, value) in [
        ("actual_seconds", "1e308"),
        ("actual_seconds", "-5"),
        ("planned_seconds", "1e300"),
        ("value", "9"),
        ("value", "0"),
        ("spot", "200"),
    ] {
        let edited = with(field, value);
        assert!(
            SessionRecord::from_json_line(&edited).is_err(),
            "{field} = {value}: {edited}"
        );
    }
}

#[test]
fn a_check_in_is_kept_and_old_lines_without_one_still_read() {
    let plain = sample().to_json_line().unwrap();
    assert!(!plain.contains("check_in"), "{plain}");
    let answered = sample().with_check_in(CheckIn {
        before: Some(4),
        after: Some(2),
    });
    let line = answered.to_json_line().unwrap();
    assert!(
        line.contains(r#""check_in":{"before":4,"after":2}"#),
        "{line}"
    );
    assert_eq!(SessionRecord::from_json_line(&line).unwrap(), answered);
    let only_before = line.replace(r#","after":2"#, "");
    let back = SessionRecord::from_json_line(&only_before).unwrap();
    assert_eq!(
        back.check_in,
        CheckIn {
            before: Some(4),
            after: None
        }
    );
    assert!(SessionRecord::from_json_line(&line.replace(r#""after":2"#, r#""after":7"#)).is_err());
}

#[test]
fn skipped_parts_are_named_and_old_lines_without_them_still_read() {
    let record = sample();
    let line = record.to_json_line().unwrap();
    assert!(
        line.contains(
            r#""skipped":[{"step":2,"name":"Hamstring: small circles","side":"left","spot":3},{"step":1,"name":"Warm up"}]"#
        ),
        "{line}"
    );
    assert_eq!(SessionRecord::from_json_line(&line).unwrap(), record);
    let at = line.find(r#","skipped":["#).unwrap();
    let end = at + line[at..].find("}],").unwrap() + 2;
    let old = format!("{}{}", &line[..at], &line[end..]);
    assert!(!old.contains("\"skipped\":["), "{old}");
    let back = SessionRecord::from_json_line(&old).unwrap();
    assert!(back.skipped.is_empty());
    assert_eq!(back.parts_skipped, 2);
    let far = line.replacen(r#""spot":3"#, r#""spot":99"#, 1);
    assert!(SessionRecord::from_json_line(&far).is_err(), "{far}");
    let unknown = line.replacen(r#""side":"left""#, r#""side":"up""#, 1);
    assert!(SessionRecord::from_json_line(&unknown).is_err());
}
