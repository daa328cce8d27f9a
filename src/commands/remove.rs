//! `unknot remove NAME`: takes one of your routines out of the library (deletes its file).
//! Built-in routines are part of unknot and can't be removed.

use crate::cli::RemoveArgs;
use crate::commands::user_library::{self, shown, shown_text};
use crate::exit::Exit;
use crate::output::Output;

pub fn run(args: &RemoveArgs, out: &mut Output) -> Exit {
    let dir = match user_library::dir() {
        Ok(dir) => dir,
        Err(message) => {
            eprintln!("unknot: {message}");
            return Exit::Invalid;
        }
    };
    let name = shown_text(&args.name);
    // Only a bare name: `remove ../x` must not reach outside the library.
    let bare = crate::commands::new::file_stem(&args.name).is_ok_and(|stem| stem == args.name);
    let Some(path) = user_library::existing(&dir, &args.name).filter(|_| bare) else {
        if user_library::is_built_in(&args.name) {
            eprintln!(
                "unknot: `{name}` is a built-in routine, part of unknot; it can't be removed \
                 (only your own routines can)"
            );
        } else {
            let yours = user_library::names();
            let hint = if yours.is_empty() {
                "you have no routines of your own yet".to_string()
            } else {
                format!(
                    "yours are: {}",
                    yours
                        .iter()
                        .map(|n| shown_text(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            eprintln!("unknot: you have no routine named `{name}`; {hint}");
        }
        return Exit::Invalid;
    };
    if !args.force {
        let question = format!("Remove your routine `{name}` ({})?", shown(&path));
        match user_library::ask(&question, false) {
            Some(true) => {}
            Some(false) => {
                eprintln!("unknot: nothing was removed");
                return Exit::Invalid;
            }
            None => {
                eprintln!(
                    "unknot: removing `{name}` deletes {}; `--force` does it without asking",
                    shown(&path)
                );
                return Exit::Invalid;
            }
        }
    }
    if let Err(error) = std::fs::remove_file(&path) {
        eprintln!("unknot: cannot remove {}: {error}", shown(&path));
        return Exit::Invalid;
    }
    writeln!(out, "Removed `{name}`: {}", shown(&path));
    if user_library::is_built_in(&args.name) {
        writeln!(
            out,
            "`unknot play {name}` plays the built-in routine, as before."
        );
    }
    Exit::Success
}
