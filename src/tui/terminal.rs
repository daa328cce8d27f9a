//! Owning the terminal: raw mode, the alternate screen and a hidden cursor while unknot runs,
//! and the terminal given back on every way out — a normal return, an error, a panic, or a
//! signal (SIGINT, SIGTERM, SIGHUP).
//!
//! The guard restores on drop; a panic hook restores before the previous hook prints the
//! message (so it lands on the normal screen, readable); signals are not handled here but
//! forwarded into the event loop (see [`crate::play_loop::signals`]), which leaves through the
//! guard and then exits with `128 + signo`. A stop (SIGTSTP) gives the terminal back before the
//! process stops ([`stop_here`]), and takes it again when it goes on ([`take_again`]).

use std::io::{self, Stdout, Write, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::signal::SIGSTOP;

/// The terminal ratatui draws on while unknot owns it.
pub type Tty = Terminal<CrosstermBackend<Stdout>>;

/// Whether unknot currently holds the terminal in raw mode; the panic hook and a second signal
/// only restore when it does, so a panic outside the UI prints as usual.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// Holds the terminal in full-screen mode; dropping it gives the terminal back.
pub struct TerminalGuard {
    terminal: Tty,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, hides the cursor, and makes sure a panic
    /// restores the terminal before its message is printed.
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        // From here on, an error still leaves through `restore`.
        let entered = (|| {
            // Cleared here rather than with `Terminal::clear`, which asks the terminal where its
            // cursor is and waits for the answer: a round trip before the first frame.
            execute!(stdout(), EnterAlternateScreen, Hide, Clear(ClearType::All))?;
            Terminal::new(CrosstermBackend::new(stdout()))
        })();
        match entered {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }

    pub fn terminal(&mut self) -> &mut Tty {
        &mut self.terminal
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Gives the terminal back: raw mode off, the normal screen, the cursor shown.
///
/// Safe to call more than once and from any thread; each step is tried even if an earlier one
/// failed, because a half-restored terminal is worse than a noisy one.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let raw = disable_raw_mode();
    let mut out = stdout();
    let screen = execute!(out, LeaveAlternateScreen, Show);
    let _ = out.flush();
    if let Err(error) = raw.and(screen) {
        eprintln!("unknot: could not fully restore the terminal: {error}");
    }
}

fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// The exit status of a process ended by `signal`, as shells report it.
pub fn exit_code_for_signal(signal: i32) -> i32 {
    128 + signal
}

/// Gives the terminal back and stops the process, as a full-screen program does on Ctrl-Z
/// (SIGTSTP); once it goes on (`fg`, SIGCONT), takes the terminal again: raw mode, the
/// alternate screen, cleared. The caller redraws every cell.
pub fn stop_here() {
    restore();
    // SIGSTOP cannot be caught: the process stops here and the shell gets the terminal.
    let _ = signal_hook::low_level::raise(SIGSTOP);
    take_again();
}

/// Takes the terminal again after the process went on from a stop (its own, or one sent from
/// outside): raw mode, the alternate screen, the cursor hidden, the screen cleared.
pub fn take_again() {
    // A shell may have set its own modes while unknot was stopped, and raw mode is entered
    // only when it was left first: leave it (whatever the terminal says), then enter it.
    let _ = disable_raw_mode();
    if enable_raw_mode().is_err() {
        return;
    }
    ACTIVE.store(true, Ordering::SeqCst);
    let _ = execute!(stdout(), EnterAlternateScreen, Hide, Clear(ClearType::All));
}

#[cfg(test)]
mod tests {
    use super::*;
    use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};

    #[test]
    fn signal_exit_codes_follow_the_shell_convention() {
        assert_eq!(exit_code_for_signal(SIGINT), 130);
        assert_eq!(exit_code_for_signal(SIGTERM), 143);
        assert_eq!(exit_code_for_signal(SIGHUP), 129);
    }

    #[test]
    fn restore_without_a_terminal_held_does_nothing() {
        // Not in raw mode: nothing must be written to the test's output or fail.
        restore();
        assert!(!ACTIVE.load(Ordering::SeqCst));
    }
}
