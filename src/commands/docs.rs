//! `unknot docs PAGE`: the documentation pages, compiled in, so that the routine format is at
//! hand wherever unknot is installed.

use crate::cli::{DocsArgs, DocsPage};
use crate::commands::failure::Failure;
use crate::output::Output;

const FORMAT: &str = include_str!("../../docs/routine-format.md");
const SOUNDS: &str = include_str!("../../docs/sounds.md");
const HISTORY: &str = include_str!("../../docs/history.md");

pub fn run(args: &DocsArgs, out: &mut Output) -> Result<(), Failure> {
    match args.page {
        Some(DocsPage::Format) => out.print(FORMAT),
        Some(DocsPage::Sounds) => out.print(SOUNDS),
        Some(DocsPage::History) => out.print(HISTORY),
        None => out.print(
            "Pages:\n  \
             unknot docs format    how to write a routine: every key, the timeline, blocks, an example\n  \
             unknot docs sounds    the cue sounds, and how to use your own\n  \
             unknot docs history   the session history and the settings file\n",
        ),
    }
    Ok(())
}
