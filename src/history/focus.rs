//! Focus on tender spots: a plan adjusted to what the runner said about each spot in the recent
//! sessions of the same routine. A spot rated 4 or 5 gets more time, a spot rated 1 again and
//! again may get a little less, and a spot that stays at 5 gets no more time but a plain word
//! that a professional should look at it.
//!
//! Pure: the history and the plan go in, the adjustments and cautions come out. `plan --focus`
//! and `play --focus` both call [`focus`] and [`apply`], so the timeline shown is the one played.

use std::collections::BTreeMap;
use std::time::Duration;

use super::SessionRecord;
use crate::plan::{Plan, SegmentKind};
use crate::routine::{FocusSettings, Routine, Side, rules};

/// How many of the routine's most recent sessions say how a spot is now.
pub const RECENT_SESSIONS: usize = 3;
/// A part gains at most this share of its length…
pub const MAX_EXTRA_SHARE: f64 = rules::FOCUS_MAX_EXTRA_SHARE;
/// …and never grows past this, whatever the routine says.
pub const LONGEST_FOCUSED_PART: Duration = rules::FOCUS_LONGEST_PART;
/// A spot rated 1 in every recent session loses this share of its length…
pub const LESS_SHARE: f64 = 0.25;
/// …but a part is never shortened below this (nor below its own circle reversal).
pub const SHORTEST_FOCUSED_PART: Duration = Duration::from_secs(10);
/// A spot rated 5 this many times in a row gets no more time, and a word of caution.
pub const VERY_TENDER_RUN: usize = 3;

/// What focus did to one part of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    /// The segment's index in the plan.
    pub segment: usize,
    pub change: Change,
    /// The new rep count, when a reps part changes.
    pub reps: Option<u16>,
    /// "+15 s: rated 4, 5 in the last 2 sessions".
    pub reason: String,
}

/// More or less time for a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    More(Duration),
    Less(Duration),
}

impl Change {
    /// Signed seconds, for JSON.
    pub fn seconds(self) -> f64 {
        match self {
            Change::More(d) => d.as_secs_f64(),
            Change::Less(d) => -d.as_secs_f64(),
        }
    }
}

/// A spot that stayed very tender: no extra time for it, and advice to see a professional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caution {
    /// "right hamstring spot 2" (the step's name stands for the area when there is none).
    pub spot: String,
    pub text: String,
}

/// Everything focus changes in a plan, and the spots it will not push.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Focus {
    pub adjustments: Vec<Adjustment>,
    pub cautions: Vec<Caution>,
}

/// The advice given for a spot that stays very tender (see the domain notes on safety).
pub fn caution_text(spot: &str) -> String {
    format!(
        "{spot} was rated 5 (very tender) {VERY_TENDER_RUN} sessions in a row, so it gets no \
         extra time. A spot that stays this tender should be seen by a professional (a \
         physiotherapist or a doctor), and at once after sharp pain, bruising or a pop."
    )
}

/// True when the last [`VERY_TENDER_RUN`] ratings (one per session, oldest first) are all 5.
pub fn stays_very_tender(per_session: &[u8]) -> bool {
    per_session.len() >= VERY_TENDER_RUN
        && per_session[per_session.len() - VERY_TENDER_RUN..]
            .iter()
            .all(|v| *v == 5)
}

/// Which spot a part is: the step's name, its side, its spot number.
type PartKey = (String, Option<Side>, Option<u8>);

/// What the history says about one spot of the routine.
#[derive(Debug, Default)]
struct SpotHistory {
    /// The spot's rating in each recent session that rated it, oldest first.
    recent: Vec<u8>,
    /// Its rating in every session of the routine that rated it, oldest first.
    all: Vec<u8>,
    /// A name for the runner: "right hamstring spot 2".
    label: String,
}

/// The adjustments and cautions for `plan` (expanded from `routine`, whose file stem is
/// `file`), from the sessions in `history`. Previews played at another speed count for nothing.
pub fn focus(plan: &Plan, routine: &Routine, file: &str, history: &[SessionRecord]) -> Focus {
    let mut sessions: Vec<&SessionRecord> = history
        .iter()
        .filter(|r| r.routine.file == file && !r.is_preview())
        .collect();
    sessions.sort_by_key(|r| r.start.timestamp());
    let window = sessions.len().min(RECENT_SESSIONS);
    let recent_from = sessions.len() - window;

    let mut spots: BTreeMap<PartKey, SpotHistory> = BTreeMap::new();
    for (index, session) in sessions.iter().enumerate() {
        // One value per spot and session: the last one given.
        let mut this_session: BTreeMap<PartKey, (u8, String)> = BTreeMap::new();
        for rating in &session.ratings {
            let label = spot_label(rating.place(), rating.side, rating.spot);
            this_session.insert(
                (rating.step_name.clone(), rating.side, rating.spot),
                (rating.value, label),
            );
        }
        for (key, (value, label)) in this_session {
            let spot = spots.entry(key).or_default();
            spot.all.push(value);
            if index >= recent_from {
                spot.recent.push(value);
            }
            spot.label = label;
        }
    }

    let rules = routine.settings.focus;
    let mut result = Focus::default();
    for (key, spot) in &spots {
        if stays_very_tender(&spot.all) && plan_has(plan, key) {
            result.cautions.push(Caution {
                spot: spot.label.clone(),
                text: caution_text(&spot.label),
            });
        }
    }
    if !rules.enabled {
        return result;
    }
    for segment in &plan.segments {
        let key: PartKey = (
            segment.name.clone(),
            segment.side,
            segment.spot.map(|s| s.number),
        );
        if segment.step.is_none() || !segment.kind.is_work() {
            continue;
        }
        let Some(spot) = spots.get(&key) else {
            continue;
        };
        if stays_very_tender(&spot.all) {
            continue;
        }
        if let Some(adjustment) = adjust(
            segment.index,
            segment.kind,
            segment.duration,
            spot,
            window,
            rules,
        ) {
            result.adjustments.push(adjustment);
        }
    }
    result
}

fn plan_has(plan: &Plan, key: &PartKey) -> bool {
    plan.segments.iter().any(|s| {
        s.step.is_some()
            && s.kind.is_work()
            && s.name == key.0
            && s.side == key.1
            && s.spot.map(|n| n.number) == key.2
    })
}

/// The change for one part, if any.
fn adjust(
    index: usize,
    kind: SegmentKind,
    length: Duration,
    spot: &SpotHistory,
    window: usize,
    rules: FocusSettings,
) -> Option<Adjustment> {
    let tempo = match kind {
        SegmentKind::Timed | SegmentKind::Circles { .. } => None,
        SegmentKind::Hold { .. } if rules.holds => None,
        SegmentKind::Reps { tempo, .. } if rules.reps && !tempo.is_zero() => Some(tempo),
        _ => return None,
    };
    let recent = &spot.recent;
    let sessions = match window {
        1 => "in the last session".to_string(),
        n => format!("in the last {n} sessions"),
    };
    let values: Vec<String> = recent.iter().map(u8::to_string).collect();
    let change = if !recent.is_empty() && recent.iter().all(|v| *v >= 4) {
        let mean = recent.iter().map(|v| f64::from(*v)).sum::<f64>() / recent.len() as f64;
        // In proportion: a steady 4 gains a quarter, a steady 5 a half.
        let share = ((mean - 3.0) / 2.0 * MAX_EXTRA_SHARE).clamp(0.0, MAX_EXTRA_SHARE);
        let mut extra = length.mul_f64(share);
        extra = extra.min(LONGEST_FOCUSED_PART.saturating_sub(length));
        if let Some(max) = rules.max_extra {
            extra = extra.min(max);
        }
        let extra = whole(extra, tempo);
        (!extra.is_zero()).then_some(Change::More(extra))?
    } else if window == RECENT_SESSIONS
        && recent.len() == RECENT_SESSIONS
        && recent.iter().all(|v| *v == 1)
    {
        let floor = match kind {
            SegmentKind::Circles {
                reverse_every: Some(every),
            } => SHORTEST_FOCUSED_PART.max(every + Duration::from_secs(1)),
            SegmentKind::Reps { tempo, .. } => tempo.max(SHORTEST_FOCUSED_PART),
            _ => SHORTEST_FOCUSED_PART,
        };
        let less = length.mul_f64(LESS_SHARE).min(length.saturating_sub(floor));
        let less = whole(less, tempo);
        (!less.is_zero()).then_some(Change::Less(less))?
    } else {
        return None;
    };
    let reps = match (kind, tempo) {
        (SegmentKind::Reps { reps, .. }, Some(tempo)) => {
            let delta = reps_in(change_length(change), tempo);
            Some(match change {
                Change::More(_) => reps.saturating_add(delta),
                Change::Less(_) => reps.saturating_sub(delta).max(1),
            })
        }
        _ => None,
    };
    let amount = match (change, reps, kind) {
        (Change::More(d), Some(new), SegmentKind::Reps { reps, .. }) => {
            format!("+{} reps (+{})", new - reps, seconds_text(d))
        }
        (Change::Less(d), Some(new), SegmentKind::Reps { reps, .. }) => {
            format!("-{} reps (-{})", reps - new, seconds_text(d))
        }
        (Change::More(d), _, _) => format!("+{}", seconds_text(d)),
        (Change::Less(d), _, _) => format!("-{}", seconds_text(d)),
    };
    let reason = match change {
        Change::More(_) => format!("{amount}: rated {} {sessions}", values.join(", ")),
        Change::Less(_) => format!("{amount}: rated 1 in each of the last {window} sessions"),
    };
    Some(Adjustment {
        segment: index,
        change,
        reps,
        reason,
    })
}

fn change_length(change: Change) -> Duration {
    match change {
        Change::More(d) | Change::Less(d) => d,
    }
}

/// Whole seconds, or whole reps of `tempo`, rounded down: the runner reads "+15 s", not "+14.7 s".
fn whole(length: Duration, tempo: Option<Duration>) -> Duration {
    match tempo {
        Some(tempo) => tempo * u32::from(reps_in(length, tempo)),
        None => Duration::from_secs(length.as_secs()),
    }
}

/// How many whole reps of `tempo` fit in `length`.
fn reps_in(length: Duration, tempo: Duration) -> u16 {
    if tempo.is_zero() {
        return 0;
    }
    u16::try_from(length.as_nanos() / tempo.as_nanos()).unwrap_or(u16::MAX)
}

/// "15 s", "1.5 s".
fn seconds_text(length: Duration) -> String {
    let seconds = length.as_secs_f64();
    if seconds.fract() == 0.0 {
        format!("{seconds} s")
    } else {
        format!("{:.1} s", seconds)
    }
}

/// "right hamstring spot 2", as `history --spots` names spots.
pub fn spot_label(place: &str, side: Option<Side>, spot: Option<u8>) -> String {
    let mut label = String::new();
    if let Some(side) = side {
        label.push_str(side.as_str());
        label.push(' ');
    }
    label.push_str(place);
    if let Some(spot) = spot {
        label.push_str(&format!(" spot {spot}"));
    }
    label
}

/// The plan as focus changes it: each adjusted part at its new length (and rep count), and
/// every start time after it moved along.
pub fn apply(plan: &Plan, focus: &Focus) -> Plan {
    let mut plan = plan.clone();
    for adjustment in &focus.adjustments {
        let Some(segment) = plan.segments.get_mut(adjustment.segment) else {
            continue;
        };
        segment.duration = match adjustment.change {
            Change::More(d) => segment.duration.saturating_add(d),
            Change::Less(d) => segment.duration.saturating_sub(d),
        };
        if let (SegmentKind::Reps { reps, .. }, Some(new)) = (&mut segment.kind, adjustment.reps) {
            *reps = new;
        }
    }
    let mut at = Duration::ZERO;
    for segment in &mut plan.segments {
        segment.start = at;
        at += segment.duration;
    }
    plan.total = at;
    plan
}

impl Focus {
    /// The adjustment of one segment, if focus changed it.
    pub fn of(&self, segment: usize) -> Option<&Adjustment> {
        self.adjustments.iter().find(|a| a.segment == segment)
    }

    /// The lines the intro and `plan --focus` show: each changed part with its reason, then
    /// every caution.
    pub fn lines(&self, plan: &Plan) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.adjustments.is_empty() {
            lines.push("Focus on tender spots:".to_string());
        }
        for adjustment in &self.adjustments {
            let name = plan
                .segments
                .get(adjustment.segment)
                .map(|s| part_name(s.name.as_str(), s.side, s.spot.map(|n| n.number)))
                .unwrap_or_default();
            lines.push(format!("  {name}: {}", adjustment.reason));
        }
        for caution in &self.cautions {
            lines.push(format!("Caution: {}", caution.text));
        }
        lines
    }
}

/// "Hamstring: small circles (right, spot 2)".
fn part_name(name: &str, side: Option<Side>, spot: Option<u8>) -> String {
    let mut facts = Vec::new();
    if let Some(side) = side {
        facts.push(side.as_str().to_string());
    }
    if let Some(spot) = spot {
        facts.push(format!("spot {spot}"));
    }
    if facts.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({})", facts.join(", "))
    }
}

#[cfg(test)]
mod tests;
