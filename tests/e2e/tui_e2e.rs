//! The player and the picker in a real terminal: the real binary in a private tmux server,
//! driven with keys and signals, read back with `capture-pane`.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use crate::support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::{BIN, Home, Tmux, require, terminal};

/// How long a test waits for what it expects before it fails: far beyond what it takes.
const WAIT: Duration = Duration::from_secs(15);

/// A lead-in of 3 s, "Roll the calf" for 20 s, a 2 s transition, "Easy walk" for 10 s: 35 s.
const CALF: &str = "routines/play/calf-check.toml";
/// One two-sided part of 30 s with a caution, and the default lead-in and transition.
const SIDES: &str = "routines/play/glute-sides.toml";

/// Plays the routine `fixture` in a terminal, in a home of its own.
fn play_fixture(fixture: &str, extra: &[&str]) -> (Tmux, Home) {
    let home = Home::new();
    let file = home.copy_fixture(fixture, "routine.toml");
    let mut args = vec!["play", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    (terminal(&home, &args), home)
}

/// Plays the calf check in a terminal, in a home of its own.
fn play(extra: &[&str]) -> (Tmux, Home) {
    play_fixture(CALF, extra)
}

/// The session's elapsed time from the header (`0:07 / 0:35`), in seconds.
fn elapsed(screen: &str) -> Option<u64> {
    screen.lines().find_map(|line| {
        let (before, after) = line.split_once(" / ")?;
        let planned = after.split_whitespace().next()?;
        seconds(planned)?;
        seconds(before.split_whitespace().last()?)
    })
}

/// `m:ss` in seconds.
fn seconds(clock: &str) -> Option<u64> {
    let (minutes, seconds) = clock.split_once(':')?;
    if seconds.len() != 2 {
        return None;
    }
    Some(minutes.parse::<u64>().ok()? * 60 + seconds.parse::<u64>().ok()?)
}

/// Starts the session from the intro and waits until it is under way.
fn start(tmux: &Tmux) -> String {
    tmux.wait_for_text("Enter to start", WAIT);
    tmux.send(&["Enter"]);
    tmux.wait_for("the session under way", WAIT, |s| elapsed(s).is_some())
}

/// The terminal is back as the shell had it: normal screen, cursor shown, line editing on.
fn assert_restored(tmux: &Tmux) {
    assert_eq!(
        tmux.display("#{alternate_on} #{cursor_flag}"),
        "0 1",
        "alternate screen off, cursor visible"
    );
    let stty = tmux.stty_after();
    let flags: Vec<&str> = stty.split_whitespace().collect();
    for flag in ["icanon", "echo", "isig"] {
        assert!(flags.contains(&flag), "`{flag}` not back on:\n{stty}");
    }
}

#[test]
fn the_intro_shows_the_routine_and_q_leaves_it() {
    if !require(&["tmux"]) {
        return;
    }
    let (tmux, _home) = play(&[]);
    let screen = tmux.wait_for_text("Enter to start", WAIT);
    assert!(screen.contains("Calf check"), "{screen}");
    assert!(screen.contains("0:35"), "the planned total:\n{screen}");
    assert_eq!(tmux.display("#{alternate_on} #{cursor_flag}"), "1 0");
    tmux.send(&["q"]);
    assert_eq!(tmux.exit_code(WAIT), 0, "nothing was started");
    assert_restored(&tmux);
}

#[test]
fn the_countdown_moves_and_space_stops_the_time() {
    if !require(&["tmux"]) {
        return;
    }
    let (tmux, _home) = play(&["--speed", "10"]);
    let first = elapsed(&start(&tmux)).unwrap();
    let moved = tmux.wait_for("the clock to move", WAIT, |s| {
        elapsed(s).is_some_and(|now| now >= first + 2)
    });
    assert!(moved.contains("Get ready") || moved.contains("Roll the calf"));

    tmux.send(&["Space"]);
    let paused = tmux.wait_for_text("PAUSED", WAIT);
    let at_pause = elapsed(&paused).unwrap();
    let (_, still) = tmux.two_captures(STILL);
    assert_eq!(
        elapsed(&still),
        Some(at_pause),
        "time went on while paused:\n{still}"
    );
    assert!(still.contains("PAUSED"));

    tmux.send(&["Space"]);
    tmux.wait_for("the clock to go on", WAIT, |s| {
        !s.contains("PAUSED") && elapsed(s).is_some_and(|now| now > at_pause)
    });
    tmux.send(&["C-c"]);
    assert_eq!(tmux.exit_code(WAIT), 130);
    assert_restored(&tmux);
}

/// `q`, then `y` to "Quit this session?": a session still running quits, exit status 130.
fn quit(tmux: &Tmux) {
    tmux.send(&["q"]);
    tmux.wait_for_text("Quit this session?", WAIT);
    tmux.send(&["y"]);
    assert_eq!(tmux.exit_code(WAIT), 130, "it was still running");
}

#[test]
fn n_skips_to_the_next_part() {
    if !require(&["tmux"]) {
        return;
    }
    let (tmux, _home) = play(&[]);
    let screen = start(&tmux);
    assert!(screen.contains("Get ready"), "{screen}");
    tmux.send(&["n"]);
    let screen = tmux.wait_for("the first part", WAIT, |s| !s.contains("Get ready"));
    assert!(screen.contains("Roll the calf"), "{screen}");
    tmux.send(&["n"]);
    tmux.wait_for("the part after it", WAIT, |s| {
        s.contains("Easy walk") && !s.contains("Roll the calf")
    });
    quit(&tmux);
}

#[test]
fn q_asks_first_n_goes_on_and_y_quits_with_130() {
    if !require(&["tmux"]) {
        return;
    }
    let (tmux, home) = play(&[]);
    start(&tmux);
    tmux.send(&["q"]);
    tmux.wait_for_text("Quit this session?", WAIT);
    tmux.send(&["n"]);
    tmux.wait_for("the question to go away", WAIT, |s| {
        !s.contains("Quit this session?")
    });
    tmux.send(&["Escape"]);
    tmux.wait_for_text("Quit this session?", WAIT);
    tmux.send(&["y"]);
    assert_eq!(tmux.exit_code(WAIT), 130);
    assert_restored(&tmux);
    // The quit session is still kept.
    let history = home.history();
    assert_eq!(history.lines().count(), 1, "{history}");
    assert!(history.contains("quit"), "{history}");
}

#[test]
fn a_session_that_runs_to_its_end_shows_the_summary_and_exits_0() {
    if !require(&["tmux"]) {
        return;
    }
    let (tmux, _home) = play(&["--speed", "100", "--no-lead-in"]);
    start(&tmux);
    // 32 s of session at a hundred times: a third of a second.
    let summary = tmux.wait_for_text("Session complete", WAIT);
    assert!(summary.contains("2 of 2"), "{summary}");
    tmux.send(&["x"]);
    assert_eq!(tmux.exit_code(WAIT), 0);
    assert_restored(&tmux);
}

/// Plays in tmux, sends `signal` to unknot, and checks it exits with `code` and gives the
/// terminal back as it found it.
fn signal_restores(signal: &str, code: i32) {
    if !require(&["tmux"]) {
        return;
    }
    let (tmux, _home) = play(&[]);
    start(&tmux);
    let pid = tmux.pid(WAIT);
    tmux.signal(pid, signal);
    assert_eq!(tmux.exit_code(WAIT), code, "exit status after SIG{signal}");
    assert_restored(&tmux);
}

#[test]
fn sigterm_leaves_the_terminal_restored() {
    signal_restores("TERM", 143);
}

#[test]
fn sighup_leaves_the_terminal_restored() {
    signal_restores("HUP", 129);
}

#[test]
fn sigint_leaves_the_terminal_restored() {
    signal_restores("INT", 130);
}

#[test]
fn a_tiny_terminal_and_back_does_not_crash() {
    if !require(&["tmux"]) {
        return;
    }
    let (tmux, _home) = play(&[]);
    start(&tmux);
    tmux.resize(12, 4);
    tmux.wait_for("the tiny screen", WAIT, |s| elapsed(s).is_none());
    tmux.resize(80, 24);
    let screen = tmux.wait_for("the player again", WAIT, |s| elapsed(s).is_some());
    assert!(screen.contains("Calf check"), "{screen}");
    quit(&tmux);
}

#[test]
fn the_picker_filters_as_you_type_and_plays_the_chosen_routine() {
    if !require(&["tmux"]) {
        return;
    }
    let home = Home::new();
    home.add_routine(CALF, "calf-check");
    let tmux = terminal(&home, &[]);
    tmux.wait_for_text("Calf check", WAIT);
    for key in ["c", "a", "l", "f", " ", "c", "h"] {
        tmux.send(&[key]);
    }
    tmux.wait_for_text("calf ch", WAIT);
    tmux.send(&["Enter"]);
    tmux.wait_for_text("Enter to start", WAIT);
    // q on the intro comes back to the list, filter kept.
    tmux.send(&["q"]);
    tmux.wait_for("the list again", WAIT, |s| {
        s.contains("calf ch") && !s.contains("Enter to start")
    });
    tmux.send(&["Enter"]);
    tmux.wait_for_text("Enter to start", WAIT);
    tmux.send(&["Enter"]);
    tmux.wait_for("the session under way", WAIT, |s| elapsed(s).is_some());
    // Quit with Ctrl-C: back to the list, and Esc there leaves with 0.
    tmux.send(&["C-c"]);
    tmux.wait_for("the list again", WAIT, |s| {
        s.contains("Calf check") && elapsed(s).is_none()
    });
    tmux.send(&["Escape"]);
    assert_eq!(tmux.exit_code(WAIT), 0);
    assert_restored(&tmux);
}

#[test]
fn the_picker_leaves_with_esc_and_exit_0() {
    if !require(&["tmux"]) {
        return;
    }
    let home = Home::new();
    let tmux = terminal(&home, &[]);
    tmux.wait_for("the picker", WAIT, |s| s.contains("routine"));
    tmux.send(&["Escape"]);
    assert_eq!(tmux.exit_code(WAIT), 0);
    assert_restored(&tmux);
}

#[test]
fn the_flags_apply_and_help_and_mute_answer_their_keys() {
    if !require(&["tmux"]) {
        return;
    }
    let (tmux, _home) = play_fixture(SIDES, &["--first-side", "left", "--no-lead-in", "--mute"]);
    let screen = start(&tmux);
    // No lead-in: the first part straight away, on the side asked for, muted.
    assert!(!screen.contains("Get ready"), "{screen}");
    assert!(screen.contains("LEFT"), "{screen}");
    assert!(screen.contains("muted"), "{screen}");

    tmux.send(&["m"]);
    tmux.wait_for("the sound back on", WAIT, |s| !s.contains("muted"));
    tmux.send(&["?"]);
    tmux.wait_for_text("Stop if the pain is sharp.", WAIT);
    tmux.send(&["?"]);
    tmux.wait_for("the help closed", WAIT, |s| {
        !s.contains("Stop if the pain is sharp.")
    });
    tmux.send(&["C-c"]);
    assert_eq!(tmux.exit_code(WAIT), 130);
}

/// Set in the environment of [`panic_inside_the_player_screen`] when it runs as the program
/// under test.
const PANIC_HELPER: &str = "UNKNOT_E2E_PANIC_INSIDE";

/// Not a test on its own: run by `a_panic_gives_the_terminal_back_before_its_message` inside
/// tmux, it takes the terminal as the player does and panics there.
#[test]
fn panic_inside_the_player_screen() {
    if std::env::var_os(PANIC_HELPER).is_none() {
        return;
    }
    let _guard = unknot::tui::terminal::TerminalGuard::enter().unwrap();
    panic!("a bug inside the player");
}

#[test]
fn a_panic_gives_the_terminal_back_before_its_message() {
    if !require(&["tmux"]) {
        return;
    }
    let me = std::env::current_exe().unwrap();
    let tmux = Tmux::start_with_env(
        &me,
        &[
            "--exact",
            "tui_e2e::panic_inside_the_player_screen",
            "--nocapture",
        ],
        &[(PANIC_HELPER, "1"), ("RUST_BACKTRACE", "0")],
    );
    assert_ne!(tmux.exit_code(WAIT), 0);
    assert_restored(&tmux);
    // Printed after the normal screen was back, so it is still there to read.
    let screen = tmux.wait_for_text("a bug inside the player", WAIT);
    assert!(screen.contains("panicked"), "{screen}");
}

/// The pid of the only child of `parent` (the program an interactive shell runs).
fn child_of(parent: u32, timeout: Duration) -> u32 {
    let started = Instant::now();
    loop {
        let out = std::process::Command::new("pgrep")
            .args(["-P", &parent.to_string()])
            .output()
            .expect("pgrep");
        if let Some(pid) = String::from_utf8_lossy(&out.stdout)
            .lines()
            .find_map(|line| line.trim().parse().ok())
        {
            return pid;
        }
        assert!(started.elapsed() < timeout, "no child of {parent}");
        std::thread::sleep(Duration::from_millis(40));
    }
}

/// The terminal modes of the pane's terminal, as `stty -a` prints them.
fn pane_modes(tmux: &Tmux) -> String {
    let tty = tmux.display("#{pane_tty}");
    let out = std::process::Command::new("stty")
        .args(["-a", "-F", &tty])
        .output()
        .expect("stty");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn has_mode(modes: &str, mode: &str) -> bool {
    modes.split_whitespace().any(|word| word == mode)
}

#[test]
fn a_stop_gives_the_shell_its_terminal_and_fg_brings_the_player_back_paused() {
    if !require(&["tmux"]) {
        return;
    }
    let home = Home::new();
    // Two 30 s sides: at sixteen times, long enough to stop it halfway.
    let file = home.copy_fixture(SIDES, "sides.toml");
    // An interactive shell with job control, as a runner has.
    let env = home.env();
    let mut env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.push(("PS1", "shell$ "));
    let tmux = Tmux::start_with_env(Path::new("bash"), &["--norc", "--noprofile", "-i"], &env);
    tmux.wait_for_text("shell$", WAIT);
    let command = format!("{BIN} play {} --speed 16", file.display());
    tmux.send(&["-l", &command]);
    tmux.send(&["Enter"]);
    start(&tmux);
    let shell = tmux.pid(WAIT);
    let player = child_of(shell, WAIT);

    let before = elapsed(&tmux.screen()).unwrap();
    tmux.signal(player, "TSTP");
    let stopped = tmux.wait_for("the shell's prompt", WAIT, |s| {
        s.contains("Stopped") && s.trim_end().ends_with("shell$")
    });
    assert_eq!(
        tmux.display("#{alternate_on} #{cursor_flag}"),
        "0 1",
        "the normal screen with its cursor:\n{stopped}"
    );
    // Stopped for half a second: eight seconds of session at sixteen times, were the clock
    // running.
    std::thread::sleep(STOPPED);

    tmux.send(&["-l", "fg"]);
    tmux.send(&["Enter"]);
    let back = tmux.wait_for("the player again", WAIT, |s| {
        s.contains("PAUSED") && elapsed(s).is_some()
    });
    assert_eq!(tmux.display("#{alternate_on} #{cursor_flag}"), "1 0");
    let modes = pane_modes(&tmux);
    // Raw mode again (not the shell's line editing, which keeps Ctrl-C a signal).
    assert!(
        has_mode(&modes, "-icanon") && has_mode(&modes, "-echo") && has_mode(&modes, "-isig"),
        "raw mode again:\n{modes}"
    );
    let after = elapsed(&back).unwrap();
    // Half the eight seconds: what the signal and the captures take is far less.
    assert!(
        after < before + 4,
        "the countdown went on while stopped: {before} s, then {after} s\n{back}"
    );
    // Space goes on from there.
    tmux.send(&["Space"]);
    tmux.wait_for("the clock to go on", WAIT, |s| {
        !s.contains("PAUSED") && elapsed(s).is_some_and(|now| now > after)
    });
    tmux.send(&["C-c"]);
    tmux.wait_for("the shell's prompt again", WAIT, |s| {
        s.trim_end().ends_with("shell$")
    });
    assert_eq!(tmux.display("#{alternate_on} #{cursor_flag}"), "0 1");
}

/// What is left of the whole session, from the header (`… · 0:12 left`), in seconds.
fn left(screen: &str) -> Option<u64> {
    screen.lines().find_map(|line| {
        let (before, _) = line.split_once(" left")?;
        seconds(before.split_whitespace().last()?)
    })
}

/// How long two captures are taken apart where the clock must stand still: at `--speed 10`
/// (as those tests play) the header's seconds would turn at least four times. Not a tolerance:
/// the screen must not change at all.
const STILL: Duration = Duration::from_millis(400);
/// How long the player is kept stopped by SIGTSTP.
const STOPPED: Duration = Duration::from_millis(500);

/// The screen without its outer frame (the first and last line, the first and last column).
fn inside_the_frame(screen: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let inner = lines
        .get(1..lines.len().saturating_sub(1))
        .unwrap_or_default();
    inner
        .iter()
        .map(|line| {
            let chars: Vec<char> = line.chars().collect();
            chars
                .get(1..chars.len().saturating_sub(1))
                .unwrap_or_default()
                .iter()
                .collect()
        })
        .collect()
}

/// Opens what `open` opens over the running session, checks that the screen stands still
/// under it, closes it with `close`, and checks that the time goes on.
fn time_stops_under(open: &str, shown: &str, close: &str) {
    // Two 30 s sides: at ten times, time enough to open, look and close.
    let (tmux, _home) = play_fixture(SIDES, &["--no-lead-in", "--speed", "10"]);
    start(&tmux);
    tmux.wait_for("the clock to turn once", WAIT, |s| {
        elapsed(s).is_some_and(|now| now >= 1)
    });
    tmux.send(&[open]);
    tmux.wait_for_text(shown, WAIT);
    let (before, after) = tmux.two_captures(STILL);
    assert!(elapsed(&before).is_some(), "{before}");
    // Inside the frame: the frame itself may still be flashing for the cue of a moment ago.
    assert_eq!(
        inside_the_frame(&before),
        inside_the_frame(&after),
        "the screen moved while `{open}` was open:\n{before}\n{after}"
    );
    tmux.send(&[close]);
    let at = elapsed(&after).unwrap();
    tmux.wait_for("the clock to go on", WAIT, |s| {
        !s.contains(shown) && elapsed(s).is_some_and(|now| now > at)
    });
    tmux.send(&["C-c"]);
    assert_eq!(tmux.exit_code(WAIT), 130);
}

#[test]
fn the_help_stops_the_clock_until_it_is_closed() {
    if !require(&["tmux"]) {
        return;
    }
    time_stops_under("?", "time stopped", "?");
}

#[test]
fn the_quit_question_stops_the_clock_until_it_is_answered() {
    if !require(&["tmux"]) {
        return;
    }
    time_stops_under("q", "Quit this session?", "n");
}

#[test]
fn twenty_presses_of_minus_end_only_the_current_part() {
    if !require(&["tmux"]) {
        return;
    }
    let (tmux, _home) = play(&["--no-lead-in", "--speed", "4"]);
    let screen = start(&tmux);
    assert!(screen.contains("Roll the calf"), "{screen}");
    tmux.send(&["-"; 20]);
    // The 2 s transition, then "Easy walk" with all of its 10 s: the last part, so what is
    // left of the session is what is left of it.
    let walk = tmux.wait_for("the next part under way", WAIT, |s| {
        s.contains("Easy walk") && left(s).is_some_and(|left| left <= 10)
    });
    // Had the presses run on, nothing would be left of the walk (twenty take 200 s).
    let left = left(&walk).unwrap();
    assert!(left >= 5, "the presses ran on into the next part:\n{walk}");
    tmux.send(&["C-c"]);
    assert_eq!(tmux.exit_code(WAIT), 130);
}

#[test]
fn enter_ends_a_timed_placement() {
    if !require(&["tmux"]) {
        return;
    }
    // A timed placement of 30 s, then a part of work.
    let (tmux, _home) = play_fixture("routines/play/place-and-roll.toml", &[]);
    let screen = start(&tmux);
    assert!(screen.contains("Ball under the calf"), "{screen}");
    tmux.send(&["Enter"]);
    let rolling = tmux.wait_for("the part after the placement", WAIT, |s| {
        s.contains("Roll the calf") && left(s).is_some_and(|left| left <= 20)
    });
    assert!(
        elapsed(&rolling).is_some_and(|at| at < 10),
        "Enter did not end the placement:\n{rolling}"
    );
    tmux.send(&["C-c"]);
    assert_eq!(tmux.exit_code(WAIT), 130);
}

/// A home whose routines directory holds `pre-run-dynamic.toml`, a routine of the user's with
/// the name of a built-in one and a title of its own.
fn home_overriding_a_built_in() -> Home {
    let home = Home::new();
    let calf = std::fs::read_to_string(support::fixture(CALF)).unwrap();
    let mine = calf.replace("Calf check", "My own warm-up");
    home.write("config/unknot/routines/pre-run-dynamic.toml", &mine);
    home
}

#[test]
fn a_user_routine_named_like_a_built_in_one_plays_from_the_picker_and_by_name() {
    if !require(&["tmux"]) {
        return;
    }
    let home = home_overriding_a_built_in();
    let tmux = terminal(&home, &[]);
    tmux.wait_for_text("My own warm-up", WAIT);
    // "pre-run own": the runner's own routine, not the German built-in one also named pre-run.
    for key in ["p", "r", "e", "-", "r", "u", "n", "Space", "o", "w", "n"] {
        tmux.send(&[key]);
    }
    tmux.wait_for_text("pre-run", WAIT);
    tmux.send(&["Enter"]);
    let intro = tmux.wait_for_text("Enter to start", WAIT);
    assert!(intro.contains("My own warm-up"), "{intro}");
    assert!(!intro.contains("Pre-run dynamic"), "{intro}");
    tmux.send(&["q"]);
    tmux.wait_for("the list again", WAIT, |s| !s.contains("Enter to start"));
    tmux.send(&["Escape"]);
    assert_eq!(tmux.exit_code(WAIT), 0);

    let tmux = terminal(&home, &["play", "pre-run-dynamic"]);
    let intro = tmux.wait_for_text("Enter to start", WAIT);
    assert!(intro.contains("My own warm-up"), "{intro}");
    tmux.send(&["q"]);
    assert_eq!(tmux.exit_code(WAIT), 0);
}

#[test]
fn quitting_leaves_one_line_after_the_screen_is_given_back() {
    if !require(&["tmux"]) {
        return;
    }
    let (tmux, home) = play(&["--no-lead-in"]);
    start(&tmux);
    quit(&tmux);
    assert_restored(&tmux);
    let shell = tmux.wait_for_text("stopped at part 1 of 2 after 0:", WAIT);
    assert!(shell.contains("— saved to history"), "{shell}");
    let lines = shell.lines().filter(|l| l.contains("stopped at")).count();
    assert_eq!(lines, 1, "{shell}");
    assert!(home.history_file().exists());
}

#[test]
fn a_session_from_the_picker_comes_back_to_the_picker() {
    if !require(&["tmux"]) {
        return;
    }
    // One part of 2 s, no lead-in: a whole session in a moment at real speed.
    let home = Home::new();
    home.add_routine("routines/play/quick-roll.toml", "quick");
    let tmux = terminal(&home, &[]);
    tmux.wait_for_text("Quick roll", WAIT);
    for key in ["u", "i", "c", "k"] {
        tmux.send(&[key]);
    }
    tmux.wait_for_text("uick", WAIT);
    tmux.send(&["Enter"]);
    tmux.wait_for_text("Enter to start", WAIT);
    tmux.send(&["Enter"]);

    // Run to its end: the summary, with the history's figures, then the list again.
    let summary = tmux.wait_for_text("Session complete", WAIT);
    assert!(summary.contains("Streak    1 day"), "{summary}");
    tmux.send(&["x"]);
    let list = tmux.wait_for("the picker again", WAIT, |s| {
        s.contains("Quick roll") && !s.contains("Session complete")
    });
    assert!(list.contains("today"), "last played:\n{list}");

    // Quit early: the list again too, and the line once the picker is left.
    tmux.send(&["Enter"]);
    tmux.wait_for_text("Enter to start", WAIT);
    tmux.send(&["Enter"]);
    tmux.wait_for("the session under way", WAIT, |s| elapsed(s).is_some());
    tmux.send(&["C-c"]);
    tmux.wait_for("the picker again", WAIT, |s| {
        s.contains("Quick roll") && elapsed(s).is_none()
    });
    tmux.send(&["Escape"]);
    assert_eq!(tmux.exit_code(WAIT), 0, "leaving the picker is exit 0");
    assert_restored(&tmux);
    tmux.wait_for_text("stopped at part 1 of 1 after 0:0", WAIT);
}

#[test]
fn the_check_in_answers_and_the_skipped_part_are_kept_in_the_history() {
    if !require(&["tmux"]) {
        return;
    }
    // A left-calf part of a minute, skipped with n, then a walk of 2 s (0.2 s at ten times).
    let (tmux, home) = play_fixture("routines/play/skip-and-walk.toml", &["--speed", "10"]);

    let intro = tmux.wait_for_text("How do your legs feel?", WAIT);
    assert!(intro.contains("Enter to start"), "{intro}");
    tmux.send(&["4"]);
    let intro = tmux.wait_for_text("Legs before: 4 (sore)", WAIT);
    assert!(!intro.contains("How do your legs feel?"), "{intro}");
    tmux.send(&["Enter"]);
    tmux.wait_for("the calf part under way", WAIT, |s| {
        s.contains("Roll the calf") && elapsed(s).is_some()
    });
    tmux.send(&["n"]);

    let summary = tmux.wait_for_text("Session complete", WAIT);
    assert!(summary.contains("How do your legs feel?"), "{summary}");
    tmux.send(&["2"]);
    let summary = tmux.wait_for_text("Legs after: 2 (a little tired)", WAIT);
    assert!(summary.contains("before: 4, fresher after"), "{summary}");
    assert!(
        summary.contains("Session complete"),
        "a digit keeps the summary:\n{summary}"
    );
    tmux.send(&["x"]);
    assert_eq!(tmux.exit_code(WAIT), 0);
    assert_restored(&tmux);

    let out = home.run(&["history", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 1, "{records:?}");
    let record = &records[0];
    assert_eq!(
        record["check_in"],
        serde_json::json!({"before": 4, "after": 2}),
        "{record}"
    );
    assert_eq!(
        record["skipped"],
        serde_json::json!([{"step": 1, "name": "Roll the calf", "side": "left"}]),
        "{record}"
    );
    assert_eq!(record["parts"]["skipped"], 1, "{record}");
    assert_eq!(record["ended"], "finished", "{record}");
}
