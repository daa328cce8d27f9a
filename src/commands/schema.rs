//! `unknot schema`.

use crate::exit::Exit;

pub fn run() -> Exit {
    eprintln!("unknot: `schema` is not available in this build yet");
    Exit::Usage
}
