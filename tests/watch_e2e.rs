//! `unknot watch FILE` in a real terminal: a save that breaks the routine shows the error with
//! its line within a second; a save that fixes it shows the new total; `p` previews it.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

#[path = "support/tmux.rs"]
mod tmux;

use std::path::Path;
use std::time::Duration;

use tmux::Tmux;

const VALID: &str = r#"format = 1

[routine]
name = "Calf block"

[settings]
lead_in = "0s"

[[step]]
kind = "timed"
name = "Calf: long strokes"
duration = "1m"
"#;

/// The same routine with a misspelt key on line 12.
const BROKEN: &str = r#"format = 1

[routine]
name = "Calf block"

[settings]
lead_in = "0s"

[[step]]
kind = "timed"
name = "Calf: long strokes"
duraton = "1m"
"#;

const LONGER: &str = r#"format = 1

[routine]
name = "Calf block"

[settings]
lead_in = "0s"

[[step]]
kind = "timed"
name = "Calf: long strokes"
duration = "1m30s"
"#;

fn unknot() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_unknot"))
}

/// `unknot watch` in tmux, with settings of its own (not the user's).
fn watch(home: &Path, args: &[&str]) -> Tmux {
    let config = home.join("config");
    let data = home.join("data");
    Tmux::start_with_env(
        unknot(),
        args,
        &[
            ("XDG_CONFIG_HOME", config.to_str().unwrap()),
            ("XDG_DATA_HOME", data.to_str().unwrap()),
        ],
    )
}

/// Saves the way many editors do: a new file renamed over the old one.
fn save(file: &Path, text: &str) {
    let temp = file.with_extension("toml.swp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, file).unwrap();
}

#[test]
fn watch_shows_errors_and_totals_as_the_file_is_saved() {
    if !tmux::available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calf.toml");
    std::fs::write(&file, VALID).unwrap();
    let term = watch(dir.path(), &["watch", file.to_str().unwrap()]);
    term.wait_for_text("✓ valid · 1:00", Duration::from_secs(10));

    save(&file, BROKEN);
    // The misspelt key, with its suggestion, and the `duration` it leaves missing. The screen is
    // read until all of it is there: a capture can land between two writes of one frame.
    term.wait_for(
        "the errors with their lines",
        Duration::from_secs(1),
        |screen| {
            screen.contains("✗ 2 errors")
                && screen.contains("calf.toml:12:1")
                && screen.contains("did you mean `duration`?")
        },
    );

    // Written in place this time, as other editors do.
    std::fs::write(&file, LONGER).unwrap();
    term.wait_for("the new total", Duration::from_secs(1), |screen| {
        screen.contains("✓ valid · 1:30") && screen.contains("Calf: long strokes")
    });

    term.send(&["q"]);
    assert_eq!(term.exit_code(Duration::from_secs(5)), 0);
    let flags = term.display("#{alternate_on} #{cursor_flag}");
    assert_eq!(flags.trim(), "0 1", "terminal restored");
}

#[test]
fn p_previews_the_routine_in_the_player_and_comes_back() {
    if !tmux::available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calf.toml");
    std::fs::write(&file, VALID).unwrap();
    let term = watch(
        dir.path(),
        &["watch", file.to_str().unwrap(), "--speed", "20"],
    );
    term.wait_for_text("p preview at 20×", Duration::from_secs(10));
    term.send(&["p"]);
    // The player's intro, then the part counting down fast.
    term.wait_for_text("Calf block", Duration::from_secs(5));
    term.send(&["Enter"]);
    term.wait_for_text("Calf: long strokes", Duration::from_secs(5));
    // One minute at 20× is three seconds; the summary closes with any key.
    term.wait_for("the summary", Duration::from_secs(15), |screen| {
        screen.contains("Done") || screen.contains("done") || screen.contains("Finished")
    });
    term.send(&["Enter"]);
    term.wait_for_text("✓ valid · 1:00", Duration::from_secs(5));
    term.send(&["q"]);
    assert_eq!(term.exit_code(Duration::from_secs(5)), 0);
    assert!(
        !dir.path().join("data/unknot/history.jsonl").exists(),
        "a preview is not a session: nothing goes to the history"
    );
}

#[test]
fn saving_an_included_block_rechecks_the_routine() {
    if !tmux::available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("blocks")).unwrap();
    let block = dir.path().join("blocks/calf.toml");
    std::fs::write(
        &block,
        "[[step]]\nkind = \"timed\"\nname = \"Calf\"\nduration = \"1m\"\n",
    )
    .unwrap();
    let file = dir.path().join("routine.toml");
    std::fs::write(
        &file,
        "format = 1\n\n[routine]\nname = \"From a block\"\n\n[settings]\nlead_in = \"0s\"\n\n\
         [[step]]\ninclude = \"blocks/calf.toml\"\n",
    )
    .unwrap();
    let term = watch(dir.path(), &["watch", file.to_str().unwrap()]);
    term.wait_for_text("✓ valid · 1:00", Duration::from_secs(10));

    save(
        &block,
        "[[step]]\nkind = \"timed\"\nname = \"Calf\"\nduration = \"2m\"\n",
    );
    term.wait_for_text("✓ valid · 2:00", Duration::from_secs(1));

    save(&block, "[[step]]\nkind = \"timed\"\nnam = \"Calf\"\n");
    // The error names the block's file.
    term.wait_for("the error in the block", Duration::from_secs(1), |screen| {
        screen.contains("✗") && screen.contains("blocks/calf.toml:")
    });
    term.send(&["q"]);
    assert_eq!(term.exit_code(Duration::from_secs(5)), 0);
}

/// A file that is not there yet, or a directory, is said plainly before any screen opens.
#[test]
fn watch_says_plainly_why_it_cannot_start() {
    let home = tempfile::tempdir().unwrap();
    let run = |file: &str| {
        std::process::Command::new(unknot())
            .args(["watch", file])
            .current_dir(home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .output()
            .unwrap()
    };
    let missing = run("calves.toml");
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("calves.toml: no such file"), "{stderr}");
    assert!(stderr.contains("unknot new calves"), "{stderr}");
    std::fs::create_dir(home.path().join("blocks")).unwrap();
    let folder = run("blocks");
    assert_eq!(folder.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&folder.stderr);
    assert!(stderr.contains("blocks: it is a directory"), "{stderr}");
}

/// The number of checks the header shows (`checked 12:00:00 (#3)`).
fn checks_shown(screen: &str) -> Option<u32> {
    let start = screen.find("(#")? + 2;
    let digits: String = screen[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Waits for check number `n`, then a while longer to see that no other check follows.
fn one_more_check(term: &Tmux, n: u32, what: &str) -> String {
    term.wait_for(what, Duration::from_secs(2), |screen| {
        checks_shown(screen) == Some(n)
    });
    // Longer than the quiet time a save is given to settle, many times over.
    std::thread::sleep(Duration::from_secs(1));
    let screen = term.screen();
    assert_eq!(
        checks_shown(&screen),
        Some(n),
        "{what}: one check\n{screen}"
    );
    screen
}

#[test]
fn one_save_is_one_check() {
    if !tmux::available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calf.toml");
    std::fs::write(&file, VALID).unwrap();
    let term = watch(dir.path(), &["watch", file.to_str().unwrap()]);
    // Wide enough for the header to show the number of checks beside the file's path.
    term.resize(160, 30);
    term.wait_for("the first check", Duration::from_secs(10), |screen| {
        screen.contains("✓ valid · 1:00") && checks_shown(screen) == Some(1)
    });

    // A new file renamed over the old one: the rename is seen from both names.
    save(&file, BROKEN);
    let screen = one_more_check(&term, 2, "a save by rename");
    assert!(screen.contains("✗ 2 errors"), "{screen}");

    // Truncated and written in several chunks, as some editors and tools write.
    {
        use std::io::Write;
        let mut out = std::fs::File::create(&file).unwrap();
        for chunk in LONGER.as_bytes().chunks(40) {
            out.write_all(chunk).unwrap();
            out.flush().unwrap();
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let screen = one_more_check(&term, 3, "a save in several writes");
    assert!(
        screen.contains("✓ valid · 1:30"),
        "the finished file: {screen}"
    );

    term.send(&["q"]);
    assert_eq!(term.exit_code(Duration::from_secs(5)), 0);
}
