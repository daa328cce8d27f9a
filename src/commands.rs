//! One module per command: each turns its arguments into output and an exit code.

pub mod check;
pub mod config;
pub mod history;
pub mod list;
pub mod new;
pub mod picker;
pub mod plan;
pub mod play;
pub mod schema;
pub mod sound_check;
pub mod watch;

use crate::cli::{Cli, Command};
use crate::exit::Exit;

/// Runs the command the user asked for; with none, the routine picker.
pub fn dispatch(cli: Cli) -> Exit {
    match cli.command {
        None => picker::run(),
        Some(Command::Play(args)) => play::run(&args),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Plan(args)) => plan::run(&args),
        Some(Command::List(args)) => list::run(&args),
        Some(Command::New(args)) => new::run(&args),
        Some(Command::Schema) => schema::run(),
        Some(Command::History(args)) => history::run(&args),
        Some(Command::Config(args)) => config::run(&args),
        Some(Command::SoundCheck(args)) => sound_check::run(&args),
        Some(Command::Watch(args)) => watch::run(&args),
    }
}
