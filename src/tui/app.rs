//! The player's event loop: the only code that touches the terminal while a routine plays.
//!
//! ```text
//!   Intro ──Enter──▶ Playing ──session over──▶ Summary ──any key──▶ out (0)
//!     │ q              │ q, y / Ctrl-C
//!     ▼                ▼
//!   out (left)       out (quit: 130)          a signal, anywhere: out (128 + signo)
//! ```
//!
//! It sleeps until the next thing that changes the screen or is due — the session's next
//! deadline, the next time the displayed seconds turn, the end of a cue flash — or until a key,
//! a resize or a signal arrives, and draws only then: never on a fixed frame rate. All of time
//! and events come through a [`Source`], so the whole loop runs in tests on ratatui's
//! `TestBackend` with a scripted clock.

pub mod cue_sink;
mod draw;
pub mod events;
pub mod keys;
mod outcome;
pub mod picker;
pub mod screen;
pub mod wake;

#[cfg(test)]
mod tests;

use std::time::{Duration, SystemTime};

use ratatui::Terminal;
use ratatui::backend::Backend;

pub use cue_sink::{CueSink, SCHEDULE_AHEAD, ScheduledCue, Silent};
pub use events::{Event, Live, Source, TerminalEvents};
pub use outcome::{Outcome, Record, SaveRecord};

use crate::cue::{Cue, CueEvent};
use crate::history::check_in::CheckInState;
use crate::plan::Plan;
use crate::routine::Routine;
use crate::session::{Input, Session};
use crate::tui::theme::Theme;
use crate::tui::view::Overlay;
use keys::{Action, Screen};

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
        session: Box<Session>,
        started: SystemTime,
    },
    /// The record, and the line about where it was kept.
    Summary(Record, Option<String>),
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
    /// A line the sound output wants the runner to see (no sound device, say).
    notice: Option<String>,
    options: PlayerOptions,
    save: Option<SaveRecord>,
    /// The session reached its summary and its record is still to be kept.
    unsaved: bool,
    outcome: Option<Outcome>,
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
            notice: None,
            options,
            save: None,
            unsaved: false,
            outcome: None,
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
        let mut redraw = true;
        loop {
            let now = source.now();
            if self.advance(now, source, sink) {
                redraw = true;
            }
            let notice = sink.notice();
            if notice != self.notice {
                self.notice = notice;
                redraw = true;
            }
            if let Some(outcome) = self.outcome.take() {
                return Ok(outcome);
            }
            if redraw {
                terminal.draw(|frame| draw::render(frame, &self, now))?;
            }
            if self.keep_summary() {
                terminal.draw(|frame| draw::render(frame, &self, now))?;
            }
            redraw = match source.wait(self.next_wake(now)) {
                // A deadline: a cue is due or the displayed time turns.
                None => true,
                Some(event) => {
                    let now = source.now();
                    self.handle(event, now, source, sink)
                }
            };
        }
    }

    /// Lets the session catch up with `now`; true when that changed what is shown.
    fn advance(&mut self, now: Duration, source: &dyn Source, sink: &mut dyn CueSink) -> bool {
        let Phase::Playing { session, .. } = &mut self.phase else {
            return false;
        };
        let cues = session.advance(now);
        let announce = !cues.is_empty();
        self.after_session_moved(cues, announce, now, source, sink)
    }

    /// The instant (session time) the loop must wake at, even with no event.
    fn next_wake(&self, now: Duration) -> Option<Duration> {
        let Phase::Playing { session, .. } = &self.phase else {
            return None;
        };
        let flash_end = self.flash_until;
        let status = session.status(now);
        if status.paused {
            return wake::earliest([flash_end, session.next_deadline()]);
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
        wake::earliest([session.next_deadline(), turn, flash_end])
    }

    /// Reacts to an event; true when the screen must be drawn again.
    fn handle(
        &mut self,
        event: Event,
        now: Duration,
        source: &dyn Source,
        sink: &mut dyn CueSink,
    ) -> bool {
        match event {
            Event::Key(key) if self.check_in_key(key) => true,
            Event::Key(key) => match keys::action(self.screen(), key) {
                Some(action) => self.act(action, now, source, sink),
                None => false,
            },
            Event::Resize => true,
            // A file watched by `unknot watch` was saved while its preview plays: the preview
            // goes on with the routine it started with.
            Event::Changed => false,
            Event::Signal(signal) => {
                let record = self.end_early(now);
                self.outcome = Some(Outcome::Signal { signal, record });
                false
            }
            Event::InputClosed => {
                self.outcome = Some(match self.end_early(now) {
                    Some(record) => Outcome::Quit(record),
                    None => Outcome::Left,
                });
                false
            }
        }
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

    fn act(
        &mut self,
        action: Action,
        now: Duration,
        source: &dyn Source,
        sink: &mut dyn CueSink,
    ) -> bool {
        let input = match action {
            Action::Start => {
                self.phase = Phase::Playing {
                    session: Box::new(Session::new(self.plan.clone(), now)),
                    started: SystemTime::now(),
                };
                // Cues due at the very start (the first segment's own) go out at once.
                self.advance(now, source, sink);
                return true;
            }
            Action::Leave => {
                self.outcome = Some(Outcome::Left);
                return false;
            }
            Action::Dismiss => {
                if let Phase::Summary(record, _) = &self.phase {
                    self.outcome = Some(Outcome::Finished(record.clone()));
                }
                return false;
            }
            Action::QuitNow | Action::ConfirmQuit => {
                if let Phase::Playing { session, .. } = &mut self.phase {
                    // A quit session does not sound its end: the runner asked for silence.
                    session.handle(Input::Quit, now);
                    sink.upcoming(session.plan(), &[]);
                }
                let over = matches!(self.phase, Phase::Summary(..));
                self.outcome = Some(match self.end_early(now) {
                    Some(record) if over => Outcome::Finished(record),
                    Some(record) => Outcome::Quit(record),
                    None => Outcome::Left,
                });
                return false;
            }
            Action::AskQuit => return self.set_overlay(Overlay::QuitConfirm),
            Action::CancelQuit | Action::CloseHelp => return self.set_overlay(Overlay::None),
            Action::ToggleHelp => {
                let next = if self.overlay == Overlay::Help {
                    Overlay::None
                } else {
                    Overlay::Help
                };
                return self.set_overlay(next);
            }
            Action::ToggleMute => {
                self.muted = !self.muted;
                sink.set_muted(self.muted);
                return true;
            }
            Action::TogglePause => Input::TogglePause,
            Action::Confirm => Input::Confirm,
            Action::Next => Input::Next,
            Action::Back => Input::Back,
            Action::Extend => Input::Extend,
            Action::Shorten => Input::Shorten,
            Action::Rate(value) => Input::Rate(value),
        };
        let Phase::Playing { session, .. } = &mut self.phase else {
            return false;
        };
        let cues = session.handle(input, now);
        self.after_session_moved(cues, true, now, source, sink);
        true
    }

    /// A digit on the intro or the summary answers the check-in; true when it did (the
    /// summary's record is then kept again, with the answer).
    fn check_in_key(&mut self, key: ratatui::crossterm::event::KeyEvent) -> bool {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let KeyCode::Char(c) = key.code else {
            return false;
        };
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return false;
        }
        match &mut self.phase {
            Phase::Intro => self.check_in.on_intro_key(c),
            Phase::Summary(record, saved) => {
                if !self.check_in.on_summary_key(c) {
                    return false;
                }
                record.check_in = self.check_in.answers;
                if let Some(save) = self.save.as_mut() {
                    *saved = save(record);
                }
                true
            }
            Phase::Playing { .. } => false,
        }
    }

    fn set_overlay(&mut self, overlay: Overlay) -> bool {
        let changed = self.overlay != overlay;
        self.overlay = overlay;
        changed
    }

    /// Sends fresh cues out, flashes the last one, announces what comes next (when the schedule
    /// may have changed), and moves to the summary when the session is over. True when anything
    /// shown changed.
    fn after_session_moved(
        &mut self,
        cues: Vec<Cue>,
        announce: bool,
        now: Duration,
        source: &dyn Source,
        sink: &mut dyn CueSink,
    ) -> bool {
        let Phase::Playing { session, started } = &mut self.phase else {
            return false;
        };
        if !cues.is_empty() {
            sink.cues(session.plan(), &cues);
            let flash_for = FLASH.mul_f64(self.options.speed);
            // An end is said by what follows it; everything else shows.
            if cues.iter().any(|cue| !matches!(cue.event, CueEvent::End)) {
                self.flash_until = Some(now + flash_for);
            }
        }
        if announce {
            let upcoming: Vec<ScheduledCue> = session
                .upcoming(now, SCHEDULE_AHEAD)
                .into_iter()
                .map(|cue| ScheduledCue {
                    cue,
                    at: source.instant_at(cue.at),
                })
                .collect();
            sink.upcoming(session.plan(), &upcoming);
        }
        if self.flash_until.is_some_and(|until| until <= now) {
            self.flash_until = None;
        }
        if session.status(now).finished {
            let record = Record {
                summary: session.summary(now),
                ratings: session.ratings().to_vec(),
                started: *started,
                check_in: self.check_in.answers,
            };
            self.overlay = Overlay::None;
            // Kept once the summary is on screen: the end shows on its instant, not after a write.
            self.phase = Phase::Summary(record, None);
            self.unsaved = true;
            return true;
        }
        !cues.is_empty()
    }

    /// Keeps the record of a session that reached its summary, once; true when the summary
    /// now has a line about it to show.
    fn keep_summary(&mut self) -> bool {
        if !std::mem::take(&mut self.unsaved) {
            return false;
        }
        let (Phase::Summary(record, saved), Some(save)) = (&mut self.phase, self.save.as_mut())
        else {
            return false;
        };
        *saved = save(record);
        saved.is_some()
    }

    /// The record of a session that ends before its summary, kept as it stands; `None` when
    /// no session had started. The summary's own record was kept when it was reached.
    fn end_early(&mut self, now: Duration) -> Option<Record> {
        match &self.phase {
            Phase::Intro => None,
            Phase::Summary(record, _) => Some(record.clone()),
            Phase::Playing { session, started } => {
                let record = Record {
                    summary: session.summary(now),
                    ratings: session.ratings().to_vec(),
                    started: *started,
                    check_in: self.check_in.answers,
                };
                if let Some(save) = self.save.as_mut() {
                    save(&record);
                }
                Some(record)
            }
        }
    }
}
