//! The history for other programs: `history --csv` (RFC 4180, one row per session, or with
//! `--spots` one row per rating) and `history --ics` (RFC 5545, each session a calendar event).
//!
//! Names in the history are untrusted text: a CSV cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a `'`
//! in front, and calendar text is escaped and folded as the RFC asks.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{Ending, SessionRecord};

/// Columns of `history --csv`.
pub const SESSION_COLUMNS: [&str; 15] = [
    "start",
    "end",
    "routine",
    "file",
    "sha256",
    "planned_seconds",
    "actual_seconds",
    "parts_done",
    "parts_skipped",
    "parts_total",
    "ended",
    "speed",
    "check_in_before",
    "check_in_after",
    "ratings",
];

/// Columns of `history --csv --spots`.
pub const RATING_COLUMNS: [&str; 9] = [
    "start",
    "routine",
    "file",
    "step",
    "step_name",
    "area",
    "side",
    "spot",
    "value",
];

/// One row per session, oldest first, with a header row; lines end in CRLF.
pub fn sessions_csv(records: &[SessionRecord]) -> String {
    let mut out = row(SESSION_COLUMNS.iter().map(|c| c.to_string()));
    for r in sorted(records) {
        let optional = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
        out.push_str(&row([
            r.start
                .timestamp()
                .display_with_offset(r.start.offset())
                .to_string(),
            r.end
                .timestamp()
                .display_with_offset(r.end.offset())
                .to_string(),
            r.routine.name.clone(),
            r.routine.file.clone(),
            r.routine.sha256.clone(),
            r.planned_seconds.to_string(),
            r.actual_seconds.to_string(),
            r.parts_done.to_string(),
            r.parts_skipped.to_string(),
            r.parts_total.to_string(),
            r.ending.as_str().to_string(),
            r.speed.to_string(),
            optional(r.check_in.before),
            optional(r.check_in.after),
            r.ratings.len().to_string(),
        ]));
    }
    out
}

/// One row per rating, oldest session first, with a header row.
pub fn ratings_csv(records: &[SessionRecord]) -> String {
    let mut out = row(RATING_COLUMNS.iter().map(|c| c.to_string()));
    for r in sorted(records) {
        for rating in &r.ratings {
            out.push_str(&row([
                r.start
                    .timestamp()
                    .display_with_offset(r.start.offset())
                    .to_string(),
                r.routine.name.clone(),
                r.routine.file.clone(),
                rating.step.to_string(),
                rating.step_name.clone(),
                rating.area.clone().unwrap_or_default(),
                rating
                    .side
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                rating.spot.map(|s| s.to_string()).unwrap_or_default(),
                rating.value.to_string(),
            ]));
        }
    }
    out
}

fn sorted(records: &[SessionRecord]) -> Vec<&SessionRecord> {
    let mut sorted: Vec<&SessionRecord> = records.iter().collect();
    sorted.sort_by_key(|r| r.start.timestamp());
    sorted
}

fn row(cells: impl IntoIterator<Item = String>) -> String {
    let cells: Vec<String> = cells.into_iter().map(|c| csv_cell(&c)).collect();
    format!("{}\r\n", cells.join(","))
}

/// One CSV cell: guarded against formula injection, quoted when it holds a comma, a quote, a
/// line break or space at either end, with quotes doubled (RFC 4180).
pub fn csv_cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    let needs_quotes = guarded.contains([',', '"', '\n', '\r'])
        || guarded.starts_with(' ')
        || guarded.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Every session as a `VEVENT` of one `VCALENDAR`. `stamp` is the moment the calendar is
/// made (`DTSTAMP`); times are in UTC.
pub fn calendar(records: &[SessionRecord], stamp: Timestamp) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//unknot//session history//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
    ];
    for r in sorted(records) {
        let start = r.start.timestamp();
        // A session of no length still shows as a moment in the calendar: DTEND is never
        // before DTSTART.
        let end = r.end.timestamp().max(start);
        let sha: String = r.routine.sha256.chars().take(16).collect();
        let mut description = vec![format!(
            "{} · {} of {} parts · {} skipped",
            match r.ending {
                Ending::Finished => "finished",
                Ending::Quit => "quit early",
            },
            r.parts_done,
            r.parts_total,
            r.parts_skipped
        )];
        if r.is_preview() {
            description.push(format!("preview at {}×", r.speed));
        }
        for rating in &r.ratings {
            description.push(format!(
                "{}: {}",
                super::focus::spot_label(rating.place(), rating.side, rating.spot),
                rating.value
            ));
        }
        if let (before, after) = (r.check_in.before, r.check_in.after)
            && (before.is_some() || after.is_some())
        {
            let shown = |v: Option<u8>| v.map_or("–".to_string(), |v| v.to_string());
            description.push(format!(
                "legs before {} after {}",
                shown(before),
                shown(after)
            ));
        }
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}-{}@unknot", start.as_second(), text_value(&sha)),
            format!("DTSTAMP:{}", utc(stamp)),
            format!("DTSTART:{}", utc(start)),
            format!("DTEND:{}", utc(end)),
            format!(
                "SUMMARY:{}",
                text_value(&format!("unknot: {}", r.routine.name))
            ),
            format!("DESCRIPTION:{}", text_value(&description.join("\n"))),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|l| fold(l)).collect()
}

/// `20261124T190000Z`.
fn utc(instant: Timestamp) -> String {
    instant
        .to_zoned_datetime(TimeZone::UTC)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// A TEXT value (RFC 5545, 3.3.11): `\`, `;` and `,` escaped, line breaks as `\n`, other
/// control characters dropped.
pub fn text_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (never inside a UTF-8 character), each piece ending in
/// CRLF and every continuation starting with a space.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let size = c.len_utf8();
        if used + size > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += size;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_guarded() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn text_is_escaped_for_the_calendar() {
        assert_eq!(
            text_value("a,b;c\\d\ne\r\nf\u{7}"),
            "a\\,b\\;c\\\\d\\ne\\nf"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        for piece in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(piece.len() <= 75, "{} octets: {piece}", piece.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold("SHORT"), "SHORT\r\n");
    }
}
