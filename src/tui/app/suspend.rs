//! A stop (SIGTSTP, Ctrl-Z) and its going on, as the player's terminal sees them.

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
