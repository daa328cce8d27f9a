//! `[routine] language` and `[voice]`: the routine's language and the phrases a trainer
//! writes for the voice, each checked like every other key.

use super::super::checker::{Checker, Value};
use super::as_table;
use crate::speech::{PhraseKey, language, template};

/// `language = "de"`: a BCP 47 tag.
pub(crate) fn read_language(checker: &mut Checker<'_>, value: &Value<'_>) -> Option<String> {
    let tag = checker.text("language", value, false)?;
    match language::check(&tag) {
        Ok(()) => Some(tag),
        Err(bad) => {
            checker.error_with(
                value.span(),
                bad.message,
                "not a language tag",
                bad.suggestion,
            );
            None
        }
    }
}

/// `[voice]`: a template for any phrase, by its key.
pub(crate) fn read_voice(
    checker: &mut Checker<'_>,
    value: &Value<'_>,
) -> Option<Vec<(PhraseKey, String)>> {
    let table = as_table(checker, "voice", value)?;
    let mut phrases = Vec::new();
    let mut ok = true;
    for (key, value) in table {
        let Some(phrase) = PhraseKey::from_key(key.get_ref()) else {
            let keys: Vec<&str> = PhraseKey::ALL.iter().map(|k| k.key()).collect();
            checker.unknown_key(key, "`[voice]` (its keys are phrases)", &keys);
            ok = false;
            continue;
        };
        let Some(text) = checker.text(phrase.key(), value, false) else {
            ok = false;
            continue;
        };
        match template::check(&text) {
            Ok(()) => phrases.push((phrase, text)),
            Err(error) => {
                // Point at the placeholder itself when the string is written as it reads.
                let span = value.span();
                let written = checker.text.get(span.clone()).unwrap_or("");
                let inner = written.get(1..written.len().saturating_sub(1));
                let at = if inner == Some(text.as_str()) {
                    span.start + 1 + error.span.start..span.start + 1 + error.span.end
                } else {
                    span
                };
                checker.error_with(at, error.message, "not a placeholder", error.suggestion);
                ok = false;
            }
        }
    }
    phrases.sort_by_key(|(key, _)| *key);
    ok.then_some(phrases)
}
