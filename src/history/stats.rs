//! Totals over the history: recent sessions, minutes this week, the streak, sessions per routine,
//! minutes per day. Pure: `now` (with its time zone) is passed in, and a session belongs to the
//! local day, in that zone, on which it started.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, ZonedDateTime};

use super::SessionRecord;

/// The local date of an instant in a time zone.
pub fn local_date(instant: Timestamp, tz: &TimeZone) -> Date {
    instant.to_zoned_datetime(tz.clone()).date()
}

/// The day a session counts for: the local date, in `tz`, on which it started.
pub fn session_date(record: &SessionRecord, tz: &TimeZone) -> Date {
    local_date(record.start.timestamp(), tz)
}

/// The `count` most recent sessions, newest first.
pub fn newest_first(records: &[SessionRecord], count: usize) -> Vec<&SessionRecord> {
    let mut sorted: Vec<&SessionRecord> = records.iter().collect();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.start.timestamp()));
    sorted.truncate(count);
    sorted
}

/// Minutes of sessions started this week (Monday to Sunday, local), up to `now`.
pub fn minutes_this_week(records: &[SessionRecord], now: &ZonedDateTime) -> f64 {
    let today = now.date();
    let monday = days_before(today, i64::from(today.weekday().to_monday_zero_offset()));
    records
        .iter()
        .filter(|r| {
            let date = session_date(r, now.time_zone());
            date >= monday && date <= today
        })
        .map(|r| r.actual_seconds / 60.0)
        // Not `sum()`: an empty float sum is -0.0, which would print as "-0 s".
        .fold(0.0, |total, minutes| total + minutes)
}

/// How many consecutive local days, ending today or yesterday, have at least one session.
///
/// A streak ending yesterday still counts: the runner may simply not have played yet today.
pub fn streak_days(records: &[SessionRecord], now: &ZonedDateTime) -> u32 {
    let days: BTreeSet<Date> = records
        .iter()
        .map(|r| session_date(r, now.time_zone()))
        .collect();
    let today = now.date();
    let mut day = if days.contains(&today) {
        today
    } else {
        days_before(today, 1)
    };
    let mut streak = 0;
    while days.contains(&day) {
        streak += 1;
        day = days_before(day, 1);
    }
    streak
}

/// Sessions started this week (Monday to Sunday, local), up to `now`.
pub fn sessions_this_week(records: &[SessionRecord], now: &ZonedDateTime) -> usize {
    let monday = monday_of(now.date());
    records
        .iter()
        .filter(|r| {
            let date = session_date(r, now.time_zone());
            date >= monday && date <= now.date()
        })
        .count()
}

/// How many weeks in a row (Monday to Sunday, local) had at least `target` sessions: rest days
/// are forgiven as long as the week reaches its target. The week under way counts once it
/// has reached the target; until then the run ends with last week.
pub fn weeks_at_target(records: &[SessionRecord], now: &ZonedDateTime, target: u32) -> u32 {
    if target == 0 {
        return 0;
    }
    let mut per_week: HashMap<Date, u32> = HashMap::new();
    for record in records {
        *per_week
            .entry(monday_of(session_date(record, now.time_zone())))
            .or_default() += 1;
    }
    let reached = |monday: &Date| per_week.get(monday).is_some_and(|n| *n >= target);
    let this_week = monday_of(now.date());
    let mut week = if reached(&this_week) {
        this_week
    } else {
        days_before(this_week, 7)
    };
    let mut streak = 0;
    while reached(&week) {
        streak += 1;
        week = days_before(week, 7);
    }
    streak
}

/// The Monday of the week `date` is in.
pub fn monday_of(date: Date) -> Date {
    days_before(date, i64::from(date.weekday().to_monday_zero_offset()))
}

/// How many sessions each routine has, most played first (ties by name).
pub fn sessions_per_routine(records: &[SessionRecord]) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for record in records {
        *counts.entry(record.routine.name.as_str()).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(name, count)| (name.to_string(), count))
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// Minutes played on one local day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayMinutes {
    pub date: Date,
    pub minutes: f64,
}

/// Minutes per local day over the `days` days ending today, oldest first (days without a
/// session have zero).
pub fn minutes_per_day(
    records: &[SessionRecord],
    now: &ZonedDateTime,
    days: usize,
) -> Vec<DayMinutes> {
    let today = now.date();
    let mut result: Vec<DayMinutes> = (0..days)
        .rev()
        .map(|back| DayMinutes {
            date: days_before(today, back as i64),
            minutes: 0.0,
        })
        .collect();
    for record in records {
        let date = session_date(record, now.time_zone());
        if let Some(day) = result.iter_mut().find(|d| d.date == date) {
            day.minutes += record.actual_seconds / 60.0;
        }
    }
    result
}

/// When each routine (by file stem) was last played.
pub fn last_played(records: &[SessionRecord]) -> HashMap<String, Timestamp> {
    let mut last: HashMap<String, Timestamp> = HashMap::new();
    for record in records {
        let start = record.start.timestamp();
        let entry = last.entry(record.routine.file.clone()).or_insert(start);
        if start > *entry {
            *entry = start;
        }
    }
    last
}

/// "today", "yesterday", "3 days ago", counted in local days, not in 24-hour stretches.
pub fn days_ago(instant: Timestamp, now: &ZonedDateTime) -> String {
    let then = local_date(instant, now.time_zone());
    match days_between(then, now.date()) {
        i64::MIN..=0 => "today".to_string(),
        1 => "yesterday".to_string(),
        days => format!("{days} days ago"),
    }
}

/// Whole calendar days from `from` to `to` (negative if `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0)
}

/// The date `days` calendar days before `date` (the same date at the ends of the calendar).
fn days_before(date: Date, days: i64) -> Date {
    date.checked_sub(days.days()).unwrap_or(date)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::history::{Ending, RoutineRef};

    /// New York's rules, written out so the tests need no time zone database.
    fn new_york() -> TimeZone {
        TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap()
    }

    fn session(start: &str, minutes: f64, name: &str) -> SessionRecord {
        let start: Timestamp = start.parse().unwrap();
        let zone = TimeZone::UTC;
        SessionRecord {
            start: start.to_zoned_datetime(zone.clone()),
            end: start.to_zoned_datetime(zone),
            routine: RoutineRef {
                name: name.to_string(),
                file: name.to_lowercase(),
                sha256: String::new(),
            },
            planned_seconds: minutes * 60.0,
            actual_seconds: minutes * 60.0,
            parts_done: 1,
            parts_skipped: 0,
            skipped: Vec::new(),
            parts_total: 1,
            ending: Ending::Finished,
            ratings: Vec::new(),
            speed: 1.0,
            check_in: Default::default(),
        }
    }

    fn now(text: &str, tz: TimeZone) -> ZonedDateTime {
        text.parse::<Timestamp>().unwrap().to_zoned_datetime(tz)
    }

    #[test]
    fn a_late_evening_session_belongs_to_its_local_day() {
        // 23:30 in New York on 24 November is 04:30 UTC on the 25th.
        let late = session("2026-11-25T04:30:00Z", 10.0, "A");
        let date = session_date(&late, &new_york());
        assert_eq!(date, jiff::civil::date(2026, 11, 24));
        assert_eq!(
            session_date(&late, &TimeZone::UTC),
            jiff::civil::date(2026, 11, 25)
        );

        // Seen from New York on the 25th at noon, it was yesterday; in UTC it was today.
        let ny_noon = now("2026-11-25T17:00:00Z", new_york());
        assert_eq!(days_ago(late.start.timestamp(), &ny_noon), "yesterday");
        let utc_noon = now("2026-11-25T12:00:00Z", TimeZone::UTC);
        assert_eq!(days_ago(late.start.timestamp(), &utc_noon), "today");
    }

    #[test]
    fn streak_counts_local_days_ending_today_or_yesterday() {
        let records = [
            session("2026-11-20T15:00:00Z", 10.0, "A"),
            session("2026-11-22T15:00:00Z", 10.0, "A"),
            session("2026-11-23T15:00:00Z", 10.0, "A"),
            session("2026-11-23T18:00:00Z", 10.0, "B"),
        ];
        let tz = TimeZone::UTC;
        assert_eq!(
            streak_days(&records, &now("2026-11-23T20:00:00Z", tz.clone())),
            2
        );
        assert_eq!(
            streak_days(&records, &now("2026-11-24T20:00:00Z", tz.clone())),
            2
        );
        assert_eq!(streak_days(&records, &now("2026-11-25T20:00:00Z", tz)), 0);
        assert_eq!(
            streak_days(&[], &now("2026-11-25T20:00:00Z", TimeZone::UTC)),
            0
        );
    }

    #[test]
    fn streak_depends_on_the_time_zone_at_midnight() {
        // 23:30 New York on the 22nd and 00:30 New York on the 24th: in UTC these are the 23rd
        // and the 24th, two days in a row; in New York the 23rd is missing.
        let records = [
            session("2026-11-23T04:30:00Z", 10.0, "A"),
            session("2026-11-24T05:30:00Z", 10.0, "A"),
        ];
        assert_eq!(
            streak_days(&records, &now("2026-11-24T12:00:00Z", TimeZone::UTC)),
            2
        );
        assert_eq!(
            streak_days(&records, &now("2026-11-24T12:00:00Z", new_york())),
            1
        );
    }

    #[test]
    fn streak_runs_across_a_daylight_saving_change() {
        // Clocks go forward in New York on 8 March 2026 at 02:00: that day has 23 hours.
        let records = [
            session("2026-03-08T04:30:00Z", 10.0, "A"), // 7 March, 23:30 EST
            session("2026-03-09T03:30:00Z", 10.0, "A"), // 8 March, 23:30 EDT
            session("2026-03-09T04:15:00Z", 10.0, "A"), // 9 March, 00:15 EDT
        ];
        let tz = new_york();
        let dates: Vec<_> = records.iter().map(|r| session_date(r, &tz)).collect();
        assert_eq!(
            dates,
            [
                jiff::civil::date(2026, 3, 7),
                jiff::civil::date(2026, 3, 8),
                jiff::civil::date(2026, 3, 9)
            ]
        );
        assert_eq!(streak_days(&records, &now("2026-03-09T16:00:00Z", tz)), 3);
    }

    #[test]
    fn a_week_without_sessions_has_zero_minutes_not_minus_zero() {
        let minutes = minutes_this_week(&[], &now("2026-11-24T20:00:00Z", TimeZone::UTC));
        assert!(minutes == 0.0 && minutes.is_sign_positive(), "{minutes}");
    }

    #[test]
    fn minutes_this_week_start_on_monday_local() {
        // 23 November 2026 is a Monday.
        let records = [
            session("2026-11-22T23:00:00Z", 5.0, "A"), // Sunday in UTC, before the week
            session("2026-11-23T00:30:00Z", 7.0, "A"), // Monday 00:30 UTC, Sunday in New York
            session("2026-11-25T15:00:00Z", 11.5, "A"),
        ];
        let utc = now("2026-11-26T12:00:00Z", TimeZone::UTC);
        assert_eq!(minutes_this_week(&records, &utc), 18.5);
        let ny = now("2026-11-26T12:00:00Z", new_york());
        assert_eq!(minutes_this_week(&records, &ny), 11.5);
    }

    #[test]
    fn minutes_per_day_cover_every_day_oldest_first() {
        let records = [
            session("2026-11-24T08:00:00Z", 10.0, "A"),
            session("2026-11-24T18:00:00Z", 5.0, "A"),
            session("2026-11-20T08:00:00Z", 3.0, "A"),
            session("2026-10-01T08:00:00Z", 99.0, "A"),
        ];
        let days = minutes_per_day(&records, &now("2026-11-24T20:00:00Z", TimeZone::UTC), 28);
        assert_eq!(days.len(), 28);
        assert_eq!(days[0].date, jiff::civil::date(2026, 10, 28));
        assert_eq!(days[27].date, jiff::civil::date(2026, 11, 24));
        assert_eq!(days[27].minutes, 15.0);
        assert_eq!(days[23].minutes, 3.0);
        let total: f64 = days.iter().map(|d| d.minutes).sum();
        assert_eq!(total, 18.0);
    }

    #[test]
    fn newest_first_and_counts_per_routine() {
        let records = [
            session("2026-11-20T08:00:00Z", 1.0, "Feet"),
            session("2026-11-24T08:00:00Z", 1.0, "Hamstrings"),
            session("2026-11-22T08:00:00Z", 1.0, "Hamstrings"),
        ];
        let recent: Vec<_> = newest_first(&records, 2)
            .iter()
            .map(|r| r.start.timestamp().to_string())
            .collect();
        assert_eq!(recent, ["2026-11-24T08:00:00Z", "2026-11-22T08:00:00Z"]);
        assert_eq!(
            sessions_per_routine(&records),
            [("Hamstrings".to_string(), 2), ("Feet".to_string(), 1)]
        );
        let last = last_played(&records);
        assert_eq!(last["hamstrings"].to_string(), "2026-11-24T08:00:00Z");
    }

    #[test]
    fn weeks_at_target_forgive_rest_days_and_wait_for_the_week_under_way() {
        // Weeks starting Mondays 9, 16 and 23 November 2026.
        let records = [
            session("2026-11-09T08:00:00Z", 10.0, "A"),
            session("2026-11-12T08:00:00Z", 10.0, "A"),
            session("2026-11-16T08:00:00Z", 10.0, "A"),
            session("2026-11-22T08:00:00Z", 10.0, "A"),
            session("2026-11-23T08:00:00Z", 10.0, "A"),
        ];
        let wednesday = now("2026-11-25T12:00:00Z", TimeZone::UTC);
        assert_eq!(sessions_this_week(&records, &wednesday), 1);
        // This week has 1 of 2 so far: the run is the two weeks before it.
        assert_eq!(weeks_at_target(&records, &wednesday, 2), 2);
        assert_eq!(weeks_at_target(&records, &wednesday, 1), 3);
        assert_eq!(weeks_at_target(&records, &wednesday, 3), 0);
        // A week with none breaks the run.
        let later = now("2026-12-09T12:00:00Z", TimeZone::UTC);
        assert_eq!(weeks_at_target(&records, &later, 1), 0);
    }

    #[test]
    fn days_ago_counts_calendar_days() {
        let now = now("2026-11-24T00:10:00Z", TimeZone::UTC);
        let at = |t: &str| t.parse::<Timestamp>().unwrap();
        assert_eq!(days_ago(at("2026-11-24T00:01:00Z"), &now), "today");
        assert_eq!(days_ago(at("2026-11-23T23:59:00Z"), &now), "yesterday");
        assert_eq!(days_ago(at("2026-11-21T12:00:00Z"), &now), "3 days ago");
        assert_eq!(days_ago(at("2026-11-25T12:00:00Z"), &now), "today");
    }
}
