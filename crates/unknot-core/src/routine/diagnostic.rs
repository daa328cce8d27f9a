//! What is wrong with a routine file, where, and how to say it to a trainer.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::text::shown_path;

/// One mistake in a routine file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the mistake is in, as shown to the user.
    pub path: PathBuf,
    /// 1-based line of the start of `span`; 0 when the mistake is about the whole file
    /// (for example a file that cannot be read).
    pub line: usize,
    /// 1-based column (in characters) of the start of `span`; 0 with `line` 0.
    pub column: usize,
    /// Line and column just past the end of `span`.
    pub end_line: usize,
    pub end_column: usize,
    /// Byte range in `text`.
    pub span: Range<usize>,
    /// What is wrong and what was expected, quoting the bad value.
    pub message: String,
    /// The step (1-based number, name) the mistake is in, if any; the name is empty when the
    /// step has none.
    pub step: Option<(usize, String)>,
    /// "did you mean `reverse_every`?"
    pub suggestion: Option<String>,
    /// Short text shown under the caret.
    pub label: String,
    /// The text of `path`, for the snippet.
    pub text: Arc<str>,
    /// The `include`s that led to this file, innermost first.
    pub included_from: Vec<Location>,
}

/// A position in a file, for "included from" notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    /// A mistake at `span` of `text`; the span is clamped to the text.
    pub fn at(
        path: &Path,
        text: Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        let lines = LineIndex::new(&text);
        Diagnostic::at_indexed(path, text, &lines, span, message, label)
    }

    /// [`Diagnostic::at`] with the line starts of `text` already found, so that many mistakes in
    /// one file cost one pass over it, not one each.
    pub fn at_indexed(
        path: &Path,
        text: Arc<str>,
        lines: &LineIndex,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        let span = clamp_span(&text, span);
        let (line, column) = lines.line_column(&text, span.start);
        let (end_line, end_column) = lines.line_column(&text, span.end);
        Diagnostic {
            path: path.to_path_buf(),
            line,
            column,
            end_line,
            end_column,
            span,
            message: message.into(),
            step: None,
            suggestion: None,
            label: label.into(),
            text,
            included_from: Vec::new(),
        }
    }

    /// A mistake about the whole file, with no position in it.
    pub fn whole_file(path: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            span: 0..0,
            message: message.into(),
            step: None,
            suggestion: None,
            label: String::new(),
            text: Arc::from(""),
            included_from: Vec::new(),
        }
    }

    /// "in step 3 "Bend & straighten"", or "in step 3" for a step with no name.
    pub fn step_note(&self) -> Option<String> {
        self.step.as_ref().map(|(number, name)| {
            if name.is_empty() {
                format!("in step {number}")
            } else {
                format!("in step {number} {}", super::text::quoted(name))
            }
        })
    }

    /// `path:line:column`, or just the path for a mistake about the whole file; the path is
    /// escaped like any name shown.
    pub fn position(&self) -> String {
        if self.line == 0 {
            shown_path(&self.path)
        } else {
            format!("{}:{}:{}", shown_path(&self.path), self.line, self.column)
        }
    }

    fn render_into(&self, renderer: &Renderer, out: &mut String) {
        let path = shown_path(&self.path);
        // Only the lines the mistake is on are handed to the renderer, numbered from where
        // they are: the cost of a message is the length of its lines, not of the file.
        let (window, start) = lines_of(&self.text, self.span.clone());
        let text = visible_source(window);
        let span = self.span.start.saturating_sub(start)..self.span.end.saturating_sub(start);
        let title = Level::ERROR.primary_title(self.message.as_str());
        let mut group = if self.line == 0 {
            Group::with_title(title).element(Origin::path(path.as_str()))
        } else {
            Group::with_title(title).element(
                Snippet::source(text.as_str())
                    .line_start(self.line)
                    .path(path.as_str())
                    .annotation(
                        AnnotationKind::Primary
                            .span(span)
                            .label(self.label.as_str()),
                    ),
            )
        };
        let step_note = self.step_note();
        if let Some(note) = &step_note {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        let included: Vec<String> = self
            .included_from
            .iter()
            .map(|site| {
                format!(
                    "included from {}:{}:{}",
                    shown_path(&site.path),
                    site.line,
                    site.column
                )
            })
            .collect();
        for note in &included {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        if let Some(help) = &self.suggestion {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push('\n');
    }
}

/// Every mistake found in a routine, ordered by file and position.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// The most mistakes shown for one routine (its own file and the blocks it includes); the
/// rest are counted in a last line. Past a few dozen, more messages help no one fix a file,
/// and a file of garbage would otherwise print for minutes.
pub const MAX_SHOWN: usize = 50;

impl Diagnostics {
    /// The first [`MAX_SHOWN`] diagnostics, rendered with a snippet and a caret, separated by
    /// blank lines, then "… and 940 more errors in FILE" if there were more.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for (index, diagnostic) in self.shown().iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            diagnostic.render_into(&renderer, &mut out);
        }
        if let Some(more) = self.more_line() {
            out.push('\n');
            out.push_str(&more);
            out.push('\n');
        }
        out
    }

    /// The diagnostics that are shown: the first [`MAX_SHOWN`].
    pub fn shown(&self) -> &[Diagnostic] {
        self.0.get(..MAX_SHOWN).unwrap_or(&self.0)
    }

    /// How many are not shown.
    pub fn not_shown(&self) -> usize {
        self.0.len().saturating_sub(MAX_SHOWN)
    }

    /// "… and 940 more errors in routine.toml", when not every diagnostic is shown.
    pub fn more_line(&self) -> Option<String> {
        let more = self.not_shown();
        if more == 0 {
            return None;
        }
        // The routine's own file: the one a mistake not inside an include is in.
        let file = self
            .0
            .iter()
            .find(|d| d.included_from.is_empty())
            .or(self.0.first())
            .map(|d| {
                d.included_from
                    .last()
                    .map_or(d.path.as_path(), |site| site.path.as_path())
            })
            .map(shown_path)
            .unwrap_or_default();
        let errors = if more == 1 { "error" } else { "errors" };
        Some(format!("… and {more} more {errors} in {file}"))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Orders by position, a mistake inside an included file at the place of its include,
    /// so that output is the same on every run.
    pub fn sort(&mut self) {
        self.0.sort_by_cached_key(|d| {
            let mut key: Vec<(usize, usize)> = d
                .included_from
                .iter()
                .rev()
                .map(|site| (site.line, site.column))
                .collect();
            key.push((d.line, d.column));
            key.push((d.end_line, d.end_column));
            key
        });
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl std::fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Diagnostics {}

/// The whole lines of `text` that `span` touches, and the byte offset where they start.
fn lines_of(text: &str, span: Range<usize>) -> (&str, usize) {
    let span = clamp_span(text, span);
    let start = text
        .get(..span.start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(span.end..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |i| span.end + i + 1);
    (text.get(start..end).unwrap_or(""), start)
}

/// Where each line of a text starts, found once, so that the line and column of any offset
/// are found without reading the text from its start again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of byte `offset` of `text`, the text this
    /// index was made from.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|start| *start <= offset).max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

/// The snippet renderer makes C0 controls and bidi overrides visible itself; C1 controls
/// (two bytes each) become `¤` (also two bytes) so that no span moves.
fn visible_source(text: &str) -> String {
    text.chars()
        .map(|c| {
            if ('\u{80}'..='\u{9f}').contains(&c) {
                '\u{a4}'
            } else {
                c
            }
        })
        .collect()
}

/// Keeps a span inside the text and on character boundaries.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// 1-based line and column (in characters) of byte `offset`, for a single look-up; many
/// look-ups in one text go through one [`LineIndex`].
#[cfg(test)]
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(text, offset)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nné = \"x\"\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // "né = " is 6 bytes but 5 characters.
        assert_eq!(line_column(text, 12), (2, 6));
    }

    #[test]
    fn spans_are_clamped_to_the_text() {
        let text: Arc<str> = Arc::from("é");
        let d = Diagnostic::at(Path::new("x.toml"), text, 1..99, "m", "l");
        assert_eq!(d.span, 0..2);
    }

    #[test]
    fn render_shows_position_caret_step_and_help() {
        let text: Arc<str> = Arc::from("[[step]]\nreps = 3\n");
        let mut d = Diagnostic::at(
            Path::new("r.toml"),
            text,
            9..13,
            "`reps` is not a key of a `hold` step",
            "not a key of `hold`",
        );
        d.step = Some((3, "Bend & straighten".to_string()));
        d.suggestion = Some("did you mean `reps`?".to_string());
        let out = Diagnostics(vec![d]).render(false);
        assert!(
            out.contains("error: `reps` is not a key of a `hold` step"),
            "{out}"
        );
        assert!(out.contains("r.toml:2:1"), "{out}");
        assert!(out.contains("^^^^ not a key of `hold`"), "{out}");
        assert!(out.contains("in step 3 \"Bend & straighten\""), "{out}");
        assert!(out.contains("help: did you mean `reps`?"), "{out}");
    }

    #[test]
    fn the_index_agrees_with_counting_from_the_start() {
        let text = "a = 1\nné = \"x\"\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 3 {
            let before = text.get(..offset.min(text.len()));
            if let Some(before) = before {
                let line = before.matches('\n').count() + 1;
                let start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = before[start..].chars().count() + 1;
                assert_eq!(index.line_column(text, offset), (line, column), "{offset}");
            }
        }
    }

    #[test]
    fn only_the_lines_of_the_mistake_are_rendered_with_their_numbers() {
        let mut text = String::new();
        for n in 1..=2000 {
            text.push_str(&format!("key{n} = {n}\n"));
        }
        let start = text.find("key1500").unwrap();
        let d = Diagnostic::at(
            Path::new("r.toml"),
            Arc::from(text),
            start..start + 7,
            "m",
            "here",
        );
        assert_eq!(d.line, 1500);
        let out = Diagnostics(vec![d]).render(false);
        assert!(out.contains("r.toml:1500:1"), "{out}");
        assert!(out.contains("1500 | key1500 = 1500"), "{out}");
        assert!(
            !out.contains("key1499") && !out.contains("key1501"),
            "{out}"
        );
    }

    #[test]
    fn many_mistakes_are_cut_at_the_limit_with_a_count() {
        let text: Arc<str> = Arc::from("x\n".repeat(100).as_str());
        let all: Vec<Diagnostic> = (0..100)
            .map(|i| {
                Diagnostic::at(
                    Path::new("r\u{1b}.toml"),
                    text.clone(),
                    i * 2..i * 2 + 1,
                    "m",
                    "l",
                )
            })
            .collect();
        let diagnostics = Diagnostics(all);
        let out = diagnostics.render(false);
        assert_eq!(out.matches("error: m").count(), MAX_SHOWN);
        assert!(
            out.ends_with("… and 50 more errors in r\\u{1b}.toml\n"),
            "{out}"
        );
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn whole_file_mistakes_have_no_position() {
        let d = Diagnostic::whole_file(Path::new("gone.toml"), "cannot read: no such file");
        assert_eq!(d.position(), "gone.toml");
        let out = Diagnostics(vec![d]).render(false);
        assert!(out.contains("cannot read: no such file"), "{out}");
        assert!(out.contains("gone.toml"), "{out}");
    }
}
