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

pub use crate::play_loop::{CueSink, Event, Events, Live, Silent, Source};
pub use outcome::{Kept, Outcome, Record, SaveRecord};

use crate::cue::Cue;
use crate::driver::{Driver, Due, Policy};
use crate::history::check_in::CheckInState;
use crate::media::{self, MediaCommand};
use crate::plan::Plan;
use crate::play_loop::{self, Front, Lost, Out, Woke};
use crate::routine::Routine;
use crate::session::{Input, Session};
use crate::tui::theme::Theme;
use crate::tui::view::{Flash, Overlay, flash};
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
        driver: Box<Driver>,
        started: SystemTime,
    },
    /// The record, and what keeping it said (filled once it is kept).
    Summary(Record, Kept),
}

/// How the terminal is given back for a stop and taken again when the process goes on.
pub trait Suspend {
    /// Gives the terminal back and stops the process; returns once it goes on.
    fn stop(&mut self);
    /// Takes the terminal again (after a stop that did not come through [`Suspend::stop`]).
    fn resume(&mut self);
}

/// No terminal to give back (a test backend): a stop only pauses the session.
#[derive(Debug, Default, Clone, Copy)]
pub struct StayPut;

impl Suspend for StayPut {
    fn stop(&mut self) {}
    fn resume(&mut self) {}
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

    /// Reacts to an event; sets `dirty` when the screen must be drawn again.
    fn handle(&mut self, event: Event, now: Duration, out: &mut Out) {
        match event {
            Event::Key(key) => {
                if self.check_in_key(key) {
                    self.dirty = true;
                } else if let Some(action) = keys::action(self.screen(), key) {
                    self.act(action, now, out);
                }
            }
            Event::Media(command) => self.media(command, now, out),
            Event::Resize => self.dirty = true,
            // A file watched by `unknot watch` was saved while its preview plays: the preview
            // goes on with the routine it started with.
            Event::Changed => {}
            Event::Signal(signal) => {
                let record = self.end_early(now);
                self.outcome = Some(Outcome::Signal { signal, record });
            }
            Event::InputClosed => {
                self.outcome = Some(match self.end_early(now) {
                    Some(record) => Outcome::Quit(record),
                    None => Outcome::Left,
                });
            }
            Event::Suspend => {
                // Stopped time is paused time: the runner goes on with Space when back.
                if self.session().is_some_and(|s| s.is_running()) {
                    self.send(Input::TogglePause, now, out);
                }
                self.suspend.stop();
                self.dirty = true;
            }
            Event::Continued => {
                self.suspend.resume();
                self.dirty = true;
            }
        }
    }

    /// A media key or headphone button: starts the session from the intro, leaves the
    /// summary on Stop, and otherwise acts on the session as its key would.
    fn media(&mut self, command: MediaCommand, now: Duration, out: &mut Out) {
        let action = match (self.screen(), command) {
            (Screen::Intro, MediaCommand::Play | MediaCommand::PlayPause) => Some(Action::Start),
            (Screen::Intro, MediaCommand::Stop) => Some(Action::Leave),
            (Screen::Summary, MediaCommand::Stop) => Some(Action::Dismiss),
            (Screen::Intro | Screen::Summary, _) => None,
            _ => {
                let paused = self.session().is_some_and(|s| s.status(now).paused);
                match media::session_input(command, paused) {
                    Some(Input::Quit) => Some(Action::ConfirmQuit),
                    Some(input) => {
                        self.send(input, now, out);
                        None
                    }
                    None => None,
                }
            }
        };
        if let Some(action) = action {
            self.act(action, now, out);
        }
    }

    /// Plays an input into the session and its cues out.
    fn send(&mut self, input: Input, now: Duration, out: &mut Out) {
        let Phase::Playing { driver, .. } = &mut self.phase else {
            return;
        };
        let batch = driver.input(input, now);
        out.send(driver.plan(), &batch);
        self.flash(&batch.due, now);
        self.dirty = true;
    }

    fn act(&mut self, action: Action, now: Duration, out: &mut Out) {
        let input = match action {
            Action::Start => {
                // The sound device starts its stream now, and the session one latency later,
                // so that its first cue is placed on its sample too.
                let lead = out.sink.ready();
                let now = out.now();
                let speed = self.options.speed;
                let start = now + lead.mul_f64(speed);
                let policy = Policy {
                    answer_waits: false,
                    horizon: play_loop::LOOK_AHEAD.mul_f64(speed),
                };
                out.sink.begin(&self.plan, start);
                self.phase = Phase::Playing {
                    driver: Box::new(Driver::from_session(
                        Session::for_routine(&self.routine, self.plan.clone(), start),
                        start,
                        policy,
                    )),
                    started: SystemTime::now(),
                };
                self.dirty = true;
                return;
            }
            Action::Leave => {
                self.outcome = Some(Outcome::Left);
                return;
            }
            Action::Dismiss => {
                if let Phase::Summary(record, _) = &self.phase {
                    self.outcome = Some(Outcome::Finished(record.clone()));
                }
                return;
            }
            Action::QuitNow | Action::ConfirmQuit => {
                // A quit session does not sound its end: the runner asked for silence.
                if matches!(self.phase, Phase::Playing { .. }) {
                    self.send(Input::Quit, now, out);
                }
                let over = matches!(self.phase, Phase::Summary(..));
                self.outcome = Some(match self.end_early(now) {
                    Some(record) if over => Outcome::Finished(record),
                    Some(record) => Outcome::Quit(record),
                    None => Outcome::Left,
                });
                return;
            }
            Action::AskQuit => return self.set_overlay(Overlay::QuitConfirm, now, out),
            Action::CancelQuit | Action::CloseHelp => {
                return self.set_overlay(Overlay::None, now, out);
            }
            Action::ToggleHelp => {
                let next = if self.overlay == Overlay::Help {
                    Overlay::None
                } else {
                    Overlay::Help
                };
                return self.set_overlay(next, now, out);
            }
            Action::ToggleMute => {
                self.muted = !self.muted;
                out.sink.set_muted(self.muted);
                self.dirty = true;
                return;
            }
            Action::TogglePause => Input::TogglePause,
            Action::Confirm => Input::Confirm,
            Action::Next => Input::Next,
            Action::Back => Input::Back,
            Action::Extend => Input::Extend,
            Action::Shorten => Input::Shorten,
            Action::Rate(value) => Input::Rate(value),
        };
        self.send(input, now, out);
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

    fn set_overlay(&mut self, overlay: Overlay, now: Duration, out: &mut Out) {
        if self.overlay == overlay {
            return;
        }
        self.overlay = overlay;
        self.dirty = true;
        // Time stops while the help or the question is open (the session's rule).
        let input = if overlay == Overlay::None {
            Input::OverlayClosed
        } else {
            Input::OverlayOpened
        };
        self.send(input, now, out);
    }

    /// Flashes the screen for cues that just fell due, each sort of cue its own way; an end
    /// is said by what follows it.
    fn flash(&mut self, due: &[Due], now: Duration) {
        if due.is_empty() {
            return;
        }
        self.dirty = true;
        let Phase::Playing { driver, .. } = &self.phase else {
            return;
        };
        let cues: Vec<Cue> = due.iter().map(|due| due.cue).collect();
        if let Some(style) = flash::of_cues(driver.session().plan(), &cues) {
            self.flash_until = Some(now + FLASH.mul_f64(self.options.speed));
            self.flash_style = style;
        }
    }

    /// Moves to the summary once the session is over.
    fn after_session_moved(&mut self, now: Duration) {
        if self.flash_until.is_some_and(|until| until <= now) {
            self.flash_until = None;
            self.dirty = true;
        }
        let Phase::Playing { driver, started } = &self.phase else {
            return;
        };
        let session = driver.session();
        if session.status(now).finished {
            let record = Record {
                summary: session.summary(now),
                ratings: session.ratings().to_vec(),
                started: *started,
                check_in: self.check_in.answers,
            };
            self.overlay = Overlay::None;
            // Kept once the summary is on screen: the end shows on its instant, not after a write.
            self.phase = Phase::Summary(record, Kept::default());
            self.unsaved = true;
            self.dirty = true;
        }
    }

    /// Keeps the record of a session that reached its summary, once; true when the summary
    /// now has a line about it to show.
    fn keep_summary(&mut self) -> bool {
        if !std::mem::take(&mut self.unsaved) {
            return false;
        }
        let (Phase::Summary(record, kept), Some(save)) = (&mut self.phase, self.save.as_mut())
        else {
            return false;
        };
        *kept = save(record);
        *kept != Kept::default()
    }

    /// The record of a session that ends before its summary, kept as it stands; `None` when
    /// no session had started. The summary's own record was kept when it was reached.
    fn end_early(&mut self, now: Duration) -> Option<Record> {
        match &self.phase {
            Phase::Intro => None,
            Phase::Summary(record, _) => Some(record.clone()),
            Phase::Playing { driver, started } => {
                let session = driver.session();
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

/// The player on a terminal: the screen's part of the play loop.
struct OnScreen<'a, B: Backend> {
    player: &'a mut Player,
    terminal: &'a mut Terminal<B>,
}

impl<B: Backend> Front for OnScreen<'_, B> {
    type Outcome = Outcome;
    type Error = B::Error;

    fn driver(&mut self) -> Option<&mut Driver> {
        match &mut self.player.phase {
            Phase::Playing { driver, .. } => Some(driver),
            _ => None,
        }
    }

    fn settle(
        &mut self,
        now: Duration,
        due: &[Due],
        woke: Woke,
        out: &mut Out,
    ) -> Result<Option<Outcome>, B::Error> {
        let player = &mut *self.player;
        player.flash(due, now);
        player.after_session_moved(now);
        let notice = out.sink.notice();
        if notice != player.notice {
            player.notice = notice;
            player.dirty = true;
        }
        if let Some(outcome) = player.outcome.take() {
            return Ok(Some(outcome));
        }
        let turned = woke == Woke::Deadline && player.turn.is_none_or(|turn| turn <= now);
        if std::mem::take(&mut player.dirty) || turned || woke == Woke::Start {
            self.terminal
                .draw(|frame| draw::render(frame, player, now))?;
        }
        if player.keep_summary() {
            self.terminal
                .draw(|frame| draw::render(frame, player, now))?;
        }
        player.turn = player.next_turn(now);
        Ok(None)
    }

    fn next_wake(&self, now: Duration) -> Option<Duration> {
        self.player.next_turn(now)
    }

    fn event(
        &mut self,
        event: Event,
        now: Duration,
        out: &mut Out,
    ) -> Result<Option<Outcome>, B::Error> {
        self.player.handle(event, now, out);
        if matches!(event, Event::Suspend | Event::Continued) {
            // Back from a stop: the terminal was cleared, every cell is drawn again.
            self.terminal.swap_buffers();
            self.terminal.swap_buffers();
        }
        Ok(self.player.outcome.take())
    }

    fn lost(&mut self, _lost: Lost, now: Duration, out: &mut Out) -> Outcome {
        self.player.send(Input::Quit, now, out);
        match self.player.end_early(now) {
            Some(record) => Outcome::Quit(record),
            None => Outcome::Left,
        }
    }
}
