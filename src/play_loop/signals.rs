//! The one signal forwarder: signals arrive as events in the loop's channel, so every way of
//! playing ends (or stops) through its own code, with the terminal given back and the session
//! kept in the history.

use std::io;
use std::sync::mpsc::Sender;
use std::thread;

use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use super::source::Event;
use crate::tui::terminal;

/// Which signals a loop answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listen {
    /// SIGINT, SIGTERM, SIGHUP: the end of the session.
    Ending,
    /// Those, and SIGTSTP and SIGCONT: a full-screen program gives the terminal back before
    /// it stops, and takes it again when it goes on.
    WithSuspend,
}

/// Forwards the signals of `listen` to `deliver` on a background thread, as they arrive.
///
/// Should the loop not answer an ending signal (a second one arriving means the first went
/// unanswered), the terminal is restored and the process exits from here, `128 + signo`.
/// Returns an error only when the handlers could not be installed.
pub fn forward(deliver: Sender<Event>, listen: Listen) -> io::Result<()> {
    let mut wanted = vec![SIGINT, SIGTERM, SIGHUP];
    if listen == Listen::WithSuspend {
        wanted.extend([SIGTSTP, SIGCONT]);
    }
    let mut signals = Signals::new(wanted)?;
    thread::Builder::new()
        .name("unknot-signals".into())
        .spawn(move || {
            let mut ending = 0;
            for signal in signals.forever() {
                let event = match signal {
                    SIGTSTP => Event::Suspend,
                    SIGCONT => Event::Continued,
                    _ => {
                        ending += 1;
                        Event::Signal(signal)
                    }
                };
                if ending > 1 || deliver.send(event).is_err() {
                    terminal::restore();
                    std::process::exit(terminal::exit_code_for_signal(signal));
                }
            }
        })?;
    Ok(())
}
