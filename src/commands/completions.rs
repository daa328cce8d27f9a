//! `unknot completions SHELL`: the script that makes SHELL complete unknot's commands, flags
//! and routine names. It comes from the command-line definition itself, so it always offers
//! what this unknot accepts.

use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::cli::{CompletionsArgs, Shell};
use crate::exit::Exit;
use crate::output::Output;

/// The environment variable that makes unknot answer a completion request instead of running.
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Prints the completion script. The script asks `unknot` (found on `PATH`) for candidates on
/// every Tab, so library names are those of the moment.
pub fn run(args: &CompletionsArgs, out: &mut Output) -> Exit {
    let shell: &dyn EnvCompleter = match args.shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Elvish => &Elvish,
        Shell::Powershell => &Powershell,
    };
    let mut script = Vec::new();
    match shell.write_registration(COMPLETE_VAR, "unknot", "unknot", "unknot", &mut script) {
        Ok(()) => {
            out.print(&String::from_utf8_lossy(&script));
            Exit::Success
        }
        Err(error) => {
            eprintln!("unknot: cannot write the completion script: {error}");
            Exit::Invalid
        }
    }
}
