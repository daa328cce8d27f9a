//! `plan --json`: the timeline `play` plays, segment by segment, with what `--focus` changed.

use serde::Serialize;

use crate::history::focus;
use crate::plan;

/// The plan. Times are seconds, as JSON numbers (`912.0`, `15.5`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan<'a> {
    pub name: &'a str,
    pub total_seconds: f64,
    pub segments: Vec<Segment<'a>>,
    /// With `--focus` only: the spots that get no more time, and why (empty when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus_cautions: Option<Vec<Caution<'a>>>,
}

/// One segment. For a transition, `step`, `side` and `spot` describe the part after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment<'a> {
    pub index: usize,
    pub start: f64,
    /// A hold range's maximum; 0 for a placement that waits.
    pub duration: f64,
    /// The core's word for it ([`plan::SegmentKind::as_str`]): `lead_in`, `transition`,
    /// `timed`, `hold`, `circles`, `reps`, `placement` or `rest`.
    pub kind: &'static str,
    pub name: &'a str,
    /// 1-based.
    pub step: Option<usize>,
    /// `left` or `right` ([`crate::routine::Side::as_str`]).
    pub side: Option<&'static str>,
    pub spot: Option<u8>,
    /// A placement that lasts until the runner says the ball is in place.
    pub wait: bool,
    /// Transitions only.
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `move_spot`, `switch_side` or `next` ([`plan::TransitionKind::as_str`]).
    pub transition: Option<&'static str>,
    /// Hold ranges only: when the hold may be released.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_duration: Option<f64>,
    /// With `--focus`, on the parts it changed.
    #[serde(flatten)]
    pub focus: Option<FocusChange<'a>>,
}

/// What `--focus` did to a part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusChange<'a> {
    /// Seconds more (or, negative, less).
    pub focus_seconds: f64,
    /// "+15 s: rated 4, 5 in the last 2 sessions".
    pub focus_reason: &'a str,
    /// The new rep count of a reps part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus_reps: Option<u16>,
}

/// A spot that stayed very tender.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Caution<'a> {
    pub spot: &'a str,
    pub text: &'a str,
}

impl<'a> Plan<'a> {
    /// The plan as `plan --json` prints it.
    pub fn new(plan: &'a plan::Plan) -> Plan<'a> {
        Plan {
            name: &plan.name,
            total_seconds: plan.total.as_secs_f64(),
            segments: plan.segments.iter().map(Segment::new).collect(),
            focus_cautions: None,
        }
    }

    /// The plan as `plan --focus --json` prints it: `plan` is the focused one, and `focus`
    /// what changed it.
    pub fn focused(plan: &'a plan::Plan, focus: &'a focus::Focus) -> Plan<'a> {
        let mut document = Plan::new(plan);
        for (index, segment) in document.segments.iter_mut().enumerate() {
            segment.focus = focus.of(index).map(FocusChange::new);
        }
        document.focus_cautions = Some(
            focus
                .cautions
                .iter()
                .map(|caution| Caution {
                    spot: &caution.spot,
                    text: &caution.text,
                })
                .collect(),
        );
        document
    }

    /// Indented JSON.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        super::pretty(self)
    }
}

impl<'a> Segment<'a> {
    pub fn new(segment: &'a plan::Segment) -> Segment<'a> {
        let (transition, min_duration) = match segment.kind {
            plan::SegmentKind::Transition(kind) => (Some(kind.as_str()), None),
            plan::SegmentKind::Hold { min: Some(min) } => (None, Some(min.as_secs_f64())),
            _ => (None, None),
        };
        Segment {
            index: segment.index,
            start: segment.start.as_secs_f64(),
            duration: segment.duration.as_secs_f64(),
            kind: segment.kind.as_str(),
            name: &segment.name,
            step: segment.step,
            side: segment.side.map(crate::routine::Side::as_str),
            spot: segment.spot.map(|spot| spot.number),
            wait: segment.is_wait(),
            transition,
            min_duration,
            focus: None,
        }
    }
}

impl<'a> FocusChange<'a> {
    fn new(adjustment: &'a focus::Adjustment) -> FocusChange<'a> {
        FocusChange {
            focus_seconds: adjustment.change.seconds(),
            focus_reason: &adjustment.reason,
            focus_reps: adjustment.reps,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
