//! The built-in phrases, one data file per language (`assets/voice/<lang>.toml`), compiled
//! in. English is the fallback for a language without its own.

use serde::Deserialize;

/// A phrase a routine's `[voice]` table may rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PhraseKey {
    PartStart,
    SwitchSide,
    MoveSpot,
    Halfway,
    TenSeconds,
    Release,
    Rest,
    Done,
}

impl PhraseKey {
    pub const ALL: [PhraseKey; 8] = [
        PhraseKey::PartStart,
        PhraseKey::SwitchSide,
        PhraseKey::MoveSpot,
        PhraseKey::Halfway,
        PhraseKey::TenSeconds,
        PhraseKey::Release,
        PhraseKey::Rest,
        PhraseKey::Done,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PhraseKey::PartStart => "part_start",
            PhraseKey::SwitchSide => "switch_side",
            PhraseKey::MoveSpot => "move_spot",
            PhraseKey::Halfway => "halfway",
            PhraseKey::TenSeconds => "ten_seconds",
            PhraseKey::Release => "release",
            PhraseKey::Rest => "rest",
            PhraseKey::Done => "done",
        }
    }

    pub fn from_key(key: &str) -> Option<PhraseKey> {
        PhraseKey::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One language's words.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrasebook {
    pub language: String,
    part_start: String,
    switch_side: String,
    move_spot: String,
    halfway: String,
    ten_seconds: String,
    release: String,
    rest: String,
    done: String,
    pub left: String,
    pub right: String,
    /// "one" to "ten", for the spoken countdown.
    pub numbers: Vec<String>,
}

/// The languages with their own phrases, and their files.
const BOOKS: [(&str, &str); 4] = [
    ("en", include_str!("../../assets/voice/en.toml")),
    ("de", include_str!("../../assets/voice/de.toml")),
    ("es", include_str!("../../assets/voice/es.toml")),
    ("fr", include_str!("../../assets/voice/fr.toml")),
];

impl Phrasebook {
    /// The phrases of a language (`de` for `de-AT`), if it has its own.
    pub fn builtin(tag: &str) -> Option<Phrasebook> {
        let primary = super::language::primary(tag);
        BOOKS
            .iter()
            .find(|(language, _)| *language == primary)
            .and_then(|(_, text)| toml::from_str(text).ok())
    }

    /// English, which every build has (a unit test proves each file reads).
    pub fn english() -> Phrasebook {
        Phrasebook::builtin("en").unwrap_or_else(|| Phrasebook {
            language: "en".into(),
            part_start: "{step}".into(),
            switch_side: "switch to the {side} side".into(),
            move_spot: "move the ball".into(),
            halfway: "halfway".into(),
            ten_seconds: "ten seconds".into(),
            release: "release".into(),
            rest: "rest".into(),
            done: "done".into(),
            left: "left".into(),
            right: "right".into(),
            numbers: Vec::new(),
        })
    }

    /// The languages with built-in phrases.
    pub fn languages() -> impl Iterator<Item = &'static str> {
        BOOKS.iter().map(|(language, _)| *language)
    }

    pub fn template(&self, key: PhraseKey) -> &str {
        match key {
            PhraseKey::PartStart => &self.part_start,
            PhraseKey::SwitchSide => &self.switch_side,
            PhraseKey::MoveSpot => &self.move_spot,
            PhraseKey::Halfway => &self.halfway,
            PhraseKey::TenSeconds => &self.ten_seconds,
            PhraseKey::Release => &self.release,
            PhraseKey::Rest => &self.rest,
            PhraseKey::Done => &self.done,
        }
    }

    /// A countdown number as a word ("drei"), or as digits past ten.
    pub fn number(&self, n: u32) -> String {
        usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.numbers.get(i))
            .cloned()
            .unwrap_or_else(|| n.to_string())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn every_phrasebook_has_every_phrase_and_valid_templates() {
        for (language, text) in BOOKS {
            let book: Phrasebook = toml::from_str(text)
                .unwrap_or_else(|e| panic!("assets/voice/{language}.toml: {e}"));
            assert_eq!(book.language, language);
            assert_eq!(book.numbers.len(), 10, "{language}: one to ten");
            for key in PhraseKey::ALL {
                let template = book.template(key);
                assert!(!template.trim().is_empty(), "{language}: {}", key.key());
                super::super::template::check(template)
                    .unwrap_or_else(|e| panic!("{language}: {}: {e:?}", key.key()));
            }
            assert!(!book.left.is_empty() && !book.right.is_empty());
        }
    }

    #[test]
    fn a_language_finds_its_book_by_its_primary_tag() {
        assert_eq!(Phrasebook::builtin("de-AT").unwrap().left, "links");
        assert_eq!(Phrasebook::builtin("es").unwrap().number(3), "tres");
        assert!(Phrasebook::builtin("fi").is_none());
        assert_eq!(Phrasebook::english().number(12), "12");
    }
}
