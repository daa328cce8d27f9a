//! `unknot history`: past sessions with totals, the streak and a chart; `--spots` for how
//! tender spots changed; `--json` for scripts.

use jiff::ZonedDateTime;

use crate::cli::HistoryArgs;
use crate::exit::Exit;
use crate::history::{self, SessionRecord, report, spots};
use crate::output::Output;

pub fn run(args: &HistoryArgs, out: &mut Output) -> Exit {
    let loaded = match history::load() {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("unknot: cannot read the history: {error}");
            return Exit::Invalid;
        }
    };
    for warning in &loaded.warnings {
        eprintln!("unknot: warning: {warning}");
    }
    // Days and weeks are the runner's local ones.
    let now = ZonedDateTime::now();
    let records = &loaded.records;
    if args.json {
        let json = if args.spots {
            let trends: Vec<serde_json::Value> = spots::trends(records)
                .iter()
                .map(|trend| trend.to_json(&now))
                .collect();
            serde_json::to_string_pretty(&trends)
        } else {
            SessionRecord::to_json_array(records)
        };
        match json {
            Ok(json) => writeln!(out, "{json}"),
            Err(error) => {
                eprintln!("unknot: cannot write the history as JSON: {error}");
                return Exit::Invalid;
            }
        }
    } else if args.spots {
        out.print(&report::spot_trends(records, &now));
    } else {
        out.print(&report::summary(records, &now));
    }
    Exit::Success
}
