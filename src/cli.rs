//! The command line, as in the CLI contract: commands, flags and their help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::routine::Side;

#[derive(Debug, Parser)]
#[command(
    name = "unknot",
    version,
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
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Routine files to validate
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Machine-readable diagnostics
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// A routine file or a library name
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
    pub routine: Option<RoutineArg>,
    /// Speak a sample of every phrase in the routine's language
    #[arg(long)]
    pub voice: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The routine file to watch
    pub file: PathBuf,
    /// Speed of the preview played from the watch screen
    #[arg(long, value_name = "FACTOR", default_value_t = 10.0, value_parser = parse_speed)]
    pub speed: f64,
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
