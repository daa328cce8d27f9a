//! `history --report`: what a runner mails back to the trainer. Sessions played and finished,
//! minutes, skipped parts and the parts skipped most, each spot's tenderness over time, the
//! check-ins, and which versions of the routine were played. Plain text to read, or Markdown
//! (`--markdown`) to send.
//!
//! Pure: the records, `now` (for the time zone) and the filter go in; text comes out.

use std::collections::BTreeMap;

use jiff::ZonedDateTime;
use jiff::civil::Date;

use super::chart::short_date;
use super::report::{duration_text, mean_change_text, printable};
use super::stats::session_date;
use super::{Ending, SessionRecord, check_in, spots};

/// Which sessions a report covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// A routine's file stem or its name; `None` for every routine.
    pub routine: Option<String>,
    /// The first local day covered.
    pub since: Option<Date>,
}

impl Filter {
    fn keeps(&self, record: &SessionRecord, now: &ZonedDateTime) -> bool {
        let routine_ok = self
            .routine
            .as_deref()
            .is_none_or(|r| record.routine.file == r || record.routine.name == r);
        let since_ok = self
            .since
            .is_none_or(|since| session_date(record, now.time_zone()) >= since);
        routine_ok && since_ok && !record.is_preview()
    }
}

/// Plain text or Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Text,
    Markdown,
}

/// Eighth blocks for ratings 1 to 5, so a row of them reads as a small chart.
const SPARKS: [char; 5] = ['▁', '▃', '▄', '▆', '█'];

/// "▃▄▆█" for the ratings 2 3 4 5.
pub fn sparkline(values: &[u8]) -> String {
    values
        .iter()
        .map(|v| SPARKS[usize::from(v.clamp(&1, &5) - 1)])
        .collect()
}

/// The report.
pub fn render(
    records: &[SessionRecord],
    now: &ZonedDateTime,
    filter: &Filter,
    style: Style,
) -> String {
    let mut kept: Vec<&SessionRecord> = records.iter().filter(|r| filter.keeps(r, now)).collect();
    kept.sort_by_key(|r| r.start.timestamp());
    let previews = records
        .iter()
        .filter(|r| r.is_preview())
        .filter(|r| {
            let mut real = (*r).clone();
            real.speed = 1.0;
            filter.keeps(&real, now)
        })
        .count();
    let mut doc = Doc::new(style);
    let tz = now.time_zone();
    let what = match &filter.routine {
        Some(_) => kept
            .last()
            .map(|r| r.routine.name.clone())
            .or_else(|| filter.routine.clone())
            .unwrap_or_default(),
        None => "all routines".to_string(),
    };
    let span = match (kept.first(), kept.last()) {
        (Some(first), Some(last)) => format!(
            ", {} to {}",
            long_date(session_date(first, tz)),
            long_date(session_date(last, tz))
        ),
        _ => String::new(),
    };
    doc.title(&format!("unknot report: {}{span}", printable(&what)));
    if kept.is_empty() {
        doc.paragraph("No sessions in this period.");
        return doc.out;
    }

    let finished = kept.iter().filter(|r| r.ending == Ending::Finished).count();
    let seconds: f64 = kept
        .iter()
        .map(|r| r.actual_seconds)
        .fold(0.0, |a, b| a + b);
    let skipped: usize = kept.iter().map(|r| r.parts_skipped).sum();
    doc.heading("Sessions");
    let mut rows = vec![
        vec!["played".to_string(), kept.len().to_string()],
        vec!["finished".to_string(), finished.to_string()],
        vec!["time".to_string(), duration_text(seconds)],
        vec!["parts skipped".to_string(), skipped.to_string()],
    ];
    if previews > 0 {
        rows.push(vec![
            "previews (not counted)".to_string(),
            previews.to_string(),
        ]);
    }
    doc.table(&["", ""], &rows, false);

    doc.heading("Each session");
    let rows: Vec<Vec<String>> = kept
        .iter()
        .map(|r| {
            let local = r.start.timestamp().to_zoned_datetime(tz.clone());
            vec![
                format!("{} {}", short_date(local.date()), local.strftime("%H:%M")),
                printable(&r.routine.name),
                duration_text(r.actual_seconds),
                match r.ending {
                    Ending::Finished => "finished".to_string(),
                    Ending::Quit => "quit".to_string(),
                },
                format!("{} of {}", r.parts_done, r.parts_total),
                r.parts_skipped.to_string(),
            ]
        })
        .collect();
    doc.table(
        &["date", "routine", "time", "ended", "parts done", "skipped"],
        &rows,
        true,
    );
    if skipped > 0 {
        let most = kept
            .iter()
            .max_by_key(|r| (r.parts_skipped, r.start.timestamp()))
            .map(|r| {
                let local = r.start.timestamp().to_zoned_datetime(tz.clone());
                format!(
                    "Most parts skipped: {} of {} on {}.",
                    r.parts_skipped,
                    r.parts_total,
                    short_date(local.date())
                )
            })
            .unwrap_or_default();
        doc.paragraph(&most);
    }
    let most_skipped = skipped::most_skipped(&kept);
    if !most_skipped.is_empty() {
        doc.heading("Parts skipped most");
        let dash = || "–".to_string();
        let rows: Vec<Vec<String>> = most_skipped
            .iter()
            .map(|part| {
                vec![
                    printable(&part.name),
                    part.side
                        .map_or_else(dash, |side| side.as_str().to_string()),
                    part.spot.map_or_else(dash, |spot| spot.to_string()),
                    part.times.to_string(),
                    format!("{} of {}", part.sessions, kept.len()),
                ]
            })
            .collect();
        doc.table(&["part", "side", "spot", "times", "sessions"], &rows, true);
    }

    let owned: Vec<SessionRecord> = kept.iter().map(|r| (*r).clone()).collect();
    let trends = spots::trends(&owned);
    if !trends.is_empty() {
        doc.heading("Tender spots (1 barely … 5 very tender)");
        let rows: Vec<Vec<String>> = trends
            .iter()
            .map(|t| {
                let values: Vec<u8> = t.ratings.iter().map(|(_, v)| *v).collect();
                let listed: Vec<String> = values.iter().map(u8::to_string).collect();
                let mut direction = t.direction().to_string();
                if t.stays_very_tender() {
                    direction.push_str(", see a professional");
                }
                vec![
                    printable(&t.label()),
                    sparkline(&values),
                    listed.join(" "),
                    direction,
                ]
            })
            .collect();
        doc.table(&["spot", "over time", "ratings", "trend"], &rows, true);
    }

    let changes = check_in::recent_changes(&owned, usize::MAX);
    let answered: Vec<&SessionRecord> = kept
        .iter()
        .copied()
        .filter(|r| r.check_in.before.is_some() || r.check_in.after.is_some())
        .collect();
    if !answered.is_empty() {
        doc.heading("How the legs felt (1 fresh … 5 very sore)");
        let dash = || "–".to_string();
        let rows: Vec<Vec<String>> = answered
            .iter()
            .map(|r| {
                let local = r.start.timestamp().to_zoned_datetime(tz.clone());
                vec![
                    short_date(local.date()),
                    r.check_in.before.map_or_else(dash, |v| v.to_string()),
                    r.check_in.after.map_or_else(dash, |v| v.to_string()),
                ]
            })
            .collect();
        doc.table(&["date", "before", "after"], &rows, true);
        if let Some(mean) = check_in::mean_change(&changes) {
            doc.paragraph(&format!("On average: {}.", mean_change_text(mean)));
        }
    }

    // Versions of each routine, told apart by the SHA-256 of their text.
    let mut versions: BTreeMap<&str, Vec<(&str, Date, usize)>> = BTreeMap::new();
    for record in &kept {
        let list = versions.entry(record.routine.name.as_str()).or_default();
        match list
            .iter_mut()
            .find(|(sha, _, _)| *sha == record.routine.sha256)
        {
            Some(version) => version.2 += 1,
            None => list.push((&record.routine.sha256, session_date(record, tz), 1)),
        }
    }
    doc.heading("Routine versions played");
    let mut rows = Vec::new();
    for (name, list) in &versions {
        for (index, (sha, first, count)) in list.iter().enumerate() {
            let when = if index == 0 {
                format!("first played {}", short_date(*first))
            } else {
                format!("edited on {}", short_date(*first))
            };
            let short: String = sha.chars().take(12).collect();
            rows.push(vec![
                printable(name),
                if short.is_empty() {
                    "–".to_string()
                } else {
                    printable(&short)
                },
                when,
                format!(
                    "{count} {}",
                    if *count == 1 { "session" } else { "sessions" }
                ),
            ]);
        }
    }
    doc.table(&["routine", "sha256", "version", "played"], &rows, true);
    doc.out
}

/// "3 Nov 2026".
fn long_date(date: Date) -> String {
    format!("{} {}", short_date(date), date.year())
}

/// A small document that writes itself as plain text or as Markdown.
struct Doc {
    style: Style,
    out: String,
}

impl Doc {
    fn new(style: Style) -> Doc {
        Doc {
            style,
            out: String::new(),
        }
    }

    fn title(&mut self, text: &str) {
        match self.style {
            Style::Markdown => self.out.push_str(&format!("# {}\n", markdown(text))),
            Style::Text => {
                self.out.push_str(text);
                self.out.push('\n');
                self.out.push_str(&"=".repeat(crate::columns::width(text)));
                self.out.push('\n');
            }
        }
    }

    fn heading(&mut self, text: &str) {
        match self.style {
            Style::Markdown => self.out.push_str(&format!("\n## {}\n\n", markdown(text))),
            Style::Text => self.out.push_str(&format!("\n{text}\n")),
        }
    }

    fn paragraph(&mut self, text: &str) {
        match self.style {
            Style::Markdown => self.out.push_str(&format!("\n{}\n", markdown(text))),
            Style::Text => self.out.push_str(&format!("\n{text}\n")),
        }
    }

    /// A table; `header` is shown when `show_header` (a two-column fact list has none).
    fn table(&mut self, header: &[&str], rows: &[Vec<String>], show_header: bool) {
        match self.style {
            Style::Markdown => {
                let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
                self.out
                    .push_str(&line(header.iter().map(|h| markdown(h)).collect()));
                self.out
                    .push_str(&line(header.iter().map(|_| "---".to_string()).collect()));
                for row in rows {
                    self.out
                        .push_str(&line(row.iter().map(|c| markdown(c)).collect()));
                }
            }
            Style::Text => {
                let mut widths: Vec<usize> = vec![0; header.len()];
                let all: Vec<Vec<String>> = if show_header {
                    std::iter::once(header.iter().map(|h| h.to_string()).collect())
                        .chain(rows.iter().cloned())
                        .collect()
                } else {
                    rows.to_vec()
                };
                for row in &all {
                    for (i, cell) in row.iter().enumerate() {
                        if let Some(w) = widths.get_mut(i) {
                            *w = (*w).max(crate::columns::width(cell));
                        }
                    }
                }
                for row in &all {
                    let cells: Vec<String> = row
                        .iter()
                        .enumerate()
                        .map(|(i, c)| crate::columns::pad(c, widths.get(i).copied().unwrap_or(0)))
                        .collect();
                    self.out
                        .push_str(&format!("  {}\n", cells.join("  ").trim_end()));
                }
            }
        }
    }
}

/// Text safe inside Markdown (and a table cell): control characters escaped, and the
/// characters that would start markup written with a backslash.
fn markdown(text: &str) -> String {
    let mut out = String::new();
    for c in printable(text).chars() {
        if matches!(
            c,
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

mod skipped;
#[cfg(test)]
mod tests;
