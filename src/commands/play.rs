//! `unknot play`.

use crate::cli::PlayArgs;
use crate::exit::Exit;

pub fn run(_args: &PlayArgs) -> Exit {
    eprintln!("unknot: `play` is not available in this build yet");
    Exit::Usage
}
