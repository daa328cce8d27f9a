//! The `[hooks]` section of the settings file: each hook a program and its arguments.

use toml::Spanned;
use toml::de::DeValue;

use super::Config;
use super::parse::Reader;
use crate::hooks::Hooks;
use crate::routine::{self, describe};

/// Reads `[hooks]`: each hook a non-empty array of strings, a program and its arguments.
pub(super) fn read(reader: &mut Reader<'_>, config: &mut Config, value: &Spanned<DeValue<'_>>) {
    let DeValue::Table(table) = value.get_ref() else {
        let found = describe(value.get_ref());
        let diagnostic = reader.error(
            value.span(),
            format!("`hooks` must be a table of programs, found {found}"),
            "not a table",
        );
        diagnostic.suggestion = Some("write it as a [hooks] section".to_string());
        return;
    };
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        if !Hooks::NAMES.contains(&name) {
            let suggestion = routine::did_you_mean(name, Hooks::NAMES)
                .map(|known| format!("did you mean `{known}`?"));
            let known: Vec<String> = Hooks::NAMES.iter().map(|k| format!("`{k}`")).collect();
            let diagnostic = reader.error(
                key.span(),
                format!(
                    "unknown hook `{}`; the hooks are {}",
                    name.escape_default(),
                    known.join(", ")
                ),
                "not a hook",
            );
            diagnostic.suggestion = suggestion;
            continue;
        }
        let command: Option<Vec<String>> = match value.get_ref() {
            DeValue::Array(items) if !items.is_empty() => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(s) if !s.is_empty() => Some(s.to_string()),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        match command {
            Some(command) => {
                config.hooks.set(name, command);
            }
            None => {
                let found = describe(value.get_ref());
                let diagnostic = reader.error(
                    value.span(),
                    format!(
                        "`{name}` must be a program and its arguments, as an array of \
                         strings, found {found}"
                    ),
                    "invalid value",
                );
                diagnostic.suggestion = match value.get_ref() {
                    DeValue::String(s) => Some(format!(
                        "write it as an array, with no shell: [{}]",
                        s.split_whitespace()
                            .map(|word| format!("{word:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    _ => None,
                };
            }
        }
    }
}
