use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = unknot::cli::Cli::parse();
    unknot::commands::dispatch(cli).into()
}
