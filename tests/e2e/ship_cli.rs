//! What comes with the binary, through the real binary: completion scripts (loaded in a real
//! bash, fish and zsh), the manual page (rendered by groff and man), `--version`, the docs pages; and every
//! command with its standard output closed or full.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support;

#[path = "../../examples/manpage/page.rs"]
mod manpage;

use support::{BIN, Home, require, root, text};

#[test]
fn every_shell_gets_a_completion_script() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = home.run(&["completions", shell]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            text(&output.stderr)
        );
        let script = text(&output.stdout);
        // Each script asks unknot itself for the candidates.
        assert!(script.contains("unknot"), "{shell}: {script}");
        assert!(script.contains("COMPLETE"), "{shell}: {script}");
    }
    let output = home.run(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
}

/// The candidates bash offers for `words`, the last being completed, with the script from
/// `unknot completions bash` loaded and unknot on the PATH.
fn bash_completes(home: &Home, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        r#"set -e
source <(unknot completions bash)
complete -p unknot >&2
COMP_WORDS=({words})
COMP_CWORD={cword}
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
COMP_TYPE=9
_clap_complete_unknot unknot "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}"
"#,
        words = quoted.join(" "),
        cword = words.len() - 1,
    );
    let output = shell(home, "bash")
        .args(["--norc", "--noprofile", "-c", &script])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "bash failed: {}",
        text(&output.stderr)
    );
    assert!(
        text(&output.stderr).contains("_clap_complete_unknot"),
        "not registered: {}",
        text(&output.stderr)
    );
    text(&output.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn bash_completes_commands_and_library_names() {
    if !require(&["bash"]) {
        return;
    }
    let home = home_with_a_routine();

    let commands = bash_completes(&home, &["unknot", "pl"]);
    assert_eq!(commands, ["play", "plan"]);

    // A routine of the user's library, after each command that takes a routine.
    for command in ["play", "plan", "check"] {
        let names = bash_completes(&home, &["unknot", command, "calves-e"]);
        assert_eq!(names, ["calves-evening"], "{command}");
    }
    // A built-in one.
    let names = bash_completes(&home, &["unknot", "play", "hamstr"]);
    assert_eq!(names, ["hamstrings-glutes-lacrosse"]);
    // Only the user's own after `remove`; only built-in ones after `add --builtin`.
    assert_eq!(
        bash_completes(&home, &["unknot", "remove", "c"]),
        ["calves-evening"]
    );
    assert_eq!(
        bash_completes(&home, &["unknot", "add", "--builtin", "pre"]),
        ["pre-run-dynamic", "pre-run-dynamic-de"]
    );
    // Flags too.
    assert_eq!(
        bash_completes(&home, &["unknot", "play", "--first-side", ""]),
        ["left", "right"]
    );
}

/// The PATH with the unknot under test first, as an installed completion script expects.
fn path_with_unknot() -> String {
    let bin_dir = Path::new(BIN).parent().unwrap();
    format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A home with one routine of the user's own, `calves-evening`, for completion to find.
fn home_with_a_routine() -> Home {
    let home = Home::new();
    home.add_routine("routines/valid/calves.toml", "calves-evening");
    home
}

/// A shell run in `home`, with unknot on the PATH and the user's settings in the home.
fn shell(home: &Home, program: &str) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(home.path())
        .envs(home.env())
        .env("PATH", path_with_unknot())
        .env_remove("COMPLETE");
    command
}

/// The candidates fish offers for the command line `line`, with the script from `unknot
/// completions fish` loaded and no other configuration.
fn fish_completes(home: &Home, line: &str) -> Vec<String> {
    let script = format!("unknot completions fish | source; complete --do-complete '{line}'");
    let output = shell(home, "fish")
        .args(["--no-config", "-c", &script])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "fish failed: {}",
        text(&output.stderr)
    );
    // Each candidate is its value, a tab, and its description.
    text(&output.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(|line| line.split('\t').next().unwrap_or(line).to_string())
        .collect()
}

/// What a shell's completion of `unknot` must offer: the commands, a built-in routine and one
/// of the user's own. `completes` gives the candidates that shell offers for a command line.
fn completes_commands_and_library_names(shell: &str, completes: fn(&Home, &str) -> Vec<String>) {
    if !require(&[shell]) {
        return;
    }
    let home = home_with_a_routine();
    assert_eq!(completes(&home, "unknot pl"), ["play", "plan"], "{shell}");
    assert_eq!(
        completes(&home, "unknot play hamstr"),
        ["hamstrings-glutes-lacrosse"],
        "{shell}"
    );
    assert_eq!(
        completes(&home, "unknot play calves-e"),
        ["calves-evening"],
        "{shell}"
    );
}

#[test]
fn fish_completes_commands_and_library_names() {
    completes_commands_and_library_names("fish", fish_completes);
}

/// What zsh runs to complete a line: its completion system (`compinit`) with the `_unknot`
/// of `unknot completions zsh` in its function path, and every candidate the completion adds
/// written to `$OUT`, then `done` to `$DONE` once the completion is over.
const ZSH_RC: &str = r#"PROMPT='> '
fpath=($COMPDIR $fpath)
autoload -U compinit && compinit -u -D
compadd() {
  local -a hits
  builtin compadd -O hits "$@"
  (( $#hits )) && print -rl -- $hits >> $OUT
  builtin compadd "$@"
}
finished() { print done > $DONE }
comppostfuncs=(finished)
bindkey '^I' complete-word
"#;

/// Types `$LINE` and Tab into an interactive zsh on a pseudo-terminal (zsh's own `zpty`), as
/// a user would, and waits for the completion to end.
const ZSH_DRIVER: &str = r#"zmodload zsh/zpty || exit 3
zpty shell zsh -f -i
zpty -w shell "source ${(q)RC}"
zpty -w shell "$LINE"$'	'
for i in {1..200}; do [[ -f $DONE ]] && break; sleep 0.1; done
zpty -d shell
[[ -f $DONE ]] || { print -u2 "zsh did not complete: $LINE"; exit 1 }
"#;

/// The candidates zsh offers for the command line `line` (without duplicates, in order).
fn zsh_completes(home: &Home, line: &str) -> Vec<String> {
    let dir = home.path().join("zsh");
    let functions = dir.join("functions");
    std::fs::create_dir_all(&functions).unwrap();
    let output = home.run(&["completions", "zsh"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    std::fs::write(functions.join("_unknot"), &output.stdout).unwrap();
    let rc = dir.join("rc.zsh");
    std::fs::write(&rc, ZSH_RC).unwrap();
    let (out, done) = (dir.join("candidates"), dir.join("done"));
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&done);
    let output = shell(home, "zsh")
        .args(["-f", "-c", ZSH_DRIVER])
        .env("COMPDIR", &functions)
        .env("RC", &rc)
        .env("OUT", &out)
        .env("DONE", &done)
        .env("LINE", line)
        .env("ZDOTDIR", &dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "zsh failed: {}",
        text(&output.stderr)
    );
    let mut candidates: Vec<String> = Vec::new();
    for line in std::fs::read_to_string(&out).unwrap_or_default().lines() {
        if !line.is_empty() && !candidates.iter().any(|c| c == line) {
            candidates.push(line.to_string());
        }
    }
    candidates
}

#[test]
fn zsh_completes_commands_and_library_names() {
    completes_commands_and_library_names("zsh", zsh_completes);
}

/// The manual page, made by the generator packaging runs (`cargo run --example manpage`).
fn manual_page(home: &Home) -> PathBuf {
    let page = home.path().join("unknot.1");
    std::fs::write(&page, manpage::render().unwrap()).unwrap();
    page
}

#[test]
fn the_manual_page_renders_without_warnings() {
    let home = Home::new();
    let page = manual_page(&home);
    let roff = std::fs::read_to_string(&page).unwrap();
    assert!(roff.is_ascii(), "non-ASCII characters are escaped");
    for section in ["COMMANDS", "EXIT STATUS", "FILES", "ENVIRONMENT"] {
        assert!(roff.contains(section), "{section}");
    }
    // Every command is there, and only the command line's own.
    assert!(roff.contains("unknot completions"), "{roff}");
    assert!(!roff.contains("unknot manpage"), "{roff}");
    if !require(&["groff"]) {
        return;
    }
    let output = Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(text(&output.stderr), "", "groff warnings");
    if !require(&["man"]) {
        return;
    }
    let output = Command::new("man")
        .args(["-l", "-Tutf8"])
        .arg(&page)
        .env("MANWIDTH", "80")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr), "", "man warnings");
    // Bold and underline come as overstrikes (`a\bA`); the text is what remains.
    let mut shown = String::new();
    for c in text(&output.stdout).chars() {
        if c == '\u{8}' {
            shown.pop();
        } else {
            shown.push(c);
        }
    }
    assert!(shown.contains("unknot add [OPTIONS] [FILE]..."), "{shown}");
    assert!(shown.contains("EXIT STATUS"), "{shown}");
}

#[test]
fn version_names_the_commit_when_built_from_git() {
    let home = Home::new();
    let output = home.run(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    let line = text(&output.stdout);
    let version = env!("CARGO_PKG_VERSION");
    let git_here = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root())
            .args(args)
            .output()
    };
    let git = git_here(&["log", "-1", "--format=%h %cs"]);
    let top = git_here(&["rev-parse", "--show-toplevel"]);
    let in_checkout = top.as_ref().is_ok_and(|out| {
        out.status.success()
            && std::fs::canonicalize(text(&out.stdout).trim()).ok()
                == std::fs::canonicalize(root()).ok()
    });
    match git {
        Ok(out) if out.status.success() && in_checkout => {
            let commit = text(&out.stdout).trim().to_string();
            assert_eq!(line, format!("unknot {version} ({commit})\n"));
        }
        _ => assert_eq!(line, format!("unknot {version}\n")),
    }
}

#[test]
fn the_format_page_travels_with_the_binary() {
    let home = Home::new();
    let output = home.run(&["docs", "format"]);
    assert_eq!(output.status.code(), Some(0));
    let page = std::fs::read_to_string(root().join("docs/routine-format.md")).unwrap();
    assert_eq!(text(&output.stdout), page);
    let list = text(&home.run(&["docs"]).stdout);
    assert!(list.contains("unknot docs format"), "{list}");
    // The starter routine points to it, not to a file the user doesn't have.
    let output = home.run(&["new", "calves"]);
    assert_eq!(output.status.code(), Some(0));
    let starter = std::fs::read_to_string(home.path().join("calves.toml")).unwrap();
    assert!(starter.contains("unknot docs format"), "{starter}");
    assert!(!starter.contains("docs/routine-format.md"), "{starter}");
}

/// One command to try with a closed and a full standard output.
struct Case {
    args: &'static [&'static str],
    /// Makes the home ready (a routine to remove, an editor...).
    setup: fn(&Home, &mut Command),
    /// Whether it writes to stdout at all, so that a full stdout must fail it.
    writes: bool,
}

fn nothing(_: &Home, _: &mut Command) {}

fn with_user_routine(home: &Home, _: &mut Command) {
    home.add_routine("routines/valid/calves.toml", "calves");
}

fn with_user_routine_and_editor(home: &Home, command: &mut Command) {
    with_user_routine(home, command);
    command.env("EDITOR", "true");
}

fn with_history(home: &Home, _: &mut Command) {
    // A session played through the real player, so the history has a record to print.
    let output = home.run(&["play", MINIMAL, "--headless", "--speed", "100", "--mute"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

const CALVES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/routines/valid/calves.toml"
);
const MINIMAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/routines/valid/minimal.toml"
);
const BROKEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/routines/invalid/missing-duration.toml"
);

fn cases() -> Vec<Case> {
    let case = |args, setup, writes| Case {
        args,
        setup,
        writes,
    };
    vec![
        case(&["list"], nothing, true),
        case(&["list", "--json"], nothing, true),
        case(&["plan", "pre-run-dynamic"], nothing, true),
        case(&["plan", "--json", "pre-run-dynamic"], nothing, true),
        case(&["plan", "--markdown", "pre-run-dynamic"], nothing, true),
        case(&["check", CALVES], nothing, true),
        case(&["check", "--json", CALVES, BROKEN], nothing, true),
        case(&["check", BROKEN], nothing, false),
        case(&["schema"], nothing, true),
        case(&["history"], with_history, true),
        case(&["history", "--json"], with_history, true),
        case(&["history", "--spots"], with_history, true),
        case(&["config"], nothing, true),
        case(&["config", "--init"], nothing, true),
        case(&["new", "x"], nothing, true),
        case(&["docs"], nothing, true),
        case(&["docs", "format"], nothing, true),
        case(&["completions", "zsh"], nothing, true),
        case(&["add", CALVES], nothing, true),
        case(&["add", BROKEN], nothing, false),
        case(&["add", "--builtin", "pre-run-dynamic"], nothing, true),
        case(&["remove", "--force", "calves"], with_user_routine, true),
        case(&["edit", "calves"], with_user_routine_and_editor, true),
        case(&["--help"], nothing, true),
        case(&["--version"], nothing, true),
        case(&["play", "--help"], nothing, true),
        case(
            &["play", MINIMAL, "--headless", "--speed", "100", "--mute"],
            nothing,
            true,
        ),
        // These need a terminal and say so on stderr; they must not panic either.
        case(&["play", "pre-run-dynamic"], nothing, false),
        case(&["watch", CALVES], nothing, false),
        case(&[], nothing, false),
    ]
}

/// A headless session, whose events are its output.
fn plays_headless(case: &Case) -> bool {
    case.args.first() == Some(&"play") && case.args.contains(&"--headless")
}

/// Runs a case in a fresh home with the given stdout.
fn run_case(case: &Case, stdout: Stdio) -> Output {
    let home = Home::new();
    let mut command = home.command(case.args);
    (case.setup)(&home, &mut command);
    command.stdout(stdout).output().unwrap()
}

#[test]
fn every_command_is_quiet_when_its_reader_goes_away() {
    for case in cases() {
        let normal = run_case(&case, Stdio::null());
        let (reader, writer) = std::io::pipe().unwrap();
        // Nobody will read: every write to stdout fails with a broken pipe.
        drop(reader);
        let output = run_case(&case, Stdio::from(writer));
        let stderr = text(&output.stderr);
        // A headless session whose reader went away is cut short, kept as quit, and exits as
        // a session quit before its end does; every other command keeps its own exit code.
        let expected = if plays_headless(&case) {
            Some(130)
        } else {
            normal.status.code()
        };
        assert_eq!(output.status.code(), expected, "{:?}: {stderr}", case.args);
        assert!(!stderr.contains("panicked"), "{:?}: {stderr}", case.args);
        assert_eq!(stderr, text(&normal.stderr), "{:?}", case.args);
    }
}

#[test]
fn every_command_says_when_its_output_is_full() {
    if !Path::new("/dev/full").exists() {
        support::skip("there is no /dev/full here");
        return;
    }
    for case in cases() {
        let normal = run_case(&case, Stdio::null());
        let full = File::options().write(true).open("/dev/full").unwrap();
        let output = run_case(&case, Stdio::from(full));
        let stderr = text(&output.stderr);
        assert!(!stderr.contains("panicked"), "{:?}: {stderr}", case.args);
        assert_ne!(output.status.code(), Some(101), "{:?}", case.args);
        if case.writes {
            assert!(
                stderr.contains("No space left on device"),
                "{:?}: {stderr}",
                case.args
            );
            let expected = match normal.status.code() {
                // The session can't go on without its events: it ends as quit.
                Some(0) if plays_headless(&case) => Some(130),
                Some(0) => Some(1),
                other => other,
            };
            assert_eq!(output.status.code(), expected, "{:?}: {stderr}", case.args);
        } else {
            assert_eq!(
                output.status.code(),
                normal.status.code(),
                "{:?}: {stderr}",
                case.args
            );
        }
    }
}
