//! The intro, before a session starts: what the routine is, what it needs, its caution,
//! and how to start.
//!
//! ```text
//! ╭ unknot ──────────────────────────────────────────────────────────╮
//! │ Hamstrings & glutes — lacrosse ball                              │
//! │ by Sam Trainer                                                   │
//! │ After a run, work the back of the thigh and the glutes…          │
//! │                                                                  │
//! │ Equipment   lacrosse ball, bench                                 │
//! │ Planned     15:12 · 12 parts                                     │
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
use crate::routine::Routine;
use crate::tui::theme::{Mood, Theme};

use super::{format, parts, too_small};

/// Draws the intro over the whole frame.
pub fn render_intro(
    frame: &mut Frame,
    routine: &Routine,
    plan: &Plan,
    notice: Option<&str>,
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
            "{} · {} parts",
            format::clock(plan.total),
            parts::part_count(plan)
        ),
        theme,
    ));
    if let Some(caution) = &info.caution {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("Caution: {caution}"),
            theme.caution(),
        )));
    }

    // The keys and the notice stay on the last rows, whatever the text above.
    let bottom_rows: u16 = if notice.is_some() { 2 } else { 1 };
    let text_height = inner.height.saturating_sub(bottom_rows);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect::new(inner.x, inner.y, inner.width, text_height),
    );
    let mut y = inner.y + text_height;
    if let (Some(notice), true) = (notice, inner.height > bottom_rows) {
        frame.render_widget(
            Paragraph::new(Span::styled(notice, theme.notice())),
            Rect::new(inner.x, y, inner.width, 1),
        );
        y += 1;
    }
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Enter", theme.key()),
            Span::styled(" to start · ", theme.muted()),
            Span::styled("q", theme.key()),
            Span::styled(" to go back", theme.muted()),
        ])),
        Rect::new(inner.x, y, inner.width, 1),
    );
}

/// "Equipment   lacrosse ball".
fn fact<'a>(label: &'a str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<12}"), theme.muted()),
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
