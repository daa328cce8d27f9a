//! Big text for the time left, the rep count, the side and what a transition asks, readable
//! from two metres.
//!
//! Glyphs come from a 5×7 bitmap font (plain zeros: a slashed zero reads as an 8 from the
//! floor) drawn with block characters. A pixel is `h` columns wide and `v` half-rows tall, so
//! half-blocks (`▀ ▄ █`) give the height a finer step than whole rows; the biggest scale that
//! fits is chosen, and plain text is the last fallback when even the smallest does not.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// Rows of every glyph of the font.
const GLYPH_ROWS: u16 = 7;

/// The largest scale tried: 20 columns a pixel, 100 a digit.
const MAX_SCALE: u16 = 20;

/// A glyph: its rows, `#` for a pixel that is drawn. Every row of a glyph has the same width.
fn glyph(c: char) -> Option<[&'static str; 7]> {
    Some(match c {
        '0' => [
            ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.",
        ],
        '1' => [
            "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.",
        ],
        '2' => [
            ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####",
        ],
        '3' => [
            ".###.", "#...#", "....#", "..##.", "....#", "#...#", ".###.",
        ],
        '4' => [
            "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.",
        ],
        '5' => [
            "#####", "#....", "####.", "....#", "....#", "#...#", ".###.",
        ],
        '6' => [
            "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###.",
        ],
        '7' => [
            "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...",
        ],
        '8' => [
            ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.",
        ],
        '9' => [
            ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##..",
        ],
        ':' => [".", ".", "#", ".", "#", ".", "."],
        '·' => [".", ".", ".", "#", ".", ".", "."],
        ' ' => ["...", "...", "...", "...", "...", "...", "..."],
        '/' => [
            "....#", "...#.", "...#.", "..#..", ".#...", ".#...", "#....",
        ],
        '-' => ["....", "....", "....", "####", "....", "....", "...."],
        '▸' => ["#...", "##..", "###.", "####", "###.", "##..", "#..."],
        '↻' => [
            ".####..", "#....#.", "#...###", "#....#.", "#......", "#....#.", ".####..",
        ],
        '↺' => [
            "..####.", ".#....#", "###...#", ".#....#", "......#", ".#....#", "..####.",
        ],
        '&' => [
            ".##..", "#..#.", "#.#..", ".#...", "#.#.#", "#..#.", ".##.#",
        ],
        '\'' => [".#", ".#", "#.", "..", "..", "..", ".."],
        'A' => [
            ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#",
        ],
        'B' => [
            "####.", "#...#", "#...#", "####.", "#...#", "#...#", "####.",
        ],
        'C' => [
            ".###.", "#...#", "#....", "#....", "#....", "#...#", ".###.",
        ],
        'D' => [
            "####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####.",
        ],
        'E' => [
            "#####", "#....", "#....", "####.", "#....", "#....", "#####",
        ],
        'F' => [
            "#####", "#....", "#....", "####.", "#....", "#....", "#....",
        ],
        'G' => [
            ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####",
        ],
        'H' => [
            "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#",
        ],
        'I' => [
            ".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.",
        ],
        'J' => [
            "..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..",
        ],
        'K' => [
            "#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#",
        ],
        'L' => [
            "#....", "#....", "#....", "#....", "#....", "#....", "#####",
        ],
        'M' => [
            "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#",
        ],
        'N' => [
            "#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#",
        ],
        'O' => [
            ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.",
        ],
        'P' => [
            "####.", "#...#", "#...#", "####.", "#....", "#....", "#....",
        ],
        'Q' => [
            ".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#",
        ],
        'R' => [
            "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#",
        ],
        'S' => [
            ".####", "#....", "#....", ".###.", "....#", "....#", "####.",
        ],
        'T' => [
            "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..",
        ],
        'U' => [
            "#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.",
        ],
        'V' => [
            "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..",
        ],
        'W' => [
            "#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#.",
        ],
        'X' => [
            "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#",
        ],
        'Y' => [
            "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..",
        ],
        'Z' => [
            "#####", "....#", "...#.", "..#..", ".#...", "#....", "#####",
        ],
        _ => return None,
    })
}

/// Pixel columns of a glyph.
fn glyph_width(rows: &[&str; 7]) -> u16 {
    u16::try_from(rows[0].len()).unwrap_or(u16::MAX)
}

/// Whether every character of `text` has a big glyph (letters in either case).
pub fn supports(text: &str) -> bool {
    text.chars()
        .all(|c| glyph(c.to_uppercase().next().unwrap_or(c)).is_some())
}

/// How big a piece of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitSize {
    /// Each pixel of the font is `h` columns wide and `v` half-rows tall.
    Scaled { h: u16, v: u16 },
    /// Ordinary text on one row.
    Plain,
}

impl DigitSize {
    /// Rows the text takes.
    pub fn height(self) -> u16 {
        match self {
            DigitSize::Scaled { v, .. } => (GLYPH_ROWS * v).div_ceil(2),
            DigitSize::Plain => 1,
        }
    }

    /// Columns `text` takes at this size: glyphs one pixel apart.
    pub fn width(self, text: &str) -> u16 {
        match self {
            DigitSize::Scaled { h, .. } => pixel_width(text).saturating_mul(h),
            DigitSize::Plain => u16::try_from(Line::from(text).width()).unwrap_or(u16::MAX),
        }
    }

    /// Whether its pixels are no taller than wide (words read best so).
    pub fn v_at_most_h(self) -> bool {
        matches!(self, DigitSize::Scaled { h, v } if v <= h)
    }

    /// Whether this is drawn with block glyphs.
    pub fn is_big(self) -> bool {
        matches!(self, DigitSize::Scaled { .. })
    }
}

/// Pixel columns of `text`, glyphs one pixel apart; unknown characters take a space's width.
fn pixel_width(text: &str) -> u16 {
    let mut width: u16 = 0;
    for (i, c) in text.chars().enumerate() {
        let rows = glyph(upper(c)).or_else(|| glyph(' '));
        let w = rows.as_ref().map_or(3, glyph_width);
        width = width.saturating_add(w);
        if i > 0 {
            width = width.saturating_add(1);
        }
    }
    width
}

fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

/// Every big size: pixels `h` columns wide and from `h - 1` to `2h` half-rows tall, so the
/// height grows by half a row at a time, a short wide screen gets wide digits and a narrow
/// tall one tall digits; the largest is [`MAX_SCALE`] columns a pixel.
pub fn sizes() -> impl Iterator<Item = DigitSize> {
    (1..=MAX_SCALE)
        .flat_map(|h| (h.saturating_sub(1).max(1)..=2 * h).map(move |v| DigitSize::Scaled { h, v }))
}

/// How much of the screen `text` covers at `size`, for choosing between sizes.
fn coverage(text: &str, size: DigitSize) -> (u32, u16) {
    let area = u32::from(size.width(text)) * u32::from(size.height());
    let v = match size {
        DigitSize::Scaled { v, .. } => v,
        DigitSize::Plain => 0,
    };
    (area, v)
}

/// The sizes of `text` that fit in `width` × `height`.
fn fitting(text: &str, width: u16, height: u16) -> impl Iterator<Item = DigitSize> + '_ {
    sizes().filter(move |size| size.height() <= height && size.width(text) <= width)
}

/// The biggest size at which `text` fits in `width` × `height`, or plain text.
pub fn fit(text: &str, width: u16, height: u16) -> DigitSize {
    fitting(text, width, height)
        .max_by_key(|size| coverage(text, *size))
        .unwrap_or(DigitSize::Plain)
}

/// The smallest big size of `text` that is at least `min_width` wide or `min_height` tall,
/// among those that fit in `width` × `height`; the biggest that fits when none is.
pub fn fit_at_least(
    text: &str,
    width: u16,
    height: u16,
    min_width: u16,
    min_height: u16,
) -> DigitSize {
    fitting(text, width, height)
        .filter(|size| size.width(text) >= min_width || size.height() >= min_height)
        .min_by_key(|size| coverage(text, *size))
        .unwrap_or_else(|| fit(text, width, height))
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
    let DigitSize::Scaled { h, v } = size else {
        Paragraph::new(Line::from(text.to_string()))
            .style(style)
            .alignment(Alignment::Center)
            .render(Rect::new(area.x, top, area.width, height), buf);
        return;
    };
    let width = size.width(text).min(area.width);
    let left = area.x + (area.width - width) / 2;
    let glyphs: Vec<[&'static str; 7]> = text
        .chars()
        .map(|c| glyph(upper(c)).or_else(|| glyph(' ')).unwrap_or([""; 7]))
        .collect();
    // Which pixel (glyph index, column) each pixel column shows.
    let mut map: Vec<Option<(usize, usize)>> = Vec::new();
    for (i, rows) in glyphs.iter().enumerate() {
        if i > 0 {
            map.push(None);
        }
        map.extend((0..rows[0].len()).map(|x| Some((i, x))));
    }
    let lit = |px: usize, py: usize| -> bool {
        map.get(px)
            .copied()
            .flatten()
            .and_then(|(g, x)| glyphs.get(g)?.get(py)?.as_bytes().get(x).copied())
            == Some(b'#')
    };
    let total_half_rows = GLYPH_ROWS * v;
    for row in 0..height {
        for col in 0..width {
            let px = usize::from(col / h);
            let pixel_row = |half: u16| -> bool {
                let half_row = row * 2 + half;
                half_row < total_half_rows && lit(px, usize::from(half_row / v))
            };
            let symbol = match (pixel_row(0), pixel_row(1)) {
                (true, true) => "█",
                (true, false) => "▀",
                (false, true) => "▄",
                (false, false) => continue,
            };
            if let Some(cell) = buf.cell_mut((left + col, top + row)) {
                cell.set_symbol(symbol).set_style(style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_biggest_size_that_fits_is_chosen() {
        // "4:05": 5+1+1+1+5+1+5 = 19 pixels wide, 7 tall.
        assert_eq!(pixel_width("4:05"), 19);
        assert_eq!(fit("4:05", 80, 11), DigitSize::Scaled { h: 4, v: 3 });
        assert_eq!(fit("4:05", 80, 12), DigitSize::Scaled { h: 4, v: 3 });
        assert_eq!(fit("4:05", 80, 14), DigitSize::Scaled { h: 4, v: 4 });
        assert_eq!(fit("4:05", 70, 14), DigitSize::Scaled { h: 3, v: 4 });
        assert_eq!(fit("4:05", 38, 40), DigitSize::Scaled { h: 2, v: 4 });
        assert_eq!(fit("4:05", 18, 8), DigitSize::Plain);
        assert_eq!(fit("4:05", 80, 3), DigitSize::Plain);
        assert_eq!(fit("4:05", 19, 4), DigitSize::Scaled { h: 1, v: 1 });
    }

    #[test]
    fn a_short_wide_space_gets_wide_digits() {
        assert_eq!(fit("0:38", 78, 7), DigitSize::Scaled { h: 3, v: 2 });
    }

    #[test]
    fn the_smallest_size_meeting_a_minimum_is_chosen() {
        let size = fit_at_least("0:38", 200, 60, 48, 9);
        assert_eq!(size, DigitSize::Scaled { h: 3, v: 2 });
        // Nothing fits the minimum: the biggest that fits.
        assert_eq!(
            fit_at_least("0:38", 40, 5, 100, 100),
            DigitSize::Scaled { h: 2, v: 1 }
        );
    }

    #[test]
    fn zero_is_plain_not_slashed() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 4));
        let area = buf.area;
        render_at(
            &mut buf,
            area,
            "0",
            Style::new(),
            DigitSize::Scaled { h: 1, v: 1 },
        );
        assert_eq!(
            buf,
            Buffer::with_lines(["▄▀▀▀▄", "█   █", "█   █", " ▀▀▀ "])
        );
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
    fn words_and_arrows_have_glyphs() {
        assert!(supports("SWITCH ▸ LEFT"));
        assert!(supports("↻ clockwise"));
        assert!(supports("7 / 20"));
        assert!(!supports("Ischiocrural é"));
    }

    #[test]
    fn any_area_renders_without_panic() {
        for width in 0..50 {
            for height in 0..10 {
                let mut buf = Buffer::empty(Rect::new(3, 2, width, height));
                let area = buf.area;
                render(&mut buf, area, "12:34", Style::new());
                render_at(
                    &mut buf,
                    area,
                    "RIGHT é",
                    Style::new(),
                    DigitSize::Scaled { h: 3, v: 4 },
                );
            }
        }
    }
}
