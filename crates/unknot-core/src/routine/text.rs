//! Text written by other people is shown in a terminal: it must not carry control characters,
//! escape sequences or bidi overrides that could rewrite the screen or disguise what it says.

/// The first character of `text` that may not be shown, with its character index and a
/// description; newlines and tabs are allowed when `multiline`.
pub fn forbidden_char(text: &str, multiline: bool) -> Option<(usize, char, &'static str)> {
    text.chars()
        .enumerate()
        .find_map(|(index, c)| describe_forbidden(c, multiline).map(|what| (index, c, what)))
}

/// What sort of forbidden character `c` is, or `None` if it may be shown.
fn describe_forbidden(c: char, multiline: bool) -> Option<&'static str> {
    match c {
        '\n' | '\t' if multiline => None,
        '\n' => Some("a line break"),
        '\t' => Some("a tab"),
        '\u{1b}' => Some("an escape character"),
        '\u{0}'..='\u{1f}' => Some("a control character"),
        '\u{7f}' => Some("a delete character"),
        '\u{80}'..='\u{9f}' => Some("a C1 control character"),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some("a bidirectional override"),
        _ => None,
    }
}

/// Text from outside (a file name, a path, a name typed on the command line) as it may be shown
/// in a terminal: every character that may not be shown in routine text written as an escape
/// (`\u{1b}`), so that a name can never carry an escape sequence or a bidi override to the screen.
/// Everything unknot prints that it did not write itself goes through here or [`quoted`].
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_shown(&mut out, text.chars());
    out
}

/// A path as it may be shown: [`shown`] of its (lossy UTF-8) text.
pub fn shown_path(path: &std::path::Path) -> String {
    shown(&path.to_string_lossy())
}

fn push_shown(out: &mut String, chars: impl Iterator<Item = char>) {
    for c in chars {
        if describe_forbidden(c, false).is_some() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
}

/// `text` in double quotes for a message: forbidden characters written as escapes so that a
/// message never carries them to the terminal, and long text shortened.
pub fn quoted(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut out = String::from("\"");
    push_shown(&mut out, text.chars().take(MAX_CHARS));
    if text.chars().nth(MAX_CHARS).is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

/// JSON text made safe for a terminal without changing what it says: the characters JSON lets
/// through raw but a terminal acts on (DEL, C1 controls, bidi overrides) written as `\uXXXX`
/// escapes. They can only occur inside JSON strings, where the escape means the same character.
pub fn json_for_terminal(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if describe_forbidden(c, true).is_some() {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// `U+001B` for a message.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_fine() {
        assert_eq!(
            forbidden_char("Hamstrings & glutes — lacrosse ball", false),
            None
        );
        assert_eq!(forbidden_char("line one\n\tline two", true), None);
    }

    #[test]
    fn newlines_and_tabs_only_where_several_lines_are_allowed() {
        assert_eq!(forbidden_char("a\nb", false).map(|f| f.0), Some(1));
        assert_eq!(forbidden_char("a\tb", false).map(|f| f.0), Some(1));
        assert_eq!(forbidden_char("a\rb", true).map(|f| f.1), Some('\r'));
    }

    #[test]
    fn every_forbidden_range_is_caught() {
        for c in [
            '\u{0}', '\u{7}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9b}', '\u{9f}',
            '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}',
        ] {
            let text = format!("ok{c}");
            assert_eq!(
                forbidden_char(&text, true).map(|f| (f.0, f.1)),
                Some((2, c)),
                "{c:?}"
            );
        }
        for c in ['\u{a0}', '\u{2029}', '\u{202f}', '\u{206a}'] {
            assert_eq!(forbidden_char(&c.to_string(), true), None, "{c:?}");
        }
    }

    #[test]
    fn quoting_escapes_what_may_not_be_shown() {
        assert_eq!(quoted("a\u{1b}[31mb"), "\"a\\u{1b}[31mb\"");
        assert_eq!(quoted("x\ny"), "\"x\\ny\"");
        assert_eq!(quoted("Bend & straighten"), "\"Bend & straighten\"");
        let long = "x".repeat(100);
        assert_eq!(quoted(&long).chars().count(), 63);
    }

    #[test]
    fn names_are_shown_with_escapes_and_not_shortened() {
        assert_eq!(shown("calves\u{1b}[2J"), "calves\\u{1b}[2J");
        assert_eq!(shown("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(shown(&"x".repeat(100)).len(), 100);
        assert_eq!(
            shown_path(std::path::Path::new("dir/\u{9b}31m.toml")),
            "dir/\\u{9b}31m.toml"
        );
    }

    #[test]
    fn json_keeps_its_meaning_without_terminal_controls() {
        let raw = serde_json::json!({ "name": "a\u{1b}b\u{202e}c\u{85}" }).to_string();
        let safe = json_for_terminal(&raw);
        assert!(!safe.contains('\u{202e}') && !safe.contains('\u{85}') && !safe.contains('\u{1b}'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "a\u{1b}b\u{202e}c\u{85}");
        assert_eq!(json_for_terminal("{\n  \"a\": 1\n}"), "{\n  \"a\": 1\n}");
    }

    #[test]
    fn escape_is_named() {
        let (_, _, what) = forbidden_char("\u{1b}[31mred", false).unwrap();
        assert!(what.contains("escape"));
        assert_eq!(code_point('\u{1b}'), "U+001B");
    }
}
