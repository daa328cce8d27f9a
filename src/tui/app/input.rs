//! What the player does with what arrives: keys (through [`super::keys`]), media keys and
//! headphone buttons, signals, stops; and the inputs that reach the session from them.

use std::time::{Duration, SystemTime};

use super::keys::{self, Action, Screen};
use super::{Event, Outcome, Phase, Player};
use crate::driver::{Driver, Policy};
use crate::media::{self, MediaCommand};
use crate::play_loop::{self, Out};
use crate::session::{Input, Session};
use crate::tui::view::Overlay;

impl Player {
    /// Reacts to an event; sets `dirty` when the screen must be drawn again.
    pub(super) fn handle(&mut self, event: Event, now: Duration, out: &mut Out) {
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
    pub(super) fn media(&mut self, command: MediaCommand, now: Duration, out: &mut Out) {
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
    pub(super) fn send(&mut self, input: Input, now: Duration, out: &mut Out) {
        let Phase::Playing { driver, .. } = &mut self.phase else {
            return;
        };
        let batch = driver.input(input, now);
        out.send(driver.plan(), &batch);
        self.flash(&batch.due, now);
        self.dirty = true;
    }

    pub(super) fn act(&mut self, action: Action, now: Duration, out: &mut Out) {
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
    pub(super) fn check_in_key(&mut self, key: ratatui::crossterm::event::KeyEvent) -> bool {
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

    pub(super) fn set_overlay(&mut self, overlay: Overlay, now: Duration, out: &mut Out) {
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
}
