//! A one-row progress bar whose filled and empty parts differ in shape as well as colour, so
//! it still reads without colours.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// The look of a bar.
#[derive(Debug, Clone, Copy)]
pub struct BarLook {
    pub filled: &'static str,
    pub empty: &'static str,
    pub filled_style: Style,
    pub empty_style: Style,
}

/// A thin bar, for the whole session.
pub fn thin(filled_style: Style, empty_style: Style) -> BarLook {
    BarLook {
        filled: "━",
        empty: "─",
        filled_style,
        empty_style,
    }
}

/// A solid bar, for the current part.
pub fn solid(filled_style: Style, empty_style: Style) -> BarLook {
    BarLook {
        filled: "█",
        empty: "░",
        filled_style,
        empty_style,
    }
}

/// Fills the first row of `area` to `ratio` (0 to 1).
pub fn render(buf: &mut Buffer, area: Rect, ratio: f64, look: BarLook) {
    if area.is_empty() {
        return;
    }
    let ratio = if ratio.is_finite() {
        ratio.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Rounded down: the bar is full only when the part is over.
    let filled = (f64::from(area.width) * ratio).floor() as u16;
    for offset in 0..area.width {
        let (symbol, style) = if offset < filled {
            (look.filled, look.filled_style)
        } else {
            (look.empty, look.empty_style)
        };
        if let Some(cell) = buf.cell_mut((area.x + offset, area.y)) {
            cell.set_symbol(symbol).set_style(style);
        }
    }
}
