//! What is shown when the terminal is too small to be useful.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use crate::tui::theme::Theme;

/// The message, longest first: the longest that fits is shown.
const MESSAGES: [&str; 3] = ["Make the terminal larger", "Enlarge terminal", "Too small"];

/// Draws "Make the terminal larger", shortened to fit, in the middle of `area`.
pub fn render(frame: &mut Frame, area: Rect, theme: &Theme) {
    frame.render_widget(Clear, area);
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let message = MESSAGES
        .iter()
        .find(|m| m.chars().count() <= width)
        .copied()
        // Narrower than every message: the last one, cut by the paragraph.
        .unwrap_or("Too small");
    let row = Rect::new(area.x, area.y + (area.height - 1) / 2, area.width, 1);
    frame.render_widget(
        Paragraph::new(Line::from(message))
            .style(theme.caution())
            .alignment(Alignment::Center),
        row,
    );
}
