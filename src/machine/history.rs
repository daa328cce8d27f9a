//! `history --json` (every session) and `history --spots --json` (how each spot changed).

use jiff::ZonedDateTime;
use serde::Serialize;

use crate::history::SessionRecord;
use crate::history::record::RecordLine;
use crate::history::spots;

/// `history --json`: every session, oldest first, each exactly as its line in the history
/// file (docs/history.md), so a script reads one shape in both.
#[derive(Serialize)]
#[serde(transparent)]
pub struct Sessions(Vec<RecordLine>);

impl Sessions {
    pub fn new(records: &[SessionRecord]) -> Sessions {
        Sessions(records.iter().map(RecordLine::from).collect())
    }

    /// Indented JSON.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        super::pretty(self)
    }
}

/// `history --spots --json`: the trend of every rated spot.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct SpotTrends<'a>(pub Vec<SpotTrend<'a>>);

/// How one spot's rating changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpotTrend<'a> {
    /// The step's `area`, or its name when the routine gives none.
    pub area: &'a str,
    pub side: Option<&'static str>,
    pub spot: Option<u8>,
    /// Local days from the first rating to the last.
    pub days: i64,
    /// `"easing"`, `"steady"` or `"more tender"`, as `history --spots` says it.
    pub direction: &'static str,
    /// Rated 5 the last few times in a row.
    pub see_a_professional: bool,
    pub ratings: Vec<Rating>,
}

/// One rating, at the session's start in the runner's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    /// RFC 3339 with the offset: `2026-11-24T08:00:00+01:00`.
    pub at: String,
    /// 1 (barely tender) to 5 (very tender).
    pub value: u8,
}

impl<'a> SpotTrends<'a> {
    /// The trends, with days and times in `now`'s time zone.
    pub fn new(trends: &'a [spots::SpotTrend], now: &ZonedDateTime) -> SpotTrends<'a> {
        SpotTrends(
            trends
                .iter()
                .map(|trend| SpotTrend::new(trend, now))
                .collect(),
        )
    }

    /// Indented JSON.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        super::pretty(self)
    }
}

impl<'a> SpotTrend<'a> {
    pub fn new(trend: &'a spots::SpotTrend, now: &ZonedDateTime) -> SpotTrend<'a> {
        SpotTrend {
            area: &trend.place,
            side: trend.side.map(crate::routine::Side::as_str),
            spot: trend.spot,
            days: trend.days_spanned(now),
            direction: trend.direction(),
            see_a_professional: trend.stays_very_tender(),
            ratings: trend
                .ratings
                .iter()
                .map(|(at, value)| {
                    let local = at.to_zoned_datetime(now.time_zone().clone());
                    Rating {
                        at: at.display_with_offset(local.offset()).to_string(),
                        value: *value,
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::Timestamp;
    use jiff::tz::TimeZone;

    use super::*;
    use crate::machine::golden;

    /// The snapshots were printed with `TZ=UTC`.
    fn now() -> ZonedDateTime {
        "2026-11-28T12:00:00Z"
            .parse::<Timestamp>()
            .unwrap()
            .to_zoned_datetime(TimeZone::UTC)
    }

    #[test]
    fn sessions_are_listed_as_before() {
        let mut text = Sessions::new(&golden::history()).to_json().unwrap();
        text.push('\n');
        golden::assert_same(&text, "history.json");
    }

    #[test]
    fn spot_trends_are_listed_as_before() {
        let trends = spots::trends(&golden::history());
        let mut text = SpotTrends::new(&trends, &now()).to_json().unwrap();
        text.push('\n');
        golden::assert_same(&text, "history-spots.json");
    }

    #[test]
    fn no_sessions_is_an_empty_list() {
        assert_eq!(Sessions::new(&[]).to_json().unwrap(), "[]");
        assert_eq!(SpotTrends::new(&[], &now()).to_json().unwrap(), "[]");
    }

    #[test]
    fn a_spot_trend_has_its_times_in_the_runners_zone() {
        let records = golden::history();
        let trends = spots::trends(&records);
        let now = now().with_time_zone(TimeZone::fixed(jiff::tz::offset(1)));
        let trend = SpotTrend::new(&trends[0], &now);
        assert!(
            trend.ratings[0].at.ends_with("+01:00"),
            "{:?}",
            trend.ratings
        );
    }
}
