//! What the player says about the plan around the current segment: which part it is, what
//! comes next, and which step of the routine it plays.

use crate::plan::{Plan, Segment, SegmentKind};
use crate::routine::{Routine, Step};

use super::format;

/// A part is what the runner counts: a step on one side at one spot (a rest or a placement
/// included), but not the lead-in nor the transitions between parts.
pub fn is_part(segment: &Segment) -> bool {
    !matches!(
        segment.kind,
        SegmentKind::LeadIn | SegmentKind::Transition(_)
    )
}

/// How many parts the plan has.
pub fn part_count(plan: &Plan) -> usize {
    plan.segments.iter().filter(|s| is_part(s)).count()
}

/// The 1-based number of the part shown while segment `index` plays: the part itself, or
/// during a lead-in or a transition the part it leads to ("get ready for part 3").
pub fn part_number(plan: &Plan, index: usize) -> Option<usize> {
    let upcoming = plan.segments.iter().skip(index).find(|s| is_part(s))?.index;
    Some(
        plan.segments
            .iter()
            .take(upcoming + 1)
            .filter(|s| is_part(s))
            .count(),
    )
}

/// The first part after segment `index`, skipping transitions.
pub fn next_part(plan: &Plan, index: usize) -> Option<&Segment> {
    plan.segments.iter().skip(index + 1).find(|s| is_part(s))
}

/// The step a segment plays; for the lead-in, the step of the first part.
pub fn step_of<'a>(routine: &'a Routine, plan: &Plan, index: usize) -> Option<&'a Step> {
    let segment = plan.segments.get(index)?;
    let number = match segment.step {
        Some(number) => number,
        None => next_part(plan, index)?.step?,
    };
    routine.steps.iter().find(|step| step.number == number)
}

/// Time left in the session: what is left of the current segment (after `+`, `-`) and the
/// planned length of every segment after it (a wait as nothing, a hold range at its maximum).
pub fn session_left(
    plan: &Plan,
    segment: usize,
    remaining_in_segment: std::time::Duration,
) -> std::time::Duration {
    let after: std::time::Duration = plan
        .segments
        .iter()
        .skip(segment + 1)
        .map(|s| s.duration)
        .sum();
    if segment >= plan.segments.len() {
        return std::time::Duration::ZERO;
    }
    remaining_in_segment + after
}

/// A segment's planned length as "Next:" says it: "45 s", "15–30 s", "20 reps", "until ready".
pub fn planned_length(segment: &Segment) -> String {
    match segment.kind {
        SegmentKind::Hold { min: Some(min) } => format!(
            "{}–{}",
            format::length(min).trim_end_matches(" s"),
            format::length(segment.duration)
        ),
        SegmentKind::Reps { reps, .. } => crate::words::count(reps, "rep"),
        SegmentKind::Placement { wait: true } => "until ready".to_string(),
        _ => format::length(segment.duration),
    }
}
