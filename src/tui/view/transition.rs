//! The screen between two parts (and the lead-in before the first): the action in big type
//! on a flood of colour, its seconds smaller, and the coming part's instructions below, so
//! that from the floor it can't be taken for a part of work.
//!
//! ```text
//! ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  flood
//! ░░░░░ █▀▀ █ █ █ █ ▀█▀ █▀▀ █ █   ▶   █   █▀▀ █▀▀ ▀█▀ ░░░░░░░░░░░░░░░░░░░░░░░░  action
//! ░░░░░ ▀▀█ ▀▄▀▄▀ █  █  █   █▀█       █   █▀  █▀   █  ░░░░░░░░░░░░░░░░░░░░░░░░
//! ░░░░░░░░░░░░░ Hamstring: small circles · spot 1 of 3 ░░░░░░░░░░░░░░░░░░░░░░░  what comes
//! ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ ▄ ▄  ▄▄ ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  seconds
//! ░░░░░ Make small circles over the ball. Support yourself with your arms… ░░░░  instructions
//! ```
//! Without colours the flood is reverse video.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::plan::{Segment, SegmentKind, TransitionKind};
use crate::tui::big_digits::{self, DigitSize};
use crate::tui::theme::Mood;

use super::centre::{invert, side_word};
use super::flash::Flash;
use super::layout::{self, INSTRUCTION_LINES};
use super::{PlayerView, format, parts};

/// What the runner is asked to do, in big type, and the line under it.
pub fn action(view: &PlayerView, segment: &Segment) -> (String, String) {
    let next = parts::next_part(view.plan, segment.index);
    let moving = segment.kind == SegmentKind::Transition(TransitionKind::MoveSpot);
    let coming = next.map(|part| {
        let spot = part
            .spot
            .map(|spot| format!("spot {} of {}", spot.number, spot.of));
        // Moving the ball, the spot comes first: it is what changes.
        let mut facts: Vec<String> = if moving {
            spot.clone().into_iter().collect()
        } else {
            Vec::new()
        };
        facts.push(part.name.clone());
        if let Some(side) = part.side {
            facts.push(side_word(side).to_string());
        }
        if !moving {
            facts.extend(spot);
        }
        facts.push(parts::planned_length(part));
        facts.join(" · ")
    });
    let coming = coming.unwrap_or_default();
    match segment.kind {
        SegmentKind::Transition(TransitionKind::SwitchSide) => (
            match segment.side {
                Some(side) => format!("SWITCH ▸ {}", side_word(side)),
                None => "SWITCH SIDES".to_string(),
            },
            coming,
        ),
        SegmentKind::Transition(TransitionKind::MoveSpot) => ("MOVE THE BALL".to_string(), coming),
        // The name is written out too, for a reader of the screen's text (a screen reader).
        SegmentKind::LeadIn => (
            "GET READY".to_string(),
            format!("{} for {coming}", segment.name),
        ),
        _ => match next {
            Some(part) => (format!("NEXT ▸ {}", part.name.to_uppercase()), coming),
            None => ("NEXT".to_string(), coming),
        },
    }
}

/// Draws the transition screen into `area`.
pub fn render(frame: &mut Frame, area: Rect, view: &PlayerView, segment: &Segment) {
    let theme = view.theme;
    let paused = view.status.paused;
    let mood = if paused {
        Mood::Paused
    } else {
        Mood::Transition
    };
    let flood = theme.flood(mood);
    let text_style = flood.add_modifier(Modifier::BOLD);
    frame.buffer_mut().set_style(area, flood);

    let (action, detail) = action(view, segment);
    // The action big as written; else its verb big and the rest on the line below.
    let (big_action, detail) = if big_fits(&action, area.width.saturating_sub(2)) {
        (action, detail)
    } else {
        match action
            .split_once(" ▸ ")
            .or_else(|| action.split_once(" · "))
        {
            Some((verb, rest)) if big_fits(verb, area.width.saturating_sub(2)) => {
                let rest = rest.trim();
                let detail = if detail.to_uppercase().starts_with(rest) {
                    detail
                } else {
                    format!("{} · {detail}", rest.to_lowercase())
                };
                (verb.to_string(), detail)
            }
            _ => (action, detail),
        }
    };
    let seconds = seconds_text(view);
    let text_width = usize::from(area.width.saturating_sub(4)).max(1);
    let instructions = parts::step_of(view.routine, view.plan, segment.index)
        .and_then(|step| step.instructions.as_deref())
        .map(|text| layout::wrap(text, text_width))
        .unwrap_or_default();

    // Rows: action, detail, paused banner, seconds, instructions; each one line at first.
    let mut instruction_rows = instructions.len().min(INSTRUCTION_LINES);
    let mut detail_row = !detail.is_empty();
    let base = |instruction_rows: usize, detail_row: bool| {
        2 + u16::from(detail_row) + u16::from(paused) + u16::try_from(instruction_rows).unwrap_or(0)
    };
    while base(instruction_rows, detail_row) > area.height {
        if instruction_rows > 0 {
            instruction_rows -= 1;
        } else if detail_row {
            detail_row = false;
        } else {
            break;
        }
    }
    let mut spare = area
        .height
        .saturating_sub(base(instruction_rows, detail_row));
    // The seconds stay smaller than the action: a third of the room at most.
    let room = spare + 2;
    let action_width = area.width.saturating_sub(2);
    let first = big_digits::fit(&big_action, action_width, room * 2 / 3);
    let seconds_size = if first.is_big() {
        let cap = (room - first.height()).min(first.height().saturating_mul(2) / 3);
        big_digits::fit(&seconds, area.width, cap)
    } else {
        DigitSize::Plain
    };
    let action_size = big_digits::fit(&big_action, action_width, room - seconds_size.height());
    spare = room.saturating_sub(action_size.height() + seconds_size.height());
    // Then more lines of instructions, then blank rows.
    let extra = instructions
        .len()
        .saturating_sub(instruction_rows)
        .min(usize::from(spare));
    instruction_rows += extra;
    spare -= u16::try_from(extra).unwrap_or(0);
    let gaps = spare.min(3);
    spare -= gaps;
    let mut y = area.y + spare / 2;
    let gap = |y: &mut u16, n: &mut u16| {
        if *n > 0 {
            *y += 1;
            *n -= 1;
        }
    };
    let mut gaps_left = gaps;

    let action_rect = Rect::new(area.x, y, area.width, action_size.height());
    if action_size.is_big() {
        big_digits::render_at(
            frame.buffer_mut(),
            action_rect,
            &big_action,
            text_style,
            action_size,
        );
    } else {
        line(
            frame,
            action_rect,
            Span::styled(
                format::cut(&big_action, usize::from(area.width)),
                text_style,
            ),
        );
    }
    y += action_size.height();
    if detail_row {
        gap(&mut y, &mut gaps_left);
        line(
            frame,
            Rect::new(area.x, y, area.width, 1),
            Span::styled(format::cut(&detail, usize::from(area.width)), text_style),
        );
        y += 1;
    }
    if paused {
        line(
            frame,
            Rect::new(area.x, y, area.width, 1),
            Span::styled(" PAUSED — Space to resume ", theme.paused_banner()),
        );
        y += 1;
    }
    gap(&mut y, &mut gaps_left);
    let seconds_rect = Rect::new(area.x, y, area.width, seconds_size.height());
    let seconds_style = flood;
    big_digits::render_at(
        frame.buffer_mut(),
        seconds_rect,
        &seconds,
        seconds_style,
        seconds_size,
    );
    if view.flash == Some(Flash::Digits) {
        let width = seconds_size.width(&seconds).min(area.width);
        invert(
            frame,
            Rect::new(
                area.x + (area.width - width) / 2,
                y,
                width,
                seconds_size.height(),
            ),
            seconds_style,
        );
    }
    y += seconds_size.height();
    if instruction_rows > 0 {
        gap(&mut y, &mut gaps_left);
        let shown = layout::fit_lines(instructions, instruction_rows, text_width);
        let lines: Vec<Line> = shown
            .into_iter()
            .map(|text| Line::from(Span::styled(text, flood)))
            .collect();
        let rows = u16::try_from(lines.len()).unwrap_or(0);
        frame.render_widget(
            Paragraph::new(lines).alignment(Alignment::Center),
            Rect::new(area.x, y, area.width, rows),
        );
    }
}

/// Whether `text` can be drawn big, at the smallest size, in `width` columns.
fn big_fits(text: &str, width: u16) -> bool {
    big_digits::supports(text) && DigitSize::Scaled { h: 1, v: 1 }.width(text) <= width
}

/// "4 s" under a minute, else "1:05".
fn seconds_text(view: &PlayerView) -> String {
    let left = view.status.remaining;
    let seconds = format::seconds_left(left);
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format::clock_left(left)
    }
}

fn line(frame: &mut Frame, area: Rect, span: Span) {
    frame.render_widget(
        Paragraph::new(Line::from(span)).alignment(Alignment::Center),
        area,
    );
}
