//! The summary at the end of a session: how long it took, the parts done and skipped, and
//! whether it was saved to history.
//!
//! ```text
//! ╭ unknot ──────────────────────────────────────╮
//! │ Session complete                              │
//! │ Hamstrings & glutes — lacrosse ball           │
//! │                                               │
//! │ Time      14:58 of 15:12 planned              │
//! │ Parts     11 of 12 done · 1 skipped           │
//! │                                               │
//! │ Saved to history                              │
//! │ Press any key to close                        │
//! ╰───────────────────────────────────────────────╯
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::routine::Routine;
use crate::session::Summary;
use crate::tui::theme::{Mood, Theme};

use super::{format, intro::framed, too_small};

/// Draws the summary over the whole frame. `saved` is the line about history, e.g.
/// "Saved to history" or why it could not be saved; `None` leaves it out.
pub fn render_summary(
    frame: &mut Frame,
    routine: &Routine,
    summary: &Summary,
    saved: Option<&str>,
    theme: &Theme,
) {
    render_summary_with(frame, routine, summary, saved, &[], theme);
}

/// The summary with `notes` under it (the check-in question or its answer).
pub fn render_summary_with(
    frame: &mut Frame,
    routine: &Routine,
    summary: &Summary,
    saved: Option<&str>,
    notes: &[String],
    theme: &Theme,
) {
    let area = frame.area();
    if area.width < super::MIN_WIDTH || area.height < super::MIN_HEIGHT {
        too_small::render(frame, area, theme);
        return;
    }
    let inner = framed(frame, area, theme);
    let (heading, mood) = if summary.finished {
        ("Session complete", Mood::Work)
    } else {
        ("Session ended early", Mood::Transition)
    };
    let mut lines = vec![
        Line::from(Span::styled(heading, theme.badge(mood))),
        Line::from(Span::styled(routine.info.name.as_str(), theme.title())),
        Line::from(""),
        fact(
            "Time",
            format!(
                "{} of {} planned",
                format::clock(summary.elapsed),
                format::clock(summary.planned)
            ),
            theme,
        ),
        fact(
            "Parts",
            format!(
                "{} of {} done · {} skipped",
                summary.parts_done, summary.total_parts, summary.parts_skipped
            ),
            theme,
        ),
    ];
    if let Some(saved) = saved {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(saved, theme.muted())));
    }
    if !notes.is_empty() {
        lines.push(Line::from(""));
        lines.extend(
            notes
                .iter()
                .map(|n| Line::from(Span::styled(n.clone(), theme.notice()))),
        );
    }
    let text_height = inner.height.saturating_sub(1);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect::new(inner.x, inner.y, inner.width, text_height),
    );
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            "Press any key to close",
            theme.muted(),
        ))),
        Rect::new(inner.x, inner.y + text_height, inner.width, 1),
    );
}

fn fact<'a>(label: &'a str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<10}"), theme.muted()),
        Span::raw(value),
    ])
}
