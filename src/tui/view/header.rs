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
    let mut facts = Vec::new();
    if view.muted {
        facts.push("muted".to_string());
    }
    if let Some(number) = parts::part_number(view.plan, view.status.segment) {
        facts.push(format!("part {number} of {}", parts::part_count(view.plan)));
    }
    facts.push(format!(
        "{} / {}",
        format::clock(view.status.elapsed),
        format::clock(view.plan.total)
    ));
    // On a narrow screen the facts go from the front ("muted", then the part number), so
    // the time is never cut.
    let fits = |facts: &[String]| {
        let right = format!("{} ", facts.join(" · "));
        let width = u16::try_from(Line::from(right.as_str()).width()).unwrap_or(u16::MAX);
        (width <= area.width).then_some((right, width))
    };
    let mut shown: &[String] = &facts;
    let (right, right_width) = loop {
        match fits(shown) {
            Some(fitting) => break fitting,
            None if shown.len() > 1 => shown = &shown[1..],
            None => break (format!("{} ", shown.join(" · ")), area.width),
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
