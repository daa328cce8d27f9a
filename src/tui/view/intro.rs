//! The intro, before a session starts: what the routine is, what it needs, its caution,
//! and how to start.
//!
//! ```text
//! ╭ unknot ──────────────────────────────────────────────────────────╮
//! │ Hamstrings & glutes — lacrosse ball                              │
//! │ by Sam Trainer                                                   │
//! │ After a run, work the back of the thigh and the glutes…          │
//! │                                                                  │
//! │ Equipment lacrosse ball, bench                                   │
//! │ Planned   15:12 · 12 parts                                       │
//! │                                                                  │
//! │  1  Warm up: easy walk  5:00                                     │
//! │  2  Hamstring: small circles  1:00 · both sides · 3 spots        │
//! │                                                                  │
//! │ Caution: stop at sharp pain…                                     │
//! │                                                                  │
//! │ Enter to start · q to go back                                    │
//! ╰──────────────────────────────────────────────────────────────────╯
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::plan::Plan;
use crate::routine::{Routine, Step, StepKind, StepSide};
use crate::tui::theme::{Mood, Theme};

use super::centre::wrap;
use super::{format, parts, too_small};

/// Draws the intro over the whole frame.
pub fn render_intro(
    frame: &mut Frame,
    routine: &Routine,
    plan: &Plan,
    notice: Option<&str>,
    theme: &Theme,
) {
    render_intro_with(frame, routine, plan, notice, &[], theme);
}

/// The intro with `notes` above the keys: what focus changed, cautions, the check-in.
pub fn render_intro_with(
    frame: &mut Frame,
    routine: &Routine,
    plan: &Plan,
    notice: Option<&str>,
    notes: &[String],
    theme: &Theme,
) {
    let area = frame.area();
    if area.width < super::MIN_WIDTH || area.height < super::MIN_HEIGHT {
        too_small::render(frame, area, theme);
        return;
    }
    let inner = framed(frame, area, theme);
    let info = &routine.info;

    let mut lines = vec![Line::from(Span::styled(info.name.as_str(), theme.title()))];
    if let Some(author) = &info.author {
        lines.push(Line::from(Span::styled(
            format!("by {author}"),
            theme.muted(),
        )));
    }
    if let Some(description) = &info.description {
        lines.push(Line::from(description.as_str()));
    }
    lines.push(Line::from(""));
    if !info.equipment.is_empty() {
        lines.push(fact("Equipment", info.equipment.join(", "), theme));
    }
    lines.push(fact(
        "Planned",
        format!(
            "{} · {}",
            format::clock(plan.total),
            crate::words::count(parts::part_count(plan) as u64, "part")
        ),
        theme,
    ));
    lines.push(Line::from(""));
    lines.extend(routine.steps.iter().map(|step| step_line(step, theme)));

    // The caution, the notice and the keys keep the last rows, whatever the text above:
    // the runner must read the caution before starting.
    let text_width = usize::from(inner.width);
    let caution: Vec<String> = info
        .caution
        .as_deref()
        .map(|caution| wrap(&format!("Caution: {caution}"), text_width))
        .unwrap_or_default();
    let mut bottom: Vec<Line> = caution
        .into_iter()
        .map(|line| Line::from(Span::styled(line, theme.caution())))
        .collect();
    if !bottom.is_empty() {
        bottom.push(Line::from(""));
    }
    for note in notes {
        bottom.extend(
            wrap(note, text_width)
                .into_iter()
                .map(|line| Line::from(Span::styled(line, theme.notice()))),
        );
    }
    if !notes.is_empty() {
        bottom.push(Line::from(""));
    }
    if let Some(notice) = notice {
        bottom.extend(
            wrap(notice, text_width)
                .into_iter()
                .map(|line| Line::from(Span::styled(line, theme.notice()))),
        );
    }
    bottom.push(Line::from(vec![
        Span::styled("Enter", theme.key()),
        Span::styled(" to start · ", theme.muted()),
        Span::styled("q", theme.key()),
        Span::styled(" to go back", theme.muted()),
    ]));
    // On a very short screen the bottom keeps its last rows: the keys first.
    let bottom_height = u16::try_from(bottom.len())
        .unwrap_or(u16::MAX)
        .min(inner.height);
    let skip = bottom.len() - usize::from(bottom_height);
    let text_height = inner.height - bottom_height;
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect::new(inner.x, inner.y, inner.width, text_height),
    );
    frame.render_widget(
        Paragraph::new(bottom.into_iter().skip(skip).collect::<Vec<_>>()),
        Rect::new(inner.x, inner.y + text_height, inner.width, bottom_height),
    );
}

/// " 3  Hamstring: small circles   1:00 · both sides · 3 spots".
fn step_line<'a>(step: &'a Step, theme: &Theme) -> Line<'a> {
    let length = match step.kind {
        StepKind::Timed { duration }
        | StepKind::Circles { duration, .. }
        | StepKind::Rest { duration }
        | StepKind::Placement {
            duration: Some(duration),
        } => format::length(duration),
        StepKind::Hold { length } => match length.min() {
            Some(min) => format!(
                "{}–{}",
                format::length(min).trim_end_matches(" s"),
                format::length(length.max())
            ),
            None => format::length(length.max()),
        },
        StepKind::Reps { reps, .. } => crate::words::count(reps, "rep"),
        StepKind::Placement { duration: None } => "until ready".to_string(),
    };
    let mut facts = vec![length];
    match step.side {
        StepSide::None => {}
        StepSide::Both => facts.push("both sides".to_string()),
        StepSide::Left => facts.push("left".to_string()),
        StepSide::Right => facts.push("right".to_string()),
    }
    if step.spots > 1 {
        facts.push(format!("{} spots", step.spots));
    }
    Line::from(vec![
        Span::styled(format!("{:>2}  ", step.number), theme.muted()),
        Span::raw(step.name.as_str()),
        Span::styled(format!("  {}", facts.join(" · ")), theme.muted()),
    ])
}

/// "Equipment   lacrosse ball".
fn fact<'a>(label: &'a str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<10}"), theme.muted()),
        Span::raw(value),
    ])
}

/// A rounded frame titled "unknot" with a margin of one column, when there is room for it.
pub(super) fn framed(frame: &mut Frame, area: Rect, theme: &Theme) -> Rect {
    if area.width < 30 || area.height < 10 {
        return area;
    }
    let block = Block::bordered()
        .border_type(ratatui::widgets::BorderType::Rounded)
        .border_style(theme.mood(Mood::Transition))
        .title(Span::styled(" unknot ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    )
}
