//! `list --json`: every routine of the library, playable or not.

use serde::Serialize;

use crate::library::Origin as Found;
use crate::routine;

/// One routine of the library. A routine that can't be played has `valid: false`, the
/// `problem`, and nulls and empty lists for what only a parsed routine knows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Routine<'a> {
    /// The name it is found by (the file stem).
    pub name: &'a str,
    /// The routine's own `name`.
    pub title: Option<&'a str>,
    pub total_seconds: Option<f64>,
    pub equipment: &'a [String],
    pub tags: &'a [String],
    pub description: Option<&'a str>,
    pub origin: Origin,
    /// The user's file; `null` for a built-in routine.
    pub path: Option<String>,
    pub valid: bool,
    pub problem: Option<&'a str>,
    /// A user's routine named like a built-in one, played in its place.
    pub overrides_built_in: bool,
}

/// Where a routine comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    BuiltIn,
    User,
}

/// The library, in the order `list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct List<'a>(pub Vec<Routine<'a>>);

impl List<'_> {
    /// Indented JSON, with nothing a terminal would act on left raw (a file name may hold
    /// anything).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        Ok(routine::json_for_terminal(&super::pretty(self)?))
    }
}

impl<'a> Routine<'a> {
    /// The entry of the routine found as `name` at `found`: parsed, with its planned total, or
    /// with the `problem` that keeps it from being played.
    pub fn new(
        name: &'a str,
        found: &'a Found,
        parsed: Option<&'a routine::Routine>,
        total_seconds: Option<f64>,
        problem: Option<&'a str>,
        overrides_built_in: bool,
    ) -> Routine<'a> {
        let info = parsed.map(|routine| &routine.info);
        let (origin, path) = match found {
            Found::BuiltIn => (Origin::BuiltIn, None),
            Found::User(path) | Found::File(path) => {
                (Origin::User, Some(path.display().to_string()))
            }
        };
        Routine {
            name,
            title: info.map(|info| info.name.as_str()),
            total_seconds,
            equipment: info.map_or(&[], |info| info.equipment.as_slice()),
            tags: info.map_or(&[], |info| info.tags.as_slice()),
            description: info.and_then(|info| info.description.as_deref()),
            origin,
            path,
            valid: parsed.is_some(),
            problem,
            overrides_built_in,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::library;
    use crate::machine::golden;
    use crate::plan::{self, PlanOptions};

    fn total(routine: &routine::Routine) -> f64 {
        plan::expand(routine, PlanOptions::default())
            .total
            .as_secs_f64()
    }

    fn user(name: &str) -> Found {
        Found::User(PathBuf::from(format!(
            "/home/runner/.config/unknot/routines/{name}.toml"
        )))
    }

    /// The library the snapshot was listed from: the built-in routines, the user's copy of
    /// one of them, two routines of theirs, two with mistakes, one too large to read.
    #[test]
    fn the_library_is_listed_as_before() {
        let options = crate::files::ON_DISK;
        let built_in: Vec<(String, Found, routine::Routine)> = library::built_in_entries()
            .into_iter()
            .filter(|entry| entry.name != "pre-run-dynamic")
            .map(|entry| {
                let routine = entry.parse(&options).unwrap();
                (entry.name, entry.origin, routine)
            })
            .collect();
        let load = |path: &str| routine::load(Path::new(path), &options).unwrap();
        let calves = load("tests/routines/valid/calves.toml");
        let focus = load(golden::path("focus.toml").to_str().unwrap());
        let pre_run = library::built_in_entries()
            .into_iter()
            .find(|entry| entry.name == "pre-run-dynamic")
            .unwrap()
            .parse(&options)
            .unwrap();
        let (broken, calves_at, focus_at, pre_run_at, two, huge) = (
            user("broken"),
            user("calves"),
            user("esc\u{85}name"),
            user("pre-run-dynamic"),
            user("two\u{1b}[31m"),
            user("huge"),
        );
        let mut routines: Vec<Routine> = built_in
            .iter()
            .map(|(name, found, routine)| {
                Routine::new(
                    name,
                    found,
                    Some(routine),
                    Some(total(routine)),
                    None,
                    false,
                )
            })
            .collect();
        routines.extend([
            Routine::new("broken", &broken, None, None, Some("2 errors"), false),
            Routine::new(
                "calves",
                &calves_at,
                Some(&calves),
                Some(total(&calves)),
                None,
                false,
            ),
            Routine::new(
                "esc\u{85}name",
                &focus_at,
                Some(&focus),
                Some(total(&focus)),
                None,
                false,
            ),
            Routine::new(
                "pre-run-dynamic",
                &pre_run_at,
                Some(&pre_run),
                Some(total(&pre_run)),
                None,
                true,
            ),
            Routine::new("two\u{1b}[31m", &two, None, None, Some("3 errors"), false),
            Routine::new(
                "huge",
                &huge,
                None,
                None,
                Some("could not be read: too large: 1.9 MiB, the limit is 1 MiB"),
                false,
            ),
        ]);
        let mut text = List(routines).to_json().unwrap();
        text.push('\n');
        golden::assert_same(&text, "list.json");
    }
}
