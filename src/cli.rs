//! The command line, as in the CLI contract: commands, flags and their help.

pub mod complete;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::ArgValueCompleter;

use crate::routine::Side;

#[derive(Debug, Parser)]
#[command(
    name = "unknot",
    // The version, and the commit when built from a git checkout (see build.rs).
    version = env!("UNKNOT_VERSION"),
    about = "A terminal coach for foam-roller and lacrosse-ball routines",
    long_about = "A terminal coach for foam-roller and lacrosse-ball routines.\n\n\
                  With no command, opens the routine picker."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a routine in the full-screen terminal UI (or headless)
    Play(PlayArgs),
    /// Validate routine files and print every error
    Check(CheckArgs),
    /// Print the expanded timeline with start times and the planned total
    Plan(PlanArgs),
    /// List the routine library
    List(ListArgs),
    /// Write a commented starter routine NAME.toml into the current directory
    New(NewArgs),
    /// Print a JSON Schema of the routine format, for editors
    Schema,
    /// Past sessions, with totals, streaks and tender-spot trends
    History(HistoryArgs),
    /// Show the settings file's path and the effective settings
    Config(ConfigArgs),
    /// Play every cue sound with its name, to check the volume
    SoundCheck(SoundCheckArgs),
    /// Re-check and re-plan a routine file every time it is saved
    Watch(WatchArgs),
    /// Check routine files and copy them into your library
    Add(AddArgs),
    /// Remove one of your routines from the library
    Remove(RemoveArgs),
    /// Open one of your routines in your editor, then check it
    Edit(EditArgs),
    /// Print a page of the documentation (the routine format, sounds, history)
    Docs(DocsArgs),
    /// Print the completion script for a shell
    Completions(CompletionsArgs),
}

/// A routine: a path to a `.toml` file or a library name.
pub type RoutineArg = String;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SideArg {
    Left,
    Right,
}

impl From<SideArg> for Side {
    fn from(side: SideArg) -> Side {
        match side {
            SideArg::Left => Side::Left,
            SideArg::Right => Side::Right,
        }
    }
}

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// A routine file or a library name
    #[arg(add = ArgValueCompleter::new(complete::routine))]
    pub routine: RoutineArg,
    /// Time runs FACTOR times faster (0.1–100), for previewing; cues still fire
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0, value_parser = parse_speed)]
    pub speed: f64,
    /// No sound
    #[arg(long)]
    pub mute: bool,
    /// Start with the first step, without the get-ready countdown
    #[arg(long)]
    pub no_lead_in: bool,
    /// Which side a two-sided step starts on
    #[arg(long, value_enum, value_name = "SIDE")]
    pub first_side: Option<SideArg>,
    /// No UI: one JSON object per line on stdout for every event
    #[arg(long)]
    pub headless: bool,
    /// Speak step names and changes (needs espeak-ng)
    #[arg(long)]
    pub voice: bool,
    /// More time for spots rated tender lately (see `unknot plan ROUTINE --focus`)
    #[arg(long)]
    pub focus: bool,
    /// No media keys or headphone buttons (MPRIS on the session bus)
    #[arg(long)]
    pub no_media_controls: bool,
    /// Also append the --headless event lines to PATH (a file or FIFO)
    #[arg(long, value_name = "PATH")]
    pub events: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Routine files or library names to validate (a file that exists wins over a name)
    #[arg(
        required_unless_present = "all",
        conflicts_with = "all",
        value_name = "ROUTINE",
        add = ArgValueCompleter::new(complete::routine)
    )]
    pub files: Vec<PathBuf>,
    /// Validate every routine of the library, built-in and the user's
    #[arg(long)]
    pub all: bool,
    /// Machine-readable diagnostics
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// A routine file or a library name
    #[arg(add = ArgValueCompleter::new(complete::routine))]
    pub routine: RoutineArg,
    /// The timeline as JSON
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,
    /// A printable sheet for a client, in Markdown
    #[arg(long)]
    pub markdown: bool,
    /// Start with the first step, without the get-ready countdown
    #[arg(long)]
    pub no_lead_in: bool,
    /// Which side a two-sided step starts on
    #[arg(long, value_enum, value_name = "SIDE")]
    pub first_side: Option<SideArg>,
    /// The timeline `play --focus` plays: more time for spots rated tender lately
    #[arg(long, conflicts_with = "markdown")]
    pub focus: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The library as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The routine's file name, without `.toml`
    pub name: String,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The session records as JSON
    #[arg(long)]
    pub json: bool,
    /// Tender-spot trends per area and side
    #[arg(long)]
    pub spots: bool,
    /// A report for the trainer, for one routine (file name or title) or all
    #[arg(long, value_name = "ROUTINE", num_args = 0..=1, default_missing_value = "",
          conflicts_with_all = ["json", "csv", "ics"])]
    pub report: Option<String>,
    /// The report covers sessions from this day on (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", requires = "report")]
    pub since: Option<jiff::civil::Date>,
    /// The report in Markdown
    #[arg(long, requires = "report")]
    pub markdown: bool,
    /// One CSV row per session (with --spots, one per rating)
    #[arg(long, conflicts_with_all = ["json", "ics"])]
    pub csv: bool,
    /// Every session as an event of an iCalendar file
    #[arg(long, conflicts_with_all = ["json", "spots"])]
    pub ics: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Write a commented settings file (never overwrites)
    #[arg(long)]
    pub init: bool,
}

#[derive(Debug, Args)]
pub struct SoundCheckArgs {
    /// Play a routine's own sounds instead of the built-in ones
    #[arg(add = ArgValueCompleter::new(complete::routine))]
    pub routine: Option<RoutineArg>,
    /// Speak a sample of every phrase in the routine's language
    #[arg(long)]
    pub voice: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The routine file to watch
    #[arg(value_hint = ValueHint::FilePath)]
    pub file: PathBuf,
    /// Speed of the preview played from the watch screen
    #[arg(long, value_name = "FACTOR", default_value_t = 10.0, value_parser = parse_speed)]
    pub speed: f64,
    /// No media keys or headphone buttons in previews
    #[arg(long)]
    pub no_media_controls: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Routine files to check and copy into your library
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, required_unless_present = "builtin")]
    pub files: Vec<PathBuf>,
    /// Copy a built-in routine into your library, as a starting point for your own
    #[arg(long, value_name = "NAME", conflicts_with = "files", add = ArgValueCompleter::new(complete::built_in))]
    pub builtin: Option<String>,
    /// The name in your library (one routine only); by default the file's name, or
    /// `my-NAME` for a built-in
    #[arg(long, value_name = "NEW")]
    pub name: Option<String>,
    /// Replace a routine of yours with the same name without asking
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The name of one of your routines
    #[arg(add = ArgValueCompleter::new(complete::user_routine))]
    pub name: String,
    /// Remove it without asking
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The name of one of your routines
    #[arg(add = ArgValueCompleter::new(complete::routine_name))]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct DocsArgs {
    /// The page to print; without one, the list of pages
    #[arg(value_enum)]
    pub page: Option<DocsPage>,
}

/// The documentation pages compiled into unknot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocsPage {
    /// How to write a routine: every key, the timeline, blocks, an example
    Format,
    /// The cue sounds, and how to use your own
    Sounds,
    /// The session history and the settings file
    History,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The shells unknot has completion scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

fn parse_speed(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.1..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "the speed must be from 0.1 to 100, found {}",
            short_number(value)
        ))
    }
}

/// A number as a person reads it: `250`, `0.05`, and `1e-300` rather than 300 zeros.
fn short_number(value: f64) -> String {
    let magnitude = value.abs();
    if value == 0.0 || !value.is_finite() || (1e-4..1e6).contains(&magnitude) {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speed_out_of_range_is_said_in_short() {
        assert_eq!(parse_speed("2.5"), Ok(2.5));
        assert_eq!(
            parse_speed("1e-300"),
            Err("the speed must be from 0.1 to 100, found 1e-300".to_string())
        );
        assert_eq!(
            parse_speed(&format!("0.{}1", "0".repeat(299))),
            Err("the speed must be from 0.1 to 100, found 1e-300".to_string())
        );
        assert_eq!(
            parse_speed("250"),
            Err("the speed must be from 0.1 to 100, found 250".to_string())
        );
        assert_eq!(
            parse_speed("0.05"),
            Err("the speed must be from 0.1 to 100, found 0.05".to_string())
        );
        assert_eq!(
            parse_speed("1e300"),
            Err("the speed must be from 0.1 to 100, found 1e300".to_string())
        );
    }
}
