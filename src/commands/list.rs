//! `unknot list`.

use crate::cli::ListArgs;
use crate::exit::Exit;

pub fn run(_args: &ListArgs) -> Exit {
    eprintln!("unknot: `list` is not available in this build yet");
    Exit::Usage
}
