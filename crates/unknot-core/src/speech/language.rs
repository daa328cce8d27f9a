//! Language tags (BCP 47, as `de`, `en-US`, `pt-BR`, `sr-Latn`): the checks a routine's
//! `language` passes, and the corrections offered for the usual slips (`deu`, `en_US`,
//! `German`).

/// Three-letter codes and English or native names, with the two-letter tag BCP 47 wants.
const CORRECTIONS: [(&str, &str); 44] = [
    ("eng", "en"),
    ("english", "en"),
    ("deu", "de"),
    ("ger", "de"),
    ("german", "de"),
    ("deutsch", "de"),
    ("spa", "es"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("ita", "it"),
    ("italian", "it"),
    ("italiano", "it"),
    ("nld", "nl"),
    ("dut", "nl"),
    ("dutch", "nl"),
    ("por", "pt"),
    ("portuguese", "pt"),
    ("pol", "pl"),
    ("polish", "pl"),
    ("swe", "sv"),
    ("swedish", "sv"),
    ("nor", "no"),
    ("dan", "da"),
    ("fin", "fi"),
    ("rus", "ru"),
    ("russian", "ru"),
    ("jpn", "ja"),
    ("japanese", "ja"),
    ("zho", "zh"),
    ("chi", "zh"),
    ("chinese", "zh"),
    ("ces", "cs"),
    ("cze", "cs"),
    ("tur", "tr"),
    ("ell", "el"),
    ("gre", "el"),
    ("hun", "hu"),
    ("ukr", "uk"),
];

/// The shape of a tag that [`check`] accepts, as a regular expression: the `pattern` the
/// routine schema gives editors for `language`. The check itself spells the same rule out
/// (`well_formed`), as the core has no regular expressions; a test holds the two together.
pub const TAG_PATTERN: &str = r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$";

/// Why a tag is not one, and the tag the writer probably meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadTag {
    pub message: String,
    pub suggestion: Option<String>,
}

/// Checks `tag` against the shape of a BCP 47 tag: a language of two or three letters, then
/// optionally a script (four letters), a region (two letters or three digits) and variants.
pub fn check(tag: &str) -> Result<(), BadTag> {
    if let Some(suggestion) = correction(tag) {
        return Err(BadTag {
            message: format!(
                "`language` is \"{}\", which is not a BCP 47 language tag; write the two-letter code",
                tag.escape_default()
            ),
            suggestion: Some(format!("did you mean \"{suggestion}\"?")),
        });
    }
    if well_formed(tag) {
        return Ok(());
    }
    let fixed = tag.trim().replace('_', "-");
    let suggestion = (fixed != tag && well_formed(&fixed)).then(|| canonical(&fixed));
    Err(BadTag {
        message: format!(
            "`language` is \"{}\", which is not a BCP 47 language tag such as \"de\", \"en-US\" or \"pt-BR\"",
            tag.escape_default()
        ),
        suggestion: suggestion.map(|s| format!("did you mean \"{s}\"?")),
    })
}

fn correction(tag: &str) -> Option<&'static str> {
    let lower = tag.trim().to_lowercase();
    CORRECTIONS
        .iter()
        .find(|(wrong, _)| *wrong == lower)
        .map(|(_, right)| *right)
}

fn well_formed(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(language) = parts.next() else {
        return false;
    };
    if !(2..=3).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let mut stage = 0; // 0: script may follow, 1: region may follow, 2: only variants
    for part in parts {
        let alpha = part.chars().all(|c| c.is_ascii_alphabetic());
        let digits = part.chars().all(|c| c.is_ascii_digit());
        let alnum = part.chars().all(|c| c.is_ascii_alphanumeric());
        if stage == 0 && part.len() == 4 && alpha {
            stage = 1;
        } else if (stage <= 1 && ((part.len() == 2 && alpha) || (part.len() == 3 && digits)))
            || (alnum
                && ((5..=8).contains(&part.len())
                    || (part.len() == 4 && part.starts_with(|c: char| c.is_ascii_digit()))))
        {
            stage = 2;
        } else {
            return false;
        }
    }
    true
}

/// The usual case of a tag: `en-US`, `sr-Latn`.
fn canonical(tag: &str) -> String {
    tag.split('-')
        .enumerate()
        .map(|(i, part)| match (i, part.len()) {
            (0, _) => part.to_lowercase(),
            (_, 2) => part.to_uppercase(),
            (_, 4) if part.chars().all(|c| c.is_ascii_alphabetic()) => {
                let lower = part.to_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|f| f.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            }
            _ => part.to_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The language of a tag, lower case: `de` for `de-AT`.
pub fn primary(tag: &str) -> String {
    tag.split('-').next().unwrap_or("en").to_ascii_lowercase()
}

/// The espeak-ng voice that speaks a tag's language (`de`, `en-us`, `pt-br`).
pub fn espeak_voice(tag: &str) -> String {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("en").to_ascii_lowercase();
    match parts.find(|p| p.len() == 2) {
        Some(region) if matches!(language.as_str(), "en" | "pt" | "es") => {
            format!("{language}-{}", region.to_ascii_lowercase())
        }
        _ => language,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Tags as routines write them: a language, with a script, a region or a variant.
    const GOOD: [&str; 7] = [
        "de",
        "en-US",
        "pt-BR",
        "sr-Latn",
        "sr-Latn-RS",
        "es-419",
        "de-CH-1996",
    ];

    #[test]
    fn tags_are_checked_and_slips_corrected() {
        for good in GOOD {
            assert!(check(good).is_ok(), "{good}");
        }
        let hint = |tag: &str| check(tag).unwrap_err().suggestion;
        assert_eq!(hint("deu").as_deref(), Some("did you mean \"de\"?"));
        assert_eq!(hint("German").as_deref(), Some("did you mean \"de\"?"));
        assert_eq!(hint("en_US").as_deref(), Some("did you mean \"en-US\"?"));
        assert_eq!(hint("en_us").as_deref(), Some("did you mean \"en-US\"?"));
        assert_eq!(hint("d"), None);
        assert!(check("").is_err() && check("de-").is_err() && check("toolong").is_err());
    }

    /// The schema's pattern takes exactly the tags of the right shape; the check takes those
    /// too, less the three-letter codes it corrects to their two-letter tag (`deu`: `de`),
    /// which have the shape of a tag.
    #[test]
    fn the_schema_pattern_and_the_check_agree() {
        let pattern =
            jsonschema::validator_for(&serde_json::json!({ "pattern": TAG_PATTERN })).unwrap();
        let more = ["EN-us", "sl-rozaj", "de-1996-abcdefgh", "haw"];
        let bad = [
            "",
            "d",
            "toolong",
            "de-",
            "-de",
            "de--US",
            "en_US",
            " de",
            "de ",
            "de\n",
            "d3",
            "dé",
            "de-CH-Latn",
            "de-1996-CH",
            "sr-Latn-Cyrl",
            "zh-yue",
            "de-abcdefghi",
            "de-abc",
            "de-1ab",
            "x-private",
        ];
        let good: Vec<&str> = GOOD.into_iter().chain(more).collect();
        let corrected = CORRECTIONS.map(|(wrong, _)| wrong);
        for tag in good.iter().chain(&bad).chain(&corrected) {
            let shaped = pattern.is_valid(&serde_json::json!(tag));
            assert_eq!(shaped, well_formed(tag), "{tag:?}");
            let corrects = correction(tag).is_some();
            assert_eq!(check(tag).is_ok(), shaped && !corrects, "{tag:?}");
        }
        for tag in &good {
            assert!(check(tag).is_ok(), "{tag:?}");
        }
        for tag in bad {
            assert!(check(tag).is_err(), "{tag:?}");
        }
        assert!(
            corrected.iter().any(|tag| well_formed(tag)),
            "some slips look like tags"
        );
    }

    #[test]
    fn a_tag_names_an_espeak_voice() {
        assert_eq!(espeak_voice("de-AT"), "de");
        assert_eq!(espeak_voice("en-US"), "en-us");
        assert_eq!(primary("fr-CA"), "fr");
    }
}
