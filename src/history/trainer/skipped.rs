//! The parts a runner skips most: each part (step name, side, spot) with how many times it was
//! skipped and in how many sessions, most skipped first.

use std::collections::BTreeMap;

use crate::history::SessionRecord;
use crate::routine::Side;

/// How many parts the report lists at most.
pub const LISTED: usize = 5;

/// A part as the runner sees it: the step's name, the side and the spot.
type PartKey = (String, Option<Side>, Option<u8>);

/// One part and how often it was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkipCount {
    pub name: String,
    pub side: Option<Side>,
    pub spot: Option<u8>,
    pub times: usize,
    pub sessions: usize,
}

/// The parts skipped in `records`, most times first (then most sessions, then by name, side and
/// spot), at most [`LISTED`].
pub fn most_skipped(records: &[&SessionRecord]) -> Vec<SkipCount> {
    // Keyed by what the runner sees; the value is (times, sessions).
    let mut counts: BTreeMap<PartKey, (usize, usize)> = BTreeMap::new();
    for record in records {
        let mut seen = Vec::new();
        for part in &record.skipped {
            let key = (part.name.clone(), part.side, part.spot);
            let entry = counts.entry(key.clone()).or_default();
            entry.0 += 1;
            if !seen.contains(&key) {
                entry.1 += 1;
                seen.push(key);
            }
        }
    }
    let mut list: Vec<SkipCount> = counts
        .into_iter()
        .map(|((name, side, spot), (times, sessions))| SkipCount {
            name,
            side,
            spot,
            times,
            sessions,
        })
        .collect();
    // Stable: equal counts keep the BTreeMap's order of name, side, spot.
    list.sort_by_key(|part| std::cmp::Reverse((part.times, part.sessions)));
    list.truncate(LISTED);
    list
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::history::SkippedRecord;

    fn part(name: &str, side: Option<Side>, spot: Option<u8>) -> SkippedRecord {
        SkippedRecord {
            step: 1,
            name: name.to_string(),
            side,
            spot,
        }
    }

    fn with(skipped: Vec<SkippedRecord>) -> SessionRecord {
        let line = r#"{"version":1,"start":"2026-11-24T18:00:00+00:00","end":"2026-11-24T18:15:00+00:00","routine":{"name":"r","file":"r","sha256":"aa"},"planned_seconds":900.0,"actual_seconds":880.0,"parts":{"done":11,"skipped":1,"total":12},"ended":"finished"}"#;
        let mut record = SessionRecord::from_json_line(line).unwrap();
        record.skipped = skipped;
        record
    }

    #[test]
    fn parts_are_counted_by_name_side_and_spot_most_skipped_first() {
        let calf = || part("Calf circles", Some(Side::Left), Some(2));
        let a = with(vec![calf(), calf(), part("Glute hold", None, None)]);
        let b = with(vec![
            calf(),
            part("Calf circles", Some(Side::Right), Some(2)),
            part("Glute hold", None, None),
        ]);
        let c = with(Vec::new());
        let list = most_skipped(&[&a, &b, &c]);
        let count = |name: &str, side, spot, times, sessions| SkipCount {
            name: name.to_string(),
            side,
            spot,
            times,
            sessions,
        };
        assert_eq!(
            list,
            vec![
                count("Calf circles", Some(Side::Left), Some(2), 3, 2),
                count("Glute hold", None, None, 2, 2),
                count("Calf circles", Some(Side::Right), Some(2), 1, 1),
            ]
        );
    }

    #[test]
    fn only_the_most_skipped_are_listed() {
        let names: Vec<String> = (0..9).map(|i| format!("part {i}")).collect();
        let record = with(names.iter().map(|n| part(n, None, None)).collect());
        assert_eq!(most_skipped(&[&record]).len(), LISTED);
        assert!(most_skipped(&[]).is_empty());
    }
}
