//! `unknot config`: where the settings file is and what is in effect; `--init` writes a
//! commented starter file.

use std::io;
use std::path::Path;

use crate::cli::ConfigArgs;
use crate::commands::failure::Failure;
use crate::config::{self, Config, ConfigError, Key, Origin};
use crate::output::Output;
use crate::words::count;

pub fn run(args: &ConfigArgs, out: &mut Output) -> Result<(), Failure> {
    let path = config::path()?;
    if args.init {
        return init(&path, out);
    }
    match config::load_from(&path) {
        Ok(config) => {
            out.print(&describe(&path, &config));
            Ok(())
        }
        Err(ConfigError::Invalid(diagnostics)) => Err(Failure::Mistakes {
            shown: diagnostics.render(false),
            summary: format!(
                "{} in {}; fix it to use your settings",
                count(diagnostics.len() as u64, "mistake"),
                path.display()
            ),
        }),
        Err(error) => Err(Failure::Invalid(format!(
            "cannot read the settings: {error}"
        ))),
    }
}

fn init(path: &Path, out: &mut Output) -> Result<(), Failure> {
    match config::init_at(path) {
        Ok(()) => {
            writeln!(out, "Wrote {}", path.display());
            writeln!(
                out,
                "Every setting in it is commented out; remove the \"# \" to change one."
            );
            Ok(())
        }
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(Failure::Invalid(
            format!("{} already exists; it was left as it is", path.display()),
        )),
        Err(error) => Err(Failure::Invalid(format!(
            "cannot write {}: {error}",
            path.display()
        ))),
    }
}

/// The path, whether the file exists, and every setting with its value and origin.
fn describe(path: &Path, config: &Config) -> String {
    let mut out = format!("Settings file: {}\n", path.display());
    if !path.exists() {
        out.push_str(
            "  (no file yet: every setting is its default; `unknot config --init` writes one)\n",
        );
    }
    out.push('\n');
    let name_width = Key::ALL.iter().map(|k| k.name().len()).max().unwrap_or(0);
    let value_width = Key::ALL
        .iter()
        .map(|k| config.display_value(*k).chars().count())
        .max()
        .unwrap_or(0);
    for key in Key::ALL {
        let origin = match config.origin(key) {
            Origin::Default => "default",
            Origin::File => "file",
        };
        out.push_str(&format!(
            "{:<name_width$}  {:<value_width$}  {origin}\n",
            key.name(),
            config.display_value(key)
        ));
    }
    out
}
