//! `unknot edit NAME`: opens one of your routines in your editor, then checks it.
//!
//! The editor is `$VISUAL`, else `$EDITOR`, split into words at whitespace (as git does, but
//! without a shell: quotes are not understood) and run with the routine's path as its last
//! argument. An editor that fails is reported and nothing is checked.

use std::process::Command;

use crate::cli::EditArgs;
use crate::commands::check::ok_line;
use crate::commands::failure::Failure;
use crate::commands::user_library::{self, Lookup};
use crate::exit::Exit;
use crate::output::{Output, color_on_stderr};
use crate::routine::{self, shown, shown_path};
use crate::storage;
use crate::words::count;

pub fn run(args: &EditArgs, out: &mut Output) -> Result<(), Failure> {
    let dir = user_library::dir()?;
    let name = shown(&args.name);
    let path = match user_library::lookup(&dir, &args.name) {
        Lookup::Yours(path) => path,
        Lookup::BuiltIn => copy_built_in(&dir, &args.name, out)?,
        Lookup::Unknown => {
            return Err(Failure::Invalid(format!(
                "you have no routine named `{name}`; `unknot add FILE` adds one, \
                 `unknot new {name}` starts one"
            )));
        }
    };
    let Some((program, words)) = editor() else {
        return Err(Failure::Invalid(
            "no editor is set; set VISUAL or EDITOR (for example `export EDITOR=nano`)".to_string(),
        ));
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
            return Err(Failure::Invalid(format!(
                "the editor `{}` {how}; {} was not checked",
                shown(&program),
                shown_path(&path)
            )));
        }
        Err(error) => {
            return Err(Failure::Invalid(format!(
                "cannot run the editor `{}`: {error}",
                shown(&program)
            )));
        }
    }
    match routine::load(&path, &crate::files::ON_DISK) {
        Ok(routine) => {
            writeln!(out, "{}", ok_line(&path, &routine));
            Ok(())
        }
        Err(diagnostics) => Err(Failure::Mistakes {
            shown: format!("{}\n", diagnostics.render(color_on_stderr())),
            summary: format!(
                "`{name}` has {}; it was kept as you saved it, and can't be played until \
                 `unknot edit {name}` fixes it",
                count(diagnostics.len() as u64, "mistake")
            ),
        }),
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
) -> Result<std::path::PathBuf, Failure> {
    let copy = format!("my-{name}");
    let question = format!(
        "`{name}` is a built-in routine and can't be changed. Copy it to your library as \
         `{copy}` and edit the copy?"
    );
    match user_library::ask(&question, true) {
        Some(true) => {}
        Some(false) => return Err(Failure::Said(Exit::Invalid)),
        None => {
            return Err(Failure::Invalid(format!(
                "`{name}` is a built-in routine and can't be changed; copy it first with \
                 `unknot add --builtin {name}`, then `unknot edit {copy}`"
            )));
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
    storage::write_new_atomic(&path, text.as_bytes()).map_err(|error| {
        Failure::Invalid(format!("cannot write {}: {error}", shown_path(&path)))
    })?;
    writeln!(out, "Copied the built-in `{name}` to {}", shown_path(&path));
    Ok(path)
}
