//! The player's event loop: the only code that touches the terminal while a routine plays.
//!
//! ```text
//!   Intro ──Enter──▶ Playing ──session over──▶ Summary ──any key──▶ out (0)
//!     │ q              │ q, y / Ctrl-C
//!     ▼                ▼
//!   out (left)       out (quit: 130)          a signal, anywhere: out (128 + signo)
//! ```
//!
//! The player is the screen's [`Front`] of the one play loop ([`crate::play_loop`]): the
//! driver plays the session and hands its cues to the outputs; the player turns keys into
//! inputs, flashes cues, and draws. It sleeps until the next thing that changes the screen or
//! is due — the session's next deadline, the next time the displayed seconds turn, the end of a
//! cue flash — or until a key, a resize or a signal arrives, and draws only then: never on a
//! fixed frame rate. All of time and events come through a [`Source`], so the whole loop runs
//! in tests on ratatui's `TestBackend` with a scripted clock.
//!
//! A stop (SIGTSTP, or Ctrl-Z) pauses the session, gives the terminal back and stops the
//! process; when it goes on (SIGCONT) the terminal is taken again and redrawn, and the session
//! stays paused until Space.

mod draw;
mod input;
pub mod keys;
mod on_screen;
mod outcome;
pub mod picker;
mod progress;
pub mod screen;
mod suspend;
pub mod wake;

#[cfg(test)]
mod tests;

use std::time::{Duration, SystemTime};

use ratatui::Terminal;
use ratatui::backend::Backend;

pub use crate::play_loop::{CueSink, Event, Events, Live, Silent, Source};
pub use outcome::{Kept, Outcome, Record, SaveRecord};
pub use suspend::{StayPut, Suspend};

use crate::driver::Driver;
use crate::history::check_in::CheckInState;
use crate::plan::Plan;
use crate::play_loop;
use crate::routine::Routine;
use crate::session::Session;
use crate::tui::theme::Theme;
use crate::tui::view::{Flash, Overlay};
use keys::Screen;
use on_screen::OnScreen;

/// How long the screen flashes after a cue, in real time.
const FLASH: Duration = Duration::from_millis(400);

/// How the player starts.
#[derive(Debug, Clone, Copy)]
pub struct PlayerOptions {
    /// `--mute`: start with the sound off (`m` turns it back on).
    pub muted: bool,
    /// `--speed`: session seconds per real second; flashes last the same real time.
    pub speed: f64,
    pub theme: Theme,
}

enum Phase {
    Intro,
    Playing {
        driver: Box<Driver>,
        started: SystemTime,
    },
    /// The record, and what keeping it said (filled once it is kept).
    Summary(Record, Kept),
}

/// A routine being played on screen: the phase, what is shown over it, and the flags keys set.
pub struct Player {
    routine: Routine,
    plan: Plan,
    phase: Phase,
    overlay: Overlay,
    muted: bool,
    /// When the flash of the last cue ends (session time).
    flash_until: Option<Duration>,
    /// How the screen flashes until then.
    flash_style: Flash,
    /// A line the sound output wants the runner to see (no sound device, say).
    notice: Option<String>,
    options: PlayerOptions,
    save: Option<SaveRecord>,
    suspend: Box<dyn Suspend>,
    /// The session reached its summary and its record is still to be kept.
    unsaved: bool,
    outcome: Option<Outcome>,
    /// Something shown changed since the last frame.
    dirty: bool,
    /// When the screen changes by itself next (a wake-up before then, to hand out cues
    /// ahead, draws nothing).
    turn: Option<Duration>,
    /// The check-in question on the intro and the summary (pure: `history::check_in`).
    check_in: CheckInState,
    /// Lines for the intro from the coaching (focus changes, cautions).
    notes: Vec<String>,
}

impl Player {
    pub fn new(routine: Routine, plan: Plan, options: PlayerOptions) -> Player {
        Player {
            routine,
            plan,
            phase: Phase::Intro,
            overlay: Overlay::None,
            muted: options.muted,
            flash_until: None,
            flash_style: Flash::Border,
            notice: None,
            options,
            save: None,
            suspend: Box::new(StayPut),
            unsaved: false,
            outcome: None,
            dirty: true,
            turn: None,
            check_in: CheckInState::new(false),
            notes: Vec::new(),
        }
    }

    /// Shows `notes` on the intro and, with `check_in`, asks how the legs feel there and on
    /// the summary.
    pub fn coached(mut self, notes: Vec<String>, check_in: bool) -> Player {
        self.notes = notes;
        self.check_in = CheckInState::new(check_in);
        self
    }

    /// Has every session's record kept by `save` once the session ends, however it ends.
    pub fn saving_with(mut self, save: SaveRecord) -> Player {
        self.save = Some(save);
        self
    }

    /// Gives the terminal back through `suspend` on a stop.
    pub fn suspending_with(mut self, suspend: Box<dyn Suspend>) -> Player {
        self.suspend = suspend;
        self
    }

    pub fn muted(&self) -> bool {
        self.muted
    }

    /// Draws the current screen once, outside the loop: the intro, before anything slow.
    pub fn draw<B: Backend>(
        &self,
        terminal: &mut Terminal<B>,
        now: Duration,
    ) -> Result<(), B::Error> {
        terminal.draw(|frame| draw::render(frame, self, now))?;
        Ok(())
    }

    /// Plays until the runner leaves, the session ends and its summary is dismissed, or a
    /// signal arrives. Draws only when something visible changed.
    pub fn run<B: Backend>(
        mut self,
        terminal: &mut Terminal<B>,
        source: &mut dyn Source,
        sink: &mut dyn CueSink,
    ) -> Result<Outcome, B::Error> {
        sink.set_muted(self.muted);
        let mut front = OnScreen {
            player: &mut self,
            terminal,
        };
        play_loop::run(&mut front, source, sink)
    }

    fn session(&self) -> Option<&Session> {
        match &self.phase {
            Phase::Playing { driver, .. } => Some(driver.session()),
            _ => None,
        }
    }

    /// The instant (session time) the screen changes by itself, even with no event.
    fn next_turn(&self, now: Duration) -> Option<Duration> {
        let session = self.session()?;
        let flash_end = self.flash_until;
        let status = session.status(now);
        if status.paused {
            return flash_end;
        }
        let release = match status.release {
            Some(crate::session::ReleaseState::In(left)) => wake::until_left_changes(left),
            _ => None,
        };
        let turns = [
            wake::until_left_changes(status.remaining),
            Some(wake::until_gone_changes(status.elapsed)),
            release,
        ];
        let turn = wake::earliest(turns).map(|after| now + after);
        wake::earliest([turn, flash_end])
    }

    fn screen(&self) -> Screen {
        match (&self.phase, self.overlay) {
            (Phase::Intro, _) => Screen::Intro,
            (Phase::Summary(..), _) => Screen::Summary,
            (Phase::Playing { .. }, Overlay::None) => Screen::Playing,
            (Phase::Playing { .. }, Overlay::Help) => Screen::Help,
            (Phase::Playing { .. }, Overlay::QuitConfirm) => Screen::AskingToQuit,
        }
    }
}
