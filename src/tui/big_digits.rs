//! Big text for the time left, the rep count and PAUSED, readable from two metres.
//!
//! The biggest size that fits is chosen: full 8×8 blocks, then half height, then quadrants
//! (half height and half width), then plain text when there is no room at all.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use tui_big_text::{BigText, PixelSize};

/// How big a piece of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitSize {
    /// Each pixel of the 8×8 font is a cell: 8 rows, 8 columns a glyph.
    Full,
    /// Two pixels a cell, one above the other: 4 rows, 8 columns a glyph.
    HalfHeight,
    /// Four pixels a cell: 4 rows, 4 columns a glyph.
    Quadrant,
    /// Ordinary text on one row.
    Plain,
}

impl DigitSize {
    /// Rows the text takes.
    pub fn height(self) -> u16 {
        match self {
            DigitSize::Full => 8,
            DigitSize::HalfHeight | DigitSize::Quadrant => 4,
            DigitSize::Plain => 1,
        }
    }

    /// Columns `text` takes at this size.
    pub fn width(self, text: &str) -> u16 {
        let glyphs = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
        let per_glyph = match self {
            DigitSize::Full | DigitSize::HalfHeight => 8,
            DigitSize::Quadrant => 4,
            DigitSize::Plain => 1,
        };
        glyphs.saturating_mul(per_glyph)
    }

    fn pixel_size(self) -> Option<PixelSize> {
        match self {
            DigitSize::Full => Some(PixelSize::Full),
            DigitSize::HalfHeight => Some(PixelSize::HalfHeight),
            DigitSize::Quadrant => Some(PixelSize::Quadrant),
            DigitSize::Plain => None,
        }
    }
}

/// The biggest size at which `text` fits in `width` × `height` (at least one row is assumed;
/// plain text is cut to the width when drawn).
pub fn fit(text: &str, width: u16, height: u16) -> DigitSize {
    [DigitSize::Full, DigitSize::HalfHeight, DigitSize::Quadrant]
        .into_iter()
        .find(|size| size.height() <= height && size.width(text) <= width)
        .unwrap_or(DigitSize::Plain)
}

/// Draws `text` as big as fits in `area`, centred both ways.
pub fn render(buf: &mut Buffer, area: Rect, text: &str, style: Style) {
    render_at(buf, area, text, style, fit(text, area.width, area.height));
}

/// Draws `text` at a given size, centred both ways in `area` (cut if it does not fit).
pub fn render_at(buf: &mut Buffer, area: Rect, text: &str, style: Style, size: DigitSize) {
    if area.is_empty() {
        return;
    }
    let height = size.height().min(area.height);
    let top = area.y + (area.height - height) / 2;
    let target = Rect::new(area.x, top, area.width, height);
    match size.pixel_size() {
        Some(pixel_size) => {
            // The big-text widget centres each glyph cell; a text narrower than the area
            // is placed by offsetting the area so that odd widths stay centred.
            let width = size.width(text).min(area.width);
            let left = area.x + (area.width - width) / 2;
            let target = Rect::new(left, top, width, height);
            BigText::builder()
                .pixel_size(pixel_size)
                .style(style)
                .lines(vec![Line::from(text.to_string())])
                .build()
                .render(target, buf);
        }
        None => Paragraph::new(Line::from(text.to_string()))
            .style(style)
            .alignment(Alignment::Center)
            .render(target, buf),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_biggest_size_that_fits_is_chosen() {
        assert_eq!(fit("4:05", 80, 10), DigitSize::Full);
        assert_eq!(fit("4:05", 80, 7), DigitSize::HalfHeight);
        assert_eq!(fit("4:05", 31, 8), DigitSize::Quadrant);
        assert_eq!(fit("4:05", 15, 8), DigitSize::Plain);
        assert_eq!(fit("4:05", 80, 3), DigitSize::Plain);
    }

    #[test]
    fn big_digits_draw_blocks_and_plain_text_draws_the_text() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 8));
        let area = buf.area;
        render(&mut buf, area, "1:00", Style::new());
        let blocks = buf.content().iter().filter(|c| c.symbol() == "█").count();
        assert!(blocks > 20, "expected block glyphs, got {blocks}");

        let mut small = Buffer::empty(Rect::new(0, 0, 10, 1));
        let area = small.area;
        render(&mut small, area, "1:00", Style::new());
        assert_eq!(small, Buffer::with_lines(["   1:00   "]));
    }

    #[test]
    fn any_area_renders_without_panic() {
        for width in 0..50 {
            for height in 0..10 {
                let mut buf = Buffer::empty(Rect::new(3, 2, width, height));
                let area = buf.area;
                render(&mut buf, area, "12:34", Style::new());
            }
        }
    }
}
