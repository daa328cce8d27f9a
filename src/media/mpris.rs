//! The D-Bus side of the media controls: `org.mpris.MediaPlayer2.unknot` on the session bus,
//! spoken in pure Rust (rustbus for the messages). One thread owns the connection and sleeps in poll(2) on two
//! descriptors, so that it costs nothing while nothing happens:
//!
//! ```text
//!   the bus's socket ──readable──▶ read, answer every call (calls.rs), write the answers
//!   the wake-up socket ──a byte──▶ take the loop's updates, signal what changed (player.rs)
//!   the wake-up socket ──closed──▶ the session is over: close the connection, and the
//!                                  name leaves the bus at once
//! ```
//!
//! The session's end waits (briefly) for the connection to close, so that the name is free
//! again for whatever comes next: `watch` starts a new preview at once.

mod bus;
mod calls;
mod introspection;
mod player;
mod wire;

use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use super::Update;
use crate::play_loop::Event;
use player::Player;
use wire::Connection;

/// The object that carries both MPRIS interfaces.
const PATH: &str = "/org/mpris/MediaPlayer2";

/// How long the session's end waits for the D-Bus thread to close its connection: far more
/// than it takes, unless the thread is still waiting for the bus to answer its first calls.
const CLOSING: Duration = Duration::from_millis(200);

/// The loop's end of the wake-up socket: a byte written after each update wakes the D-Bus
/// thread; dropping it ends that thread.
pub(super) struct Waker {
    socket: UnixStream,
    /// Disconnected once the thread has closed its connection (or could not start one).
    closed: Receiver<()>,
}

impl Waker {
    pub(super) fn wake(&self) {
        // A full socket already holds a wake-up the thread has not taken; a closed one means
        // the thread is gone (no bus). Neither is worth more than this.
        let _ = (&self.socket).write(&[1]);
    }
}

impl Drop for Waker {
    fn drop(&mut self) {
        let _ = self.socket.shutdown(Shutdown::Write);
        let _ = self.closed.recv_timeout(CLOSING);
    }
}

/// Starts the thread that holds the bus connection for as long as `updates` is open. Returns
/// at once, with the waker for the updates, or `None` when no thread could start (then there
/// are no media keys, and the session plays on).
pub(super) fn spawn(
    updates: Receiver<Update>,
    wake: Sender<Event>,
    speed: f64,
    notice: Arc<Mutex<Option<String>>>,
) -> Option<Waker> {
    let (waker, woken) = UnixStream::pair().ok()?;
    waker.set_nonblocking(true).ok()?;
    woken.set_nonblocking(true).ok()?;
    let (closing, closed) = mpsc::channel::<()>();
    let spawned = thread::Builder::new()
        .name("unknot-media".into())
        .spawn(move || {
            // Dropped last, once the connection is closed (it lives only inside `served`).
            let _closing = closing;
            let served = bus::connect()
                .and_then(|mut bus| serve(&mut bus, &updates, &woken, Player::new(wake, speed)));
            if let Err(error) = served {
                // Without a session bus at all (SSH, a console) there is nothing to say: media
                // keys could not have been expected. A bus named but not reachable is worth a line.
                if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
                    *notice.lock().unwrap_or_else(PoisonError::into_inner) =
                        Some(format!("media keys off: {error}"));
                }
            }
        });
    spawned.ok().map(|_| Waker {
        socket: waker,
        closed,
    })
}

/// Answers the bus and tells it of the loop's updates until the loop's side closes (`Ok`) or
/// the bus goes away (`Err`). Sleeps in poll(2) between the two, with no timeout.
fn serve(
    bus: &mut Connection,
    updates: &Receiver<Update>,
    woken: &UnixStream,
    mut player: Player,
) -> Result<(), String> {
    loop {
        // Answer every whole call that came (some may have come while setting up).
        while let Some(message) = bus.next_message()? {
            if let Some(reply) = message.and_then(|call| calls::answer(&player, &call)) {
                bus.send(&reply)?;
            }
        }
        // Out at once: a Stop's answer must leave before the session's end closes the bus.
        bus.flush()?;
        if !take_wake_ups(woken) {
            return Ok(());
        }
        loop {
            match updates.try_recv() {
                Ok(update) => {
                    if let Some(signal) = player.update(update) {
                        bus.send(&signal)?;
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return Ok(()),
            }
        }
        bus.flush()?;
        // Wait to read, and to write what a full socket left over.
        let mut events = libc::POLLIN;
        if bus.wants_to_write() {
            events |= libc::POLLOUT;
        }
        let mut fds = [
            libc::pollfd {
                fd: bus.stream().as_raw_fd(),
                events,
                revents: 0,
            },
            libc::pollfd {
                fd: woken.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: two valid pollfd entries, owned here, for the length given; no timeout.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), 2, -1) };
        if ready < 0 {
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::Interrupted {
                return Err(format!("waiting for the session bus: {error}"));
            }
            continue;
        }
        // A hang-up or an error is read as the end it is (a read of nothing, or the error).
        if fds[0].revents != 0 {
            bus.receive()?;
        }
    }
}

/// Empties the wake-up socket; false once its other end is closed (the session is over).
fn take_wake_ups(mut woken: &UnixStream) -> bool {
    let mut bytes = [0; 64];
    loop {
        match woken.read(&mut bytes) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => return true,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}
