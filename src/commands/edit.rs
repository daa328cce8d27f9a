//! `unknot edit NAME`: opens one of your routines in your editor, then checks it.
//!
//! The editor is `$VISUAL`, else `$EDITOR`, split into words at whitespace (as git does, but
//! without a shell: quotes are not understood) and run with the routine's path as its last
//! argument. An editor that fails is reported and nothing is checked.

use std::io::IsTerminal;
use std::process::Command;

use crate::cli::EditArgs;
use crate::commands::check::ok_line;
use crate::commands::new::file_stem;
use crate::commands::user_library::{self, shown, shown_text};
use crate::exit::Exit;
use crate::files;
use crate::output::Output;
use crate::routine;
use crate::storage;

pub fn run(args: &EditArgs, out: &mut Output) -> Exit {
    let dir = match user_library::dir() {
        Ok(dir) => dir,
        Err(message) => {
            eprintln!("unknot: {message}");
            return Exit::Invalid;
        }
    };
    let name = shown_text(&args.name);
    let bare = file_stem(&args.name).is_ok_and(|stem| stem == args.name);
    let path = match user_library::existing(&dir, &args.name).filter(|_| bare) {
        Some(path) => path,
        None if bare && user_library::is_built_in(&args.name) => {
            match copy_built_in(&dir, &args.name, out) {
                Ok(path) => path,
                Err(exit) => return exit,
            }
        }
        None => {
            eprintln!(
                "unknot: you have no routine named `{name}`; `unknot add FILE` adds one, \
                 `unknot new {name}` starts one"
            );
            return Exit::Invalid;
        }
    };
    let Some((program, words)) = editor() else {
        eprintln!(
            "unknot: no editor is set; set VISUAL or EDITOR (for example `export EDITOR=nano`)"
        );
        return Exit::Invalid;
    };
    out.flush();
    let status = Command::new(&program).args(&words).arg(&path).status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => {
            let how = match status.code() {
                Some(code) => format!("exited with status {code}"),
                None => "was stopped by a signal".to_string(),
            };
            eprintln!(
                "unknot: the editor `{}` {how}; {} was not checked",
                shown_text(&program),
                shown(&path)
            );
            return Exit::Invalid;
        }
        Err(error) => {
            eprintln!(
                "unknot: cannot run the editor `{}`: {error}",
                shown_text(&program)
            );
            return Exit::Invalid;
        }
    }
    match routine::load(&path, &files::ON_DISK) {
        Ok(routine) => {
            writeln!(out, "{}", ok_line(&path, &routine));
            Exit::Success
        }
        Err(diagnostics) => {
            let color = std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            eprint!("{}", diagnostics.render(color));
            eprintln!();
            let count = diagnostics.len();
            let mistakes = if count == 1 { "mistake" } else { "mistakes" };
            eprintln!(
                "unknot: `{name}` has {count} {mistakes}; it was kept as you saved it, and \
                 can't be played until `unknot edit {name}` fixes it"
            );
            Exit::Invalid
        }
    }
}

/// The editor command: `$VISUAL`, else `$EDITOR`, as a program and its first arguments.
fn editor() -> Option<(String, Vec<String>)> {
    ["VISUAL", "EDITOR"].iter().find_map(|var| {
        let value = std::env::var(var).ok()?;
        let mut words = value.split_whitespace().map(String::from);
        let program = words.next()?;
        Some((program, words.collect()))
    })
}

/// A built-in routine can't be changed: offers to copy it into the library as `my-NAME` and
/// edit the copy.
fn copy_built_in(
    dir: &std::path::Path,
    name: &str,
    out: &mut Output,
) -> Result<std::path::PathBuf, Exit> {
    let copy = format!("my-{name}");
    let question = format!(
        "`{name}` is a built-in routine and can't be changed. Copy it to your library as \
         `{copy}` and edit the copy?"
    );
    match user_library::ask(&question, true) {
        Some(true) => {}
        Some(false) => return Err(Exit::Invalid),
        None => {
            eprintln!(
                "unknot: `{name}` is a built-in routine and can't be changed; copy it first with \
                 `unknot add --builtin {name}`, then `unknot edit {copy}`"
            );
            return Err(Exit::Invalid);
        }
    }
    if let Some(path) = user_library::existing(dir, &copy) {
        writeln!(out, "You already have `{copy}`: editing it.");
        return Ok(path);
    }
    let text = crate::library::BUILT_IN
        .iter()
        .find(|builtin| builtin.name == name)
        .map(|builtin| builtin.text)
        .unwrap_or_default();
    let path = user_library::file_in(dir, &copy);
    if let Err(error) = storage::write_new_atomic(&path, text.as_bytes()) {
        eprintln!("unknot: cannot write {}: {error}", shown(&path));
        return Err(Exit::Invalid);
    }
    writeln!(out, "Copied the built-in `{name}` to {}", shown(&path));
    Ok(path)
}
