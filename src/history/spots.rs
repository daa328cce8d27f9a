//! Tender-spot trends: how the rating of each spot (area, side, spot number) changed over the
//! sessions, so a runner sees a knot easing ("right hamstring spot 2: 4 → 2 over 14 days").

use std::collections::BTreeMap;

use jiff::{Timestamp, ZonedDateTime};

use super::SessionRecord;
use super::stats::{days_between, local_date};
use crate::routine::Side;

/// The ratings of one spot, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct SpotTrend {
    /// The area (`"hamstring"`), or the step's name when the routine gives no area.
    pub place: String,
    pub side: Option<Side>,
    pub spot: Option<u8>,
    pub ratings: Vec<(Timestamp, u8)>,
}

/// A slope (rating points per rating) smaller than this either way is "steady".
const STEADY_SLOPE: f64 = 0.1;

/// The least-squares slope of `values` against their order (0, 1, 2, …); 0 for fewer than two.
pub fn slope(values: &[u8]) -> f64 {
    let n = values.len() as f64;
    if values.len() < 2 {
        return 0.0;
    }
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = values.iter().map(|v| f64::from(*v)).sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, v) in values.iter().enumerate() {
        let dx = i as f64 - mean_x;
        sxy += dx * (f64::from(*v) - mean_y);
        sxx += dx * dx;
    }
    sxy / sxx
}

/// Which spot a rating is of: place, side, spot number.
type SpotKey = (String, Option<Side>, Option<u8>);

/// The trend of every spot that has at least one rating, sorted by place, side and spot.
pub fn trends(records: &[SessionRecord]) -> Vec<SpotTrend> {
    let mut by_spot: BTreeMap<SpotKey, Vec<(Timestamp, u8)>> = BTreeMap::new();
    for record in records {
        for rating in &record.ratings {
            by_spot
                .entry((rating.place().to_string(), rating.side, rating.spot))
                .or_default()
                .push((record.start.timestamp(), rating.value));
        }
    }
    by_spot
        .into_iter()
        .map(|((place, side, spot), mut ratings)| {
            // Stable: two ratings of one session keep the order in which they were given.
            ratings.sort_by_key(|(at, _)| *at);
            SpotTrend {
                place,
                side,
                spot,
                ratings,
            }
        })
        .collect()
}

impl SpotTrend {
    /// "right hamstring spot 2".
    pub fn label(&self) -> String {
        let mut label = String::new();
        if let Some(side) = self.side {
            label.push_str(side.as_str());
            label.push(' ');
        }
        label.push_str(&self.place);
        if let Some(spot) = self.spot {
            label.push_str(&format!(" spot {spot}"));
        }
        label
    }

    /// Local days from the first rating to the last, in `now`'s time zone.
    pub fn days_spanned(&self, now: &ZonedDateTime) -> i64 {
        match (self.ratings.first(), self.ratings.last()) {
            (Some((first, _)), Some((last, _))) => days_between(
                local_date(*first, now.time_zone()),
                local_date(*last, now.time_zone()),
            ),
            _ => 0,
        }
    }

    /// "right hamstring spot 2: 4 → 2 over 14 days (4 3 3 2), easing".
    pub fn describe(&self, now: &ZonedDateTime) -> String {
        let values: Vec<String> = self.ratings.iter().map(|(_, v)| v.to_string()).collect();
        let (Some((_, first)), Some((_, last))) = (self.ratings.first(), self.ratings.last())
        else {
            return format!("{}: no ratings", self.label());
        };
        if self.ratings.len() == 1 {
            return format!("{}: {first}, rated once", self.label());
        }
        let span = match self.days_spanned(now) {
            0 => "the same day".to_string(),
            1 => "over 1 day".to_string(),
            days => format!("over {days} days"),
        };
        let direction = self.direction();
        let mut text = format!(
            "{}: {first} → {last} {span} ({}), {direction}",
            self.label(),
            values.join(" ")
        );
        if self.stays_very_tender() {
            text.push_str(&format!(
                " · rated 5 {} times in a row: have a professional look at it",
                super::focus::VERY_TENDER_RUN
            ));
        }
        text
    }

    /// "easing", "steady" or "more tender", from every rating: the least-squares slope of
    /// the ratings in order, so one good day at the end does not hide a knot that eased
    /// ("4 4 3 3 2 4" is easing, not steady).
    pub fn direction(&self) -> &'static str {
        let values: Vec<u8> = self.ratings.iter().map(|(_, v)| *v).collect();
        let slope = slope(&values);
        if slope <= -STEADY_SLOPE {
            "easing"
        } else if slope >= STEADY_SLOPE {
            "more tender"
        } else {
            "steady"
        }
    }

    /// The last ratings are all 5: the spot should be seen by a professional.
    pub fn stays_very_tender(&self) -> bool {
        let values: Vec<u8> = self.ratings.iter().map(|(_, v)| *v).collect();
        super::focus::stays_very_tender(&values)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;
    use crate::history::{Ending, RecordedRating, RoutineRef};

    fn rating(
        area: Option<&str>,
        side: Option<Side>,
        spot: Option<u8>,
        value: u8,
    ) -> RecordedRating {
        RecordedRating {
            step: 2,
            step_name: "Hamstring: small circles".to_string(),
            area: area.map(str::to_string),
            side,
            spot,
            value,
        }
    }

    fn session(start: &str, ratings: Vec<RecordedRating>) -> SessionRecord {
        let start = start
            .parse::<Timestamp>()
            .unwrap()
            .to_zoned_datetime(TimeZone::UTC);
        SessionRecord {
            start: start.clone(),
            end: start,
            routine: RoutineRef {
                name: "Hamstrings".to_string(),
                file: "hamstrings".to_string(),
                sha256: String::new(),
            },
            planned_seconds: 60.0,
            actual_seconds: 60.0,
            parts_done: 1,
            parts_skipped: 0,
            skipped: Vec::new(),
            parts_total: 1,
            ending: Ending::Finished,
            ratings,
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
    fn a_spot_rated_over_two_weeks_shows_its_trend() {
        let right2 = |v| rating(Some("hamstring"), Some(Side::Right), Some(2), v);
        let records = [
            session("2026-11-24T08:00:00Z", vec![right2(2)]),
            session("2026-11-10T08:00:00Z", vec![right2(4)]),
            session(
                "2026-11-17T08:00:00Z",
                vec![
                    right2(3),
                    rating(Some("hamstring"), Some(Side::Left), Some(2), 1),
                ],
            ),
            session("2026-11-20T08:00:00Z", vec![right2(3)]),
        ];
        let trends = trends(&records);
        let lines: Vec<String> = trends.iter().map(|t| t.describe(&now())).collect();
        assert_eq!(
            lines,
            [
                "left hamstring spot 2: 1, rated once",
                "right hamstring spot 2: 4 → 2 over 14 days (4 3 3 2), easing",
            ]
        );
    }

    #[test]
    fn without_an_area_the_step_name_is_used_and_missing_side_or_spot_is_left_out() {
        let records = [
            session("2026-11-24T08:00:00Z", vec![rating(None, None, None, 2)]),
            session("2026-11-24T09:00:00Z", vec![rating(None, None, None, 3)]),
        ];
        let trends = trends(&records);
        assert_eq!(
            trends[0].describe(&now()),
            "Hamstring: small circles: 2 → 3 the same day (2 3), more tender"
        );
    }

    #[test]
    fn the_trend_uses_every_rating_not_the_first_and_last() {
        let right2 = |v| rating(Some("hamstring"), Some(Side::Right), Some(2), v);
        let days = ["10", "11", "12", "13", "14", "15"];
        let of = |values: &[u8]| -> SpotTrend {
            let records: Vec<SessionRecord> = values
                .iter()
                .zip(days)
                .map(|(v, d)| session(&format!("2026-11-{d}T08:00:00Z"), vec![right2(*v)]))
                .collect();
            trends(&records).remove(0)
        };
        assert_eq!(of(&[4, 4, 3, 3, 2, 4]).direction(), "easing");
        assert_eq!(of(&[2, 2, 3, 3, 4, 2]).direction(), "more tender");
        assert_eq!(of(&[3, 2, 4, 2, 3]).direction(), "steady");
        assert!((slope(&[1, 2, 3]) - 1.0).abs() < 1e-12);
        assert_eq!(slope(&[5]), 0.0);
    }

    #[test]
    fn three_fives_in_a_row_are_flagged() {
        let right2 = |v| rating(Some("hamstring"), Some(Side::Right), Some(2), v);
        let records = [
            session("2026-11-20T08:00:00Z", vec![right2(5)]),
            session("2026-11-21T08:00:00Z", vec![right2(5)]),
            session("2026-11-22T08:00:00Z", vec![right2(5)]),
        ];
        let text = trends(&records)[0].describe(&now());
        assert!(
            text.ends_with("steady · rated 5 3 times in a row: have a professional look at it"),
            "{text}"
        );
        assert!(trends(&records)[0].stays_very_tender());
    }

    #[test]
    fn no_ratings_no_trends() {
        assert!(trends(&[session("2026-11-24T08:00:00Z", vec![])]).is_empty());
    }
}
