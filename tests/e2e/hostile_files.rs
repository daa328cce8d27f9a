//! Hostile files through the real binary: what is not a regular file, files too large, paths
//! that reach outside a routine's folder, names carrying escape sequences, includes that
//! multiply their text, files with thousands of mistakes. Every run is in an isolated home,
//! under a time limit and a memory cap, so a regression shows as a failure, not a hang.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use crate::support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

use support::{Home, require, root, skip, text};

/// Seconds any one run may take; every case here takes well under one.
const TIME_LIMIT: &str = "10";
/// Address space any one run may use, in KiB (1 GiB): reading /dev/zero or a block 500 times
/// would need far more.
const MEMORY_LIMIT_KIB: &str = "1048576";

const STEP: &str = "[[step]]\nkind = \"rest\"\nname = \"Rest\"\nduration = 5\n";

/// An isolated home with its routines folder made.
fn home() -> Home {
    let home = Home::new();
    std::fs::create_dir_all(home.routines()).unwrap();
    home
}

/// `unknot args...` in `home` with a time limit and a memory cap, from the crate root.
fn run(home: &Home, args: &[&str], env: &[(&str, &str)]) -> Output {
    let limits = format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\"");
    let wrapper = ["timeout", "-s", "KILL", TIME_LIMIT, "sh", "-c", &limits];
    let mut command = home.command_via(&wrapper, args);
    command.current_dir(root()).env_remove("TZ");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("run unknot under timeout");
    // 137: killed by the time limit; 124 would be a plain timeout.
    assert!(
        !matches!(output.status.code(), Some(124 | 137) | None),
        "unknot {args:?} did not finish within {TIME_LIMIT} s or was killed: {:?}\n{}",
        output.status,
        text(&output.stderr)
    );
    output
}

/// Runs `unknot args...` as [`run`] does and checks that it refuses (exit 1); what it said on
/// stderr.
#[track_caller]
fn refused(home: &Home, args: &[&str]) -> String {
    let out = run(home, args, &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    stderr
}

fn mkfifo(path: &Path) -> bool {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    if !require(&["mkfifo"]) {
        return false;
    }
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {path:?}");
    true
}

fn routine(steps: &str) -> String {
    format!("format = 1\n\n[routine]\nname = \"R\"\n\n{steps}")
}

/// No byte that a terminal acts on: ESC, BEL, C1 controls, bidi overrides.
fn assert_terminal_safe(what: &str, output: &str) {
    let bad = output.chars().find(|c| {
        matches!(*c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
            || ('\u{202a}'..='\u{202e}').contains(c)
            || ('\u{2066}'..='\u{2069}').contains(c)
    });
    assert_eq!(
        bad, None,
        "{what} printed a raw control character:\n{output:?}"
    );
}

// 1. Reading what isn't a file.

#[test]
fn fifos_and_devices_are_refused_at_once_by_every_command() {
    let home = home();
    let fifo = home.path().join("r/fifo.toml");
    if !mkfifo(&fifo) {
        return;
    }
    let fifo = fifo.to_str().unwrap();
    for args in [
        vec!["check", fifo],
        vec!["plan", fifo],
        vec!["check", "/dev/zero"],
        vec!["plan", "/dev/zero"],
    ] {
        let stderr = refused(&home, &args);
        let what = if args[1] == fifo {
            "not a regular file (a FIFO)"
        } else {
            "not a regular file (a character device)"
        };
        assert!(stderr.contains(what), "{args:?}: {stderr}");
        assert!(!stderr.contains("no such file"), "{args:?}: {stderr}");
    }
}

#[test]
fn an_include_or_sound_that_is_a_fifo_is_refused() {
    let home = home();
    if !mkfifo(&home.path().join("r/blocks/fifo.toml"))
        || !mkfifo(&home.path().join("r/sounds/fifo.wav"))
    {
        return;
    }
    let main = home.write(
        "r/main.toml",
        &routine(
            "[sounds]\nstart = \"sounds/fifo.wav\"\n\n[[step]]\ninclude = \"blocks/fifo.toml\"\n",
        ),
    );
    let stderr = refused(&home, &["check", main.to_str().unwrap()]);
    assert!(
        stderr.contains("cannot read the included file \"blocks/fifo.toml\"")
            && stderr.contains("blocks/fifo.toml\"): not a regular file (a FIFO)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("r/sounds/fifo.wav\"), cannot be used: not a regular file (a FIFO)"),
        "{stderr}"
    );
    assert!(stderr.contains("main.toml:7:9"), "{stderr}");
    assert!(stderr.contains("main.toml:10:11"), "{stderr}");
}

#[test]
fn a_user_routine_that_is_a_fifo_is_listed_as_unreadable() {
    let home = home();
    if !mkfifo(&home.routines().join("stuck.toml")) {
        return;
    }
    home.write("config/unknot/routines/fine.toml", &routine(STEP));
    let out = run(&home, &["list"], &[]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("✗ stuck"), "{stdout}");
    assert!(stdout.contains("not a regular file (a FIFO)"), "{stdout}");
    assert!(stdout.contains("fine"), "{stdout}");
    let stderr = refused(&home, &["plan", "stuck"]);
    assert!(
        stderr.contains("could not be read: not a regular file (a FIFO)"),
        "{stderr}"
    );
}

#[test]
fn settings_and_history_that_are_not_files_are_refused() {
    let home = home();
    let plan_me = home.write("r/main.toml", &routine(STEP));
    if !mkfifo(&home.config_file()) || !mkfifo(&home.history_file()) {
        return;
    }
    let stderr = refused(&home, &["plan", plan_me.to_str().unwrap()]);
    assert!(
        stderr.contains("config.toml: not a regular file (a FIFO)"),
        "{stderr}"
    );
    let out = run(&home, &["history"], &[]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("history.jsonl: not a regular file (a FIFO)"),
        "{stderr}"
    );
}

#[test]
fn a_file_over_its_limit_is_refused_without_being_read() {
    let home = home();
    let big = home.path().join("r/big.toml");
    std::fs::create_dir_all(big.parent().unwrap()).unwrap();
    std::fs::File::create(&big)
        .unwrap()
        .set_len(2_200_000_000)
        .unwrap();
    let stderr = refused(&home, &["check", big.to_str().unwrap()]);
    assert!(
        stderr.contains("too large: 2.0 GiB, the limit is 1 MiB"),
        "{stderr}"
    );
    let settings = home.config_file();
    std::fs::File::create(&settings)
        .unwrap()
        .set_len(100_000)
        .unwrap();
    let out = run(&home, &["config"], &[]);
    support::assert_contains(&out.stderr, "too large: 97.7 KiB, the limit is 64 KiB");
}

#[test]
fn links_that_loop_or_files_that_cannot_be_read_are_said_precisely() {
    let home = home();
    let a = home.path().join("a.toml");
    let b = home.path().join("b.toml");
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    for command in ["check", "plan"] {
        let stderr = refused(&home, &[command, a.to_str().unwrap()]);
        assert!(stderr.contains("symbolic link loop"), "{command}: {stderr}");
    }
    let locked = home.write("config/unknot/routines/locked.toml", &routine(STEP));
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let out = if std::fs::read(&locked).is_ok() {
        // Root reads any file: the binary runs as `nobody` instead, in a home it may enter
        // but where the routine is still root's alone.
        if !require(&["setpriv"]) {
            return;
        }
        std::fs::set_permissions(
            home.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        )
        .unwrap();
        let nobody = [
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            "--",
        ];
        let out = home
            .command_via(&nobody, &["plan", "locked"])
            .output()
            .unwrap();
        if text(&out.stderr).contains("setpriv:") {
            skip(&format!(
                "setpriv cannot run as nobody here: {}",
                text(&out.stderr)
            ));
            return;
        }
        out
    } else {
        run(&home, &["plan", "locked"], &[])
    };
    let stderr = text(&out.stderr);
    assert!(stderr.contains("permission denied"), "{stderr}");
    assert!(!stderr.contains("no routine named"), "{stderr}");
}

#[test]
fn a_time_zone_that_is_not_a_file_is_set_aside() {
    let home = home();
    let fifo = home.path().join("zone");
    if !mkfifo(&fifo) {
        return;
    }
    for tz in ["/dev/zero", fifo.to_str().unwrap()] {
        let out = run(&home, &["history"], &[("TZ", tz)]);
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "TZ={tz}: {stderr}");
        assert!(
            stderr.contains("cannot be used as a time zone (not a regular file"),
            "TZ={tz}: {stderr}"
        );
    }
    let out = run(&home, &["history"], &[("TZ", "Europe/Paris")]);
    assert!(out.status.success());
    assert!(
        !text(&out.stderr).contains("time zone"),
        "{}",
        text(&out.stderr)
    );
}

// 2. Any readable file can be printed.

#[test]
fn an_include_cannot_reach_outside_the_routines_folder() {
    let home = home();
    let secret = "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjE";
    let key = home.write(".ssh/id_ed25519", &format!("{secret}\n"));
    home.write("r/blocks/calf.toml", STEP);
    std::os::unix::fs::symlink(&key, home.path().join("r/blocks/key.toml")).unwrap();
    for include in [
        key.to_str().unwrap(),
        "../.ssh/id_ed25519",
        "blocks/../../.ssh/id_ed25519",
        "blocks/key.toml",
        "/dev/zero",
    ] {
        let main = home.write(
            "r/main.toml",
            &routine(&format!("[[step]]\ninclude = \"{include}\"\n")),
        );
        let out = run(&home, &["check", main.to_str().unwrap()], &[]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{include}: {stderr}");
        assert!(stderr.contains("main.toml:7:11"), "{include}: {stderr}");
        assert!(
            stderr.contains("cannot be used: it is"),
            "{include}: {stderr}"
        );
        assert!(
            !stderr.contains("BEGIN") && !stderr.contains("b3Bl"),
            "{stderr}"
        );
    }
    for fixture in ["include-absolute", "include-outside"] {
        let out = run(
            &home,
            &["check", &format!("tests/routines/hostile/{fixture}.toml")],
            &[],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&format!("{fixture}.toml:7:11")), "{stderr}");
        assert!(!stderr.contains("root:"), "{stderr}");
    }
    // Inside the folder, blocks including blocks, `..` and all, still work.
    home.write(
        "r/blocks/two.toml",
        "[[step]]\ninclude = \"../blocks/calf.toml\"\n",
    );
    let main = home.write(
        "r/main.toml",
        &routine("[[step]]\ninclude = \"blocks/two.toml\"\n"),
    );
    let out = run(&home, &["check", main.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

// 3. Escape sequences through file names.

#[test]
fn file_names_with_escape_sequences_are_printed_escaped() {
    let home = home();
    let name = "calf\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}";
    home.write(
        &format!("config/unknot/routines/{name}.toml"),
        &routine(STEP),
    );
    home.write("config/unknot/routines/broken.toml", "[[step]]\n");
    let dir = "r\u{1b}[31m";
    home.write(
        &format!("{dir}/blocks/broken.toml"),
        "[[step]]\nkind = \"nope\"\n",
    );
    let main = home.write(
        &format!("{dir}/main.toml"),
        &routine("[[step]]\ninclude = \"blocks/broken.toml\"\n"),
    );
    let main = main.to_str().unwrap();
    let runs = [
        vec!["check", main],
        vec!["check", "--json", main],
        vec!["plan", main],
        vec!["list"],
        vec!["list", "--json"],
        vec!["plan", "calf"],
        vec!["check", "no-such-dir/\u{1b}[2J.toml"],
    ];
    for args in runs {
        let out = run(&home, &args, &[]);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_terminal_safe(&format!("{args:?}"), &all);
        if args.contains(&"--json") {
            let json: serde_json::Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", text(&out.stdout)));
            // The JSON still says the real name.
            assert!(json.to_string().contains("calf") || json.to_string().contains("r\\u001b"));
        }
    }
    let out = run(&home, &["check", main], &[]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("--> "), "{stderr}");
    assert!(
        stderr.contains("r\\u{1b}[31m/blocks/broken.toml:2:8"),
        "{stderr}"
    );
    assert!(stderr.contains("included from "), "{stderr}");
    let out = run(&home, &["list"], &[]);
    support::assert_contains(&out.stdout, "calf\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{202e}");
    let out = run(&home, &["plan", "calf"], &[]);
    support::assert_contains(&out.stderr, "`calf\\u{1b}]0;owned");
}

#[test]
fn control_characters_in_include_and_sound_paths_are_refused_with_a_position() {
    let home = home();
    for (fixture, position, what) in [
        (
            "include-control-char",
            "7:11",
            "`include` contains an escape character (U+001B)",
        ),
        (
            "sound-bidi",
            "7:9",
            "`start` contains a bidirectional override (U+202E)",
        ),
    ] {
        let out = run(
            &home,
            &["check", &format!("tests/routines/hostile/{fixture}.toml")],
            &[],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!("{fixture}.toml:{position}")),
            "{stderr}"
        );
        assert!(stderr.contains(what), "{stderr}");
        assert_terminal_safe(fixture, &stderr);
    }
}

#[test]
fn sound_check_names_a_sound_file_escaped() {
    let home = home();
    let dir = "r\u{1b}[31m";
    let wav = home.path().join(format!("{dir}/gong.wav"));
    std::fs::create_dir_all(wav.parent().unwrap()).unwrap();
    std::fs::copy(
        root().join("assets/sounds/chime.flac"),
        home.path().join(format!("{dir}/chime.flac")),
    )
    .unwrap();
    let main = home.write(
        &format!("{dir}/main.toml"),
        &routine(&format!("[sounds]\nstart = \"chime.flac\"\n\n{STEP}")),
    );
    // The routine's own sound is the first cue named: read that line, then leave, which ends
    // sound-check as the end of its list would (one cue a second).
    let mut child =
        support::spawn_piped(&mut home.command(&["sound-check", main.to_str().unwrap()]));
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        first.contains("r\\u{1b}[31m/chime.flac"),
        "{first}{}",
        text(&out.stderr)
    );
    assert_terminal_safe("sound-check", &first.replace('\u{7}', ""));
    assert_terminal_safe("sound-check", &text(&out.stderr));
}

// 4. Include fan-out.

#[test]
fn a_block_included_many_times_cannot_blow_up_time_or_memory() {
    let home = home();
    // 900 KB, under the 1 MiB file limit, included 499 times: 450 MB if each were kept.
    let block = format!(
        "{STEP}{}",
        "# padding to make the block big\n".repeat(28_000)
    );
    home.write("r/big.toml", &block);
    let main = home.write(
        "r/main.toml",
        &routine(&"[[step]]\ninclude = \"big.toml\"\n".repeat(499)),
    );
    let started = Instant::now();
    let stderr = refused(&home, &["check", main.to_str().unwrap()]);
    assert!(
        stderr.contains("hold more than 8 MiB of text in all"),
        "{stderr}"
    );
    eprintln!("499 includes of a 900 KB block: {:?}", started.elapsed());
}

// 5. Many errors.

#[test]
fn thousands_of_mistakes_are_cut_to_fifty_and_counted() {
    let home = home();
    let mut text_of = routine(STEP);
    for n in 0..1000 {
        text_of.push_str(&format!(
            "[[step]]\nkind = \"rest\"\nname = \"S{n}\"\nduration = \"x{n}\"\n"
        ));
    }
    let main = home.write("r/many.toml", &text_of);
    let main = main.to_str().unwrap();
    let stderr = refused(&home, &["check", main]);
    assert_eq!(stderr.matches("\nerror: ").count() + 1, 50, "{stderr}");
    assert!(stderr.contains("… and 950 more errors in "), "{stderr}");
    assert!(stderr.ends_with("1000 errors in 1 of 1 file\n"), "{stderr}");
    let out = run(&home, &["check", "--json", main], &[]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["files"][0]["diagnostics"].as_array().unwrap().len(),
        50
    );
    assert_eq!(json["files"][0]["more_diagnostics"], 950);
    let out = run(&home, &["plan", main], &[]);
    assert!(text(&out.stderr).contains("… and 950 more errors in "));
}

// 6 and 7. Odd TOML values.

#[test]
fn format_plus_one_is_format_one_and_a_time_is_called_a_time() {
    let home = home();
    let out = run(
        &home,
        &["check", "tests/routines/hostile/format-plus-one.toml"],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(
        &home,
        &["check", "tests/routines/hostile/time-value.toml"],
        &[],
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("found the time 07:32:00"), "{stderr}");
    assert!(!stderr.contains("the date 07:32:00"), "{stderr}");
}

#[test]
fn temporary_settings_files_left_by_a_kill_are_cleaned_up() {
    let home = home();
    let stale = home.config_dir().join(".config.toml.4194304.0.tmp");
    std::fs::write(&stale, "volume = ").unwrap();
    let out = run(&home, &["config", "--init"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!stale.exists());
    assert!(home.config_file().is_file());
}
