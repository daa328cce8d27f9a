//! The centre of the player during a part of work, a rest or a placement: what to do now,
//! how long is left, and what comes next. (Transitions have their own screen:
//! [`super::transition`].)
//!
//! ```text
//!                 Hamstring: small circles          name
//!              ▄▄   ▄  ▄▄▄▄▄   ▄▄▄  ▄▄▄▄▄           band: the side and the circle direction,
//!              █ ▀▄ █  █▄▄▄  ▄▀   ▀ ▀▄▄▄            big when there is room, else a wide badge
//!                   spot 2 of 3                     facts: spot, rating, round
//!                  PAUSED — Space to resume         banner (paused only)
//!                     ██  ████                      digits: time left, or "7 / 20"
//!                   reverse in 8 s                  status: reversal, release, answers
//!          ████████████████░░░░░░░░░░░░░░░░         the part's progress
//!     Sit with the ball under the thigh…            instructions, wrapped
//!          Next: Move the ball · 5 s                next part
//! ```
//! Rows are kept in order of need when the screen is short; the instructions keep
//! [`INSTRUCTION_LINES`] lines (what `unknot check` promises a trainer at 80×24). The digits
//! first get the size the runner is promised (60 % of the width or 35 % of the height); then
//! the side and direction grow big, the digits grow bigger still, and what is left shows more
//! instructions, then spaces the rows out.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::plan::SegmentKind;
use crate::tui::big_digits::DigitSize;
use crate::tui::theme::{Mood, Theme};

use super::header::segment_ratio;
use super::layout::{self, INSTRUCTION_LINES};
use super::{PlayerView, bar, format, parts};

mod band;
mod digits;
mod lines;

use band::{Band, render_band};
use digits::{digit_form, digit_form_at, digits_text, render_digits};
use lines::{facts, next_text, status_line};

pub(super) use band::side_word;
pub(super) use digits::invert;

/// The rows of the centre, in screen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Row {
    Name,
    Band,
    Facts,
    Banner,
    Digits,
    Status,
    Gauge,
    Instructions,
    Next,
}

impl Row {
    /// Lower is needed more. The facts row answers a key 1–5 when it holds a rating.
    fn priority(self, rated: bool) -> u8 {
        match self {
            Row::Digits => 0,
            Row::Name | Row::Banner => 1,
            Row::Band | Row::Status => 2,
            Row::Facts if rated => 2,
            Row::Instructions => 3,
            Row::Next => 4,
            Row::Facts => 5,
            Row::Gauge => 6,
        }
    }
}

/// The share of the terminal the digits are promised: this much of its width, or of its
/// height, whichever fits with the rest of the screen.
pub const DIGITS_WIDTH_SHARE: f64 = 0.60;
pub const DIGITS_HEIGHT_SHARE: f64 = 0.35;

/// Extra lines of instructions taken before the digits grow past their promised size.
const MORE_INSTRUCTION_LINES: usize = 3;

/// Draws the centre into `area`; `screen` is the whole terminal, which the digits' promised
/// size is measured against.
pub fn render(frame: &mut Frame, area: Rect, screen: Rect, view: &PlayerView) {
    if area.is_empty() {
        return;
    }
    let Some(segment) = view.plan.segments.get(view.status.segment) else {
        render_done(frame, area, view.theme);
        return;
    };
    if matches!(
        segment.kind,
        SegmentKind::LeadIn | SegmentKind::Transition(_)
    ) {
        super::transition::render(frame, area, view, segment);
        return;
    }
    let theme = view.theme;
    let status = view.status;
    let mood = Mood::of(&segment.kind);
    let width = area.width;

    let band = Band::of(view, segment);
    let facts = facts(view, segment);
    let rated = view.rating.is_some();
    let status_line = status_line(view);
    let digits = digits_text(view);
    let text_width = usize::from(width.saturating_sub(4)).max(1);
    let instructions = parts::step_of(view.routine, view.plan, status.segment)
        .and_then(|step| step.instructions.as_deref())
        .map(|text| layout::wrap(text, text_width))
        .unwrap_or_default();

    let mut rows = vec![Row::Name];
    if band.is_some() {
        rows.push(Row::Band);
    }
    if !facts.is_empty() {
        rows.push(Row::Facts);
    }
    if status.paused {
        rows.push(Row::Banner);
    }
    rows.push(Row::Digits);
    if status_line.is_some() {
        rows.push(Row::Status);
    }
    if !status.waiting {
        rows.push(Row::Gauge);
    }
    if !instructions.is_empty() {
        rows.push(Row::Instructions);
    }
    rows.push(Row::Next);

    let mut instruction_rows = instructions.len().min(INSTRUCTION_LINES);
    let used = |rows: &[Row], instruction_rows: usize| -> usize {
        rows.iter()
            .map(|row| match row {
                Row::Instructions => instruction_rows,
                _ => 1,
            })
            .sum()
    };
    // Leave out what is needed least until every row has its line.
    while used(&rows, instruction_rows) > usize::from(area.height) {
        if rows.contains(&Row::Instructions) && instruction_rows > 1 {
            instruction_rows -= 1;
            continue;
        }
        if let Some(worst) = rows.iter().copied().max_by_key(|row| row.priority(rated)) {
            rows.retain(|&row| row != worst);
        }
    }
    let mut spare = area.height - u16::try_from(used(&rows, instruction_rows)).unwrap_or(0);

    // The digits' promised size, giving up the least needed rows for the smallest big digits.
    let min_width = (f64::from(screen.width) * DIGITS_WIDTH_SHARE).ceil() as u16;
    let min_height = (f64::from(screen.height) * DIGITS_HEIGHT_SHARE).ceil() as u16;
    let promised = |height: u16| {
        digits
            .as_deref()
            .map(|text| digit_form(text, width, height, min_width, min_height))
    };
    let small =
        |form: &Option<(String, DigitSize)>| form.as_ref().is_none_or(|(_, size)| !size.is_big());
    let smallest_big = DigitSize::Scaled { h: 1, v: 1 }.height();
    if small(&promised(spare + 1)) && !small(&promised(smallest_big)) {
        while spare + 1 < smallest_big {
            let Some(worst) = rows
                .iter()
                .copied()
                .filter(|row| row.priority(rated) >= Row::Next.priority(rated))
                .max_by_key(|row| row.priority(rated))
            else {
                break;
            };
            rows.retain(|&row| row != worst);
            spare += 1;
        }
    }
    let mut digit_form = promised(spare + 1);
    let mut digit_size = digit_form.as_ref().map_or(DigitSize::Plain, |(_, s)| *s);
    spare -= digit_size.height() - 1;

    // Then the side and the direction, big, never as tall as the digits.
    let band_big = match (&band, rows.contains(&Row::Band), digit_size.is_big()) {
        (Some(band), true, true) => band.big_size(width, spare + 1, digit_size.height() / 2),
        _ => None,
    };
    if let Some((_, height)) = band_big {
        spare -= height - 1;
    }
    // Then bigger digits; blank rows get what is left.
    if let (Some(text), true) = (digits.as_deref(), digit_size.is_big()) {
        let grown = digit_form_at(text, width, digit_size.height() + spare);
        let bigger = (grown.1.height(), grown.1.width(&grown.0))
            > (digit_size.height(), digit_size.width(text));
        if grown.1.is_big() && grown.1.height() >= digit_size.height() && bigger {
            spare -= grown.1.height() - digit_size.height();
            digit_size = grown.1;
            digit_form = Some(grown);
        }
    }
    // Then more lines of instructions, with what the digits leave.
    if rows.contains(&Row::Instructions) {
        let extra = instructions
            .len()
            .saturating_sub(instruction_rows)
            .min(MORE_INSTRUCTION_LINES)
            .min(usize::from(spare));
        instruction_rows += extra;
        spare -= u16::try_from(extra).unwrap_or(0);
    }
    // Then blank rows: before the digits, before the instructions, before "Next:".
    let mut gap_before = [false; 9];
    for (i, row) in rows.iter().enumerate().skip(1) {
        let wants_gap = match row {
            Row::Banner => true,
            Row::Digits => !rows.contains(&Row::Banner),
            Row::Instructions | Row::Next => true,
            _ => false,
        };
        if wants_gap
            && spare >= 1
            && let Some(slot) = gap_before.get_mut(i)
        {
            *slot = true;
            spare -= 1;
        }
    }
    let mut y = area.y + spare / 2;

    for (i, row) in rows.into_iter().enumerate() {
        if gap_before.get(i).copied().unwrap_or(false) {
            y += 1;
        }
        let height = match row {
            Row::Digits => digit_size.height(),
            Row::Instructions => u16::try_from(instruction_rows).unwrap_or(1),
            Row::Band => band_big.map_or(1, |(_, height)| height),
            _ => 1,
        };
        let rect = Rect::new(area.x, y, width, height);
        match row {
            Row::Name => centred(
                frame,
                rect,
                Line::from(Span::styled(
                    format::cut(&segment.name, usize::from(width)),
                    theme.mood(mood).add_modifier(Modifier::BOLD),
                )),
            ),
            Row::Band => {
                if let Some(band) = &band {
                    render_band(
                        frame,
                        rect,
                        band,
                        band_big.map(|(size, _)| size),
                        view,
                        mood,
                    );
                }
            }
            Row::Facts => centred(frame, rect, Line::from(facts.clone())),
            Row::Banner => centred(
                frame,
                rect,
                Line::from(Span::styled(
                    " PAUSED — Space to resume ",
                    theme.paused_banner(),
                )),
            ),
            Row::Digits => render_digits(frame, rect, digit_form.as_ref(), view, mood),
            Row::Status => {
                if let Some(line) = status_line.clone() {
                    centred(frame, rect, line);
                }
            }
            Row::Gauge => {
                let bar_width = width.saturating_sub(4).min(60);
                let bar_rect = Rect::new(area.x + (width - bar_width) / 2, y, bar_width, 1);
                bar::render(
                    frame.buffer_mut(),
                    bar_rect,
                    segment_ratio(status.elapsed_in_segment, status.segment_length),
                    bar::solid(theme.gauge(view.mood()), theme.muted()),
                );
            }
            Row::Instructions => {
                let shown =
                    layout::fit_lines(instructions.clone(), usize::from(height), text_width);
                let lines: Vec<Line> = shown.into_iter().map(Line::from).collect();
                frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), rect);
            }
            Row::Next => centred(
                frame,
                rect,
                Line::from(Span::styled(next_text(view, width), theme.muted())),
            ),
        }
        y += height;
    }
}

fn render_done(frame: &mut Frame, area: Rect, theme: &Theme) {
    let row = Rect::new(area.x, area.y + area.height / 2, area.width, 1);
    centred(
        frame,
        row,
        Line::from(Span::styled("Done", theme.mood(Mood::Work))),
    );
}

pub(super) fn centred(frame: &mut Frame, area: Rect, line: Line) {
    frame.render_widget(Paragraph::new(line).alignment(Alignment::Center), area);
}

/// Words wrapped to `width` columns (the player's one rule: [`layout::wrap`]).
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    layout::wrap(text, width)
}
