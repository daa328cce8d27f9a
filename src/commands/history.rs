//! `unknot history`.

use crate::cli::HistoryArgs;
use crate::exit::Exit;

pub fn run(_args: &HistoryArgs) -> Exit {
    eprintln!("unknot: `history` is not available in this build yet");
    Exit::Usage
}
