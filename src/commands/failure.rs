//! Why a command stopped short, as a value: every command returns its [`Failure`] to
//! [`super::dispatch`], which says it on stderr once and turns it into the exit code of the
//! CLI contract ([`Failure::report`]).

use crate::config::ConfigError;
use crate::exit::Exit;
use crate::library::LoadError;

/// What a command that stopped short has to say, and the exit code that goes with it.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Wrong usage (a bad flag, a name where a path can't be): exit 2.
    #[error("{0}")]
    Usage(String),
    /// A routine or a file that is invalid, or that could not be found, read or written; or a
    /// request that could not be carried out: exit 1.
    #[error("{0}")]
    Invalid(String),
    /// A routine that could not be found or has mistakes: exit 1.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The settings file could not be read or has mistakes: exit 1.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Mistakes shown in full (`shown`, rendered with their snippets), then the line that sums
    /// them up: exit 1.
    #[error("{summary}")]
    Mistakes { shown: String, summary: String },
    /// Everything there was to say was said as the command went (`check` printed each
    /// mistake; the runner answered "no"): only the exit code is left.
    #[error("stopped with exit code {}", .0.code())]
    Said(Exit),
}

impl Failure {
    /// The exit code the CLI contract gives this failure.
    pub fn exit(&self) -> Exit {
        match self {
            Failure::Usage(_) => Exit::Usage,
            Failure::Load(error) => error.exit(),
            Failure::Invalid(_) | Failure::Config(_) | Failure::Mistakes { .. } => Exit::Invalid,
            Failure::Said(exit) => *exit,
        }
    }

    /// Says the failure on stderr and returns its exit code.
    pub fn report(self) -> Exit {
        let exit = self.exit();
        match self {
            Failure::Said(_) => {}
            // A routine's mistakes come with their snippets, in colour at a terminal.
            Failure::Load(error) => error.report(),
            Failure::Mistakes { shown, summary } => {
                eprint!("{shown}");
                eprintln!("unknot: {summary}");
            }
            other => eprintln!("unknot: {other}"),
        }
        exit
    }
}

/// The exit code of a command's result, its failure said on stderr.
pub fn report<T: Into<Exit>>(result: Result<T, Failure>) -> Exit {
    match result {
        Ok(done) => done.into(),
        Err(failure) => failure.report(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_has_the_exit_code_of_the_contract() {
        assert_eq!(Failure::Usage("x".into()).exit(), Exit::Usage);
        assert_eq!(Failure::Invalid("x".into()).exit(), Exit::Invalid);
        assert_eq!(
            Failure::Config(ConfigError::NoConfigDir).exit(),
            Exit::Invalid
        );
        assert_eq!(Failure::Said(Exit::Quit).exit(), Exit::Quit);
        let mistakes = Failure::Mistakes {
            shown: String::new(),
            summary: "2 mistakes".into(),
        };
        assert_eq!(mistakes.exit(), Exit::Invalid);
        assert_eq!(mistakes.to_string(), "2 mistakes");
    }

    #[test]
    fn a_failure_reads_as_its_message() {
        assert_eq!(
            Failure::Config(ConfigError::NoConfigDir).to_string(),
            "no place for the settings: set XDG_CONFIG_HOME or HOME"
        );
        assert_eq!(report(Ok(())), Exit::Success);
        assert_eq!(
            report::<()>(Err(Failure::Said(Exit::Invalid))),
            Exit::Invalid
        );
    }
}
