//! One module per command: each turns its arguments into output, or into the [`Failure`] that
//! [`dispatch`] says and turns into the exit code.

pub use failure::Failure;

pub mod add;
pub mod check;
pub mod completions;
pub mod config;
pub mod docs;
pub mod edit;
pub mod failure;
pub mod history;
pub mod list;
pub mod new;
pub mod picker;
pub mod plan;
pub mod play;
pub mod remove;
pub mod schema;
pub mod sound_check;
pub mod user_library;
pub mod watch;

use crate::cli::{Cli, Command};
use crate::exit::Exit;
use crate::output::Output;

/// Runs the command the user asked for; with none, the routine picker. What a command that
/// stopped short has to say is said here, once, and the exit code follows from it.
///
/// Commands that print write through one [`Output`], which decides what a closed or full
/// standard output means for the exit code. The ones that own the terminal (the player, the
/// picker, `watch`) and `sound-check`, which names sounds as they play, handle it themselves.
pub fn dispatch(cli: Cli) -> Exit {
    // First, while unknot has one thread: a `TZ` naming a FIFO or a device would hang the
    // time library, which reads the file it names.
    if let Some(warning) = crate::files::guard_time_zone() {
        eprintln!("unknot: {warning}");
    }
    let mut out = Output::stdout();
    let result = match cli.command {
        None => return picker::run().report(),
        Some(Command::Play(args)) => return play::run(&args).report(),
        Some(Command::SoundCheck(args)) => return failure::report(sound_check::run(&args)),
        Some(Command::Watch(args)) => return failure::report(watch::run(&args)),
        Some(Command::Check(args)) => check::run(&args, &mut out),
        Some(Command::Plan(args)) => plan::run(&args, &mut out),
        Some(Command::List(args)) => list::run(&args, &mut out),
        Some(Command::New(args)) => new::run(&args, &mut out),
        Some(Command::Schema) => schema::run(&mut out),
        Some(Command::History(args)) => history::run(&args, &mut out),
        Some(Command::Config(args)) => config::run(&args, &mut out),
        Some(Command::Add(args)) => add::run(&args, &mut out),
        Some(Command::Remove(args)) => remove::run(&args, &mut out),
        Some(Command::Edit(args)) => edit::run(&args, &mut out),
        Some(Command::Docs(args)) => docs::run(&args, &mut out),
        Some(Command::Completions(args)) => completions::run(&args, &mut out),
    };
    // What was printed goes out before the failure is said, as when it was printed.
    out.flush();
    let exit = failure::report(result);
    out.finish(exit)
}

/// `text` as one word of a shell command that a runner can paste: as it is when it is plain
/// (letters, digits, `-`, `_`, `.`, `/`, `:`, `+`, `=`, `@`, `,`), otherwise in single quotes.
pub fn shell_word(text: &str) -> String {
    // A name with an escape sequence in it is shown escaped, never sent raw to the terminal.
    let text = &crate::routine::shown(text);
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:+=@,".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("calves.toml"), "calves.toml");
        assert_eq!(shell_word("名前.toml"), "名前.toml");
        assert_eq!(shell_word("my calves.toml"), "'my calves.toml'");
        assert_eq!(shell_word("it's.toml"), "'it'\\''s.toml'");
        assert_eq!(shell_word("$x"), "'$x'");
        assert_eq!(shell_word(""), "''");
    }
}
