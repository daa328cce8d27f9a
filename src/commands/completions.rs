//! `unknot completions SHELL`: the script that makes SHELL complete unknot's commands, flags
//! and routine names. It comes from the command-line definition itself, so it always offers
//! what this unknot accepts.

use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::cli::{CompletionsArgs, Shell};
use crate::commands::failure::Failure;
use crate::output::Output;

/// The environment variable that makes unknot answer a completion request instead of running.
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Prints the completion script. The script asks `unknot` (found on `PATH`) for candidates on
/// every Tab, so library names are those of the moment.
pub fn run(args: &CompletionsArgs, out: &mut Output) -> Result<(), Failure> {
    let shell: &dyn EnvCompleter = match args.shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Elvish => &Elvish,
        Shell::Powershell => &Powershell,
    };
    match script(shell) {
        Ok(script) if args.shell == Shell::Zsh => {
            out.print(&zsh_autoloadable(&script));
            Ok(())
        }
        Ok(script) => {
            out.print(&script);
            Ok(())
        }
        Err(error) => Err(Failure::Invalid(format!(
            "cannot write the completion script: {error}"
        ))),
    }
}

/// The registration script for `shell`.
fn script(shell: &dyn EnvCompleter) -> std::io::Result<String> {
    let mut script = Vec::new();
    shell.write_registration(COMPLETE_VAR, "unknot", "unknot", "unknot", &mut script)?;
    Ok(String::from_utf8_lossy(&script).into_owned())
}

/// The line of the zsh script that registers the completer.
const ZSH_REGISTER: &str = "compdef _clap_dynamic_completer_unknot unknot";

/// The zsh script, working both when sourced and when installed as `_unknot` in a directory of
/// `$fpath` (as the .deb does): autoloaded there, its first call must also complete, not only
/// register.
fn zsh_autoloadable(script: &str) -> String {
    script.replacen(
        ZSH_REGISTER,
        &format!(
            "if [[ \"${{funcstack[1]}}\" = \"_unknot\" ]]; then\n    \
             _clap_dynamic_completer_unknot \"$@\"\nelse\n    {ZSH_REGISTER}\nfi"
        ),
        1,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_zsh_script_completes_when_autoloaded() {
        let script = zsh_autoloadable(&script(&Zsh).unwrap());
        assert!(script.starts_with("#compdef unknot"), "{script}");
        assert!(
            script.contains(
                "if [[ \"${funcstack[1]}\" = \"_unknot\" ]]; then\n    \
                 _clap_dynamic_completer_unknot \"$@\"\nelse\n    \
                 compdef _clap_dynamic_completer_unknot unknot\nfi"
            ),
            "{script}"
        );
    }
}
