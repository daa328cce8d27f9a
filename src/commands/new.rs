//! `unknot new`.

use crate::cli::NewArgs;
use crate::exit::Exit;

pub fn run(_args: &NewArgs) -> Exit {
    eprintln!("unknot: `new` is not available in this build yet");
    Exit::Usage
}
