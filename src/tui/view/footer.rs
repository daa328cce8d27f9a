//! The footer: a notice for the runner when there is one, then the keys.
//!
//! ```text
//!  no sound device: using the terminal bell
//!  Space pause  n next  b back  +/− 10 s  m mute  1–5 rate spot  ? help  q quit
//! ```
//! Hints that do not fit are left out, least needed first: pausing, quitting and help stay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::session::ReleaseState;
use crate::tui::picker_view::key_hints;

use super::PlayerView;

/// Rows the footer takes in `area`: the keys, and the notice when there is room for it.
pub fn height(view: &PlayerView, area: Rect) -> u16 {
    if view.notice.is_some() && area.height >= 10 {
        2
    } else {
        1
    }
}

/// Draws the notice (if it has a row) and the keys on the last row.
pub fn render(frame: &mut Frame, area: Rect, view: &PlayerView) {
    if area.is_empty() {
        return;
    }
    let theme = view.theme;
    if let (Some(notice), true) = (view.notice, area.height >= 2) {
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                format!(" {notice}"),
                theme.notice(),
            ))),
            Rect::new(area.x, area.y, area.width, 1),
        );
    }
    let keys_row = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    frame.render_widget(Paragraph::new(keys_line(view, area.width)), keys_row);
}

/// The key hints that fit in `width`, in screen order.
fn keys_line<'a>(view: &PlayerView, width: u16) -> Line<'a> {
    // (priority, key, what): the lower the priority, the longer the hint stays.
    let mut hints: Vec<(u8, &'static str, &'static str)> = Vec::new();
    if view.status.waiting {
        hints.push((0, "Enter", "ready"));
    } else if view.status.release == Some(ReleaseState::Allowed) {
        hints.push((0, "Enter", "release"));
    }
    let pause = if view.status.paused {
        "resume"
    } else {
        "pause"
    };
    hints.push((1, "Space", pause));
    hints.push((4, "n", "next"));
    hints.push((5, "b", "back"));
    hints.push((6, "+/−", "10 s"));
    hints.push((7, "m", if view.muted { "unmute" } else { "mute" }));
    let is_work = view
        .plan
        .segments
        .get(view.status.segment)
        .is_some_and(|segment| segment.kind.is_work());
    if is_work {
        hints.push((8, "1–5", "rate spot"));
    }
    hints.push((3, "?", "help"));
    hints.push((2, "q", "quit"));

    loop {
        let pairs: Vec<(&str, &str)> = hints.iter().map(|&(_, key, what)| (key, what)).collect();
        // Two spaces apart rather than " · ": every hint fits on 80 columns.
        let line = key_hints(&pairs, "  ", view.theme);
        if line.width() <= usize::from(width) || hints.len() <= 1 {
            return line;
        }
        // Leave out the least needed hint and try again.
        if let Some(worst) = hints
            .iter()
            .enumerate()
            .max_by_key(|(_, (priority, _, _))| *priority)
            .map(|(i, _)| i)
        {
            hints.remove(worst);
        }
    }
}
