//! `unknot add FILE...`: checks routine files with the same checker as `unknot check` and copies
//! them into your library, so `unknot play NAME` finds them. `--builtin NAME` copies a built-in
//! routine out as the starting point for your own.
//!
//! All or nothing: if any file has a mistake, uses files beside it, or would replace one of your
//! routines without leave, nothing is copied. A routine that includes blocks or plays its own
//! sound files is refused with what to do instead: `add` copies one file, and a routine copied
//! without the files it points to would not work from the library.

use std::path::{Path, PathBuf};

use crate::cli::AddArgs;
use crate::commands::failure::Failure;
use crate::commands::new::file_stem;
use crate::commands::user_library;
use crate::library::{self, BUILT_IN, ResolveError};
use crate::output::{Output, color_on_stderr};
use crate::routine::{self, Diagnostics, Routine, SoundSource, Source, shown, shown_path};
use crate::storage;

/// A routine ready to be copied: its name in the library and its checked text.
struct Candidate {
    from: String,
    name: String,
    text: String,
}

pub fn run(args: &AddArgs, out: &mut Output) -> Result<(), Failure> {
    let dir = user_library::dir()?;
    let candidates = match &args.builtin {
        Some(name) => built_in(name, args.name.as_deref())?,
        None => files(&args.files, args.name.as_deref())?,
    };
    let replace = candidates
        .iter()
        .map(|candidate| may_write(&dir, candidate, args.force))
        .collect::<Result<Vec<bool>, Failure>>()?;
    for (candidate, replaces) in candidates.iter().zip(replace) {
        let path = user_library::file_in(&dir, &candidate.name);
        let written = if replaces {
            storage::write_atomic(&path, candidate.text.as_bytes())
        } else {
            storage::write_new_atomic(&path, candidate.text.as_bytes())
        };
        if let Err(error) = written {
            return Err(Failure::Invalid(format!(
                "cannot write {}: {error}",
                shown_path(&path)
            )));
        }
        report(out, candidate, &path, replaces);
    }
    Ok(())
}

/// Why one file can't be added, as it is shown: a line, or the routine's mistakes in full.
struct Refusal(String);

impl Refusal {
    fn line(text: String) -> Refusal {
        Refusal(format!("unknot: {text}\n"))
    }

    fn mistakes(diagnostics: &Diagnostics, color: bool) -> Refusal {
        Refusal(format!("{}\n", diagnostics.render(color)))
    }
}

/// Reads and checks every file; `Err` with why each refused one can't be added, if any is.
fn files(paths: &[PathBuf], new_name: Option<&str>) -> Result<Vec<Candidate>, Failure> {
    if new_name.is_some() && paths.len() != 1 {
        return Err(Failure::Usage(
            "--name gives one routine its name; add the files one at a time".to_string(),
        ));
    }
    let color = color_on_stderr();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut refusals = Vec::new();
    for path in paths {
        match file(path, new_name, color) {
            Ok(candidate) if candidates.iter().any(|c| c.name == candidate.name) => {
                refusals.push(Refusal::line(format!(
                    "two of the files are named `{}`; a name holds one routine",
                    shown(&candidate.name)
                )));
            }
            Ok(candidate) => candidates.push(candidate),
            Err(refusal) => refusals.extend(refusal),
        }
    }
    if refusals.is_empty() && candidates.len() == paths.len() {
        return Ok(candidates);
    }
    let refused = paths.len() - candidates.len();
    let files = if paths.len() == 1 { "file" } else { "files" };
    Err(Failure::Mistakes {
        shown: refusals.into_iter().map(|refusal| refusal.0).collect(),
        summary: format!(
            "nothing was added ({refused} of {} {files} refused)",
            paths.len()
        ),
    })
}

/// One file, checked; `Err` with why it can't be added (nothing more to say, rarely).
fn file(path: &Path, new_name: Option<&str>, color: bool) -> Result<Candidate, Option<Refusal>> {
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    let name = file_stem(new_name.unwrap_or(stem))
        .map_err(|message| Refusal::line(format!("{}: {message}", shown_path(path))))?
        .to_string();
    let text = read(path, color)?;
    let source = Source::from_file(path, text);
    let routine = routine::parse(&source, &crate::files::ON_DISK)
        .map_err(|diagnostics| Refusal::mistakes(&diagnostics, color))?;
    let beside = files_beside(&routine, &source.text);
    if !beside.is_empty() {
        let dir = user_library::dir().unwrap_or_default();
        return Err(Some(Refusal::line(format!(
            "{} uses files beside it ({}), and `add` copies the routine file alone. \
             Copy the routine into {} yourself, with its blocks and sounds in a subfolder \
             (a block directly in that folder would be taken for a routine).",
            shown_path(path),
            beside.join(", "),
            shown_path(&dir)
        ))));
    }
    Ok(Candidate {
        from: shown_path(path),
        name,
        text: source.text.to_string(),
    })
}

/// The routine's text, read only if it is a regular file (a pipe or a device would block).
fn read(path: &Path, color: bool) -> Result<String, Option<Refusal>> {
    // A regular file of bounded size, read without blocking (a pipe or a device would hang).
    let bytes = crate::files::read(path, crate::files::Kind::Routine)
        .map_err(|error| Refusal::line(format!("{}: cannot read it: {error}", shown_path(path))))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        // The checker says where the first bad byte is.
        Err(_) => Err(routine::load(path, &crate::files::ON_DISK)
            .err()
            .map(|diagnostics| Refusal::mistakes(&diagnostics, color))),
    }
}

/// The blocks and sound files a routine points to, as written (a routine using none copies
/// on its own).
fn files_beside(routine: &Routine, text: &str) -> Vec<String> {
    let mut beside = Vec::new();
    if let Ok(document) = text.parse::<toml::Table>()
        && let Some(steps) = document.get("step").and_then(toml::Value::as_array)
    {
        for step in steps {
            if let Some(include) = step.get("include").and_then(toml::Value::as_str) {
                beside.push(shown(include));
            }
        }
    }
    for (_, source) in &routine.sounds.entries {
        if let SoundSource::File(path) = source {
            beside.push(shown_path(path));
        }
    }
    beside
}

/// A built-in routine, to be copied under `new_name` (by default `my-NAME`, so that the copy is
/// found by its own name: a name is looked up among the built-in routines first).
fn built_in(name: &str, new_name: Option<&str>) -> Result<Vec<Candidate>, Failure> {
    let Some(builtin) = BUILT_IN.iter().find(|builtin| builtin.name == name) else {
        let error = library::resolve_in(name, &library::built_in_entries());
        let closest = match error {
            Err(ResolveError::UnknownName { closest, .. }) => closest,
            _ => Vec::new(),
        };
        let hint = match closest.first() {
            Some(close) => format!("; did you mean `{close}`?"),
            None => String::new(),
        };
        return Err(Failure::Invalid(format!(
            "no built-in routine named `{}`{hint} (`unknot list` shows them)",
            shown(name)
        )));
    };
    let default_name = format!("my-{}", builtin.name);
    let name = file_stem(new_name.unwrap_or(&default_name))
        .map_err(Failure::Usage)?
        .to_string();
    Ok(vec![Candidate {
        from: format!("the built-in {}", builtin.name),
        name,
        text: builtin.text.to_string(),
    }])
}

/// Whether the routine may be written: `Ok(true)` if it replaces one of yours (with leave),
/// `Ok(false)` if the name is free; `Err` with why not.
fn may_write(dir: &Path, candidate: &Candidate, force: bool) -> Result<bool, Failure> {
    let path = user_library::file_in(dir, &candidate.name);
    if !path.exists() {
        return Ok(false);
    }
    if !path.is_file() {
        return Err(Failure::Invalid(format!(
            "{} is there and is not a routine file; nothing was added",
            shown_path(&path)
        )));
    }
    if force {
        return Ok(true);
    }
    let question = format!(
        "You already have a routine named `{}` ({}). Replace it with {}?",
        shown(&candidate.name),
        shown_path(&path),
        candidate.from
    );
    match user_library::ask(&question, false) {
        Some(true) => Ok(true),
        Some(false) => Err(Failure::Invalid("nothing was added".to_string())),
        None => Err(Failure::Invalid(format!(
            "you already have a routine named `{}` ({}); nothing was added. \
             `--force` replaces it, `--name NEW` adds this one under another name.",
            shown(&candidate.name),
            shown_path(&path)
        ))),
    }
}

/// What was done, and what the name now plays.
fn report(out: &mut Output, candidate: &Candidate, path: &Path, replaced: bool) {
    let name = shown(&candidate.name);
    let verb = if replaced { "Replaced" } else { "Added" };
    writeln!(
        out,
        "{verb} `{name}` ({}): {}",
        candidate.from,
        shown_path(path)
    );
    if user_library::is_built_in(&candidate.name) {
        // Names are looked up among the built-in routines first.
        writeln!(
            out,
            "It has the name of a built-in routine, which `unknot play {name}` keeps playing; \
             play yours by its path, or add it under another name with `--name`."
        );
    } else {
        writeln!(
            out,
            "Play it with `unknot play {name}`; change it with `unknot edit {name}`."
        );
    }
}
