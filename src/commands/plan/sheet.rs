//! `unknot plan ROUTINE --markdown`: a printable sheet a trainer hands to a client.
//!
//! It is Markdown that reads as plain text too: headings with `#`, short lists, no tables or
//! HTML, so it prints well from a Markdown viewer or straight from the terminal.

use std::time::Duration;

use crate::plan::{Plan, SegmentKind};
use crate::routine::{HoldLength, Routine, Side, Step, StepKind};

use super::time_text::{clock, length, range};

/// The whole sheet, ending with a newline. `name` is the library name or file the runner plays.
pub fn render(routine: &Routine, plan: &Plan, play_as: &str) -> String {
    let info = &routine.info;
    let mut out = format!("# {}\n\n", escape(&info.name));
    if let Some(description) = &info.description {
        out.push_str(&paragraph(description));
        out.push('\n');
    }

    let mut facts = vec![format!("**Time:** {}", time_text(plan))];
    if !info.equipment.is_empty() {
        facts.push(format!(
            "**Equipment:** {}",
            escape(&info.equipment.join(", "))
        ));
    }
    if routine.settings.rounds > 1 {
        facts.push(format!(
            "**Rounds:** play all the steps {} times",
            routine.settings.rounds
        ));
    }
    if !routine.settings.transition.is_zero() {
        facts.push(format!(
            "**Between parts:** {} to get into position",
            length(routine.settings.transition)
        ));
    }
    if let Some(author) = &info.author {
        facts.push(format!("**By:** {}", escape(author)));
    }
    for fact in facts {
        out.push_str(&format!("- {fact}\n"));
    }
    out.push('\n');

    if let Some(caution) = &info.caution {
        out.push_str(&format!("> **Caution:** {}\n\n", quote(caution.trim())));
    }

    out.push_str("## Steps\n");
    for step in &routine.steps {
        out.push('\n');
        out.push_str(&step_section(step, plan));
    }

    out.push_str(&format!(
        "\n---\n\nPlay it with `unknot play {play_as}`: a countdown, and a sound for every change.\n"
    ));
    out
}

/// One step: its heading, a short list of what, where and when, then the instructions.
fn step_section(step: &Step, plan: &Plan) -> String {
    let mut out = format!("### {}. {}\n\n", step.number, escape(&step.name));
    let mut facts = vec![kind_line(step)];
    let sides = sides_line(step, plan);
    let spots =
        (step.spots > 1).then(|| format!("{} spots, moving the ball between them", step.spots));
    match (sides, spots) {
        (Some(sides), Some(spots)) => facts.push(format!("{sides}; {spots}")),
        (Some(one), None) | (None, Some(one)) => facts.push(one),
        (None, None) => {}
    }
    let place: Vec<String> = [&step.area, &step.tool]
        .into_iter()
        .flatten()
        .map(|text| escape(text))
        .collect();
    if !place.is_empty() {
        facts.push(place.join(", "));
    }
    if let Some(start) = first_start(step, plan) {
        facts.push(format!("starts at {}", clock(start)));
    }
    for fact in facts {
        out.push_str(&format!("- {}\n", capitalise(&fact)));
    }
    if let Some(instructions) = &step.instructions {
        out.push('\n');
        out.push_str(&paragraph(instructions));
    }
    out
}

/// The planned total, and the steps that wait for the runner on top of it.
fn time_text(plan: &Plan) -> String {
    let total = clock(plan.total);
    match plan.segments.iter().filter(|s| s.is_wait()).count() {
        0 => total,
        1 => format!("{total}, plus your own time at the step that waits until you are ready"),
        n => format!("{total}, plus your own time at the {n} steps that wait until you are ready"),
    }
}

/// What the step asks for, in words: "hold 15–30 s", "20 reps, one every 2 s".
fn kind_line(step: &Step) -> String {
    match step.kind {
        StepKind::Timed { duration } => format!("keep going for {}", length(duration)),
        StepKind::Hold {
            length: HoldLength::Fixed(duration),
        } => format!("hold {}", length(duration)),
        StepKind::Hold {
            length: HoldLength::Range { min, max },
        } => format!(
            "hold {}: you may let go after {}",
            range(min, max),
            length(min)
        ),
        StepKind::Circles {
            duration,
            reverse_every: Some(every),
        } => format!(
            "small circles for {}, changing direction every {}, clockwise first",
            length(duration),
            length(every)
        ),
        StepKind::Circles {
            duration,
            reverse_every: None,
        } => format!("small circles for {}", length(duration)),
        StepKind::Reps { reps, tempo } => format!(
            "{}, one every {} ({})",
            crate::words::count(reps, "rep"),
            length(tempo),
            length(tempo * u32::from(reps))
        ),
        StepKind::Placement {
            duration: Some(duration),
        } => format!("{} to get the ball in place", length(duration)),
        StepKind::Placement { duration: None } => {
            "get the ball in place and start when you are ready".to_string()
        }
        StepKind::Rest { duration } => format!("rest {}", length(duration)),
    }
}

/// "right side, then left" as the plan plays it (so `--first-side` shows), or one side.
fn sides_line(step: &Step, plan: &Plan) -> Option<String> {
    let mut sides: Vec<Side> = Vec::new();
    for segment in plan.segments.iter().filter(|s| is_part_of(s, step)) {
        if let Some(side) = segment.side
            && !sides.contains(&side)
        {
            sides.push(side);
        }
    }
    match sides.as_slice() {
        [only] => Some(format!("{} side only", only.as_str())),
        [first, second] => Some(format!("{} side, then {}", first.as_str(), second.as_str())),
        _ => None,
    }
}

/// When the step's first part starts in the first round.
fn first_start(step: &Step, plan: &Plan) -> Option<Duration> {
    plan.segments
        .iter()
        .find(|s| is_part_of(s, step))
        .map(|s| s.start)
}

fn is_part_of(segment: &crate::plan::Segment, step: &Step) -> bool {
    segment.round == 1
        && segment.step == Some(step.number)
        && !matches!(
            segment.kind,
            SegmentKind::Transition(_) | SegmentKind::LeadIn
        )
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Text inside a line: Markdown's emphasis, code and link characters are escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '<' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line of instructions: escaped, and never read as a heading, quote or list by accident.
fn escape_line(line: &str) -> String {
    let escaped = escape(line);
    let trimmed = escaped.trim_start();
    let starts_block = trimmed.starts_with(['#', '>', '-', '+', '='])
        || trimmed
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if starts_block {
        format!("\\{trimmed}")
    } else {
        escaped
    }
}

/// Text of several lines as one paragraph that keeps its line breaks: every line escaped, and
/// ended with a hard break (two spaces) but the last.
fn paragraph(text: &str) -> String {
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| escape_line(line.trim_end()))
        .collect();
    format!("{}\n", lines.join("  \n"))
}

/// A block quote over several lines.
fn quote(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("\n> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_characters_in_names_are_escaped() {
        assert_eq!(escape("Calf *hard*"), "Calf \\*hard\\*");
        assert_eq!(
            escape("Hamstrings & glutes — ball"),
            "Hamstrings & glutes — ball"
        );
    }

    /// Each line of the instructions or the description stays a line of its own when the
    /// sheet is rendered (a hard break, two spaces), and none becomes a heading or a list.
    #[test]
    fn lines_stay_lines_when_rendered() {
        assert_eq!(
            paragraph("Sit down.\n# not a heading\n- x\nLast line.  "),
            "Sit down.  \n\\# not a heading  \n\\- x  \nLast line.\n"
        );
        assert_eq!(paragraph("One line"), "One line\n");
    }

    #[test]
    fn instruction_lines_never_become_headings_or_lists() {
        assert_eq!(escape_line("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line("- not a list"), "\\- not a list");
        assert_eq!(escape_line("1. not a list"), "\\1. not a list");
        assert_eq!(escape_line("Sit on a bench."), "Sit on a bench.");
        assert_eq!(escape_line("10 reps."), "10 reps.");
    }
}
