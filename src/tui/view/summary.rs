//! The summary at the end of a session: how long it took, the parts done and skipped, the
//! spots rated, this week's minutes and the streak (when the history gives them), whether it
//! was saved to history, and that a session at another `--speed` was only a preview.
//!
//! ```text
//! ╭ unknot ──────────────────────────────────────╮
//! │ Session complete                              │
//! │ Hamstrings & glutes — lacrosse ball           │
//! │                                               │
//! │ Time      14:58 of 15:12 planned              │
//! │ Parts     11 of 12 done · 1 skipped           │
//! │ This week 42 min                              │
//! │ Streak    3 days                              │
//! │                                               │
//! │ Spots rated                                   │
//! │   tender 4/5  Hamstring · right · spot 2      │
//! │                                               │
//! │ Saved to history                              │
//! │ Press any key to close                        │
//! ╰───────────────────────────────────────────────╯
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::routine::{Routine, Side};
use crate::session::{SpotRating, Summary};
use crate::tui::theme::{Mood, Theme};

use super::header::preview_speed;
use super::{format, intro::framed, too_small};

/// Figures from the history, with this session counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryFigures {
    /// Minutes of sessions this week.
    pub minutes_this_week: u64,
    /// Days in a row with a session, today included.
    pub streak_days: u32,
}

/// Everything the summary shows.
#[derive(Debug, Clone, Copy)]
pub struct SummaryView<'a> {
    pub routine: &'a Routine,
    pub summary: &'a Summary,
    /// The spots rated in this session.
    pub ratings: &'a [SpotRating],
    /// The line about history, e.g. "Saved to history" or why it could not be saved.
    pub saved: Option<&'a str>,
    /// `--speed`: any other than 1 is a preview, not counted in the history's figures.
    pub speed: f64,
    /// This week's minutes and the streak; `None` leaves their place empty.
    pub history: Option<HistoryFigures>,
    /// Lines under it: the check-in question or its answer.
    pub notes: &'a [String],
    pub theme: &'a Theme,
}

/// Draws the summary over the whole frame.
pub fn render_summary(frame: &mut Frame, view: &SummaryView) {
    let theme = view.theme;
    let (routine, summary) = (view.routine, view.summary);
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
    ];
    if let Some(speed) = preview_speed(view.speed) {
        lines.push(Line::from(Span::styled(
            format!("preview at {speed} — not counted"),
            theme.notice(),
        )));
    }
    lines.extend([
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
    ]);
    if let Some(history) = view.history {
        lines.push(fact(
            "This week",
            format!("{} min", history.minutes_this_week),
            theme,
        ));
        lines.push(fact(
            "Streak",
            format!(
                "{} day{}",
                history.streak_days,
                if history.streak_days == 1 { "" } else { "s" }
            ),
            theme,
        ));
    }
    if !view.ratings.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Spots rated", theme.title())));
        lines.extend(
            view.ratings
                .iter()
                .map(|rating| rating_line(routine, rating, theme)),
        );
    }
    if let Some(saved) = view.saved {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(saved, theme.muted())));
    }
    if !view.notes.is_empty() {
        lines.push(Line::from(""));
        lines.extend(
            view.notes
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

/// "  4/5  Calf (calf) · left · spot 2".
fn rating_line<'a>(routine: &Routine, rating: &SpotRating, theme: &Theme) -> Line<'a> {
    let step = routine.steps.iter().find(|s| s.number == rating.step);
    let mut where_ = vec![match step {
        Some(step) => match &step.area {
            Some(area) if area != &step.name => format!("{} ({area})", step.name),
            _ => step.name.clone(),
        },
        None => format!("step {}", rating.step),
    }];
    if let Some(side) = rating.side {
        where_.push(
            match side {
                Side::Left => "left",
                Side::Right => "right",
            }
            .to_string(),
        );
    }
    if let Some(spot) = rating.spot {
        where_.push(format!("spot {spot}"));
    }
    Line::from(vec![
        Span::styled(format!("  tender {}/5  ", rating.value), theme.title()),
        Span::raw(where_.join(" · ")),
    ])
}

fn fact<'a>(label: &'a str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<10}"), theme.muted()),
        Span::raw(value),
    ])
}
