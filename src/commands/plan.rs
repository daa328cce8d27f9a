//! `unknot plan`.

use crate::cli::PlanArgs;
use crate::exit::Exit;

pub fn run(_args: &PlanArgs) -> Exit {
    eprintln!("unknot: `plan` is not available in this build yet");
    Exit::Usage
}
