//! Rules of room on the player screen that other parts of unknot rely on too: how wide the
//! instructions are wrapped and how many of their lines the screen always keeps, so that
//! `unknot check` can warn a trainer whose instructions would be cut at 80×24.

use crate::columns;

use super::{FRAME_MIN_HEIGHT, FRAME_MIN_WIDTH};

/// Lines of instructions every part keeps on screen when the screen is at least 80×24.
pub const INSTRUCTION_LINES: usize = 3;

/// The terminal every routine should read whole on: the size the runner is promised.
pub const CHECKED_SIZE: (u16, u16) = (80, 24);

/// Columns the instructions are wrapped to on a terminal `width` columns wide: the frame (on
/// screens big enough for one) and a margin of two columns each side.
pub fn instruction_width(width: u16, height: u16) -> usize {
    let frame = if width >= FRAME_MIN_WIDTH && height >= FRAME_MIN_HEIGHT {
        2
    } else {
        0
    };
    usize::from(width.saturating_sub(frame + 4)).max(1)
}

/// `text` wrapped as the player wraps instructions at `width` columns; a word longer than a
/// line is cut across lines.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            let word_width = columns::width(word);
            if used > 0 && used + 1 + word_width > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if word_width > width {
                for c in word.chars() {
                    let w = columns::width(c.encode_utf8(&mut [0; 4]));
                    if used + w > width && used > 0 {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push(c);
                    used += w;
                }
                continue;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += word_width;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// `lines` cut to `rows`, the last one kept ending with "…" when some were left out.
pub fn fit_lines(mut lines: Vec<String>, rows: usize, width: usize) -> Vec<String> {
    if lines.len() <= rows {
        return lines;
    }
    lines.truncate(rows);
    if let Some(last) = lines.last_mut() {
        let shortened = columns::shorten(&format!("{last} …"), width);
        *last = if shortened.ends_with('…') {
            shortened
        } else {
            // Room for the whole line and a mark: the mark says more was left out.
            format!("{} …", last.trim_end())
        };
    }
    lines
}

/// Lines `instructions` take beyond what the player always shows at 80×24; zero when they
/// are shown whole.
pub fn instruction_overflow_at_checked_size(instructions: &str) -> usize {
    let (width, height) = CHECKED_SIZE;
    wrap(instructions, instruction_width(width, height))
        .len()
        .saturating_sub(INSTRUCTION_LINES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_and_long_words_are_cut_across_lines() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert!(wrap("", 10).is_empty());
    }

    #[test]
    fn lines_left_out_leave_an_ellipsis() {
        let lines = vec!["one".to_string(), "two".to_string(), "three".to_string()];
        assert_eq!(fit_lines(lines.clone(), 3, 10), lines);
        assert_eq!(fit_lines(lines.clone(), 2, 10), vec!["one", "two …"]);
        assert_eq!(
            fit_lines(vec!["abcdefghij".into(), "x".into()], 1, 10),
            vec!["abcdefghi…"]
        );
    }

    #[test]
    fn instructions_are_checked_at_80_by_24() {
        assert_eq!(instruction_width(80, 24), 74);
        assert_eq!(instruction_overflow_at_checked_size("Breathe."), 0);
        let long = "word ".repeat(60);
        assert!(instruction_overflow_at_checked_size(&long) > 0);
    }
}
