//! What wakes the loop: a key, a resize, a signal — or a deadline, when nothing came.
//!
//! On a real terminal two background threads feed one channel: one blocked reading the
//! terminal, one blocked waiting for signals (headless play has only the second), and the media
//! controls' D-Bus thread sends what it is asked the same way. The loop
//! then sleeps in a single `recv_timeout` with the exact time left to its next deadline, so an
//! idle countdown wakes the process only when something is due. Tests drive the loop through
//! [`Source`] with a scripted clock instead, without waiting for real.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};

use super::signals::{self, Listen};
use crate::clock::SessionClock;

/// Something that happened outside the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal changed size.
    Resize,
    /// SIGINT, SIGTERM or SIGHUP arrived (the signal number).
    Signal(i32),
    /// SIGTSTP: stop, as a full-screen program does (give the terminal back first).
    Suspend,
    /// SIGCONT: the process goes on after a stop; take the terminal again and redraw.
    Continued,
    /// The terminal can no longer be read (closed, or an error): nothing more will come.
    InputClosed,
    /// Something outside the terminal changed (a watched file was saved): look again.
    Changed,
    /// A media key, a headphone button or a desktop's player controls (MPRIS).
    Media(crate::media::MediaCommand),
}

/// The mapping from the session's clock to real instants, for outputs that place sounds.
pub trait Timeline {
    /// The real instant at which the session's clock reads `at`.
    fn instant_at(&self, at: Duration) -> Instant;
}

/// Time and events, as the loop sees them.
pub trait Source: Timeline {
    /// The current instant on the session's clock.
    fn now(&self) -> Duration;

    /// Waits for the next event, but not past `deadline` (on the session's clock); `None` when
    /// the deadline came first. With no deadline it waits until something happens.
    fn wait(&mut self, deadline: Option<Duration>) -> Option<Event>;

    /// An event that is already there, without waiting.
    fn poll(&mut self) -> Option<Event>;
}

/// The events of the terminal and of signals, gathered in one channel.
pub struct Events {
    receiver: Receiver<Event>,
    /// Kept, so the channel never reads as closed while the loop runs; handed to other
    /// sources (a file watcher).
    sender: Sender<Event>,
}

impl Events {
    /// Starts reading keys from the terminal and listening for signals, suspend included.
    ///
    /// Call once per process, after the terminal is in raw mode: the reader thread lives until
    /// the process ends.
    pub fn terminal() -> io::Result<Events> {
        let events = Events::channel();
        signals::forward(events.sender.clone(), Listen::WithSuspend)?;
        thread::Builder::new().name("unknot-input".into()).spawn({
            let sender = events.sender.clone();
            move || read_terminal(&sender)
        })?;
        Ok(events)
    }

    /// Listens for SIGINT, SIGTERM and SIGHUP only: headless play reads no keys, and a stop
    /// (Ctrl-Z) stops it as any command.
    pub fn signals_only() -> io::Result<Events> {
        let events = Events::channel();
        signals::forward(events.sender.clone(), Listen::Ending)?;
        Ok(events)
    }

    fn channel() -> Events {
        let (sender, receiver) = mpsc::channel();
        Events { receiver, sender }
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

    /// An event already there.
    pub fn poll(&self) -> Option<Event> {
        self.receiver.try_recv().ok()
    }
}

/// Forwards key presses and resizes until the terminal can't be read or nobody listens.
fn read_terminal(sender: &Sender<Event>) {
    loop {
        let event = match event::read() {
            // In raw mode the terminal sends Ctrl-Z as a key rather than a stop: it stops unknot
            // as it stops any full-screen program.
            Ok(TermEvent::Key(key))
                if key.kind == KeyEventKind::Press
                    && key.modifiers.contains(KeyModifiers::CONTROL)
                    && matches!(key.code, KeyCode::Char('z' | 'Z')) =>
            {
                Event::Suspend
            }
            // Only presses: terminals that report releases and repeats would double every key.
            Ok(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => Event::Key(key),
            Ok(TermEvent::Resize(_, _)) => Event::Resize,
            Ok(_) => continue,
            // A read cut short by a signal (a stop and a continue) is not the end of input.
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
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

/// The real thing: the events, timed on a session clock.
pub struct Live<'a> {
    pub events: &'a Events,
    pub clock: SessionClock,
}

impl Timeline for Live<'_> {
    fn instant_at(&self, at: Duration) -> Instant {
        self.clock.instant_at(at)
    }
}

impl Source for Live<'_> {
    fn now(&self) -> Duration {
        self.clock.now()
    }

    fn wait(&mut self, deadline: Option<Duration>) -> Option<Event> {
        // A microsecond past the deadline, so that the session time read on waking is never a
        // rounding error short of it (which would wake the loop again at once).
        let deadline = deadline.map(|at| self.clock.instant_at(at) + Duration::from_micros(1));
        self.events.wait_until(deadline)
    }

    fn poll(&mut self) -> Option<Event> {
        self.events.poll()
    }
}
