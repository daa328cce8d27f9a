//! Media controls: while a session plays, unknot is an MPRIS media player on the D-Bus
//! session bus, so headphone buttons (through BlueZ's `mpris-proxy`), a desktop's media keys,
//! lock-screen widgets, KDE Connect and `playerctl` reach it.
//!
//! ```text
//!   D-Bus thread ──Event::Media──▶ the loop's channel ──▶ the front: pause, next, back, quit
//!   the loop ──CueSink::state──▶ MediaControls ──Update (only on change)──▶ D-Bus thread
//! ```
//!
//! The bus is reached on its own thread, so the first frame never waits for it, and without a
//! session bus (SSH, a console, CI) the session plays as it would anyway. Nothing is polled:
//! the D-Bus thread sleeps in poll(2) until the bus sends something or the loop has an update
//! for it, and the loop wakes only for what the bus sends.

mod mpris;
pub mod now_playing;

use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use now_playing::{NowPlaying, Playback};

use crate::plan::Plan;
use crate::play_loop::{CueSink, Event, Lost, Timed};
use crate::session::{Input, Session};

/// What a media player is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaCommand {
    PlayPause,
    Play,
    Pause,
    Next,
    Previous,
    Stop,
}

/// What a command asks of a session under way (`paused` or not): Play and Pause only change
/// what needs changing, Stop quits (as `q` then `y`).
pub fn session_input(command: MediaCommand, paused: bool) -> Option<Input> {
    match command {
        MediaCommand::PlayPause => Some(Input::TogglePause),
        MediaCommand::Play => paused.then_some(Input::TogglePause),
        MediaCommand::Pause => (!paused).then_some(Input::TogglePause),
        MediaCommand::Next => Some(Input::Next),
        MediaCommand::Previous => Some(Input::Back),
        MediaCommand::Stop => Some(Input::Quit),
    }
}

/// What the loop tells the D-Bus thread: how things stand, and the real instant they stood so.
#[derive(Debug, Clone)]
struct Update {
    now: NowPlaying,
    at: Instant,
}

/// The media controls as an output of the loop: it tells the bus what is playing when that
/// changes (the part, its length, pause), never every second.
pub struct MediaControls {
    updates: Sender<Update>,
    /// Wakes the D-Bus thread for each update; `None` when it could not be started.
    waker: Option<mpris::Waker>,
    last: Option<now_playing::Key>,
    routine: String,
    speed: f64,
    /// Why the bus could not be reached, when a runner would expect it to be.
    notice: Arc<Mutex<Option<String>>>,
}

impl MediaControls {
    /// Starts the D-Bus thread: commands from the bus go to `wake`, as events of the loop.
    /// Returns at once; connecting happens on that thread.
    pub fn start(routine: &str, speed: f64, wake: Sender<Event>) -> MediaControls {
        let (updates, receive) = mpsc::channel();
        let notice = Arc::new(Mutex::new(None));
        let waker = mpris::spawn(receive, wake, speed, notice.clone());
        MediaControls {
            updates,
            waker,
            last: None,
            routine: routine.to_string(),
            speed,
            notice,
        }
    }
}

impl CueSink for MediaControls {
    fn due(&mut self, _plan: &Plan, _cues: &[Timed]) -> Result<(), Lost> {
        Ok(())
    }

    fn state(&mut self, session: Option<&Session>, now: Duration) {
        let key = now_playing::Key::of(session, now);
        if self
            .last
            .as_ref()
            .is_some_and(|last| last.same_as(&key, self.speed))
        {
            return;
        }
        self.last = Some(key);
        let playing = NowPlaying::of(&self.routine, session, now);
        // The D-Bus thread may be gone (no bus): then nobody is told, and that is fine.
        let _ = self.updates.send(Update {
            now: playing,
            at: Instant::now(),
        });
        if let Some(waker) = &self.waker {
            waker.wake();
        }
    }

    fn notice(&self) -> Option<String> {
        self.notice.lock().ok().and_then(|notice| notice.clone())
    }
}

/// How long, in real time, the part's start may seem to move before the bus is told (the
/// session's clock and the real one round differently).
const DRIFT: Duration = Duration::from_millis(50);
