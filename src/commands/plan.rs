//! `unknot plan ROUTINE`: the expanded timeline, as a table, as JSON, or as a printable sheet.

pub mod sheet;
pub mod table;
pub mod time_text;

use crate::cli::PlanArgs;
use crate::commands::failure::Failure;
use crate::config;
use crate::history::focus::{self, Focus};
use crate::library::{self, Origin};
use crate::machine;
use crate::output::Output;
use crate::plan::{self, Plan, PlanOptions};
use crate::routine::Side;

pub fn run(args: &PlanArgs, out: &mut Output) -> Result<(), Failure> {
    let (entry, routine) = library::load(&args.routine)?;
    let mut options = PlanOptions {
        no_lead_in: args.no_lead_in,
        first_side: args.first_side.map(Side::from),
        lead_in: None,
    };
    // The timeline is the one `play` will play, so the runner's settings apply as they do there
    // (and segment indices match headless events). A sheet for a client shows the routine as
    // written: the trainer's own settings are not the client's.
    let mut focus_on = args.focus;
    if !args.markdown {
        let settings = config::load()?;
        options.first_side = options.first_side.or(settings.first_side);
        options.lead_in = settings.lead_in;
        focus_on |= settings.focus;
    }
    let plan = plan::expand(&routine, options);
    if focus_on {
        let (plan, focus) = focused(plan, &routine, &entry.name);
        return print_focused(args, &plan, &focus, out);
    }
    if args.json {
        print_json(&machine::plan::Plan::new(&plan), out)
    } else if args.markdown {
        let play_as = match &entry.origin {
            Origin::File(path) => super::shell_word(&path.display().to_string()),
            Origin::BuiltIn | Origin::User(_) => super::shell_word(&entry.name),
        };
        out.print(&sheet::render(&routine, &plan, &play_as));
        Ok(())
    } else {
        out.print(&table::render(&plan));
        Ok(())
    }
}

/// The plan as `--focus` plays it, from the history of this routine (its file stem is
/// `file`), with what focus changed. A history that cannot be read changes nothing and is
/// reported on stderr.
pub(crate) fn focused(plan: Plan, routine: &crate::routine::Routine, file: &str) -> (Plan, Focus) {
    let records = match crate::history::load() {
        Ok(loaded) => {
            for warning in &loaded.warnings {
                eprintln!("unknot: warning: {warning}");
            }
            loaded.records
        }
        Err(error) => {
            eprintln!("unknot: warning: cannot read the history, so nothing is focused: {error}");
            Vec::new()
        }
    };
    let focus = focus::focus(&plan, routine, file, &records);
    (focus::apply(&plan, &focus), focus)
}

/// `plan --focus`: the focused timeline, each changed part with its reason.
fn print_focused(
    args: &PlanArgs,
    plan: &Plan,
    focus: &Focus,
    out: &mut Output,
) -> Result<(), Failure> {
    if args.json {
        return print_json(&machine::plan::Plan::focused(plan, focus), out);
    }
    let mut text = table::render(plan);
    let lines = focus.lines(plan);
    if lines.is_empty() {
        text.push_str("\nFocus: no spot rated 4 or 5 lately, so nothing changes.\n");
    } else {
        text.push('\n');
        for line in lines {
            text.push_str(&crate::history::report::printable(&line));
            text.push('\n');
        }
    }
    out.print(&text);
    Ok(())
}

/// `plan --json`, focused or not.
fn print_json(document: &machine::plan::Plan, out: &mut Output) -> Result<(), Failure> {
    match document.to_json() {
        Ok(text) => {
            writeln!(out, "{text}");
            Ok(())
        }
        Err(error) => Err(Failure::Invalid(format!(
            "could not write the plan: {error}"
        ))),
    }
}
