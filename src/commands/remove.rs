//! `unknot remove NAME`: takes one of your routines out of the library (deletes its file).
//! Built-in routines are part of unknot and can't be removed.

use crate::cli::RemoveArgs;
use crate::commands::failure::Failure;
use crate::commands::user_library::{self, Lookup};
use crate::output::Output;
use crate::routine::{shown, shown_path};

pub fn run(args: &RemoveArgs, out: &mut Output) -> Result<(), Failure> {
    let dir = user_library::dir()?;
    let name = shown(&args.name);
    let path = match user_library::lookup(&dir, &args.name) {
        Lookup::Yours(path) => path,
        Lookup::BuiltIn => {
            return Err(Failure::Invalid(format!(
                "`{name}` is a built-in routine, part of unknot; it can't be removed \
                 (only your own routines can)"
            )));
        }
        Lookup::Unknown => {
            let yours = user_library::names();
            let hint = if yours.is_empty() {
                "you have no routines of your own yet".to_string()
            } else {
                format!(
                    "yours are: {}",
                    yours
                        .iter()
                        .map(|n| shown(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Err(Failure::Invalid(format!(
                "you have no routine named `{name}`; {hint}"
            )));
        }
    };
    if !args.force {
        let question = format!("Remove your routine `{name}` ({})?", shown_path(&path));
        match user_library::ask(&question, false) {
            Some(true) => {}
            Some(false) => {
                return Err(Failure::Invalid("nothing was removed".to_string()));
            }
            None => {
                return Err(Failure::Invalid(format!(
                    "removing `{name}` deletes {}; `--force` does it without asking",
                    shown_path(&path)
                )));
            }
        }
    }
    if let Err(error) = std::fs::remove_file(&path) {
        return Err(Failure::Invalid(format!(
            "cannot remove {}: {error}",
            shown_path(&path)
        )));
    }
    writeln!(out, "Removed `{name}`: {}", shown_path(&path));
    if user_library::is_built_in(&args.name) {
        writeln!(
            out,
            "`unknot play {name}` plays the built-in routine, as before."
        );
    }
    Ok(())
}
