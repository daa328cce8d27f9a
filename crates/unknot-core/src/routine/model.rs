//! The validated routine: what a routine file means once every rule of format v1 holds.
//!
//! Nothing here can be built in an invalid state by the parser: durations are `Duration`s,
//! sides are enums, a hold range has `min < max`. The TOML-facing side lives in `parse`.

use std::path::PathBuf;
use std::time::Duration;

/// A routine, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Routine {
    pub info: RoutineInfo,
    pub settings: Settings,
    pub sounds: SoundOverrides,
    pub steps: Vec<Step>,
}

/// The `[routine]` table: who and what.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoutineInfo {
    pub name: String,
    pub description: Option<String>,
    pub author: Option<String>,
    pub equipment: Vec<String>,
    pub tags: Vec<String>,
    pub caution: Option<String>,
    /// The routine's language, a BCP 47 tag (`de`, `en-US`): the voice speaks it.
    pub language: Option<String>,
}

/// The `[settings]` table, with its defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub lead_in: Duration,
    pub transition: Duration,
    pub first_side: Side,
    /// Audible ticks in the last N seconds of every timed part ([`super::rules::COUNTDOWN`]).
    pub countdown: u8,
    /// How many times the whole list of steps is played ([`super::rules::ROUNDS`]).
    pub rounds: u8,
    /// What `play --focus` may change in this routine (`focus`, `focus_max`, ...).
    pub focus: FocusSettings,
}

/// The trainer's say over `play --focus`: whether tender spots may get more time here, how
/// much at most, and whether holds and rep counts may change too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FocusSettings {
    /// `focus = false` keeps this routine exactly as written.
    pub enabled: bool,
    /// `focus_max`: the most time one part may gain (the built-in bounds still apply).
    pub max_extra: Option<Duration>,
    /// `focus_holds = true`: holds may be lengthened or shortened.
    pub holds: bool,
    /// `focus_reps = true`: rep counts may change.
    pub reps: bool,
}

impl Default for FocusSettings {
    fn default() -> Self {
        FocusSettings {
            enabled: true,
            max_extra: None,
            holds: false,
            reps: false,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        use super::rules::{
            DEFAULT_COUNTDOWN, DEFAULT_LEAD_IN, DEFAULT_ROUNDS, DEFAULT_TRANSITION,
        };
        Settings {
            lead_in: DEFAULT_LEAD_IN,
            transition: DEFAULT_TRANSITION,
            first_side: Side::Right,
            countdown: DEFAULT_COUNTDOWN,
            rounds: DEFAULT_ROUNDS,
            focus: FocusSettings::default(),
        }
    }
}

/// A body side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }

    /// The lowercase word used in files and JSON: `"left"` / `"right"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// A step's `side` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StepSide {
    #[default]
    None,
    Left,
    Right,
    Both,
}

/// One `[[step]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// 1-based position in the routine as played, after `include`s are expanded.
    pub number: usize,
    pub name: String,
    pub instructions: Option<String>,
    pub area: Option<String>,
    pub tool: Option<String>,
    pub side: StepSide,
    /// Number of spots, 1–10.
    pub spots: u8,
    /// Overrides `settings.transition` for the gaps before and inside this step.
    pub transition: Option<Duration>,
    pub kind: StepKind,
}

/// What a step plays, with the keys that belong to its kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StepKind {
    Timed {
        duration: Duration,
    },
    Hold {
        length: HoldLength,
    },
    Circles {
        duration: Duration,
        reverse_every: Option<Duration>,
    },
    Reps {
        reps: u16,
        tempo: Duration,
    },
    Placement {
        duration: Option<Duration>,
    },
    Rest {
        duration: Duration,
    },
}

impl StepKind {
    /// The word used for this kind in files and in `plan --json`.
    pub fn as_str(&self) -> &'static str {
        match self {
            StepKind::Timed { .. } => "timed",
            StepKind::Hold { .. } => "hold",
            StepKind::Circles { .. } => "circles",
            StepKind::Reps { .. } => "reps",
            StepKind::Placement { .. } => "placement",
            StepKind::Rest { .. } => "rest",
        }
    }
}

/// A hold's `duration`: fixed, or a range whose minimum is when release becomes allowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HoldLength {
    Fixed(Duration),
    /// Always `min < max`.
    Range {
        min: Duration,
        max: Duration,
    },
}

impl HoldLength {
    pub fn max(&self) -> Duration {
        match *self {
            HoldLength::Fixed(d) => d,
            HoldLength::Range { max, .. } => max,
        }
    }

    pub fn min(&self) -> Option<Duration> {
        match *self {
            HoldLength::Fixed(_) => None,
            HoldLength::Range { min, .. } => Some(min),
        }
    }
}

/// The cues a routine may give its own sound in `[sounds]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SoundCue {
    Start,
    End,
    Tick,
    SwitchSide,
    MoveSpot,
    Reverse,
    Rep,
    Release,
    Done,
}

impl SoundCue {
    pub const ALL: [SoundCue; 9] = [
        SoundCue::Start,
        SoundCue::End,
        SoundCue::Tick,
        SoundCue::SwitchSide,
        SoundCue::MoveSpot,
        SoundCue::Reverse,
        SoundCue::Rep,
        SoundCue::Release,
        SoundCue::Done,
    ];

    /// The key used in `[sounds]`.
    pub fn key(self) -> &'static str {
        match self {
            SoundCue::Start => "start",
            SoundCue::End => "end",
            SoundCue::Tick => "tick",
            SoundCue::SwitchSide => "switch_side",
            SoundCue::MoveSpot => "move_spot",
            SoundCue::Reverse => "reverse",
            SoundCue::Rep => "rep",
            SoundCue::Release => "release",
            SoundCue::Done => "done",
        }
    }

    pub fn from_key(key: &str) -> Option<SoundCue> {
        SoundCue::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The built-in sounds a `[sounds]` entry may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinSound {
    Chime,
    Bell,
    Beep,
    Click,
    DoubleBeep,
    Gong,
    /// Silence: the cue is not sounded.
    None,
}

impl BuiltinSound {
    pub const ALL: [BuiltinSound; 7] = [
        BuiltinSound::Chime,
        BuiltinSound::Bell,
        BuiltinSound::Beep,
        BuiltinSound::Click,
        BuiltinSound::DoubleBeep,
        BuiltinSound::Gong,
        BuiltinSound::None,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BuiltinSound::Chime => "chime",
            BuiltinSound::Bell => "bell",
            BuiltinSound::Beep => "beep",
            BuiltinSound::Click => "click",
            BuiltinSound::DoubleBeep => "double-beep",
            BuiltinSound::Gong => "gong",
            BuiltinSound::None => "none",
        }
    }

    pub fn from_name(name: &str) -> Option<BuiltinSound> {
        BuiltinSound::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Where a cue's sound comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SoundSource {
    Builtin(BuiltinSound),
    /// A WAV, OGG or FLAC file, already resolved against the routine file's directory.
    File(PathBuf),
}

/// The `[sounds]` table: the cues a routine overrides, in any order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SoundOverrides {
    pub entries: Vec<(SoundCue, SoundSource)>,
    /// What the voice says: the routine's language and its `[voice]` phrases.
    pub speech: crate::speech::Speech,
}

impl SoundOverrides {
    pub fn get(&self, cue: SoundCue) -> Option<&SoundSource> {
        self.entries.iter().find(|(c, _)| *c == cue).map(|(_, s)| s)
    }
}
