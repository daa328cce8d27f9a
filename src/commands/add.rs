//! `unknot add FILE...`: checks routine files with the same checker as `unknot check` and copies
//! them into your library, so `unknot play NAME` finds them. `--builtin NAME` copies a built-in
//! routine out as the starting point for your own.
//!
//! All or nothing: if any file has a mistake, uses files beside it, or would replace one of your
//! routines without leave, nothing is copied. A routine that includes blocks or plays its own
//! sound files is refused with what to do instead: `add` copies one file, and a routine copied
//! without the files it points to would not work from the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::AddArgs;
use crate::commands::new::file_stem;
use crate::commands::user_library::{self, shown, shown_text};
use crate::exit::Exit;
use crate::files;
use crate::library::{self, BUILT_IN, ResolveError};
use crate::output::Output;
use crate::routine::{self, Diagnostics, Routine, SoundSource, Source};
use crate::storage;

/// A routine ready to be copied: its name in the library and its checked text.
struct Candidate {
    from: String,
    name: String,
    text: String,
}

pub fn run(args: &AddArgs, out: &mut Output) -> Exit {
    let dir = match user_library::dir() {
        Ok(dir) => dir,
        Err(message) => {
            eprintln!("unknot: {message}");
            return Exit::Invalid;
        }
    };
    let candidates = match &args.builtin {
        Some(name) => built_in(name, args.name.as_deref()),
        None => files(&args.files, args.name.as_deref()),
    };
    let candidates = match candidates {
        Ok(candidates) => candidates,
        Err(exit) => return exit,
    };
    let mut replace = Vec::new();
    for candidate in &candidates {
        match may_write(&dir, candidate, args.force) {
            Ok(replaces) => replace.push(replaces),
            Err(exit) => return exit,
        }
    }
    for (candidate, replaces) in candidates.iter().zip(replace) {
        let path = user_library::file_in(&dir, &candidate.name);
        let written = if replaces {
            storage::write_atomic(&path, candidate.text.as_bytes())
        } else {
            storage::write_new_atomic(&path, candidate.text.as_bytes())
        };
        if let Err(error) = written {
            eprintln!("unknot: cannot write {}: {error}", shown(&path));
            return Exit::Invalid;
        }
        report(out, candidate, &path, replaces);
    }
    Exit::Success
}

/// Reads and checks every file; `Err` (after saying why) if any can't be added.
fn files(paths: &[PathBuf], new_name: Option<&str>) -> Result<Vec<Candidate>, Exit> {
    if new_name.is_some() && paths.len() != 1 {
        eprintln!("unknot: --name gives one routine its name; add the files one at a time");
        return Err(Exit::Usage);
    }
    let color = use_color();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut refused = 0;
    for path in paths {
        match file(path, new_name, color) {
            Ok(candidate) => {
                if candidates.iter().any(|c| c.name == candidate.name) {
                    eprintln!(
                        "unknot: two of the files are named `{}`; a name holds one routine",
                        shown_text(&candidate.name)
                    );
                    refused += 1;
                } else {
                    candidates.push(candidate);
                }
            }
            Err(()) => refused += 1,
        }
    }
    if refused > 0 {
        let files = if paths.len() == 1 { "file" } else { "files" };
        eprintln!(
            "unknot: nothing was added ({refused} of {} {files} refused)",
            paths.len()
        );
        return Err(Exit::Invalid);
    }
    Ok(candidates)
}

/// One file, checked; its problems are printed on stderr.
fn file(path: &Path, new_name: Option<&str>, color: bool) -> Result<Candidate, ()> {
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    let name = match file_stem(new_name.unwrap_or(stem)) {
        Ok(name) => name.to_string(),
        Err(message) => {
            eprintln!("unknot: {}: {message}", shown(path));
            return Err(());
        }
    };
    let text = read(path, color)?;
    let source = Source::from_file(path, text);
    let routine = match routine::parse(&source, &files::ON_DISK) {
        Ok(routine) => routine,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, color);
            return Err(());
        }
    };
    let beside = files_beside(&routine, &source.text);
    if !beside.is_empty() {
        let dir = user_library::dir().unwrap_or_default();
        eprintln!(
            "unknot: {} uses files beside it ({}), and `add` copies the routine file alone. \
             Copy the routine into {} yourself, with its blocks and sounds in a subfolder \
             (a block directly in that folder would be taken for a routine).",
            shown(path),
            beside.join(", "),
            shown(&dir)
        );
        return Err(());
    }
    Ok(Candidate {
        from: shown(path),
        name,
        text: source.text.to_string(),
    })
}

/// The routine's text, read only if it is a regular file (a pipe or a device would block).
fn read(path: &Path, color: bool) -> Result<String, ()> {
    let unreadable = |why: String| {
        eprintln!("unknot: {}: cannot read it: {why}", shown(path));
    };
    // A regular file of bounded size, read without blocking (a pipe or a device would hang).
    let bytes = crate::files::read(path, crate::files::Kind::Routine)
        .map_err(|error| unreadable(error.to_string()))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        // The checker says where the first bad byte is.
        Err(_) => {
            if let Err(diagnostics) = routine::load(path, &files::ON_DISK) {
                print_diagnostics(&diagnostics, color);
            }
            Err(())
        }
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
                beside.push(shown_text(include));
            }
        }
    }
    for (_, source) in &routine.sounds.entries {
        if let SoundSource::File(path) = source {
            beside.push(shown(path));
        }
    }
    beside
}

/// A built-in routine, to be copied under `new_name` (by default `my-NAME`, so that the copy is
/// found by its own name: a name is looked up among the built-in routines first).
fn built_in(name: &str, new_name: Option<&str>) -> Result<Vec<Candidate>, Exit> {
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
        eprintln!(
            "unknot: no built-in routine named `{}`{hint} (`unknot list` shows them)",
            shown_text(name)
        );
        return Err(Exit::Invalid);
    };
    let default_name = format!("my-{}", builtin.name);
    let name = match file_stem(new_name.unwrap_or(&default_name)) {
        Ok(name) => name.to_string(),
        Err(message) => {
            eprintln!("unknot: {message}");
            return Err(Exit::Usage);
        }
    };
    Ok(vec![Candidate {
        from: format!("the built-in {}", builtin.name),
        name,
        text: builtin.text.to_string(),
    }])
}

/// Whether the routine may be written: `Ok(true)` if it replaces one of yours (with leave),
/// `Ok(false)` if the name is free; `Err` after saying why not.
fn may_write(dir: &Path, candidate: &Candidate, force: bool) -> Result<bool, Exit> {
    let path = user_library::file_in(dir, &candidate.name);
    if !path.exists() {
        return Ok(false);
    }
    if !path.is_file() {
        eprintln!(
            "unknot: {} is there and is not a routine file; nothing was added",
            shown(&path)
        );
        return Err(Exit::Invalid);
    }
    if force {
        return Ok(true);
    }
    let question = format!(
        "You already have a routine named `{}` ({}). Replace it with {}?",
        shown_text(&candidate.name),
        shown(&path),
        candidate.from
    );
    match user_library::ask(&question, false) {
        Some(true) => Ok(true),
        Some(false) => {
            eprintln!("unknot: nothing was added");
            Err(Exit::Invalid)
        }
        None => {
            eprintln!(
                "unknot: you already have a routine named `{}` ({}); nothing was added. \
                 `--force` replaces it, `--name NEW` adds this one under another name.",
                shown_text(&candidate.name),
                shown(&path)
            );
            Err(Exit::Invalid)
        }
    }
}

/// What was done, and what the name now plays.
fn report(out: &mut Output, candidate: &Candidate, path: &Path, replaced: bool) {
    let name = shown_text(&candidate.name);
    let verb = if replaced { "Replaced" } else { "Added" };
    writeln!(out, "{verb} `{name}` ({}): {}", candidate.from, shown(path));
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

fn print_diagnostics(diagnostics: &Diagnostics, color: bool) {
    eprint!("{}", diagnostics.render(color));
    eprintln!();
}

/// Colour only for a person at a terminal who has not asked for none.
fn use_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stderr().is_terminal()
}
