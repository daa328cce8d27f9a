//! The band of the centre: the side and the circle direction, drawn big when there is room,
//! else as wide badges on one row.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::cue::Direction;
use crate::plan::Segment;
use crate::routine::Side;
use crate::tui::big_digits::{self, DigitSize};
use crate::tui::theme::Mood;

use super::centred;
use crate::tui::view::{PlayerView, format};

/// The side and the circle direction: what changes mid-part, readable from the floor.
pub(super) struct Band {
    side: Option<&'static str>,
    direction: Option<(&'static str, &'static str)>,
}

impl Band {
    pub(super) fn of(view: &PlayerView, segment: &Segment) -> Option<Band> {
        let band = Band {
            side: segment.side.map(side_word),
            direction: view.status.direction.map(arrow_and_word),
        };
        (band.side.is_some() || band.direction.is_some()).then_some(band)
    }

    /// The texts drawn big, one per line.
    fn big_texts(&self) -> Vec<String> {
        let mut texts: Vec<String> = self.side.iter().map(|s| s.to_string()).collect();
        if let Some((arrow, word)) = self.direction {
            texts.push(format!("{arrow} {}", word.to_uppercase()));
        }
        texts
    }

    /// The biggest size at which every text fits `width`, all lines (a blank row apart) at
    /// most `height` rows together and no line taller than `max_line`; `None` when not even
    /// the smallest fits.
    pub(super) fn big_size(
        &self,
        width: u16,
        height: u16,
        max_line: u16,
    ) -> Option<(DigitSize, u16)> {
        let texts = self.big_texts();
        let lines = u16::try_from(texts.len()).unwrap_or(u16::MAX);
        let total = |size: DigitSize| (size.height() + 1).saturating_mul(lines).saturating_sub(1);
        big_digits::sizes()
            .filter(|size| {
                size.height() <= max_line
                    && size.v_at_most_h()
                    && total(*size) <= height
                    && texts.iter().all(|t| size.width(t) <= width)
            })
            .max_by_key(|size| (size.height(), size.width("W")))
            .map(|size| (size, total(size)))
    }
}

/// The side and the direction: big words, or wide badges on one row.
pub(super) fn render_band(
    frame: &mut Frame,
    area: Rect,
    band: &Band,
    big: Option<DigitSize>,
    view: &PlayerView,
    mood: Mood,
) {
    let theme = view.theme;
    if let Some(size) = big {
        let mut y = area.y;
        for text in band.big_texts() {
            let rect = Rect::new(area.x, y, area.width, size.height());
            big_digits::render_at(frame.buffer_mut(), rect, &text, theme.big_word(), size);
            y += size.height() + 1;
        }
        return;
    }
    let mut spans = Vec::new();
    if let Some(side) = band.side {
        spans.push(Span::styled(format!("   {side}   "), theme.badge(mood)));
    }
    if let Some((arrow, word)) = band.direction {
        if !spans.is_empty() {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(
            format!("  {arrow} {}  ", word.to_uppercase()),
            theme.badge(mood),
        ));
    }
    let line = Line::from(spans);
    if line.width() <= usize::from(area.width) {
        centred(frame, area, line);
    } else {
        // Too narrow for the padding: the words alone.
        let text = [
            band.side.map(str::to_string),
            band.direction
                .map(|(arrow, word)| format!("{arrow} {word}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        centred(
            frame,
            area,
            Line::from(Span::styled(
                format::cut(&text, usize::from(area.width)),
                theme.badge(mood),
            )),
        );
    }
}

pub(in crate::tui::view) fn side_word(side: Side) -> &'static str {
    match side {
        Side::Left => "LEFT",
        Side::Right => "RIGHT",
    }
}

/// The arrow and the word of a circle direction, as seen from above, looking down at the ball.
fn arrow_and_word(direction: Direction) -> (&'static str, &'static str) {
    match direction {
        Direction::Clockwise => ("↻", direction.as_str()),
        Direction::Counterclockwise => ("↺", direction.as_str()),
    }
}
