//! `unknot sound-check`.

use crate::cli::SoundCheckArgs;
use crate::exit::Exit;

pub fn run(_args: &SoundCheckArgs) -> Exit {
    eprintln!("unknot: `sound-check` is not available in this build yet");
    Exit::Usage
}
