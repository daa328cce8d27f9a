//! Writes unknot's manual page, in roff, to standard output: what packaging installs as
//! `unknot.1` (scripts/package-deb.sh).
//!
//!   cargo run --example manpage > unknot.1

use std::io::Write;
use std::process::ExitCode;

mod page;

fn main() -> ExitCode {
    let written = page::render().and_then(|text| std::io::stdout().write_all(text.as_bytes()));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("manpage: cannot write the manual page: {error}");
            ExitCode::FAILURE
        }
    }
}
