//! The routine picker that `unknot` opens with no command: a list to filter as you type, the
//! selected routine's details, and the keys.
//!
//! ```text
//!  unknot · choose a routine                         3 of 5
//!  Filter: ham▏
//! ▶ Hamstrings & glutes — lacrosse ball   15:12  lacrosse ball
//!   Foot and calf                         8:30   lacrosse ball
//! ──────────────────────────────────────────────────────────
//!  The post-run routine for sore hamstrings and glutes…
//!  built-in · hamstrings-glutes-lacrosse · post-run · last played yesterday
//!  Enter play · ↑↓ choose · type to filter · Esc quit
//! ```
//!
//! Keys are read by the event loop; while a filter is typed, `q` is a letter of it, so the
//! hints offer `q` to quit only while the filter is empty.

mod state;

pub use state::{PickerItem, PickerState};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Padding, Paragraph, Wrap};

use crate::tui::theme::Theme;
use crate::tui::view::format;
use crate::tui::view::too_small;

/// Below this the picker says "Make the terminal larger".
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

/// Draws the picker over the whole frame.
pub fn render_picker(frame: &mut Frame, picker: &PickerState, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(frame, area, theme);
        return;
    }
    // Details get up to five rows once the list has at least three.
    let details = area.height.saturating_sub(3 + 3).min(5);
    let [title, filter, list, details, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(details),
        Constraint::Length(1),
    ])
    .areas(area);

    render_title(frame, title, picker, theme);
    render_filter(frame, filter, picker, theme);
    render_list(frame, list, picker, theme);
    render_details(frame, details, picker, theme);
    render_hints(frame, hints, picker, theme);
}

fn render_title(frame: &mut Frame, area: Rect, picker: &PickerState, theme: &Theme) {
    let count = format!("{} of {} ", picker.visible().len(), picker.items().len());
    let mut title = vec![Span::styled(" unknot", theme.title())];
    let subtitle = Span::styled(" · choose a routine", theme.muted());
    // The subtitle goes when it would run into the count.
    if title[0].width() + subtitle.width() + 1 + count.len() <= usize::from(area.width) {
        title.push(subtitle);
    }
    frame.render_widget(Paragraph::new(Line::from(title)), area);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(count, theme.muted())).right_aligned()),
        area,
    );
}

fn render_filter(frame: &mut Frame, area: Rect, picker: &PickerState, theme: &Theme) {
    let line = if picker.filter().is_empty() {
        Line::from(Span::styled(" Type to filter", theme.muted()))
    } else {
        Line::from(vec![
            Span::styled(" Filter: ", theme.muted()),
            Span::styled(picker.filter(), theme.title()),
            Span::styled("▏", theme.key()),
        ])
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn render_list(frame: &mut Frame, area: Rect, picker: &PickerState, theme: &Theme) {
    let visible = picker.visible();
    if visible.is_empty() {
        let message = if picker.items().is_empty() {
            "  No routines in the library".to_string()
        } else {
            format!("  No routine matches “{}”", picker.filter())
        };
        frame.render_widget(
            Paragraph::new(Span::styled(message, theme.muted())).wrap(Wrap { trim: false }),
            area,
        );
        return;
    }
    // Titles are padded to one column (capped to half the width) so totals line up.
    let title_width = visible
        .iter()
        .map(|item| Line::from(item.title.as_str()).width())
        .max()
        .unwrap_or(0)
        .min(usize::from(area.width / 2));
    let items: Vec<ListItem> = visible
        .iter()
        .map(|item| {
            let title = pad(&item.title, title_width);
            let mut spans = vec![Span::styled(title, theme.title())];
            match (&item.invalid, item.planned) {
                (Some(_), _) | (None, None) => {
                    spans.push(Span::styled("  invalid", theme.caution()));
                }
                (None, Some(planned)) => {
                    spans.push(Span::raw(format!("  {:>5}", format::clock(planned))));
                    // What is left of the row after the marker, the title and the total.
                    let room = usize::from(area.width).saturating_sub(2 + title_width + 7 + 2);
                    if !item.equipment.is_empty() && room > 1 {
                        spans.push(Span::styled(
                            format!("  {}", format::cut(&item.equipment.join(", "), room)),
                            theme.muted(),
                        ));
                    }
                }
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let mut state = ListState::default().with_selected(picker.selected_position());
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(theme.selected())
            .highlight_symbol("▶ "),
        area,
        &mut state,
    );
}

fn render_details(frame: &mut Frame, area: Rect, picker: &PickerState, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let block = Block::new()
        .borders(Borders::TOP)
        .padding(Padding::horizontal(1))
        .border_style(theme.muted());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(item) = picker.selected() else {
        return;
    };
    let mut lines = Vec::new();
    if let Some(reason) = &item.invalid {
        lines.push(Line::from(Span::styled(
            format!("Can't be played: {reason}"),
            theme.caution(),
        )));
    }
    if let Some(description) = &item.description {
        lines.push(Line::from(description.as_str()));
    }
    let mut facts = vec![item.origin.clone(), item.name.clone()];
    facts.extend(item.tags.iter().cloned());
    if let Some(last) = &item.last_played {
        facts.push(format!("last played {last}"));
    }
    lines.push(Line::from(Span::styled(facts.join(" · "), theme.muted())));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn render_hints(frame: &mut Frame, area: Rect, picker: &PickerState, theme: &Theme) {
    let mut hints: Vec<(&str, &str)> = vec![("Enter", "play"), ("↑↓", "choose")];
    if picker.filter().is_empty() {
        hints.push(("type", "to filter"));
        hints.push(("Esc/q", "quit"));
    } else {
        hints.push(("Backspace", "erase"));
        hints.push(("Esc", "quit"));
    }
    // Hints that do not fit are left out from the least needed: the last but one.
    while hints.len() > 2 && key_hints(&hints, " · ", theme).width() > usize::from(area.width) {
        hints.remove(hints.len() - 2);
    }
    frame.render_widget(Paragraph::new(key_hints(&hints, " · ", theme)), area);
}

/// " Enter play · ↑↓ choose": keys in the key style, what they do in the muted one, apart by
/// `separator`.
pub(crate) fn key_hints<'a>(
    hints: &[(&'a str, &'a str)],
    separator: &'a str,
    theme: &Theme,
) -> Line<'a> {
    let mut spans = vec![Span::raw(" ")];
    for (i, (key, what)) in hints.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(separator, theme.muted()));
        }
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::styled(format!(" {what}"), theme.muted()));
    }
    Line::from(spans)
}

/// `text` padded with spaces, or cut short with "…", to `width` columns.
fn pad(text: &str, width: usize) -> String {
    let text = format::cut(text, width);
    let used = Line::from(text.as_str()).width();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::time::Duration;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    fn library() -> PickerState {
        let item = |name: &str, title: &str, minutes: u64, description: &str| PickerItem {
            name: name.to_string(),
            title: title.to_string(),
            planned: Some(Duration::from_secs(minutes * 60 + 12)),
            equipment: vec!["lacrosse ball".to_string()],
            description: Some(description.to_string()),
            tags: vec!["post-run".to_string()],
            origin: "built-in".to_string(),
            invalid: None,
            last_played: None,
        };
        let mut items = vec![
            item(
                "hamstrings-glutes-lacrosse",
                "Hamstrings & glutes — lacrosse ball",
                15,
                "After a run: circles, spots, bend-and-straightens and a stretch for the \
                 back of the thigh and the glutes.",
            ),
            item(
                "pre-run-warm-up",
                "Pre-run dynamic warm-up",
                6,
                "Leg swings and hamstring scoops before a run.",
            ),
            item(
                "lower-body-foam-roller",
                "Full lower body — foam roller",
                22,
                "Calves, quads, IT band area, glutes and hamstrings.",
            ),
            item(
                "foot-calf-lacrosse",
                "Foot and calf — lacrosse ball",
                9,
                "Arch, heel and calf.",
            ),
        ];
        items[0].last_played = Some("yesterday".to_string());
        items[2].equipment = vec!["foam roller".to_string()];
        items.push(PickerItem {
            name: "my-broken-routine".to_string(),
            title: "my-broken-routine".to_string(),
            origin: "user".to_string(),
            invalid: Some("line 4: `duraton` is not a key of a step".to_string()),
            ..PickerItem::default()
        });
        PickerState::new(items)
    }

    fn draw(picker: &PickerState, width: u16, height: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| render_picker(frame, picker, &Theme::new(true)))
            .unwrap();
        terminal
    }

    #[test]
    fn the_picker_lists_the_library_with_the_selected_routine_described() {
        let mut picker = library();
        picker.down();
        picker.up();
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("picker_80x24", draw(&picker, 80, 24).backend());
            insta::assert_snapshot!("picker_40x12", draw(&picker, 40, 12).backend());
        });
    }

    #[test]
    fn the_picker_filters_as_you_type() {
        let mut picker = library();
        for c in "lacrosse".chars() {
            picker.type_char(c);
        }
        picker.down();
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("picker_filtered_80x24", draw(&picker, 80, 24).backend());
            insta::assert_snapshot!("picker_filtered_40x12", draw(&picker, 40, 12).backend());
        });
    }

    #[test]
    fn an_invalid_routine_says_why() {
        let mut picker = library();
        for c in "broken".chars() {
            picker.type_char(c);
        }
        let text = format!("{}", draw(&picker, 80, 24).backend());
        assert!(text.contains("invalid"), "{text}");
        assert!(text.contains("`duraton` is not a key"), "{text}");
    }

    #[test]
    fn nothing_matching_says_so() {
        let mut picker = library();
        for c in "xyz".chars() {
            picker.type_char(c);
        }
        let text = format!("{}", draw(&picker, 80, 24).backend());
        assert!(text.contains("No routine matches “xyz”"), "{text}");
        assert!(text.contains("0 of 5"), "{text}");
    }

    #[test]
    fn every_small_size_renders_without_panic() {
        let mut filtered = library();
        filtered.type_char('q');
        for picker in [library(), filtered, PickerState::new(Vec::new())] {
            for width in 1..=30 {
                for height in 1..=10 {
                    draw(&picker, width, height);
                }
            }
        }
    }

    #[test]
    fn a_narrow_title_row_never_runs_the_count_into_the_title() {
        let picker = library();
        for width in 20..=40 {
            let terminal = draw(&picker, width, 12);
            let buffer = terminal.backend().buffer();
            let row: String = (0..width).map(|x| buffer[(x, 0)].symbol()).collect();
            let count = format!(" {} of {}", picker.visible().len(), picker.items().len());
            assert!(row.trim_end().ends_with(&count), "{width}: {row:?}");
            assert!(row.starts_with(" unknot"), "{width}: {row:?}");
        }
    }

    #[test]
    fn long_titles_are_cut_with_an_ellipsis() {
        assert_eq!(pad("Hamstrings", 6), "Hamst…");
        assert_eq!(pad("Calf", 6), "Calf  ");
        assert_eq!(pad("Calf", 0), "");
    }
}
