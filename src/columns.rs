//! Plain-text tables for the terminal: widths in columns, not characters, so names in
//! Japanese, Chinese or with emoji (two columns each) still line up.

use unicode_width::UnicodeWidthStr;

/// How many terminal columns `text` takes.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` followed by spaces up to `columns` columns.
pub fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

/// Spaces up to `columns` columns, then `text`.
pub fn pad_left(text: &str, columns: usize) -> String {
    format!("{}{text}", " ".repeat(columns.saturating_sub(width(text))))
}

/// `text` cut to at most `columns` columns, ending with "…" when it was cut.
pub fn shorten(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_string();
    }
    if columns == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > columns {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("ボール"), 6);
        assert_eq!(width("Foot & calf — ball"), 18);
        assert_eq!(pad("ボール", 8), "ボール  ");
        assert_eq!(pad_left("ボ", 4), "  ボ");
        assert_eq!(shorten("ボールボール", 6), "ボー…");
        assert_eq!(shorten("ボール", 6), "ボール");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(
            shorten("abcdef", 0),
            "",
            "no room, not even for the ellipsis"
        );
    }
}
