//! What the coach's voice says, in the routine's language: the built-in phrasebooks, the
//! trainer's `[voice]` templates and the language tag that picks them. Pure: no engine, no
//! files; `audio::voice` turns these words into sound.

pub mod language;
pub mod phrasebook;
pub mod template;

pub use phrasebook::{PhraseKey, Phrasebook};

/// A routine's speech: its language (a BCP 47 tag from `[routine] language`) and the
/// phrases its `[voice]` table writes in place of the built-in ones.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Speech {
    pub language: Option<String>,
    pub phrases: Vec<(PhraseKey, String)>,
}

impl Speech {
    /// The trainer's template for `key`, if the routine writes one.
    pub fn phrase(&self, key: PhraseKey) -> Option<&str> {
        self.phrases
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, t)| t.as_str())
    }
}

/// An announcement the runner may keep or silence (`voice_announce`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Announce {
    /// A step's name as it starts (and "rest").
    Steps,
    Sides,
    Spots,
    Halfway,
    TenSeconds,
    Release,
    Done,
}

impl Announce {
    pub const ALL: [Announce; 7] = [
        Announce::Steps,
        Announce::Sides,
        Announce::Spots,
        Announce::Halfway,
        Announce::TenSeconds,
        Announce::Release,
        Announce::Done,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Announce::Steps => "steps",
            Announce::Sides => "sides",
            Announce::Spots => "spots",
            Announce::Halfway => "halfway",
            Announce::TenSeconds => "ten_seconds",
            Announce::Release => "release",
            Announce::Done => "done",
        }
    }

    pub fn from_name(name: &str) -> Option<Announce> {
        Announce::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The announcement a phrase belongs to.
    pub fn of(key: PhraseKey) -> Announce {
        match key {
            PhraseKey::PartStart | PhraseKey::Rest => Announce::Steps,
            PhraseKey::SwitchSide => Announce::Sides,
            PhraseKey::MoveSpot => Announce::Spots,
            PhraseKey::Halfway => Announce::Halfway,
            PhraseKey::TenSeconds => Announce::TenSeconds,
            PhraseKey::Release => Announce::Release,
            PhraseKey::Done => Announce::Done,
        }
    }
}
