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
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::cue::Direction;
use crate::plan::{Segment, SegmentKind};
use crate::routine::Side;
use crate::session::{Answer, ReleaseState};
use crate::tui::big_digits::{self, DigitSize};
use crate::tui::theme::{Mood, Theme};

use super::flash::Flash;
use super::header::segment_ratio;
use super::layout::{self, INSTRUCTION_LINES};
use super::{PlayerView, bar, format, parts};

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

/// The side and the circle direction: what changes mid-part, readable from the floor.
struct Band {
    side: Option<&'static str>,
    direction: Option<(&'static str, &'static str)>,
}

impl Band {
    fn of(view: &PlayerView, segment: &Segment) -> Option<Band> {
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
    fn big_size(&self, width: u16, height: u16, max_line: u16) -> Option<(DigitSize, u16)> {
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
fn digit_form(
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
fn digit_form_at(text: &str, width: u16, height: u16) -> (String, DigitSize) {
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
fn render_digits(
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
pub(super) fn invert(frame: &mut Frame, area: Rect, style: Style) {
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

/// The side and the direction: big words, or wide badges on one row.
fn render_band(
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

/// "spot 2 of 3", the rating, "round 2 of 3".
fn facts<'a>(view: &PlayerView, segment: &Segment) -> Vec<Span<'a>> {
    let theme = view.theme;
    let mut texts: Vec<(String, Style)> = Vec::new();
    if let Some(spot) = segment.spot {
        texts.push((
            format!("spot {} of {}", spot.number, spot.of),
            theme.title(),
        ));
    }
    if let Some(rating) = view.rating {
        texts.push((format!("tender {rating}/5"), theme.title()));
    }
    let rounds = view.routine.settings.rounds;
    if rounds > 1 {
        texts.push((
            format!("round {} of {rounds}", segment.round),
            theme.muted(),
        ));
    }
    let mut spans = Vec::new();
    for (text, style) in texts {
        if !spans.is_empty() {
            spans.push(Span::raw("  ·  "));
        }
        spans.push(Span::styled(text, style));
    }
    spans
}

/// The answer to a key that could not be done, the release of a hold range, the next
/// reversal of circles, or the time a set of reps has left.
fn status_line<'a>(view: &PlayerView) -> Option<Line<'a>> {
    let theme = view.theme;
    let status = view.status;
    match status.answer {
        Some(Answer::NotYet(left)) => {
            return Some(Line::from(Span::styled(
                format!(" not yet — {} s ", format::seconds_left(left)),
                theme.badge(Mood::Paused),
            )));
        }
        Some(Answer::NothingToRate) => {
            return Some(Line::from(Span::styled(
                " nothing to rate here ",
                theme.badge(Mood::Paused),
            )));
        }
        None => {}
    }
    if status.waiting {
        // The prompt stands in for the digits.
        return None;
    }
    if let Some(release) = status.release {
        return Some(match release {
            ReleaseState::In(left) => Line::from(Span::styled(
                format!("release in {} s", format::seconds_left(left)),
                theme.title(),
            )),
            ReleaseState::Allowed => Line::from(Span::styled(
                " you may release — Enter ",
                theme.badge(Mood::Rest),
            )),
        });
    }
    if let Some(left) = status.reverse_in {
        return Some(Line::from(Span::styled(
            format!("reverse in {} s", format::seconds_left(left)),
            theme.title(),
        )));
    }
    if status.rep.is_some() {
        return Some(Line::from(Span::styled(
            format!("{} left", format::clock_left(status.remaining)),
            theme.muted(),
        )));
    }
    None
}

/// "Next: Hamstring: small circles · LEFT · spot 1 of 3 · 45 s", or that this is the last
/// part. On a narrow screen the spot, then the side, are left out before the line is cut.
pub(super) fn next_text(view: &PlayerView, width: u16) -> String {
    let Some(next) = parts::next_part(view.plan, view.status.segment) else {
        return "Last part".to_string();
    };
    let name = format!("Next: {}", next.name);
    let side = next.side.map(|side| side_word(side).to_string());
    let spot = next
        .spot
        .map(|spot| format!("spot {} of {}", spot.number, spot.of));
    let length = parts::planned_length(next);
    let candidates = [
        vec![Some(name.clone()), side.clone(), spot, Some(length.clone())],
        vec![Some(name.clone()), side, Some(length.clone())],
        vec![Some(name.clone()), Some(length)],
        vec![Some(name)],
    ];
    let joined: Vec<String> = candidates
        .into_iter()
        .map(|facts| facts.into_iter().flatten().collect::<Vec<_>>().join(" · "))
        .collect();
    // The name alone may still be too long: it ends with "…" rather than mid-word.
    joined
        .iter()
        .find(|text| Line::from(text.as_str()).width() <= usize::from(width))
        .cloned()
        .or_else(|| {
            joined
                .last()
                .map(|text| format::cut(text, usize::from(width)))
        })
        .unwrap_or_default()
}

pub(super) fn side_word(side: Side) -> &'static str {
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
