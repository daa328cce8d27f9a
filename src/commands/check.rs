//! `unknot check`.

use crate::cli::CheckArgs;
use crate::exit::Exit;

pub fn run(_args: &CheckArgs) -> Exit {
    eprintln!("unknot: `check` is not available in this build yet");
    Exit::Usage
}
