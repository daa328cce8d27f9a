//! What is drawn over the player: the help (keys and the routine's caution) and the quit
//! confirmation.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use crate::routine::Routine;
use crate::tui::theme::{Mood, Theme};

use super::centre::wrap;

/// The keys of the player, as the help lists them.
const KEYS: [(&str, &str); 9] = [
    ("Space", "pause / resume"),
    ("Enter", "ready: ball placed; end a hold"),
    ("→ or n", "next part"),
    ("← or b", "restart, or previous part"),
    ("+ / −", "add or remove 10 s"),
    ("m", "mute / unmute"),
    ("1–5", "how tender this spot is"),
    ("?", "close this help"),
    ("q or Esc", "quit (asks first)"),
];

/// The same keys in few words, for two columns on a small screen.
const SHORT_KEYS: [(&str, &str); 9] = [
    ("Space", "pause"),
    ("Enter", "ready"),
    ("n →", "next"),
    ("b ←", "back"),
    ("+ −", "10 s"),
    ("m", "mute"),
    ("1–5", "tender"),
    ("?", "close"),
    ("q", "quit"),
];

/// Width of the key column of the help.
const KEY_COLUMN: usize = 10;
/// Width of the key column of the short, two-column form.
const SHORT_KEY_COLUMN: usize = 6;

/// The help: the routine's caution first, then every key. On a small screen it reflows
/// (no blank line, then the keys in two columns, then no border) rather than lose a key; the
/// caution is what gets cut, with "…", when nothing else helps.
pub fn render_help(frame: &mut Frame, area: Rect, routine: &Routine, theme: &Theme) {
    let width = area.width.min(64);
    let caution = |text_width: usize| -> Vec<String> {
        routine
            .info
            .caution
            .as_deref()
            .map(|caution| wrap(&format!("Caution: {caution}"), text_width))
            .unwrap_or_default()
    };
    let long_keys: Vec<Line> = KEYS
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(format!("{key:<KEY_COLUMN$}"), theme.key()),
                Span::raw(*what),
            ])
        })
        .collect();
    let short_keys = |column: usize| -> Vec<Line> {
        let rows = SHORT_KEYS.len().div_ceil(2);
        (0..rows)
            .map(|row| {
                let mut spans = Vec::new();
                for (i, (key, what)) in [SHORT_KEYS.get(row), SHORT_KEYS.get(row + rows)]
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    let cell = format!(
                        "{what:<width$}",
                        width = column.saturating_sub(SHORT_KEY_COLUMN)
                    );
                    if i == 1 {
                        spans.push(Span::raw(" "));
                    }
                    spans.push(Span::styled(
                        format!("{key:<SHORT_KEY_COLUMN$}"),
                        theme.key(),
                    ));
                    spans.push(Span::raw(cell));
                }
                Line::from(spans)
            })
            .collect()
    };
    // (bordered, blank line after the caution, two columns), from the roomiest form down.
    let forms = [
        (true, true, false),
        (true, false, false),
        (true, false, true),
        (false, false, true),
    ];
    let build = |bordered: bool, blank: bool, columns: bool| -> Vec<Line> {
        let text_width = usize::from(width.saturating_sub(if bordered { 4 } else { 0 }));
        let mut lines: Vec<Line> = caution(text_width)
            .into_iter()
            .map(|line| Line::from(Span::styled(line, theme.caution())))
            .collect();
        if blank && !lines.is_empty() {
            lines.push(Line::from(""));
        }
        if columns {
            lines.extend(short_keys(text_width.saturating_sub(1) / 2));
        } else {
            lines.extend(long_keys.iter().cloned());
        }
        lines
    };
    let height_of =
        |lines: &[Line], bordered: bool| -> usize { lines.len() + if bordered { 2 } else { 0 } };
    let chosen = forms.iter().copied().find(|&(bordered, blank, columns)| {
        height_of(&build(bordered, blank, columns), bordered) <= usize::from(area.height)
    });
    let (bordered, mut lines) = match chosen {
        Some((bordered, blank, columns)) => (bordered, build(bordered, blank, columns)),
        None => {
            // Even the smallest form is too tall: the keys stay, the caution is cut.
            let mut lines = build(false, false, true);
            let keys = SHORT_KEYS.len().div_ceil(2);
            let caution_rows = usize::from(area.height).saturating_sub(keys);
            let caution_lines = lines.len() - keys;
            if caution_lines > caution_rows {
                let kept: Vec<Line> = lines.drain(..caution_lines).take(caution_rows).collect();
                let mut kept = kept;
                if let Some(last) = kept.last_mut() {
                    let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
                    *last = Line::from(Span::styled(
                        crate::columns::shorten(&format!("{text} …"), usize::from(width)),
                        theme.caution(),
                    ));
                }
                kept.extend(lines);
                lines = kept;
            }
            (false, lines)
        }
    };
    let height = u16::try_from(height_of(&lines, bordered))
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = centred_rect(area, width, height);
    frame.render_widget(Clear, popup);
    let block = if bordered {
        Block::bordered()
            .padding(Padding::horizontal(1))
            .title(Span::styled(" Keys · time stopped ", theme.title()))
            .title_bottom(
                Line::from(Span::styled(" ? or Esc to close ", theme.muted())).right_aligned(),
            )
            .border_style(theme.mood(Mood::Transition))
    } else {
        Block::new()
    };
    lines.truncate(usize::from(height));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// "Quit this session? y / n".
pub fn render_quit_confirm(frame: &mut Frame, area: Rect, theme: &Theme) {
    let popup = centred_rect(area, 30, 5);
    frame.render_widget(Clear, popup);
    let lines = vec![
        Line::from(Span::styled("Quit this session?", theme.title())),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::styled(" / ", theme.muted()),
            Span::styled("n", theme.key()),
        ]),
        Line::from(Span::styled("(time stopped)", theme.muted())),
    ];
    // Without room for a border the two lines still show.
    let block = if popup.height >= 5 && popup.width >= 20 {
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
