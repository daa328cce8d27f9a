//! A bar chart of minutes per day drawn with block characters, for plain stdout.
//!
//! ```text
//!  32 min ┤                   █
//!         │       ▅           █
//!         │   ▃   █       ▂   █ ▄
//!       0 ┼────────────────────────
//!          2 Nov         9 Nov
//! ```
//! One column per day, two characters wide; eighth blocks give each row eight steps.

use jiff::civil::{Date, Weekday};

use super::stats::DayMinutes;

/// Bars rise by eighths of a row: index `n` is a cell filled `n`/8 from the bottom.
const EIGHTHS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The chart, one string per line, or `None` when no day has any minutes.
pub fn render(days: &[DayMinutes], height: usize) -> Option<Vec<String>> {
    let max = days.iter().map(|d| d.minutes).fold(0.0_f64, f64::max);
    if max <= 0.0 || height == 0 {
        return None;
    }
    let top_label = format!("{} min", max.round().max(1.0));
    let gutter = top_label.chars().count();
    let eighths_per_chart = (height * 8) as f64;
    let levels: Vec<usize> = days
        .iter()
        .map(|d| {
            let level = (d.minutes / max * eighths_per_chart).round() as usize;
            // Any time played shows, however short.
            if d.minutes > 0.0 { level.max(1) } else { 0 }
        })
        .collect();

    let mut lines = Vec::with_capacity(height + 2);
    for row in (0..height).rev() {
        let label = if row + 1 == height {
            top_label.as_str()
        } else {
            ""
        };
        let axis = if row + 1 == height { '┤' } else { '│' };
        let mut line = format!("{label:>gutter$} {axis}");
        for level in &levels {
            let fill = level.saturating_sub(row * 8).min(8);
            line.push(EIGHTHS[fill]);
            line.push(' ');
        }
        lines.push(line.trim_end().to_string());
    }
    lines.push(format!("{:>gutter$} ┼{}", "0", "─".repeat(days.len() * 2)));
    lines.push(date_labels(days, gutter + 2));
    Some(lines)
}

/// Labels under the Mondays ("2 Nov"), aligned with their columns.
fn date_labels(days: &[DayMinutes], indent: usize) -> String {
    let mut line = " ".repeat(indent);
    for (index, day) in days.iter().enumerate() {
        if day.date.weekday() != Weekday::Monday {
            continue;
        }
        let column = indent + index * 2;
        let width = line.chars().count();
        if width > column {
            continue;
        }
        line.push_str(&" ".repeat(column - width));
        line.push_str(&short_date(day.date));
    }
    line.trim_end().to_string()
}

/// "2 Nov".
pub fn short_date(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS
        .get(usize::try_from(date.month() - 1).unwrap_or(0))
        .copied()
        .unwrap_or("");
    format!("{} {month}", date.day())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn days(minutes: &[f64]) -> Vec<DayMinutes> {
        // 2 November 2026 is a Monday.
        let first = jiff::civil::date(2026, 11, 2);
        minutes
            .iter()
            .enumerate()
            .map(|(i, m)| DayMinutes {
                date: first.checked_add(jiff::Span::new().days(i as i64)).unwrap(),
                minutes: *m,
            })
            .collect()
    }

    #[test]
    fn nothing_to_draw_without_minutes() {
        assert_eq!(render(&days(&[0.0; 28]), 4), None);
        assert_eq!(render(&[], 4), None);
    }

    #[test]
    fn bars_scale_to_the_longest_day() {
        let mut minutes = [0.0; 9];
        minutes[0] = 20.0;
        minutes[1] = 10.0;
        minutes[3] = 0.1;
        minutes[8] = 15.0;
        let lines = render(&days(&minutes), 2).unwrap();
        assert_eq!(
            lines,
            [
                "20 min ┤█               ▄",
                "       │█ █   ▁         █",
                "     0 ┼──────────────────",
                "        2 Nov         9 Nov",
            ]
        );
    }

    #[test]
    fn every_line_is_as_wide_as_the_axis_at_most() {
        let minutes: Vec<f64> = (0..28).map(|i| f64::from(i % 5) * 7.3).collect();
        let lines = render(&days(&minutes), 8).unwrap();
        assert_eq!(lines.len(), 10);
        let axis = lines[8].chars().count();
        assert!(lines.iter().all(|l| l.chars().count() <= axis));
        assert!(lines[9].contains("2 Nov") && lines[9].contains("23 Nov"));
    }
}
