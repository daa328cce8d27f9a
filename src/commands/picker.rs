//! `unknot` with no command: the routine picker. Type to filter, Enter shows the routine's
//! intro and plays it; q or Esc on the intro comes back to the list.
//!
//! A session played from the picker comes back to it when it ends or is quit, with the list
//! read again (what was just played is "today"), so that the next routine is one Enter away.
//! Leaving the picker itself exits 0; a session quit early leaves its one line in the terminal
//! once the screen is given back.

use jiff::ZonedDateTime;
use jiff::civil::Date;

use super::failure::Failure;
use crate::commands::play::{Choices, Parting, Played, end, play_entry};
use crate::config;
use crate::exit::Exit;
use crate::files;
use crate::history::{self, SessionRecord};
use crate::library::{self, Entry, Origin};
use crate::plan::{self, PlanOptions};
use crate::routine::shown;
use crate::tui::app::Outcome;
use crate::tui::app::picker::PickerOutcome;
use crate::tui::app::screen::Screen;
use crate::tui::picker_view::{PickerItem, PickerState};

pub fn run() -> Played {
    let mut parting = Parting::default();
    let result = pick_and_play(&mut parting);
    Played { result, parting }
}

/// Shows the picker and plays what is chosen until the runner leaves it; what each session
/// leaves to be said goes into `parting`.
fn pick_and_play(parting: &mut Parting) -> Result<Exit, Failure> {
    let settings = config::load()?;
    let choices = Choices::from_settings(&settings);
    let (mut entries, mut picker) = read_library();

    let mut screen = Screen::open().map_err(|error| {
        Failure::Usage(format!(
            "the picker needs a terminal ({error}); `unknot list` lists the routines and \
             `unknot play NAME` plays one"
        ))
    })?;
    loop {
        let chosen = match screen.pick(&mut picker, &choices.player.theme) {
            Ok(PickerOutcome::Chosen(name)) => name,
            // No session was cut short, so not 130 — as Ctrl-C on a routine's intro.
            Ok(PickerOutcome::Quit | PickerOutcome::Interrupted) => {
                return end(screen, Ok(Outcome::Left));
            }
            Ok(PickerOutcome::Signal(signal)) => screen.exit_on_signal(signal),
            Err(error) => return end(screen, Err(error)),
        };
        // The item shows the name escaped; the library finds the routine by its own name.
        let Some(name) = entries
            .iter()
            .map(|entry| entry.name.as_str())
            .find(|name| shown(name) == chosen)
        else {
            continue;
        };
        let Some(entry) = library::named(name, &entries) else {
            continue;
        };
        // Listed as valid a moment ago; a file edited since then is just not played.
        let Ok(routine) = entry.parse(&files::ON_DISK) else {
            continue;
        };
        let (outcome, left) = play_entry(&mut screen, entry, routine, &choices, None);
        parting.add(left);
        match outcome {
            Ok(Outcome::Left) => continue,
            Ok(Outcome::Signal { signal, .. }) => screen.exit_on_signal(signal),
            Ok(Outcome::Finished(_) | Outcome::Quit(_)) => {
                // Back to the list, read again, with the routine just played selected.
                (entries, picker) = read_library();
                select(&mut picker, &chosen);
            }
            Err(error) => return end(screen, Err(error)),
        }
    }
}

/// The library and the picker's list of it, with when each routine was last played.
fn read_library() -> (Vec<Entry>, PickerState) {
    let entries = library::entries();
    // The history only adds "last played"; a missing or unreadable one leaves that out.
    let played = history::load()
        .map(|loaded| loaded.records)
        .unwrap_or_default();
    let today = ZonedDateTime::now().date();
    let items = entries
        .iter()
        .map(|entry| item(entry, &played, today))
        .collect();
    (entries, PickerState::new(items))
}

/// Moves the selection to the routine listed as `name`, if it is still there.
fn select(picker: &mut PickerState, name: &str) {
    for _ in 0..picker.items().len() {
        if picker.selected().is_none_or(|item| item.name == name) {
            return;
        }
        picker.down();
    }
}

/// How the picker shows one routine of the library.
fn item(entry: &Entry, played: &[SessionRecord], today: Date) -> PickerItem {
    let origin = match entry.origin {
        Origin::BuiltIn => "built-in",
        Origin::User(_) if entry.overrides_built_in() => "user · overrides built-in",
        Origin::User(_) | Origin::File(_) => "user",
    };
    // A name is a file's name, which may hold anything: the picker shows it escaped.
    let name = shown(&entry.name);
    let last_played = played
        .iter()
        .rev()
        .find(|record| record.routine.file == entry.name)
        .map(|record| days_ago(today, record.end.date()));
    match entry.parse(&files::ON_DISK) {
        Ok(routine) => {
            let planned = plan::expand(&routine, PlanOptions::default()).total;
            let info = routine.info;
            PickerItem {
                name,
                title: info.name,
                planned: Some(planned),
                equipment: info.equipment,
                description: info.description,
                tags: info.tags,
                origin: origin.to_string(),
                invalid: None,
                last_played,
            }
        }
        Err(diagnostics) => {
            let count = diagnostics.0.len();
            let errors = if count == 1 { "error" } else { "errors" };
            PickerItem {
                name: name.clone(),
                title: name,
                origin: origin.to_string(),
                invalid: Some(format!(
                    "{count} {errors}: `unknot check {}` shows them",
                    super::shell_word(&entry.source.path.to_string_lossy())
                )),
                last_played,
                ..PickerItem::default()
            }
        }
    }
}

/// "today", "yesterday", "3 days ago".
fn days_ago(today: Date, day: Date) -> String {
    match today.since(day).map(|span| span.get_days()) {
        Ok(..=0) | Err(_) => "today".to_string(),
        Ok(1) => "yesterday".to_string(),
        Ok(days) => format!("{days} days ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_goes_back_to_the_routine_just_played() {
        let items = ["a", "b", "c"]
            .map(|name| PickerItem {
                name: name.to_string(),
                title: name.to_string(),
                ..PickerItem::default()
            })
            .to_vec();
        let mut picker = PickerState::new(items);
        select(&mut picker, "c");
        assert_eq!(picker.selected().map(|item| item.name.as_str()), Some("c"));
        // A routine gone from the list since leaves the selection where it stops.
        let mut picker = PickerState::new(vec![PickerItem::default()]);
        select(&mut picker, "gone");
        assert!(picker.selected().is_some());
    }

    #[test]
    fn last_played_reads_as_days_ago() {
        let today = Date::constant(2026, 11, 24);
        assert_eq!(days_ago(today, Date::constant(2026, 11, 24)), "today");
        assert_eq!(days_ago(today, Date::constant(2026, 11, 23)), "yesterday");
        assert_eq!(days_ago(today, Date::constant(2026, 11, 14)), "10 days ago");
    }
}
