//! The header: the routine's name, "part N of M", time elapsed against the plan, and the
//! progress of the whole session.
//!
//! ```text
//!  Hamstrings & glutes — lacrosse ball       part 3 of 12 · 2:41 / 15:12
//!  ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━───────────────────────────────────────
//! ```

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{PlayerView, bar, format, parts};

/// Draws the header: one line of text, then the overall progress bar if there is a second row.
pub fn render(frame: &mut Frame, area: Rect, view: &PlayerView, mood_style: Style) {
    if area.is_empty() {
        return;
    }
    let theme = view.theme;
    // (priority, fact): on a narrow screen the facts needed least go first, so the time
    // left is never cut.
    let mut facts: Vec<(u8, String)> = Vec::new();
    if let Some(speed) = preview_speed(view.speed) {
        facts.push((1, format!("preview {speed}")));
    }
    if view.muted {
        facts.push((4, "muted".to_string()));
    }
    if let Some(number) = parts::part_number(view.plan, view.status.segment) {
        facts.push((
            3,
            format!("part {number} of {}", parts::part_count(view.plan)),
        ));
    }
    facts.push((
        2,
        format!(
            "{} / {}",
            format::clock(view.status.elapsed),
            format::clock(view.plan.total)
        ),
    ));
    let left = parts::session_left(view.plan, view.status.segment, view.status.remaining);
    facts.push((0, format!("{} left", format::clock_left(left))));
    let line_of = |facts: &[(u8, String)]| {
        let texts: Vec<&str> = facts.iter().map(|(_, text)| text.as_str()).collect();
        format!("{} ", texts.join(" · "))
    };
    let (right, right_width) = loop {
        let right = line_of(&facts);
        let width = u16::try_from(Line::from(right.as_str()).width()).unwrap_or(u16::MAX);
        if width <= area.width || facts.len() <= 1 {
            break (right, width.min(area.width));
        }
        if let Some(worst) = facts
            .iter()
            .enumerate()
            .max_by_key(|(_, (priority, _))| *priority)
            .map(|(i, _)| i)
        {
            facts.remove(worst);
        }
    };

    let text_row = Rect::new(area.x, area.y, area.width, 1);
    let name_width = area.width.saturating_sub(right_width.saturating_add(1));
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            format!(
                " {}",
                format::cut(
                    &view.routine.info.name,
                    usize::from(name_width.saturating_sub(1))
                )
            ),
            theme.title(),
        ))),
        Rect::new(area.x, area.y, name_width, 1),
    );
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(right, theme.muted())).right_aligned()),
        text_row,
    );

    if area.height >= 2 {
        let gauge_row = Rect::new(area.x + 1, area.y + 1, area.width.saturating_sub(2), 1);
        bar::render(
            frame.buffer_mut(),
            gauge_row,
            overall_ratio(view),
            bar::thin(mood_style, theme.muted()),
        );
    }
}

/// "10×" for a session played at another speed than real time: a preview, not counted.
pub fn preview_speed(speed: f64) -> Option<String> {
    if !speed.is_finite() || (speed - 1.0).abs() < 1e-9 {
        return None;
    }
    let text = if speed.fract().abs() < 1e-9 {
        format!("{speed:.0}×")
    } else {
        format!("{speed:.2}×")
            .trim_end_matches("0×")
            .trim_end_matches('0')
            .to_string()
    };
    Some(if text.ends_with('×') {
        text
    } else {
        format!("{text}×")
    })
}

/// How far through the plan the session is: the current segment's planned start plus the
/// share of it played, over the planned total. Added time stretches a segment without
/// moving the whole bar backwards.
pub fn overall_ratio(view: &PlayerView) -> f64 {
    let Some(segment) = view.plan.segments.get(view.status.segment) else {
        return if view.status.finished { 1.0 } else { 0.0 };
    };
    if view.plan.total.is_zero() {
        return 0.0;
    }
    let within = segment.duration.mul_f64(segment_ratio(
        view.status.elapsed_in_segment,
        view.status.segment_length,
    ));
    let done: Duration = segment.start + within;
    (done.as_secs_f64() / view.plan.total.as_secs_f64()).clamp(0.0, 1.0)
}

/// The share of a segment played, 0 to 1 (0 for a segment of no length, such as a wait).
pub fn segment_ratio(elapsed: Duration, length: Duration) -> f64 {
    if length.is_zero() {
        0.0
    } else {
        (elapsed.as_secs_f64() / length.as_secs_f64()).clamp(0.0, 1.0)
    }
}
