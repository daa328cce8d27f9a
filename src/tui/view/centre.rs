//! The centre of the player: what to do now, how long is left, and what comes next.
//!
//! ```text
//!                 Hamstring: small circles          name
//!                  RIGHT   spot 2 of 3              badges
//!                  PAUSED — Space to resume         banner (paused only)
//!                     ██  ████                      digits: time left, or "7 / 20"
//!                     ↻ clockwise                   status: direction, release, wait
//!          ████████████████░░░░░░░░░░░░░░░░         the part's progress
//!     Sit with the ball under the thigh…            instructions, wrapped
//!          Next: Move the ball · 5 s                next part
//! ```
//! Rows are kept in order of need when the screen is short: the digits, the name and the
//! paused banner first, the instructions last. Room left over makes the digits bigger,
//! then shows more instructions, then spaces the rows out.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::cue::Direction;
use crate::plan::{Segment, SegmentKind};
use crate::routine::Side;
use crate::session::ReleaseState;
use crate::tui::big_digits::{self, DigitSize};
use crate::tui::theme::{Mood, Theme};

use super::header::segment_ratio;
use super::{PlayerView, bar, format, parts};

/// The rows of the centre, in screen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Row {
    Name,
    Badges,
    Banner,
    Digits,
    Status,
    Gauge,
    Instructions,
    Next,
}

impl Row {
    /// Lower is needed more.
    fn priority(self) -> u8 {
        match self {
            Row::Digits => 0,
            Row::Name | Row::Banner => 1,
            Row::Status => 2,
            Row::Badges => 3,
            Row::Gauge => 4,
            Row::Next => 5,
            Row::Instructions => 6,
        }
    }
}

/// "PAUSED" drawn big above the dimmed digits needs this many columns (6 glyphs of 8).
const BIG_PAUSED_WIDTH: u16 = 48;

/// Draws the centre into `area`.
pub fn render(frame: &mut Frame, area: Rect, view: &PlayerView) {
    if area.is_empty() {
        return;
    }
    let Some(segment) = view.plan.segments.get(view.status.segment) else {
        render_done(frame, area, view.theme);
        return;
    };
    let theme = view.theme;
    let status = view.status;
    let mood = Mood::of(&segment.kind);
    let width = area.width;

    let badges = badges(view, segment);
    let status_line = status_line(view);
    let digits = digits_text(view);
    let instructions = parts::step_of(view.routine, view.plan, status.segment)
        .and_then(|step| step.instructions.as_deref())
        .map(|text| wrap(text, usize::from(width.saturating_sub(4))))
        .unwrap_or_default();

    let mut rows = vec![Row::Name];
    if !badges.is_empty() {
        rows.push(Row::Badges);
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

    // Leave out what is needed least until every row has one line.
    while rows.len() > usize::from(area.height) {
        if let Some(worst) = rows.iter().copied().max_by_key(|row| row.priority()) {
            rows.retain(|&row| row != worst);
        }
    }
    let mut spare = area.height - rows.len() as u16;

    // Bigger digits first: from two metres they matter more than the part's progress bar,
    // "Next:" and the instructions, which give up their rows for four-row digits.
    let form = |height: u16| {
        digits
            .as_deref()
            .map(|text| digit_form(text, width, height))
    };
    let small = |form: &Option<(String, DigitSize)>| {
        form.as_ref()
            .is_none_or(|(_, size)| *size == DigitSize::Plain)
    };
    if small(&form(spare + 1)) && !small(&form(4)) {
        while spare + 1 < 4 {
            let Some(worst) = rows
                .iter()
                .copied()
                .filter(|row| row.priority() >= Row::Gauge.priority())
                .max_by_key(|row| row.priority())
            else {
                break;
            };
            rows.retain(|&row| row != worst);
            spare += 1;
        }
    }
    let digits = form(spare + 1);
    let digit_size = digits.as_ref().map_or(DigitSize::Plain, |(_, size)| *size);
    spare -= digit_size.height() - 1;
    // Then more lines of instructions.
    let instruction_rows = if rows.contains(&Row::Instructions) {
        let wanted = u16::try_from(instructions.len()).unwrap_or(u16::MAX);
        let extra = wanted.saturating_sub(1).min(spare);
        spare -= extra;
        1 + extra
    } else {
        0
    };
    // Then blank rows: before the digits, before the instructions, before "Next:".
    let mut gap_before = [false; 8];
    for (i, row) in rows.iter().enumerate().skip(1) {
        let wants_gap = match row {
            Row::Banner => true,
            Row::Digits => !rows.contains(&Row::Banner),
            Row::Instructions => true,
            Row::Next => true,
            _ => false,
        };
        if wants_gap
            && spare >= 2
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
            Row::Instructions => instruction_rows,
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
            Row::Badges => centred(frame, rect, Line::from(badges.clone())),
            Row::Banner => centred(
                frame,
                rect,
                Line::from(Span::styled(
                    " PAUSED — Space to resume ",
                    theme.paused_banner(),
                )),
            ),
            Row::Digits => {
                render_digits(frame, rect, digits.as_ref(), view, mood);
            }
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
                let lines: Vec<Line> = instructions
                    .iter()
                    .take(usize::from(height))
                    .map(|line| Line::from(line.as_str()))
                    .collect();
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
fn digits_text(view: &PlayerView) -> Option<String> {
    let status = view.status;
    if status.waiting {
        return None;
    }
    if let Some((rep, of)) = status.rep {
        return Some(format!("{rep} / {of}"));
    }
    Some(format::clock_left(status.remaining))
}

/// The text and size the digits are drawn at: a rep count too wide for big digits loses its
/// spaces ("7/20") before it falls back to plain text.
fn digit_form(text: &str, width: u16, height: u16) -> (String, DigitSize) {
    let size = big_digits::fit(text, width, height);
    if size == DigitSize::Plain {
        let compact = text.replace(' ', "");
        let compact_size = big_digits::fit(&compact, width, height);
        if compact_size != DigitSize::Plain {
            return (compact, compact_size);
        }
    }
    (text.to_string(), size)
}

/// Draws the digits; while paused with room, a big PAUSED above them.
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
    if view.status.paused && *size == DigitSize::Full && area.width >= BIG_PAUSED_WIDTH {
        let (top, bottom) = (
            Rect::new(area.x, area.y, area.width, 4),
            Rect::new(
                area.x,
                area.y + 4,
                area.width,
                area.height.saturating_sub(4),
            ),
        );
        big_digits::render_at(
            frame.buffer_mut(),
            top,
            "PAUSED",
            theme.mood(Mood::Paused).add_modifier(Modifier::BOLD),
            DigitSize::HalfHeight,
        );
        big_digits::render(frame.buffer_mut(), bottom, text, style);
    } else {
        big_digits::render_at(frame.buffer_mut(), area, text, style, *size);
    }
}

/// LEFT / RIGHT, "spot 2 of 3", "round 2 of 3".
fn badges<'a>(view: &PlayerView, segment: &Segment) -> Vec<Span<'a>> {
    let theme = view.theme;
    let mood = Mood::of(&segment.kind);
    let mut spans = Vec::new();
    if let Some(side) = segment.side {
        spans.push(Span::styled(
            format!(" {} ", side_word(side)),
            theme.badge(mood),
        ));
    }
    if let Some(spot) = segment.spot {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(
            format!("spot {} of {}", spot.number, spot.of),
            theme.title(),
        ));
    }
    if let Some(rating) = view.rating {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        // During a transition the rating is the spot just done, not the one coming.
        let text = if matches!(segment.kind, SegmentKind::Transition(_)) {
            format!("last spot: tender {rating}/5")
        } else {
            format!("tender {rating}/5")
        };
        spans.push(Span::styled(text, theme.title()));
    }
    let rounds = view.routine.settings.rounds;
    if rounds > 1 {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(
            format!("round {} of {rounds}", segment.round),
            theme.muted(),
        ));
    }
    spans
}

/// The direction of circles, the release of a hold range, the wait, or the time a set of
/// reps has left.
fn status_line<'a>(view: &PlayerView) -> Option<Line<'a>> {
    let theme = view.theme;
    let status = view.status;
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
    if let Some(direction) = status.direction {
        let (arrow, word) = match direction {
            Direction::Clockwise => ("↻", direction.as_str()),
            Direction::Counterclockwise => ("↺", direction.as_str()),
        };
        return Some(Line::from(vec![
            Span::styled(arrow, theme.title()),
            Span::raw(" "),
            Span::styled(word, theme.title()),
        ]));
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
fn next_text(view: &PlayerView, width: u16) -> String {
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

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Left => "LEFT",
        Side::Right => "RIGHT",
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

fn centred(frame: &mut Frame, area: Rect, line: Line) {
    frame.render_widget(Paragraph::new(line).alignment(Alignment::Center), area);
}

/// Words wrapped to `width` columns; a word longer than a line is cut across lines.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            let word_width = Line::from(word).width();
            if used > 0 && used + 1 + word_width > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if word_width > width {
                for c in word.chars() {
                    let w = Line::from(c.to_string()).width();
                    if used + w > width && used > 0 {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push(c);
                    used += w;
                }
                continue;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += word_width;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}
