//! `[[step]] include = "blocks/calf.toml"`: steps written once, used in many routines.
//!
//! An included file is a *block*: a file with only `[[step]]` tables (and optionally
//! `format = 1`). Its path is relative to the file that includes it; blocks may include
//! blocks. The including step may set `side`, `transition` (applied to every included step)
//! and `name` (the name of a one-step block, or a prefix `"name: "` for the steps of a longer
//! one). A missing file, a cycle and a mistake inside a block are reported with both files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::de::DeTable;

use super::super::checker::{Checker, Table, Value, Zero};
use super::super::diagnostic::Location;
use super::super::model::{Step, StepSide};
use super::super::reads::{BlockProblem, MAX_ROUTINE_BYTES, PathProblem};
use super::super::rules::{
    BLOCK_KEYS, INCLUDE, INCLUDE_KEYS, MAX_INCLUDE_DEPTH as MAX_DEPTH, SIDES, listed,
};
use super::super::source::{ParseOptions, Source};
use super::super::text::{quoted, shown_path};
use super::step;

/// What an including step changes in the steps it brings in.
#[derive(Default)]
struct Overrides {
    name: Option<(String, std::ops::Range<usize>)>,
    side: Option<StepSide>,
    transition: Option<std::time::Duration>,
}

/// The steps of the block that step `number` includes, with its overrides applied.
pub(crate) fn read_include(
    checker: &mut Checker<'_>,
    number: usize,
    table: &Table<'_>,
    source: &Source,
    options: &ParseOptions,
) -> Option<Vec<Step>> {
    let include = step::get(table, INCLUDE)?;
    let shown = step::get(table, "name")
        .and_then(|name| name.get_ref().as_str())
        .unwrap_or_default()
        .to_string();
    checker.step = Some((number, shown));
    let (overrides, ok) = read_overrides(checker, table);
    let relative = checker.text(INCLUDE, include, false)?;
    let Some(base_dir) = &source.base_dir else {
        checker.error(
            include.span(),
            "a built-in routine cannot include files",
            "no files in built-in routines",
        );
        return None;
    };
    let path = base_dir.join(&relative);
    let canonical = match checker.reads.resolve(options.files, base_dir, &relative) {
        Ok(canonical) => canonical,
        Err(problem) => {
            let message = match &problem {
                PathProblem::Unresolved(why) => format!(
                    "cannot read the included file {} (looked for at {}): {why}",
                    quoted(&relative),
                    quoted(&shown_path(&path))
                ),
                _ => format!(
                    "the included file {} cannot be used: {}",
                    quoted(&relative),
                    problem.describe()
                ),
            };
            checker.error(
                include.span(),
                message,
                problem.label("cannot read this file"),
            );
            return None;
        }
    };
    if checker
        .include_stack
        .iter()
        .any(|(seen, _)| *seen == canonical)
    {
        let mut chain: Vec<String> = checker
            .include_stack
            .iter()
            .skip_while(|(seen, _)| *seen != canonical)
            .map(|(_, shown)| shown_path(shown))
            .collect();
        chain.push(shown_path(&path));
        checker.error(
            include.span(),
            format!(
                "including {} makes a cycle: {}",
                quoted(&relative),
                chain.join(" includes ")
            ),
            "includes a file that is already being read",
        );
        return None;
    }
    if checker.include_stack.len() > MAX_DEPTH {
        checker.error(
            include.span(),
            format!("includes are nested more than {MAX_DEPTH} deep"),
            "too deep",
        );
        return None;
    }
    let text = match checker.reads.block(options.files, &canonical) {
        Ok(text) => text,
        Err(problem) => {
            let why = match problem {
                BlockProblem::Read(why) => why.to_string(),
                BlockProblem::NotUtf8 => "it is not UTF-8 text".to_string(),
                BlockProblem::OverBudget => format!(
                    "the routine and the files it includes hold more than {} of text in all (a block counts each time it is included)",
                    crate::read_error::size_text(MAX_ROUTINE_BYTES)
                ),
            };
            checker.error(
                include.span(),
                format!(
                    "cannot read the included file {} (looked for at {}): {why}",
                    quoted(&relative),
                    quoted(&shown_path(&path))
                ),
                "cannot read this file",
            );
            return None;
        }
    };
    let steps = read_block(
        checker,
        item_site(checker, include),
        &path,
        canonical,
        text,
        options,
    )?;
    // The block's own mistakes are worth reporting even when the include step has one too.
    if !ok {
        return None;
    }
    apply(checker, overrides, steps)
}

/// Where the include is written, for "included from" notes.
fn item_site(checker: &Checker<'_>, include: &Value<'_>) -> Location {
    let (line, column) = checker
        .lines
        .line_column(&checker.text, include.span().start);
    Location {
        path: checker.path.to_path_buf(),
        line,
        column,
    }
}

/// The keys an including step may have, besides `include`.
fn read_overrides(checker: &mut Checker<'_>, table: &Table<'_>) -> (Overrides, bool) {
    let mut overrides = Overrides::default();
    let mut ok = true;
    for (key, value) in table {
        match key.get_ref().as_ref() {
            "include" => {}
            "name" => match checker.name("name", value) {
                Some(name) => overrides.name = Some((name, value.span())),
                None => ok = false,
            },
            "side" => match checker.choice("side", value, &SIDES) {
                Some(side) => overrides.side = Some(super::step::side_from(side)),
                None => ok = false,
            },
            "transition" => match checker.duration("transition", value, Zero::Allowed) {
                Some(d) => overrides.transition = Some(d),
                None => ok = false,
            },
            other if step::is_step_key(other) => {
                let keys: Vec<String> = INCLUDE_KEYS.iter().map(|k| format!("`{k}`")).collect();
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                checker.error(
                    key.span(),
                    format!(
                        "`{other}` cannot be set on a step that includes a file; an include takes only {}",
                        listed(&keys, "and")
                    ),
                    "set this in the included file",
                );
                ok = false;
            }
            _ => {
                checker.unknown_key(key, "a step that includes a file", &INCLUDE_KEYS);
                ok = false;
            }
        }
    }
    (overrides, ok)
}

/// Reads a block file: `format` and `[[step]]`s only. Its mistakes name both files.
fn read_block(
    checker: &mut Checker<'_>,
    site: Location,
    path: &Path,
    canonical: PathBuf,
    text: Arc<str>,
    options: &ParseOptions,
) -> Option<Vec<Step>> {
    let source = Source::shared(path, text.clone());
    let mut inner = Checker::new(path, text);
    inner.reads = checker.reads.clone();
    inner.included_from = std::iter::once(site)
        .chain(checker.included_from.iter().cloned())
        .collect();
    inner.include_stack = checker.include_stack.clone();
    inner.include_stack.push((canonical, path.to_path_buf()));
    inner.steps_read = checker.steps_read;
    let steps = read_block_document(&mut inner, &source, options);
    checker.diagnostics.append(&mut inner.diagnostics);
    checker.steps_read = inner.steps_read;
    checker.over_limit |= inner.over_limit;
    steps
}

fn read_block_document(
    checker: &mut Checker<'_>,
    source: &Source,
    options: &ParseOptions,
) -> Option<Vec<Step>> {
    let (document, errors) = DeTable::parse_recoverable(&source.text);
    let syntax_ok = errors.is_empty();
    super::report_syntax_errors(checker, errors);
    let document = document.into_inner();
    let mut steps = None;
    let mut ok = true;
    for (key, value) in &document {
        match key.get_ref().as_ref() {
            "format" => ok &= super::read_format(checker, value),
            "step" => steps = step::read_steps(checker, value, source, options),
            "routine" | "settings" | "sounds" => {
                checker.error(
                    key.span(),
                    format!(
                        "an included file holds only `[[step]]`s; `{}` belongs in the routine that includes it",
                        key.get_ref()
                    ),
                    "not allowed in an included file",
                );
                ok = false;
            }
            _ => {
                checker.unknown_key(key, "an included file", &BLOCK_KEYS);
                ok = false;
            }
        }
    }
    if !document.keys().any(|k| k.get_ref() == "step") {
        let first_line = 0..source.text.find('\n').unwrap_or(source.text.len());
        checker.missing(
            first_line,
            "the included file has no steps; add at least one `[[step]]`",
            "no `[[step]]` in this file",
        );
    }
    let steps = steps?;
    (ok && syntax_ok).then_some(steps)
}

/// The included steps with the including step's `name`, `side` and `transition`.
fn apply(
    checker: &mut Checker<'_>,
    overrides: Overrides,
    mut steps: Vec<Step>,
) -> Option<Vec<Step>> {
    let single = steps.len() == 1;
    for step in &mut steps {
        if let Some(side) = overrides.side {
            step.side = side;
        }
        if let Some(transition) = overrides.transition {
            step.transition = Some(transition);
        }
        if let Some((name, span)) = &overrides.name {
            let named = if single {
                name.clone()
            } else {
                format!("{name}: {}", step.name)
            };
            let length = named.chars().count();
            if length > 80 {
                checker.error(
                    span.clone(),
                    format!(
                        "with this `name` the included step {} is {length} characters long; at most 80 are allowed",
                        quoted(&named)
                    ),
                    "makes a name longer than 80 characters",
                );
                return None;
            }
            step.name = named;
        }
    }
    Some(steps)
}

#[cfg(test)]
mod tests;
