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

use crate::plan::SegmentKind;
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

/// The keys that do something in the part under way, with what they do, in screen order:
/// Enter only where it is "ready" or "release", `+/−` only where there is time to change,
/// `1–5` only where a spot can be rated.
pub fn offered_keys(view: &PlayerView) -> Vec<(&'static str, &'static str)> {
    let status = view.status;
    let segment = view.plan.segments.get(status.segment);
    let mut keys = Vec::new();
    let placement = segment.is_some_and(|s| matches!(s.kind, SegmentKind::Placement { .. }));
    if status.waiting || placement {
        keys.push(("Enter", "ready"));
    } else if status.release == Some(ReleaseState::Allowed) {
        keys.push(("Enter", "release"));
    }
    keys.push(("Space", if status.paused { "resume" } else { "pause" }));
    keys.push(("n", "next"));
    keys.push(("b", "back"));
    if !status.waiting {
        keys.push(("+/−", "10 s"));
    }
    keys.push(("m", if view.muted { "unmute" } else { "mute" }));
    if status.rateable {
        keys.push(("1–5", "rate spot"));
    }
    keys.push(("?", "help"));
    keys.push(("q", "quit"));
    keys
}

/// The key hints that fit in `width`, in screen order.
fn keys_line<'a>(view: &PlayerView, width: u16) -> Line<'a> {
    // (priority, key, what): the lower the priority, the longer the hint stays.
    let mut hints: Vec<(u8, &'static str, &'static str)> = Vec::new();
    for (key, what) in offered_keys(view) {
        let priority = match key {
            "Enter" => 0,
            "Space" => 1,
            "q" => 2,
            "?" => 3,
            "n" => 4,
            "b" => 5,
            "+/−" => 6,
            "m" => 7,
            _ => 8,
        };
        hints.push((priority, key, what));
    }

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
