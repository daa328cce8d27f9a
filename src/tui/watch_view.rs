//! The screen of `unknot watch FILE`: the routine's timeline while it is valid, its diagnostics
//! while it is not, re-drawn each time the trainer saves.
//!
//! ```text
//!  unknot watch · calves.toml                        ✓ valid · 12:58 · checked 14:02:11 (#3)
//! ┌──────────────────────────────────────────────────────────────────────────────────────┐
//! │ start  length  what                        side   spot                               │
//! │  0:00  5 s     Get ready                                                             │
//! │  …                                                                                   │
//! └──────────────────────────────────────────────────────────────────────────────────────┘
//!  p preview at 10× · ↑↓ PgUp PgDn scroll · q quit
//! ```
//!
//! Pure: the text to show is worked out by the caller (the same table `unknot plan` prints,
//! the same diagnostics `unknot check` prints), this only lays it out.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::theme::{Mood, Theme};
use crate::tui::view::too_small;

/// Below this the watch screen says "Make the terminal larger".
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

/// What the last check of the file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The file is a valid routine: its planned total, as `m:ss`.
    Valid { total: String },
    /// The file has this many errors (or could not be read).
    Invalid { errors: usize },
}

/// Everything the watch screen shows.
#[derive(Debug, Clone, PartialEq)]
pub struct WatchState {
    /// The file, as the trainer named it.
    pub file: String,
    pub verdict: Verdict,
    /// The timeline table, or the diagnostics: one entry a line, no control characters.
    pub body: Vec<String>,
    /// The wall-clock time of the last check, `HH:MM:SS`.
    pub checked_at: String,
    /// How many times the file has been checked since `watch` started.
    pub checks: u32,
    /// The first body line shown.
    pub scroll: usize,
    /// The speed of the preview `p` plays.
    pub speed: f64,
}

impl WatchState {
    /// Scrolls by `lines` (negative: up), kept within the body.
    pub fn scroll_by(&mut self, lines: isize) {
        let last = self.body.len().saturating_sub(1);
        self.scroll = self.scroll.saturating_add_signed(lines).min(last);
    }
}

/// Draws the watch screen over the whole frame.
pub fn render_watch(frame: &mut Frame, state: &WatchState, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(frame, area, theme);
        return;
    }
    let [header, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(frame, header, state, theme);
    render_body(frame, body, state, theme);
    render_hints(frame, hints, state, theme);
}

fn render_header(frame: &mut Frame, area: Rect, state: &WatchState, theme: &Theme) {
    let title = Line::from(vec![
        Span::styled(" unknot watch", theme.title()),
        Span::styled(format!(" · {}", state.file), theme.muted()),
    ]);
    let title_width = title.width();
    frame.render_widget(Paragraph::new(title), area);
    let verdict = match &state.verdict {
        Verdict::Valid { total } => {
            Span::styled(format!("✓ valid · {total}"), theme.mood(Mood::Rest))
        }
        Verdict::Invalid { errors: 1 } => Span::styled("✗ 1 error", theme.caution()),
        Verdict::Invalid { errors } => Span::styled(format!("✗ {errors} errors"), theme.caution()),
    };
    let checked = Span::styled(
        format!(" · checked {} (#{}) ", state.checked_at, state.checks),
        theme.muted(),
    );
    // When it does not all fit beside the file's name, the time of the check goes first, then
    // the waits are only mentioned ("1:24 + waits").
    let short = match &state.verdict {
        Verdict::Valid { total } => total.split_once(", ").map(|(head, _)| {
            Span::styled(format!("✓ valid · {head} + waits"), theme.mood(Mood::Rest))
        }),
        Verdict::Invalid { .. } => None,
    };
    let mut candidates = vec![
        Line::from(vec![verdict.clone(), checked]),
        Line::from(vec![verdict, Span::raw(" ")]),
    ];
    candidates.extend(short.map(|short| Line::from(vec![short, Span::raw(" ")])));
    let fits = |line: &Line| title_width + 1 + line.width() <= usize::from(area.width);
    let right = match candidates.iter().position(fits) {
        Some(i) => candidates.swap_remove(i),
        None => candidates.pop().unwrap_or_default(),
    };
    frame.render_widget(Paragraph::new(right.right_aligned()), area);
}

fn render_body(frame: &mut Frame, area: Rect, state: &WatchState, theme: &Theme) {
    let style = match state.verdict {
        Verdict::Valid { .. } => theme.mood(Mood::Rest),
        Verdict::Invalid { .. } => theme.caution(),
    };
    let block = Block::default().borders(Borders::ALL).border_style(style);
    let inner = block.inner(area);
    let lines: Vec<Line> = state
        .body
        .iter()
        .skip(state.scroll)
        .take(usize::from(inner.height))
        .map(|line| Line::from(line.as_str()))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn render_hints(frame: &mut Frame, area: Rect, state: &WatchState, theme: &Theme) {
    let mut spans = Vec::new();
    if matches!(state.verdict, Verdict::Valid { .. }) {
        spans.push(Span::styled(" p", theme.key()));
        spans.push(Span::styled(
            format!(" preview at {}× ·", speed_text(state.speed)),
            theme.muted(),
        ));
    }
    spans.push(Span::styled(" ↑↓ PgUp PgDn", theme.key()));
    spans.push(Span::styled(" scroll ·", theme.muted()));
    spans.push(Span::styled(" q", theme.key()));
    spans.push(Span::styled(" quit", theme.muted()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `10`, `2.5`: the speed as a trainer typed it.
fn speed_text(speed: f64) -> String {
    let text = format!("{speed:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    fn state(verdict: Verdict, body: &[&str]) -> WatchState {
        WatchState {
            file: "calves.toml".into(),
            verdict,
            body: body.iter().map(|line| line.to_string()).collect(),
            checked_at: "14:02:11".into(),
            checks: 3,
            scroll: 0,
            speed: 10.0,
        }
    }

    fn render(state: &WatchState, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| render_watch(frame, state, &Theme::new(false)))
            .unwrap();
        terminal.backend().to_string()
    }

    #[test]
    fn a_valid_routine_shows_its_timeline_total_and_the_preview_key() {
        let valid = state(
            Verdict::Valid {
                total: "1:10".into(),
            },
            &[
                " start  length  what",
                "  0:00  10 s    Get ready",
                "  0:10  1:00    Calf",
            ],
        );
        insta::assert_snapshot!(render(&valid, 80, 8));
    }

    /// A long total (a routine with waits) leaves out the time of the check rather than cut it,
    /// and never covers the file's name.
    #[test]
    fn a_long_total_keeps_the_header_whole() {
        let valid = state(
            Verdict::Valid {
                total: "1:24, plus the time you take at 1 wait for Enter".into(),
            },
            &["Keys"],
        );
        let screen = render(&valid, 80, 8);
        let header = screen.lines().next().unwrap();
        assert!(
            header.starts_with("\" unknot watch · calves.toml"),
            "{screen}"
        );
        assert!(header.contains("1:24"), "{screen}");
        assert!(!header.contains("(#"), "{screen}");
        let screen = render(&valid, 120, 8);
        let header = screen.lines().next().unwrap();
        assert!(header.contains("checked 14:02:11 (#3)"), "{screen}");
    }

    #[test]
    fn an_invalid_routine_shows_its_diagnostics_and_no_preview() {
        let invalid = state(
            Verdict::Invalid { errors: 2 },
            &[
                "error: unknown key `duraton` in step 1 \"Calf\"",
                " --> calves.toml:9:1",
                "  |",
                "9 | duraton = \"1m\"",
                "  | ^^^^^^^ did you mean `duration`?",
            ],
        );
        let screen = render(&invalid, 80, 10);
        assert!(screen.contains("✗ 2 errors"), "{screen}");
        assert!(screen.contains("calves.toml:9:1"), "{screen}");
        assert!(!screen.contains("preview"), "{screen}");
        insta::assert_snapshot!(screen);
    }

    #[test]
    fn scrolling_moves_through_the_body_and_stops_at_its_ends() {
        let body: Vec<String> = (0..30).map(|n| format!("line {n}")).collect();
        let refs: Vec<&str> = body.iter().map(String::as_str).collect();
        let mut long = state(
            Verdict::Valid {
                total: "5:00".into(),
            },
            &refs,
        );
        long.scroll_by(-5);
        assert_eq!(long.scroll, 0);
        long.scroll_by(12);
        assert_eq!(long.scroll, 12);
        let screen = render(&long, 40, 6);
        assert!(screen.contains("line 12"), "{screen}");
        assert!(!screen.contains("line 11"), "{screen}");
        long.scroll_by(100);
        assert_eq!(long.scroll, 29);
    }

    #[test]
    fn every_small_size_renders_without_a_panic() {
        let valid = state(
            Verdict::Valid {
                total: "1:10".into(),
            },
            &["a", "b"],
        );
        for width in 1..=30 {
            for height in 1..=8 {
                render(&valid, width, height);
            }
        }
    }

    #[test]
    fn speeds_are_written_as_typed() {
        assert_eq!(speed_text(10.0), "10");
        assert_eq!(speed_text(2.5), "2.5");
        assert_eq!(speed_text(0.1), "0.1");
    }
}
