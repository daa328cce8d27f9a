//! `unknot list`: the routine library, built-in routines first, then the user's.
//!
//! A user routine with errors is listed with a mark and what to run to see why, so that a
//! trainer's typo never makes a routine silently disappear. A user routine with a built-in
//! one's name is listed in its place, marked "overrides built-in".

use crate::cli::ListArgs;
use crate::commands::failure::Failure;
use crate::commands::plan::time_text::clock;
use crate::library::{self, Entry, Origin};
use crate::machine;
use crate::output::Output;
use crate::plan::{self, PlanOptions};
use crate::routine::{Routine, shown};

/// The mark of a routine that can't be played.
const INVALID_MARK: &str = "✗";
/// What the table says of a user's routine named like a built-in one.
const OVERRIDES: &str = "overrides built-in";
/// The column of the planned total in the table.
const TOTAL_COLUMN: usize = 2;

pub fn run(args: &ListArgs, out: &mut Output) -> Result<(), Failure> {
    let library = library::scan();
    let mut items: Vec<Item> = library.entries.iter().map(Item::of).collect();
    items.extend(library.unreadable.iter().map(|(path, reason)| {
        Item {
            name: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            origin: Origin::User(path.clone()),
            routine: None,
            problem: Some(format!("could not be read: {reason}")),
        }
    }));
    if args.json {
        let list = machine::list::List(items.iter().map(Item::document).collect());
        match list.to_json() {
            Ok(text) => {
                writeln!(out, "{text}");
                Ok(())
            }
            Err(error) => Err(Failure::Invalid(format!(
                "could not write the list: {error}"
            ))),
        }
    } else {
        out.print(&table(&items));
        Ok(())
    }
}

/// One routine of the list, parsed or not.
struct Item {
    name: String,
    origin: Origin,
    routine: Option<Routine>,
    /// Why it can't be played.
    problem: Option<String>,
}

impl Item {
    fn of(entry: &Entry) -> Item {
        match entry.parse(&crate::files::ON_DISK) {
            Ok(routine) => Item {
                name: entry.name.clone(),
                origin: entry.origin.clone(),
                routine: Some(routine),
                problem: None,
            },
            Err(diagnostics) => {
                let count = diagnostics.len();
                let errors = if count == 1 { "error" } else { "errors" };
                Item {
                    name: entry.name.clone(),
                    origin: entry.origin.clone(),
                    routine: None,
                    problem: Some(format!("{count} {errors}")),
                }
            }
        }
    }

    fn total_seconds(&self) -> Option<f64> {
        let routine = self.routine.as_ref()?;
        Some(
            plan::expand(routine, PlanOptions::default())
                .total
                .as_secs_f64(),
        )
    }

    /// The routine as `list --json` gives it.
    fn document(&self) -> machine::list::Routine<'_> {
        machine::list::Routine::new(
            &self.name,
            &self.origin,
            self.routine.as_ref(),
            self.total_seconds(),
            self.problem.as_deref(),
            self.overrides_built_in(),
        )
    }

    /// A user's routine with a built-in one's name: it is the one that name plays.
    fn overrides_built_in(&self) -> bool {
        matches!(self.origin, Origin::User(_)) && library::is_built_in_name(&self.name)
    }

    fn row(&self) -> [String; 5] {
        let mut from = self.origin.describe();
        if self.overrides_built_in() {
            from.push_str(&format!(" ({OVERRIDES})"));
        }
        // A name is a file's name, which may hold anything: shown escaped.
        let name = shown(&self.name);
        match &self.routine {
            Some(routine) => [
                name,
                routine.info.name.clone(),
                self.total_seconds()
                    .map(|s| clock(std::time::Duration::from_secs_f64(s)))
                    .unwrap_or_default(),
                routine.info.equipment.join(", "),
                from,
            ],
            None => [
                format!("{INVALID_MARK} {name}"),
                self.problem.clone().unwrap_or_default(),
                String::new(),
                String::new(),
                from,
            ],
        }
    }
}

/// The list as a table: name, title, planned total, equipment, where it comes from.
fn table(items: &[Item]) -> String {
    let header = ["name", "title", "total", "equipment", "from"].map(String::from);
    let rows: Vec<[String; 5]> = std::iter::once(header)
        .chain(items.iter().map(Item::row))
        .collect();
    let mut widths = [0usize; 5];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(crate::columns::width(cell));
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (column, (cell, width)) in row.iter().zip(widths).enumerate() {
            if column > 0 {
                line.push_str("  ");
            }
            let padding = " ".repeat(width.saturating_sub(crate::columns::width(cell)));
            // The total is a number: right-aligned, so minutes line up.
            if column == TOTAL_COLUMN {
                line.push_str(&padding);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&padding);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let broken: Vec<&Item> = items.iter().filter(|i| i.routine.is_none()).collect();
    if !broken.is_empty() {
        out.push_str(&format!(
            "\n{INVALID_MARK} can't be played until it is fixed; to see why:\n"
        ));
        for item in broken {
            out.push_str(&format!(
                "  unknot check {}\n",
                super::shell_word(&item.origin.describe())
            ));
        }
    }
    out
}
