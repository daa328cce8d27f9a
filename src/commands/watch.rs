//! `unknot watch`.

use crate::cli::WatchArgs;
use crate::exit::Exit;

pub fn run(_args: &WatchArgs) -> Exit {
    eprintln!("unknot: `watch` is not available in this build yet");
    Exit::Usage
}
