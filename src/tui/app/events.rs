//! What wakes the event loop: a key, a resize, a signal — or a deadline, when nothing came.
//!
//! On a real terminal two background threads feed one channel: one blocked reading the
//! terminal, one blocked waiting for signals. The loop then sleeps in a single
//! `recv_timeout` with the exact time left to its next deadline, so an idle countdown wakes
//! the process only when something is due. Tests drive the loop through [`Source`] with a
//! scripted clock instead, without waiting for real.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event as TermEvent, KeyEvent, KeyEventKind};

use crate::clock::SessionClock;
use crate::tui::terminal;

/// Something that happened outside the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal changed size.
    Resize,
    /// SIGINT, SIGTERM or SIGHUP arrived (the signal number).
    Signal(i32),
    /// The terminal can no longer be read (closed, or an error): nothing more will come.
    InputClosed,
    /// Something outside the terminal changed (a watched file was saved): look again.
    Changed,
}

/// Time and events, as the loop sees them.
pub trait Source {
    /// The current instant on the session's clock.
    fn now(&self) -> Duration;

    /// The real instant at which the session's clock reads `at`.
    fn instant_at(&self, at: Duration) -> Instant;

    /// Waits for the next event, but not past `deadline` (on the session's clock); `None` when
    /// the deadline came first. With no deadline it waits until something happens.
    fn wait(&mut self, deadline: Option<Duration>) -> Option<Event>;
}

/// The events of the real terminal and of signals, gathered in one channel.
pub struct TerminalEvents {
    receiver: Receiver<Event>,
    sender: Sender<Event>,
}

impl TerminalEvents {
    /// Starts reading keys from the terminal and listening for SIGINT, SIGTERM and SIGHUP.
    ///
    /// Call once per process, after the terminal is in raw mode: the reader thread lives until
    /// the process ends.
    pub fn start() -> io::Result<TerminalEvents> {
        let (sender, receiver) = mpsc::channel();
        terminal::forward_signals(sender.clone(), Event::Signal)?;
        thread::Builder::new().name("unknot-input".into()).spawn({
            let sender = sender.clone();
            move || read_terminal(&sender)
        })?;
        Ok(TerminalEvents { receiver, sender })
    }

    /// A way for other event sources (a file watcher) to wake the loop.
    pub fn sender(&self) -> Sender<Event> {
        self.sender.clone()
    }

    /// Waits for the next event until the real instant `deadline`, or for ever with none.
    pub fn wait_until(&self, deadline: Option<Instant>) -> Option<Event> {
        match deadline {
            None => Some(self.receiver.recv().unwrap_or(Event::InputClosed)),
            Some(deadline) => {
                let timeout = deadline.saturating_duration_since(Instant::now());
                match self.receiver.recv_timeout(timeout) {
                    Ok(event) => Some(event),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => Some(Event::InputClosed),
                }
            }
        }
    }
}

/// Forwards key presses and resizes until the terminal can't be read or nobody listens.
fn read_terminal(sender: &Sender<Event>) {
    loop {
        let event = match event::read() {
            // Only presses: terminals that report releases and repeats would double every key.
            Ok(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => Event::Key(key),
            Ok(TermEvent::Resize(_, _)) => Event::Resize,
            Ok(_) => continue,
            Err(_) => {
                let _ = sender.send(Event::InputClosed);
                return;
            }
        };
        if sender.send(event).is_err() {
            return;
        }
    }
}

/// The real thing: the terminal's events, timed on a session clock.
pub struct Live<'a> {
    pub events: &'a TerminalEvents,
    pub clock: SessionClock,
}

impl Source for Live<'_> {
    fn now(&self) -> Duration {
        self.clock.now()
    }

    fn instant_at(&self, at: Duration) -> Instant {
        self.clock.instant_at(at)
    }

    fn wait(&mut self, deadline: Option<Duration>) -> Option<Event> {
        // A microsecond past the deadline, so that the session time read on waking is never a
        // rounding error short of it (which would wake the loop again at once).
        let deadline = deadline.map(|at| self.clock.instant_at(at) + Duration::from_micros(1));
        self.events.wait_until(deadline)
    }
}
