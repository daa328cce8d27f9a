//! `unknot picker`.

use crate::exit::Exit;

pub fn run() -> Exit {
    eprintln!("unknot: `picker` is not available in this build yet");
    Exit::Usage
}
