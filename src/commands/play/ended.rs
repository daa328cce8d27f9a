//! What a session leaves once it is over: the history's figures for its summary, and the one
//! line a session quit early leaves in the terminal after the screen is given back.

use jiff::ZonedDateTime;

use crate::history::{HistoryError, SessionRecord, stats};
use crate::session::Summary;
use crate::tui::view::HistoryFigures;
use crate::tui::view::format::clock;

/// This week's minutes and the streak over the history, as `unknot history` counts them: a
/// preview at another `--speed` counts in neither.
pub fn figures(records: &[SessionRecord], now: &ZonedDateTime) -> HistoryFigures {
    let on_the_floor: Vec<SessionRecord> = records
        .iter()
        .filter(|record| !record.is_preview())
        .cloned()
        .collect();
    let minutes = stats::minutes_this_week(&on_the_floor, now);
    HistoryFigures {
        // Whole minutes, as the summary shows them; a finite, non-negative count.
        minutes_this_week: if minutes.is_finite() && minutes > 0.0 {
            minutes.round() as u64
        } else {
            0
        },
        streak_days: stats::streak_days(&on_the_floor, now),
    }
}

/// "stopped at part 5 of 16 after 3:12 — saved to history": where a quit session stopped (the
/// part it was in: the first one neither done nor skipped), how long it ran, and whether it
/// was kept. It names no routine, so nothing in it comes from a file.
pub fn quit_line(summary: &Summary, saved: bool) -> String {
    let total = summary.total_parts;
    let at = (summary.parts_done + summary.parts_skipped + 1).min(total.max(1));
    let kept = if saved {
        "saved to history"
    } else {
        "not saved to history"
    };
    format!(
        "stopped at part {at} of {total} after {} — {kept}",
        clock(summary.elapsed)
    )
}

/// What the sessions of one command leave to be said once the terminal is given back: the
/// screen is gone by then, and a session quit early never showed its summary.
#[derive(Debug, Default)]
pub struct Parting {
    /// Where each session quit early stopped ([`quit_line`]).
    quit_lines: Vec<String>,
    /// Why sessions could not be saved to the history.
    not_saved: Vec<HistoryError>,
}

impl Parting {
    /// A session ended: `not_saved` says why it could not be written, if it could not; the
    /// line of where it stopped comes with it if it was quit early (`quit`).
    pub fn session(quit: Option<&Summary>, not_saved: Vec<HistoryError>) -> Parting {
        Parting {
            quit_lines: quit
                .map(|summary| quit_line(summary, not_saved.is_empty()))
                .into_iter()
                .collect(),
            not_saved,
        }
    }

    /// Adds what a later session leaves.
    pub fn add(&mut self, later: Parting) {
        self.quit_lines.extend(later.quit_lines);
        self.not_saved.extend(later.not_saved);
    }

    /// Says it all on stderr: where sessions stopped, then what was not saved.
    pub fn say(self) {
        for line in self.quit_lines {
            eprintln!("{line}");
        }
        for error in self.not_saved {
            eprintln!("unknot: the session was not saved to the history: {error}");
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn summary(done: usize, skipped: usize, total: usize, seconds: u64) -> Summary {
        Summary {
            elapsed: Duration::from_secs(seconds),
            planned: Duration::from_secs(900),
            parts_done: done,
            parts_skipped: skipped,
            skipped: Vec::new(),
            total_parts: total,
            finished: false,
        }
    }

    #[test]
    fn the_quit_line_names_the_part_it_stopped_in_and_the_time() {
        assert_eq!(
            quit_line(&summary(3, 1, 16, 192), true),
            "stopped at part 5 of 16 after 3:12 — saved to history"
        );
        assert_eq!(
            quit_line(&summary(0, 0, 16, 2), false),
            "stopped at part 1 of 16 after 0:02 — not saved to history"
        );
        // Quit on the last part's very end: never past the last part.
        assert_eq!(
            quit_line(&summary(16, 0, 16, 900), true),
            "stopped at part 16 of 16 after 15:00 — saved to history"
        );
    }

    #[test]
    fn a_session_leaves_its_quit_line_and_why_it_was_not_saved() {
        let quit = summary(3, 1, 16, 192);
        let kept = Parting::session(Some(&quit), Vec::new());
        assert_eq!(
            kept.quit_lines,
            ["stopped at part 5 of 16 after 3:12 — saved to history"]
        );
        assert!(kept.not_saved.is_empty());
        // The line says what the history error says: nothing was kept.
        let mut parting = Parting::session(Some(&quit), vec![HistoryError::NoDataDir]);
        assert_eq!(
            parting.quit_lines,
            ["stopped at part 5 of 16 after 3:12 — not saved to history"]
        );
        // A session finished leaves no line, only what could not be saved.
        parting.add(Parting::session(None, vec![HistoryError::NoDataDir]));
        parting.add(Parting::default());
        assert_eq!(parting.quit_lines.len(), 1);
        assert_eq!(parting.not_saved.len(), 2);
    }

    fn record(line: &str) -> SessionRecord {
        SessionRecord::from_json_line(line).unwrap()
    }

    fn line(start: &str, seconds: f64, speed: f64) -> String {
        format!(
            r#"{{"version":1,"start":"{start}","end":"{start}","routine":{{"name":"R","file":"r","sha256":"00"}},"planned_seconds":600,"actual_seconds":{seconds},"parts":{{"done":1,"skipped":0,"total":1}},"ended":"finished","ratings":[],"speed":{speed}}}"#
        )
    }

    #[test]
    fn the_figures_count_this_week_and_the_streak_but_no_preview() {
        let now: ZonedDateTime = "2026-11-26T20:00:00+00:00[UTC]".parse().unwrap();
        let records = [
            record(&line("2026-11-24T08:00:00+00:00", 600.0, 1.0)),
            record(&line("2026-11-25T08:00:00+00:00", 330.0, 1.0)),
            record(&line("2026-11-26T08:00:00+00:00", 900.0, 1.0)),
            // A preview today, long as it is, counts nowhere.
            record(&line("2026-11-26T09:00:00+00:00", 6000.0, 10.0)),
            // Last week's Sunday: in the streak, not in this week.
            record(&line("2026-11-22T08:00:00+00:00", 60.0, 1.0)),
        ];
        let figures = figures(&records, &now);
        assert_eq!(figures.minutes_this_week, 31); // 10 + 5.5 + 15, rounded
        assert_eq!(figures.streak_days, 3);
        assert_eq!(
            super::figures(&[], &now),
            HistoryFigures {
                minutes_this_week: 0,
                streak_days: 0
            }
        );
    }
}
