//! `unknot history`: past sessions with totals, the streak and a chart; `--spots` for how
//! tender spots changed; `--json` for scripts; `--report` for the trainer; `--csv` and `--ics`
//! for spreadsheets and calendars.

use jiff::{Timestamp, ZonedDateTime};

use crate::cli::HistoryArgs;
use crate::commands::failure::Failure;
use crate::config;
use crate::history::{self, export, report, spots, trainer};
use crate::machine;
use crate::output::Output;

pub fn run(args: &HistoryArgs, out: &mut Output) -> Result<(), Failure> {
    let loaded = history::load()
        .map_err(|error| Failure::Invalid(format!("cannot read the history: {error}")))?;
    for warning in &loaded.warnings {
        eprintln!("unknot: warning: {warning}");
    }
    // Days and weeks are the runner's local ones.
    let now = ZonedDateTime::now();
    let records = &loaded.records;
    if let Some(routine) = &args.report {
        let filter = trainer::Filter {
            routine: Some(routine.clone()).filter(|r| !r.is_empty()),
            since: args.since,
        };
        let style = if args.markdown {
            trainer::Style::Markdown
        } else {
            trainer::Style::Text
        };
        {
            out.print(&trainer::render(records, &now, &filter, style));
            return Ok(());
        }
    }
    if args.csv {
        let csv = if args.spots {
            export::ratings_csv(records)
        } else {
            export::sessions_csv(records)
        };
        {
            out.print(&csv);
            return Ok(());
        }
    }
    if args.ics {
        {
            out.print(&export::calendar(records, Timestamp::now()));
            return Ok(());
        }
    }
    if args.json {
        let json = if args.spots {
            let trends = spots::trends(records);
            machine::history::SpotTrends::new(&trends, &now).to_json()
        } else {
            machine::history::Sessions::new(records).to_json()
        };
        match json {
            Ok(json) => writeln!(out, "{json}"),
            Err(error) => {
                return Err(Failure::Invalid(format!(
                    "cannot write the history as JSON: {error}"
                )));
            }
        }
    } else if args.spots {
        out.print(&report::spot_trends(records, &now));
    } else {
        // A settings file with a mistake only loses the weekly target here: the history is
        // still worth showing.
        let target = match config::load() {
            Ok(settings) => settings.weekly_target,
            Err(error) => {
                eprintln!("unknot: warning: {error}");
                None
            }
        };
        out.print(&report::summary(records, &now, target));
    }
    Ok(())
}
