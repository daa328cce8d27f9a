//! What is drawn over the player: the help (keys and the routine's caution) and the quit
//! confirmation.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Wrap};

use crate::routine::Routine;
use crate::tui::theme::{Mood, Theme};

use super::centre::wrap;

/// The keys of the player, as the help lists them.
const KEYS: [(&str, &str); 9] = [
    ("Space", "pause / resume"),
    ("Enter", "ball placed; end a hold"),
    ("→ or n", "next part"),
    ("← or b", "restart, or previous part"),
    ("+ / −", "add or remove 10 s"),
    ("m", "mute / unmute"),
    ("1–5", "how tender this spot is"),
    ("?", "close this help"),
    ("q or Esc", "quit (asks first)"),
];

/// Width of the key column of the help.
const KEY_COLUMN: usize = 10;

/// The help: the routine's caution first, so that a small screen never cuts it, then
/// every key.
pub fn render_help(frame: &mut Frame, area: Rect, routine: &Routine, theme: &Theme) {
    let width = area.width.min(64);
    let text_width = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line> = Vec::new();
    if let Some(caution) = &routine.info.caution {
        for line in wrap(&format!("Caution: {caution}"), text_width) {
            lines.push(Line::from(Span::styled(line, theme.caution())));
        }
        lines.push(Line::from(""));
    }
    lines.extend(KEYS.iter().map(|(key, what)| {
        Line::from(vec![
            Span::styled(format!("{key:<KEY_COLUMN$}"), theme.key()),
            Span::raw(*what),
        ])
    }));
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(area.height);
    let popup = centred_rect(area, width, height);
    frame.render_widget(Clear, popup);
    // Each key line is short; the paragraph wraps only on very narrow screens.
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .padding(Padding::horizontal(1))
                .title(Span::styled(" Keys ", theme.title()))
                .title_bottom(
                    Line::from(Span::styled(" ? or Esc to close ", theme.muted())).right_aligned(),
                )
                .border_style(theme.mood(Mood::Transition)),
        ),
        popup,
    );
}

/// "Quit this session? y / n".
pub fn render_quit_confirm(frame: &mut Frame, area: Rect, theme: &Theme) {
    let popup = centred_rect(area, 30, 4);
    frame.render_widget(Clear, popup);
    let lines = vec![
        Line::from(Span::styled("Quit this session?", theme.title())),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::styled(" / ", theme.muted()),
            Span::styled("n", theme.key()),
        ]),
    ];
    // Without room for a border the two lines still show.
    let block = if popup.height >= 4 && popup.width >= 20 {
        Block::bordered().border_style(theme.mood(Mood::Paused))
    } else {
        Block::new()
    };
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .block(block),
        popup,
    );
}

/// A `width` × `height` rectangle in the middle of `area`, cut to fit.
fn centred_rect(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}
