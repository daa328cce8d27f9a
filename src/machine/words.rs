//! The words the machine-readable documents share, and the one place where the core's
//! enums are mapped to them.

use serde::Serialize;

use crate::cue;
use crate::plan;
use crate::routine;

/// A body side: `"left"` or `"right"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Left,
    Right,
}

impl From<routine::Side> for Side {
    fn from(side: routine::Side) -> Side {
        match side {
            routine::Side::Left => Side::Left,
            routine::Side::Right => Side::Right,
        }
    }
}

/// What a segment plays: the step's kind, or `lead_in` or `transition`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    LeadIn,
    Transition,
    Timed,
    Hold,
    Circles,
    Reps,
    Placement,
    Rest,
}

impl From<&plan::SegmentKind> for SegmentKind {
    fn from(kind: &plan::SegmentKind) -> SegmentKind {
        match kind {
            plan::SegmentKind::LeadIn => SegmentKind::LeadIn,
            plan::SegmentKind::Transition(_) => SegmentKind::Transition,
            plan::SegmentKind::Timed => SegmentKind::Timed,
            plan::SegmentKind::Hold { .. } => SegmentKind::Hold,
            plan::SegmentKind::Circles { .. } => SegmentKind::Circles,
            plan::SegmentKind::Reps { .. } => SegmentKind::Reps,
            plan::SegmentKind::Placement { .. } => SegmentKind::Placement,
            plan::SegmentKind::Rest => SegmentKind::Rest,
        }
    }
}

/// The sort of a transition, named after what the runner does in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    MoveSpot,
    SwitchSide,
    Next,
}

impl From<plan::TransitionKind> for Transition {
    fn from(kind: plan::TransitionKind) -> Transition {
        match kind {
            plan::TransitionKind::MoveSpot => Transition::MoveSpot,
            plan::TransitionKind::SwitchSide => Transition::SwitchSide,
            plan::TransitionKind::Next => Transition::Next,
        }
    }
}

/// The direction circles turn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Clockwise,
    Counterclockwise,
}

impl From<cue::Direction> for Direction {
    fn from(direction: cue::Direction) -> Direction {
        match direction {
            cue::Direction::Clockwise => Direction::Clockwise,
            cue::Direction::Counterclockwise => Direction::Counterclockwise,
        }
    }
}
