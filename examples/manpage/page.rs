//! The manual page `unknot.1`, in roff, made from the command-line definition so that it never
//! tells of a flag that is gone. One page holds every command and its options.
//!
//! Made at packaging time (`cargo run --example manpage`, which scripts/package-deb.sh runs),
//! so the page generator does not weigh on the binary every user downloads.

use clap::{Arg, Command, CommandFactory};
use roff::{Roff, bold, italic, roman};

use unknot::cli::Cli;

/// The whole page.
pub fn render() -> std::io::Result<String> {
    let mut command = Cli::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    let mut text = String::from_utf8_lossy(&page).into_owned();
    text.push_str(&commands_section(&command));
    text.push_str(EXTRA_SECTIONS);
    Ok(ascii(&text))
}

/// The page in ASCII: every other character as a groff escape (`–` is `\[u2013]`), so that any
/// roff reader takes it without a guess at the encoding.
fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// Every visible command: its usage, what it does, and its arguments.
fn commands_section(command: &Command) -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).to_string();
        roff.control("TP", []);
        roff.text([bold(usage)]);
        let about = sub
            .get_long_about()
            .or_else(|| sub.get_about())
            .map(|about| about.to_string())
            .unwrap_or_default();
        roff.text([roman(about)]);
        let args: Vec<&Arg> = sub
            .get_arguments()
            .filter(|arg| !arg.is_hide_set() && arg.get_id() != "help")
            .collect();
        if args.is_empty() {
            continue;
        }
        roff.control("RS", []);
        for arg in args {
            roff.control("TP", []);
            roff.text(arg_name(arg));
            roff.text([roman(arg_help(arg))]);
        }
        roff.control("RE", []);
    }
    roff.to_roff()
}

/// `--speed FACTOR`, or `ROUTINE` for a positional argument.
fn arg_name(arg: &Arg) -> Vec<roff::Inline> {
    let values: Vec<String> = arg
        .get_value_names()
        .map(|names| names.iter().map(|n| n.to_string()).collect())
        .unwrap_or_else(|| vec![arg.get_id().to_string().to_uppercase()]);
    match arg.get_long() {
        Some(long) => {
            let mut name = vec![bold(format!("--{long}"))];
            if arg.get_action().takes_values() {
                for value in values {
                    name.push(roman(" "));
                    name.push(italic(value));
                }
            }
            name
        }
        None => values.into_iter().map(italic).collect(),
    }
}

/// The argument's help, with its choices and its default.
fn arg_help(arg: &Arg) -> String {
    let mut help = arg
        .get_long_help()
        .or_else(|| arg.get_help())
        .map(|help| help.to_string())
        .unwrap_or_default();
    let choices: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_string())
        .collect();
    if !choices.is_empty() {
        help.push_str(&format!(" (one of: {})", choices.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|value| value.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        help.push_str(&format!(" (default: {})", defaults.join(", ")));
    }
    help
}

/// What the command-line definition does not hold.
const EXTRA_SECTIONS: &str = r#".SH "ROUTINES"
A ROUTINE is a path to a \fB.toml\fR file or the name of a routine in the library: the
built\-in routines first, then yours, in \fI$XDG_CONFIG_HOME/unknot/routines/\fR (normally
\fI~/.config/unknot/routines/\fR), found by file name without \fB.toml\fR.
\fBunknot add\fR copies a routine file there after checking it.
\fBunknot docs format\fR prints the routine format.
.SH "EXIT STATUS"
.TP
\fB0\fR
success
.TP
\fB1\fR
an invalid routine, or one that can't be found or read; or the output could not be written
.TP
\fB2\fR
wrong usage
.TP
\fB130\fR
a session quit before its end (it is still kept in the history)
.SH "FILES"
.TP
\fI~/.config/unknot/config.toml\fR
the settings (\fBunknot config\fR shows them)
.TP
\fI~/.config/unknot/routines/\fR
your routines
.TP
\fI~/.local/share/unknot/history.jsonl\fR
the session history
.SH "ENVIRONMENT"
.TP
\fBXDG_CONFIG_HOME\fR, \fBXDG_DATA_HOME\fR
where the settings, your routines and the history live
.TP
\fBVISUAL\fR, \fBEDITOR\fR
the editor \fBunknot edit\fR opens (split into words at spaces, run without a shell)
.TP
\fBNO_COLOR\fR
no colour in messages
.TP
\fBCOMPLETE\fR
set by the completion scripts when they ask unknot for candidates
.SH "SEE ALSO"
\fBespeak\-ng\fR(1)
"#;

#[cfg(test)]
mod page_tests {
    use super::*;

    #[test]
    fn the_page_is_ascii_with_groff_escapes() {
        assert_eq!(ascii("0.1–100 ok"), "0.1\\[u2013]100 ok");
        assert_eq!(ascii("\u{1F600}"), "\\[u1F600]");
    }
}
