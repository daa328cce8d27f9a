//! The player's screens, as pure functions from state to a frame: the intro before a session,
//! the player while it runs (with its help and quit overlays), and the summary at the end.
//!
//! ```text
//! ┌──────────────────────────────────────────────────────────────────────────────┐
//! │ Hamstrings & glutes — lacrosse ball      part 3 of 12 · 2:41 / 15:12          │ header
//! │ ━━━━━━━━━━━━━━━━━━━━━━━━━━━────────────────────────────────────────────────── │
//! │                      Hamstring: small circles                                 │ centre
//! │                       RIGHT   spot 2 of 3                                     │
//! │                      (big digits: 0:38, or 7 / 20)                            │
//! │                          ↻ clockwise                                          │
//! │            ████████████████░░░░░░░░░░░░░░░░░░░░                               │
//! │  Make small circles over the ball…                                            │
//! │                 Next: Move the ball to a new spot · 5 s                       │
//! │ Space pause · n next · b back · +/− 10 s · m mute · ? help · q quit           │ footer
//! └──────────────────────────────────────────────────────────────────────────────┘
//! ```
//! The frame takes the colour of the part (work, rest, transition, paused) and turns solid
//! when a cue flashes for a runner without sound. Below [`MIN_WIDTH`] × [`MIN_HEIGHT`] the
//! screen only asks for a larger terminal.

mod bar;
mod centre;
pub mod flash;
mod footer;
pub mod format;
mod header;
mod intro;
pub mod layout;
mod overlay;
pub mod parts;
mod summary;
pub mod too_small;
mod transition;

pub use flash::Flash;
pub use intro::{render_intro, render_intro_with};
pub use summary::{HistoryFigures, SummaryView, render_summary};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType};

use crate::plan::Plan;
use crate::routine::Routine;
use crate::session::Status;
use crate::tui::theme::{Mood, Theme};

/// Below this size the player asks for a larger terminal.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;

/// The frame is drawn only from this size up; smaller screens keep every row for content.
pub(crate) const FRAME_MIN_WIDTH: u16 = 50;
pub(crate) const FRAME_MIN_HEIGHT: u16 = 18;

/// What is drawn over the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
    None,
    /// The keys and the routine's caution (`?`).
    Help,
    /// "Quit this session? y / n" (`q` or Esc during a session).
    QuitConfirm,
}

/// Everything the player screen shows.
#[derive(Debug, Clone, Copy)]
pub struct PlayerView<'a> {
    pub routine: &'a Routine,
    pub plan: &'a Plan,
    pub status: &'a Status,
    pub overlay: Overlay,
    /// A line for the runner, e.g. "no sound device: using the terminal bell".
    pub notice: Option<&'a str>,
    pub muted: bool,
    /// A visible cue, for a runner without sound, while it lasts: how the screen flashes
    /// ([`flash::of_cues`] says which, for the cues that came out).
    pub flash: Option<Flash>,
    /// `--speed`: session seconds per real second. Any other than 1 is a preview, said in
    /// the header.
    pub speed: f64,
    /// How tender the runner rated the spot that a key 1–5 rates now (1 to 5).
    pub rating: Option<u8>,
    pub theme: &'a Theme,
}

impl PlayerView<'_> {
    /// The mood of the screen: paused above all, else the current segment's.
    pub fn mood(&self) -> Mood {
        if self.status.paused {
            return Mood::Paused;
        }
        self.plan
            .segments
            .get(self.status.segment)
            .map_or(Mood::Work, |segment| Mood::of(&segment.kind))
    }
}

/// Draws the player over the whole frame.
pub fn render_player(frame: &mut Frame, view: &PlayerView) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(frame, area, view.theme);
        return;
    }
    let mood = view.mood();
    let border_flash = view.flash == Some(Flash::Border);
    let inner = if area.width >= FRAME_MIN_WIDTH && area.height >= FRAME_MIN_HEIGHT {
        let block = Block::bordered()
            .border_type(if border_flash {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(view.theme.frame(mood, border_flash));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        inner
    } else {
        area
    };

    let footer_height = footer::height(view, inner);
    // The header's progress bar goes first when rows are short.
    let header_height = if inner.height >= 10 { 2 } else { 1 };
    let centre_height = inner.height.saturating_sub(header_height + footer_height);
    let header_area = Rect::new(inner.x, inner.y, inner.width, header_height);
    let centre_area = Rect::new(inner.x, inner.y + header_height, inner.width, centre_height);
    let footer_area = Rect::new(
        inner.x,
        inner.y + header_height + centre_height,
        inner.width,
        footer_height,
    );

    header::render(frame, header_area, view, view.theme.gauge(mood));
    centre::render(frame, centre_area, area, view);
    footer::render(frame, footer_area, view);
    match view.flash {
        Some(Flash::Border) if inner == area => {
            // No frame to flash on a small screen: the header row flashes instead.
            let row = Rect::new(area.x, area.y, area.width, 1);
            frame
                .buffer_mut()
                .set_style(row, view.theme.frame(mood, true));
        }
        Some(Flash::Flood) => {
            // The flood is the colour of what begins: a switch or a move is a transition.
            let flood_mood = if view.status.paused {
                mood
            } else {
                Mood::Transition
            };
            frame
                .buffer_mut()
                .set_style(area, view.theme.flood(flood_mood));
        }
        _ => {}
    }

    match view.overlay {
        Overlay::None => {}
        Overlay::Help => overlay::render_help(frame, inner, view.routine, view.theme),
        Overlay::QuitConfirm => overlay::render_quit_confirm(frame, inner, view.theme),
    }
}

#[cfg(test)]
mod tests;
