//! The digits of the centre: the time left or the rep count, in the biggest form that fits,
//! and the prompt that stands in for them while the player waits for the runner.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::tui::big_digits::{self, DigitSize};
use crate::tui::theme::Mood;

use super::centred;
use crate::tui::view::flash::Flash;
use crate::tui::view::{PlayerView, format};

/// The time left, or the rep count; `None` while waiting for the runner.
pub(super) fn digits_text(view: &PlayerView) -> Option<String> {
    let status = view.status;
    if status.waiting {
        return None;
    }
    if let Some((rep, of)) = status.rep {
        return Some(format!("{rep} / {of}"));
    }
    Some(format::clock_left(status.remaining))
}

/// The text and the promised size of the digits in `width` × `height`: the smallest size at
/// least `min_width` wide or `min_height` tall, else the biggest that fits. A rep count too
/// wide for big digits loses its spaces ("7/20") before it falls back to plain text.
pub(super) fn digit_form(
    text: &str,
    width: u16,
    height: u16,
    min_width: u16,
    min_height: u16,
) -> (String, DigitSize) {
    let size = big_digits::fit_at_least(text, width, height, min_width, min_height);
    if !size.is_big() {
        let compact = text.replace(' ', "");
        let compact_size = big_digits::fit_at_least(&compact, width, height, min_width, min_height);
        if compact_size.is_big() {
            return (compact, compact_size);
        }
    }
    (text.to_string(), size)
}

/// The biggest form of the digits in `width` × `height`.
pub(super) fn digit_form_at(text: &str, width: u16, height: u16) -> (String, DigitSize) {
    let size = big_digits::fit(text, width, height);
    if !size.is_big() {
        let compact = text.replace(' ', "");
        let compact_size = big_digits::fit(&compact, width, height);
        if compact_size.is_big() {
            return (compact, compact_size);
        }
    }
    (text.to_string(), size)
}

/// Draws the digits, or while waiting the prompt for Enter; a tick's flash inverts them.
pub(super) fn render_digits(
    frame: &mut Frame,
    area: Rect,
    digits: Option<&(String, DigitSize)>,
    view: &PlayerView,
    mood: Mood,
) {
    let theme = view.theme;
    let Some((text, size)) = digits else {
        // A wait has no time to count down: the prompt says what to do.
        centred(
            frame,
            area,
            Line::from(Span::styled(
                " Press Enter when the ball is in place ",
                theme.badge(mood),
            )),
        );
        return;
    };
    let style = theme.digits(mood, view.status.paused);
    big_digits::render_at(frame.buffer_mut(), area, text, style, *size);
    if view.flash == Some(Flash::Digits) {
        let width = size.width(text).min(area.width);
        let block = Rect::new(
            area.x + (area.width - width) / 2,
            area.y,
            width,
            size.height().min(area.height),
        );
        invert(frame, block, style);
    }
}

/// Turns `area` into its negative: blank cells solid in `style`'s colour, glyphs cut out.
pub(in crate::tui::view) fn invert(frame: &mut Frame, area: Rect, style: Style) {
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buffer.cell_mut((x, y)) {
                if cell.symbol() == " " {
                    cell.set_style(style);
                }
                cell.modifier.insert(Modifier::REVERSED);
            }
        }
    }
}
