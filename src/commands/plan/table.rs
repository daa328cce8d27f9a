//! The readable timeline of `unknot plan`: one row per segment, and the planned total.
//!
//! ```text
//! Hamstrings & glutes — lacrosse ball
//!
//!  start  length          what                          side   spot
//!   0:00  10 s            Get ready
//!   0:10  5:00            Warm up: easy walk
//!   5:10  wait for Enter  Sit down with the ball
//!   5:10  40 s            Hamstring: small circles      right  1/3
//!   5:50  5 s               → Move the ball to a new spot  right  2/3
//!
//! Total 15:35
//! ```

use crate::plan::{Plan, Segment, SegmentKind};

use super::time_text::{clock, length, range};

/// What a wait shows in the length column.
const WAIT: &str = "wait for Enter";
/// How a transition's row is set off from the parts around it.
const TRANSITION_MARK: &str = "  → ";

/// The whole table, ending with a newline.
pub fn render(plan: &Plan) -> String {
    let rows: Vec<Row> = plan.segments.iter().map(Row::of).collect();
    let widths = Widths::of(&rows);
    let rounds = plan.segments.iter().map(|s| s.round).max().unwrap_or(1);

    let mut out = format!("{}\n\n", plan.name);
    out.push_str(&widths.line(&Row {
        start: "start".into(),
        length: "length".into(),
        what: "what".into(),
        side: "side".into(),
        spot: "spot".into(),
    }));
    let mut round = 0;
    for (segment, row) in plan.segments.iter().zip(&rows) {
        if rounds > 1 && segment.round != round && !matches!(segment.kind, SegmentKind::LeadIn) {
            round = segment.round;
            out.push_str(&format!(
                " {:>w$}  round {round} of {rounds}\n",
                "",
                w = widths.start
            ));
        }
        out.push_str(&widths.line(row));
    }
    out.push('\n');
    out.push_str(&total_line(plan));
    out
}

/// "Total 15:35", and how many waits it leaves out.
pub fn total_line(plan: &Plan) -> String {
    format!("Total {}\n", total(plan))
}

/// "15:35", and how many waits it leaves out: the planned total, as the line under the
/// timeline and the watch screen's header give it.
pub fn total(plan: &Plan) -> String {
    let waits = plan.segments.iter().filter(|s| s.is_wait()).count();
    match waits {
        0 => clock(plan.total),
        1 => format!(
            "{}, plus the time you take at 1 wait for Enter",
            clock(plan.total)
        ),
        n => format!(
            "{}, plus the time you take at {n} waits for Enter",
            clock(plan.total)
        ),
    }
}

struct Row {
    start: String,
    length: String,
    what: String,
    side: String,
    spot: String,
}

impl Row {
    fn of(segment: &Segment) -> Row {
        let length_text = match segment.kind {
            SegmentKind::Placement { wait: true } => WAIT.to_string(),
            SegmentKind::Hold { min: Some(min) } => range(min, segment.duration),
            _ => length(segment.duration),
        };
        let what = match segment.kind {
            SegmentKind::Transition(_) => format!("{TRANSITION_MARK}{}", segment.name),
            SegmentKind::Reps { reps, tempo } => {
                format!("{} ({reps} × {})", segment.name, length(tempo))
            }
            SegmentKind::Circles {
                reverse_every: Some(every),
            } => format!("{} (reverse every {})", segment.name, length(every)),
            _ => segment.name.clone(),
        };
        Row {
            start: clock(segment.start),
            length: length_text,
            what,
            side: segment
                .side
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            spot: segment
                .spot
                .map(|s| format!("{}/{}", s.number, s.of))
                .unwrap_or_default(),
        }
    }
}

struct Widths {
    start: usize,
    length: usize,
    what: usize,
    side: usize,
}

impl Widths {
    fn of(rows: &[Row]) -> Widths {
        let widest = |min: usize, f: fn(&Row) -> &str| {
            rows.iter()
                .map(|r| crate::columns::width(f(r)))
                .max()
                .unwrap_or(0)
                .max(min)
        };
        Widths {
            start: widest("start".len(), |r| &r.start),
            length: widest("length".len(), |r| &r.length),
            what: widest("what".len(), |r| &r.what),
            side: widest("side".len(), |r| &r.side),
        }
    }

    /// One row, columns two spaces apart, without trailing spaces.
    fn line(&self, row: &Row) -> String {
        let text = format!(
            " {:>start$}  {}  {}  {}  {}",
            row.start,
            pad(&row.length, self.length),
            pad(&row.what, self.what),
            pad(&row.side, self.side),
            row.spot,
            start = self.start,
        );
        format!("{}\n", text.trim_end())
    }
}

/// Pads to a width counted in terminal columns (names may hold "—", "&", Japanese or emoji).
fn pad(text: &str, width: usize) -> String {
    crate::columns::pad(text, width)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::plan::{Spot, TransitionKind};
    use crate::routine::Side;

    fn segment(index: usize, start: u64, duration: u64, kind: SegmentKind, name: &str) -> Segment {
        Segment {
            index,
            start: Duration::from_secs(start),
            duration: Duration::from_secs(duration),
            kind,
            name: name.to_string(),
            step: Some(1),
            side: None,
            spot: None,
            round: 1,
        }
    }

    #[test]
    fn rows_show_waits_ranges_transitions_sides_and_spots() {
        let mut circles = segment(
            1,
            0,
            40,
            SegmentKind::Circles {
                reverse_every: Some(Duration::from_secs(20)),
            },
            "Circles",
        );
        circles.side = Some(Side::Right);
        circles.spot = Some(Spot { number: 1, of: 2 });
        let mut moving = segment(
            2,
            40,
            5,
            SegmentKind::Transition(TransitionKind::MoveSpot),
            "Move the ball to a new spot",
        );
        moving.side = Some(Side::Right);
        moving.spot = Some(Spot { number: 2, of: 2 });
        let plan = Plan {
            name: "Sample".into(),
            segments: vec![
                segment(0, 0, 0, SegmentKind::Placement { wait: true }, "Sit down"),
                circles,
                moving,
                segment(
                    3,
                    45,
                    30,
                    SegmentKind::Hold {
                        min: Some(Duration::from_secs(15)),
                    },
                    "Stretch",
                ),
            ],
            total: Duration::from_secs(75),
            countdown: 3,
        };
        let text = render(&plan);
        let expected = "\
Sample

 start  length          what                             side   spot
  0:00  wait for Enter  Sit down
  0:00  40 s            Circles (reverse every 20 s)     right  1/2
  0:40  5 s               → Move the ball to a new spot  right  2/2
  0:45  15–30 s         Stretch

Total 1:15, plus the time you take at 1 wait for Enter
";
        assert_eq!(text, expected);
    }

    #[test]
    fn rounds_are_headed_when_there_are_several() {
        let mut second = segment(1, 10, 10, SegmentKind::Timed, "Walk");
        second.round = 2;
        let plan = Plan {
            name: "Twice".into(),
            segments: vec![segment(0, 0, 10, SegmentKind::Timed, "Walk"), second],
            total: Duration::from_secs(20),
            countdown: 3,
        };
        let text = render(&plan);
        assert!(text.contains("round 1 of 2\n  0:00"), "{text}");
        assert!(text.contains("round 2 of 2\n  0:10"), "{text}");
    }

    #[test]
    fn wide_characters_keep_the_columns_lined_up() {
        let mut wide = segment(0, 0, 10, SegmentKind::Timed, "ボールを置く 🎾");
        wide.side = Some(Side::Right);
        let mut narrow = segment(1, 10, 10, SegmentKind::Timed, "Walk");
        narrow.side = Some(Side::Left);
        let plan = Plan {
            name: "足底".into(),
            segments: vec![wide, narrow],
            total: Duration::from_secs(20),
            countdown: 3,
        };
        let text = render(&plan);
        let column = |side: &str| {
            let line = text.lines().find(|l| l.ends_with(side)).unwrap();
            crate::columns::width(line) - crate::columns::width(side)
        };
        assert_eq!(column("right"), column("left"), "{text}");
    }
}
