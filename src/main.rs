use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use clap_complete::CompleteEnv;

use unknot::cli::Cli;
use unknot::commands::completions::COMPLETE_VAR;
use unknot::exit::Exit;
use unknot::output::Output;

fn main() -> ExitCode {
    // `COMPLETE=bash unknot -- unknot pl` answers the shell's completion script and exits.
    CompleteEnv::with_factory(Cli::command)
        .var(COMPLETE_VAR)
        .complete();
    match Cli::try_parse() {
        Ok(cli) => unknot::commands::dispatch(cli).into(),
        // `--help` and `--version` go to stdout, through the same output as every command.
        Err(error) if !error.use_stderr() => {
            let mut out = Output::stdout();
            let text = error.render();
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if std::io::stdout().is_terminal() && !no_color {
                out.print(&text.ansi().to_string());
            } else {
                out.print(&text.to_string());
            }
            out.finish(Exit::Success).into()
        }
        Err(error) => {
            let _ = error.print();
            ExitCode::from(Exit::Usage.code())
        }
    }
}
