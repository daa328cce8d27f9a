//! The real terminal, held for as long as the picker and the player run, with its events.

use std::io::{self, IsTerminal};

use super::picker::{PickerOutcome, run_picker};
use super::{Outcome, Player, PlayerOptions, SaveRecord, Suspend};
use crate::clock::SessionClock;
use crate::plan::Plan;
use crate::play_loop::{CueSink, Events, Live};
use crate::routine::Routine;
use crate::tui::picker_view::PickerState;
use crate::tui::terminal::{self, TerminalGuard};
use crate::tui::theme::Theme;

/// The terminal in full-screen mode plus the keys and signals read from it. Dropping it gives
/// the terminal back.
pub struct Screen {
    guard: TerminalGuard,
    events: Events,
}

impl Screen {
    /// Takes over the terminal. Fails when standard input or output is not a terminal.
    pub fn open() -> io::Result<Screen> {
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            return Err(io::Error::other(
                "standard input and output must be a terminal",
            ));
        }
        let guard = TerminalGuard::enter()?;
        let events = Events::terminal()?;
        Ok(Screen { guard, events })
    }

    /// Plays a routine, from its intro to its summary, on a clock that starts now; `save` keeps
    /// the session's record once it ends.
    ///
    /// The intro is drawn before `open_sink` is called: a sound output opens its device while
    /// the runner reads the intro, and is ready by the time Enter starts the session.
    pub fn play(
        &mut self,
        routine: Routine,
        plan: Plan,
        options: PlayerOptions,
        open_sink: impl FnOnce() -> Box<dyn CueSink>,
        save: SaveRecord,
    ) -> io::Result<Outcome> {
        self.play_coached(routine, plan, options, open_sink, save, Vec::new(), false)
    }

    /// As [`Screen::play`], with coaching notes on the intro and, with `check_in`, the
    /// check-in question on the intro and the summary.
    #[allow(clippy::too_many_arguments)]
    pub fn play_coached(
        &mut self,
        routine: Routine,
        plan: Plan,
        options: PlayerOptions,
        open_sink: impl FnOnce() -> Box<dyn CueSink>,
        save: SaveRecord,
        notes: Vec<String>,
        check_in: bool,
    ) -> io::Result<Outcome> {
        let mut source = Live {
            events: &self.events,
            clock: SessionClock::new(options.speed),
        };
        let player = Player::new(routine, plan, options)
            .saving_with(save)
            .suspending_with(Box::new(GiveBack))
            .coached(notes, check_in);
        let terminal = self.guard.terminal();
        player.draw(terminal, source.clock.now())?;
        let mut sink = open_sink();
        player.run(terminal, &mut source, sink.as_mut())
    }

    /// Shows the routine picker until the runner chooses or leaves.
    pub fn pick(&mut self, picker: &mut PickerState, theme: &Theme) -> io::Result<PickerOutcome> {
        let mut source = Live {
            events: &self.events,
            clock: SessionClock::new(1.0),
        };
        run_picker(
            self.guard.terminal(),
            picker,
            &mut source,
            theme,
            &mut GiveBack,
        )
    }

    /// The terminal, for screens other than the player and the picker (`unknot watch`).
    pub fn terminal(&mut self) -> &mut terminal::Tty {
        self.guard.terminal()
    }

    /// The terminal and its keys and signals together.
    pub fn parts(&mut self) -> (&mut terminal::Tty, Live<'_>) {
        let source = Live {
            events: &self.events,
            clock: SessionClock::new(1.0),
        };
        (self.guard.terminal(), source)
    }

    /// A way for other event sources (a file watcher) to wake the loops.
    pub fn waker(&self) -> std::sync::mpsc::Sender<crate::play_loop::Event> {
        self.events.sender()
    }

    /// Gives the terminal back and ends the process as `signal` asks (`128 + signo`).
    pub fn exit_on_signal(self, signal: i32) -> ! {
        drop(self);
        terminal::restore();
        std::process::exit(terminal::exit_code_for_signal(signal))
    }
}

/// The real terminal is given back on a stop, and taken again when the process goes on.
struct GiveBack;

impl Suspend for GiveBack {
    fn stop(&mut self) {
        terminal::stop_here();
    }

    fn resume(&mut self) {
        terminal::take_again();
    }
}

/// Answers a stop or a continue on a screen other than the player's: the terminal is given
/// back, or taken again, and `terminal` will draw every cell on its next frame.
pub fn suspend_or_resume(event: crate::play_loop::Event, terminal: &mut terminal::Tty) {
    match event {
        crate::play_loop::Event::Suspend => terminal::stop_here(),
        crate::play_loop::Event::Continued => terminal::take_again(),
        _ => return,
    }
    terminal.swap_buffers();
    terminal.swap_buffers();
}
