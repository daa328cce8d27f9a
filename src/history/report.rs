//! What `unknot history` prints: plain text for a terminal or a pipe. Pure: `now` carries the
//! time zone in which days and weeks are counted.

use jiff::ZonedDateTime;

use super::chart;
use super::spots;
use super::stats;
use super::{Ending, SessionRecord};
use crate::columns;

/// How many recent sessions are listed.
pub const RECENT: usize = 10;
/// How many days the bar chart covers.
pub const CHART_DAYS: usize = 28;
/// The chart's height in lines.
const CHART_HEIGHT: usize = 6;
/// Routine names longer than this are shortened in the lists.
const NAME_WIDTH: usize = 40;

/// Recent sessions, this week's minutes, the streak, sessions per routine and the chart.
/// `weekly_target` (sessions a week, from the settings) adds the week's count and the run of
/// weeks that reached it.
pub fn summary(
    records: &[SessionRecord],
    now: &ZonedDateTime,
    weekly_target: Option<u32>,
) -> String {
    if records.is_empty() {
        return "No sessions yet. Every session played with `unknot play` is remembered here.\n"
            .to_string();
    }
    let mut out = String::new();
    let recent = stats::newest_first(records, RECENT);
    out.push_str("Recent sessions\n");
    let width = recent
        .iter()
        .map(|r| columns::width(&shorten(&r.routine.name)))
        .max()
        .unwrap_or(0);
    for record in recent {
        let local = record
            .start
            .timestamp()
            .to_zoned_datetime(now.time_zone().clone());
        let when = format!(
            "{} {} {}",
            local.strftime("%a"),
            chart::short_date(local.date()),
            local.strftime("%H:%M")
        );
        let name = shorten(&record.routine.name);
        let mut ending = match record.ending {
            Ending::Finished => "finished".to_string(),
            Ending::Quit => format!(
                "quit after {} of {}",
                record.parts_done,
                crate::words::count(record.parts_total as u64, "part")
            ),
        };
        if record.is_preview() {
            ending.push_str(&format!(" · preview at {}×", record.speed));
        }
        out.push_str(&format!(
            "  {when:<16}  {}  {:>7}  {ending}\n",
            columns::pad(&name, width),
            duration_text(record.actual_seconds)
        ));
    }

    // A preview (`--speed`) is listed above but counts nowhere below; a session quit before
    // half its time, or under two minutes, counts for no streak and no week.
    let counted: Vec<SessionRecord> = records.iter().filter(|r| r.counts()).cloned().collect();
    let streak = stats::streak_days(&counted, now);
    let mut week = format!(
        "\nThis week: {}",
        duration_text(stats::minutes_this_week(&counted, now) * 60.0)
    );
    if let Some(target) = weekly_target {
        let weeks = stats::weeks_at_target(&counted, now, target);
        week.push_str(&format!(
            " · {} of {target} sessions · {weeks} {} at target",
            stats::sessions_this_week(&counted, now),
            if weeks == 1 { "week" } else { "weeks" }
        ));
    }
    out.push_str(&format!(
        "{week} · streak: {streak} {}\n",
        if streak == 1 { "day" } else { "days" }
    ));
    let changes = super::check_in::recent_changes(records, CHECK_IN_SESSIONS);
    if let Some(mean) = super::check_in::mean_change(&changes) {
        let pairs: Vec<String> = changes
            .iter()
            .map(|(_, before, after)| format!("{before}→{after}"))
            .collect();
        out.push_str(&format!(
            "Legs before → after, last {} {}: {} (on average {})\n",
            changes.len(),
            if changes.len() == 1 {
                "session"
            } else {
                "sessions"
            },
            pairs.join(" "),
            mean_change_text(mean)
        ));
    }
    let sessions = on_the_floor(records);
    let records = sessions.as_slice();

    out.push_str("\nSessions per routine\n");
    let counts = stats::sessions_per_routine(records);
    let width = counts
        .iter()
        .map(|(name, _)| columns::width(&shorten(name)))
        .max()
        .unwrap_or(0);
    for (name, count) in counts {
        out.push_str(&format!(
            "  {}  {count}\n",
            columns::pad(&shorten(&name), width)
        ));
    }

    out.push_str("\nMinutes per day, last 4 weeks\n");
    let days = stats::minutes_per_day(records, now, CHART_DAYS);
    match chart::render(&days, CHART_HEIGHT) {
        Some(lines) => {
            for line in lines {
                out.push_str(&line);
                out.push('\n');
            }
        }
        None => out.push_str("  nothing in the last 4 weeks\n"),
    }
    out
}

/// The trend of every rated spot.
pub fn spot_trends(records: &[SessionRecord], now: &ZonedDateTime) -> String {
    let trends = spots::trends(&on_the_floor(records));
    if trends.is_empty() {
        return "No tender spots rated yet. During a part on a spot, press 1 (barely tender) \
                to 5 (very tender) to rate it.\n"
            .to_string();
    }
    let mut out = String::from("Tender spots (1 barely tender … 5 very tender)\n");
    for trend in trends {
        out.push_str("  ");
        out.push_str(&printable(&trend.describe(now)));
        out.push('\n');
    }
    out
}

/// How many recent check-ins `history` shows.
const CHECK_IN_SESSIONS: usize = 5;

/// "1.5 points fresher after", "no change".
pub fn mean_change_text(mean: f64) -> String {
    let points = (mean.abs() * 10.0).round() / 10.0;
    if points == 0.0 {
        "no change".to_string()
    } else if mean < 0.0 {
        format!("{points} fresher after")
    } else {
        format!("{points} sorer after")
    }
}

/// The sessions played in real time: previews at another `--speed` are no session on the floor.
fn on_the_floor(records: &[SessionRecord]) -> Vec<SessionRecord> {
    records
        .iter()
        .filter(|r| !r.is_preview())
        .cloned()
        .collect()
}

/// "14 min", or "40 s" under a minute.
pub fn duration_text(seconds: f64) -> String {
    if seconds < 59.5 {
        format!("{} s", seconds.round().max(0.0))
    } else {
        format!("{} min", (seconds / 60.0).round())
    }
}

/// A name fit for one column: control characters escaped (the log is a file anyone can edit),
/// and shortened with "…" past [`NAME_WIDTH`] terminal columns.
pub fn shorten(name: &str) -> String {
    columns::shorten(&printable(name), NAME_WIDTH)
}

/// Text with control characters written as escapes, so a line from the log cannot move the
/// cursor or change the terminal.
pub fn printable(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let control = c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c);
            let escaped: Vec<char> = if control {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::Timestamp;
    use jiff::tz::TimeZone;

    use super::*;
    use crate::history::{RecordedRating, RoutineRef};
    use crate::routine::Side;

    fn session(start: &str, seconds: f64, name: &str, ending: Ending) -> SessionRecord {
        let start = start
            .parse::<Timestamp>()
            .unwrap()
            .to_zoned_datetime(TimeZone::UTC);
        SessionRecord {
            start: start.clone(),
            end: start,
            routine: RoutineRef {
                name: name.to_string(),
                file: "r".to_string(),
                sha256: String::new(),
            },
            planned_seconds: 900.0,
            actual_seconds: seconds,
            parts_done: 6,
            parts_skipped: 1,
            skipped: Vec::new(),
            parts_total: 20,
            ending,
            ratings: Vec::new(),
            speed: 1.0,
            check_in: Default::default(),
        }
    }

    fn now() -> ZonedDateTime {
        "2026-11-24T20:00:00Z"
            .parse::<Timestamp>()
            .unwrap()
            .to_zoned_datetime(TimeZone::UTC)
    }

    #[test]
    fn a_preview_is_listed_but_counts_in_no_total() {
        let preview =
            session("2026-11-24T08:00:00Z", 900.0, "Fast look", Ending::Finished).at_speed(100.0);
        let text = summary(&[preview], &now(), None);
        assert!(text.contains("Fast look"), "{text}");
        assert!(text.contains("finished · preview at 100×"), "{text}");
        assert!(text.contains("This week: 0 s · streak: 0 days"), "{text}");
        assert!(
            !text.contains("Fast look  1"),
            "not counted per routine: {text}"
        );
        assert!(text.contains("nothing in the last 4 weeks"), "{text}");
    }

    #[test]
    fn summary_lists_sessions_totals_and_chart() {
        let records = [
            session(
                "2026-11-23T07:10:00Z",
                330.0,
                "Pre-run warm-up",
                Ending::Quit,
            ),
            session(
                "2026-11-24T18:00:00Z",
                840.0,
                "Hamstrings & glutes",
                Ending::Finished,
            ),
            session(
                "2026-11-24T19:00:00Z",
                40.0,
                "Hamstrings & glutes",
                Ending::Finished,
            ),
        ];
        let out = summary(&records, &now(), None);
        let expected_start = "Recent sessions\n\
            \x20 Tue 24 Nov 19:00  Hamstrings & glutes     40 s  finished\n\
            \x20 Tue 24 Nov 18:00  Hamstrings & glutes   14 min  finished\n\
            \x20 Mon 23 Nov 07:10  Pre-run warm-up        6 min  quit after 6 of 20 parts\n\
            \n\
            This week: 14 min · streak: 1 day\n\
            \n\
            Sessions per routine\n\
            \x20 Hamstrings & glutes  2\n\
            \x20 Pre-run warm-up      1\n\
            \n\
            Minutes per day, last 4 weeks\n";
        assert!(out.starts_with(expected_start), "{out}");
        assert!(out.contains("█"), "{out}");
        assert!(out.trim_end().ends_with("23 Nov"), "{out}");
    }

    #[test]
    fn wide_names_keep_the_columns_lined_up() {
        let records = [
            session(
                "2026-11-24T18:00:00Z",
                40.0,
                "足底筋膜リリース 🎾",
                Ending::Finished,
            ),
            session("2026-11-24T19:00:00Z", 40.0, "Calves", Ending::Finished),
            session(
                "2026-11-24T19:30:00Z",
                40.0,
                "とても長い名前のルーティンです、本当に長い名前のルーティンです",
                Ending::Finished,
            ),
        ];
        let out = summary(&records, &now(), None);
        let columns = |needle: &str| -> Vec<usize> {
            out.lines()
                .filter(|l| l.contains(needle))
                .map(|l| crate::columns::width(&l[..l.find(needle).unwrap()]))
                .collect()
        };
        let at = columns("40 s");
        assert_eq!(at.len(), 3, "{out}");
        assert!(at.iter().all(|&c| c == at[0]), "{out}");
        let long = out.lines().find(|l| l.contains("とても")).unwrap();
        assert!(long.contains('…'), "{out}");
        let counts: Vec<usize> = out
            .lines()
            .filter(|l| l.ends_with("  1"))
            .map(crate::columns::width)
            .collect();
        assert_eq!(counts.len(), 3, "{out}");
        assert!(counts.iter().all(|&c| c == counts[0]), "{out}");
    }

    #[test]
    fn an_empty_history_says_so() {
        assert!(summary(&[], &now(), None).starts_with("No sessions yet"));
        assert!(spot_trends(&[], &now()).starts_with("No tender spots rated yet"));
    }

    #[test]
    fn control_characters_from_the_log_are_escaped() {
        let records = [session(
            "2026-11-24T18:00:00Z",
            60.0,
            "evil\u{1b}[2Jname",
            Ending::Finished,
        )];
        let out = summary(&records, &now(), None);
        assert!(!out.contains('\u{1b}'));
        assert!(out.contains("evil\\u{1b}[2Jname"), "{out}");
    }

    #[test]
    fn spot_trends_lists_each_spot() {
        let mut record = session("2026-11-24T18:00:00Z", 60.0, "H", Ending::Finished);
        record.ratings.push(RecordedRating {
            step: 2,
            step_name: "Circles".to_string(),
            area: Some("hamstring".to_string()),
            side: Some(Side::Right),
            spot: Some(2),
            value: 4,
        });
        let out = spot_trends(&[record], &now());
        assert_eq!(
            out,
            "Tender spots (1 barely tender … 5 very tender)\n  right hamstring spot 2: 4, rated once\n"
        );
    }
}
