//! `unknot config`.

use crate::cli::ConfigArgs;
use crate::exit::Exit;

pub fn run(_args: &ConfigArgs) -> Exit {
    eprintln!("unknot: `config` is not available in this build yet");
    Exit::Usage
}
