//! Media controls, `--events` and hooks through the real binary: `playerctl` on a private
//! D-Bus session bus drives a headless session; a FIFO with no reader, a slow one and one that
//! leaves never hold a session up; a hook that hangs is killed at its limit and delays no cue.
//!
//! Timing checks are generous: they tell a stopped clock from a running one, not milliseconds.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::ffi::CString;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// One 5 s part on each side, 1 s between them, no lead-in: 11 s.
const SIDES: &str = r#"
format = 1

[routine]
name = "Calves"

[settings]
lead_in = "0s"
transition = "1s"
countdown = 0

[[step]]
kind = "timed"
name = "Calf roll"
side = "both"
duration = "5s"
"#;

/// Many short reps, 4 × 250 s: lines enough to fill a pipe.
const MANY_LINES: &str = r#"
format = 1

[routine]
name = "Many"

[settings]
lead_in = "0s"
transition = "0s"
countdown = 0

[[step]]
kind = "reps"
name = "Reps"
reps = 500
tempo = "0.5s"

[[step]]
kind = "reps"
name = "Reps"
reps = 500
tempo = "0.5s"

[[step]]
kind = "reps"
name = "Reps"
reps = 500
tempo = "0.5s"

[[step]]
kind = "reps"
name = "Reps"
reps = 500
tempo = "0.5s"
"#;

/// A home of its own, with a routine in it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(routine: &str) -> Home {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("r.toml"), routine).unwrap();
        Home { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn settings(&self, text: &str) {
        let dir = self.path("config/unknot");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.toml"), text).unwrap();
    }

    /// `unknot ARGS` in this home, with no session bus unless `bus` names one.
    fn unknot(&self, args: &[&str], bus: Option<&str>) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_unknot"));
        command
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_STATE_HOME", self.path("state"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            // No $XDG_RUNTIME_DIR/bus to fall back on.
            .env("XDG_RUNTIME_DIR", self.dir.path())
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdin(Stdio::null());
        if let Some(bus) = bus {
            command.env("DBUS_SESSION_BUS_ADDRESS", bus);
        }
        command
    }

    fn routine(&self) -> String {
        self.path("r.toml").display().to_string()
    }
}

/// A private session bus, ended with the test.
struct Bus {
    daemon: Child,
    address: String,
}

impl Bus {
    fn start() -> Option<Bus> {
        for tool in ["dbus-daemon", "playerctl"] {
            if Command::new(tool).arg("--version").output().is_err() {
                eprintln!("skipped: {tool} is not installed");
                return None;
            }
        }
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        Some(Bus {
            daemon,
            address: line.trim().to_string(),
        })
    }

    fn playerctl(&self, args: &[&str]) -> String {
        let output = Command::new("playerctl")
            .args(["-p", "unknot"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// Asks `args` until the answer satisfies `test`, for at most 10 s.
    fn until(&self, args: &[&str], test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let answer = self.playerctl(args);
            if test(&answer) || Instant::now() > deadline {
                return answer;
            }
            thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Event lines as they arrive, with the instant each arrived.
fn lines_of(child: &mut Child) -> Receiver<(Instant, Value)> {
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            let value: Value = serde_json::from_str(&line).unwrap();
            if send.send((Instant::now(), value)).is_err() {
                return;
            }
        }
    });
    receive
}

/// The next event line that satisfies `test`, within `within`.
fn next_where(
    lines: &Receiver<(Instant, Value)>,
    within: Duration,
    test: impl Fn(&Value) -> bool,
) -> Option<(Instant, Value)> {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok((at, value)) if test(&value) => return Some((at, value)),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

fn is(value: &Value, event: &str, segment: u64) -> bool {
    value["event"] == event && value["segment"] == segment
}

fn wait_exit(child: &mut Child, within: Duration) -> Option<i32> {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            return None;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn playerctl_pauses_skips_goes_back_and_stops_a_headless_session() {
    let Some(bus) = Bus::start() else { return };
    let home = Home::new(SIDES);
    let routine = home.routine();
    let mut child = home
        .unknot(
            &["play", &routine, "--headless", "--mute"],
            Some(&bus.address),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut child);
    assert!(next_where(&lines, Duration::from_secs(10), |v| is(v, "start", 0)).is_some());

    assert_eq!(bus.until(&["status"], |s| s == "Playing"), "Playing");
    let metadata = bus.until(&["metadata"], |m| m.contains("Calf roll"));
    assert!(
        metadata.contains("xesam:title") && metadata.contains("Calf roll"),
        "{metadata}"
    );
    assert!(metadata.contains("right"), "the side: {metadata}");
    assert!(
        metadata.contains("xesam:album") && metadata.contains("Calves"),
        "{metadata}"
    );
    assert!(
        metadata.contains("mpris:length") && metadata.contains("5000000"),
        "{metadata}"
    );

    // Paused for 7 s: the 5 s part does not end while the clock stands still.
    bus.playerctl(&["play-pause"]);
    assert_eq!(bus.until(&["status"], |s| s == "Paused"), "Paused");
    assert!(
        next_where(&lines, Duration::from_secs(7), |_| true).is_none(),
        "no cue while paused"
    );
    bus.playerctl(&["play-pause"]);
    assert_eq!(bus.until(&["status"], |s| s == "Playing"), "Playing");

    // Next: the first part ends at once (it had seconds left) and the transition starts.
    let asked = Instant::now();
    bus.playerctl(&["next"]);
    let (at, _) = next_where(&lines, Duration::from_secs(10), |v| is(v, "start", 1)).unwrap();
    assert!(at - asked < Duration::from_secs(3), "next came late");
    // Previous, right after a part started: back to the part before.
    bus.playerctl(&["previous"]);
    assert!(next_where(&lines, Duration::from_secs(3), |v| is(v, "start", 0)).is_some());
    assert_eq!(
        bus.until(&["metadata", "xesam:title"], |t| t == "Calf roll"),
        "Calf roll"
    );

    // Stop: quit, as `q` then `y`, and the session is in the history.
    bus.playerctl(&["stop"]);
    assert_eq!(wait_exit(&mut child, Duration::from_secs(10)), Some(130));
    assert_eq!(stderr_of(&mut child), "");
    let history = home.unknot(&["history", "--json"], None).output().unwrap();
    let history: Value = serde_json::from_slice(&history.stdout).unwrap();
    assert_eq!(history[0]["ended"], "quit");
    assert_eq!(history[0]["routine"]["name"], "Calves");
}

fn plays_to_its_end_quietly(bus: Option<&str>) {
    let home = Home::new(SIDES);
    let output: Output = home
        .unknot(
            &[
                "play",
                &home.routine(),
                "--headless",
                "--mute",
                "--speed",
                "10",
            ],
            bus,
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.lines().last().unwrap().contains("\"done\""), "{text}");
}

#[test]
fn without_a_session_bus_a_headless_session_plays_to_its_end_with_nothing_more_said() {
    plays_to_its_end_quietly(None);
    plays_to_its_end_quietly(Some("unix:path=/nonexistent/unknot-test-bus"));
}

fn mkfifo(path: &Path) {
    let c_path = CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string and mode.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
}

/// Plays MANY_LINES at speed 100 (10 s) with `--events` to a FIFO that `reader` serves, and
/// checks it ends on time.
fn ends_on_time_with(reader: impl FnOnce(PathBuf) + Send + 'static) {
    let home = Home::new(MANY_LINES);
    let fifo = home.path("events");
    mkfifo(&fifo);
    let reading = {
        let fifo = fifo.clone();
        thread::spawn(move || reader(fifo))
    };
    let started = Instant::now();
    let fifo_arg = fifo.display().to_string();
    let mut child = home
        .unknot(
            &[
                "play",
                &home.routine(),
                "--headless",
                "--mute",
                "--speed",
                "100",
                "--events",
                &fifo_arg,
            ],
            None,
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut child);
    let done = next_where(&lines, Duration::from_secs(40), |v| v["event"] == "done");
    assert!(done.is_some(), "the session reached its end");
    assert!(started.elapsed() < Duration::from_secs(25), "on time");
    assert_eq!(wait_exit(&mut child, Duration::from_secs(10)), Some(0));
    let stderr = stderr_of(&mut child);
    assert!(
        stderr.is_empty() || stderr.contains("lines dropped"),
        "only the count of dropped lines: {stderr}"
    );
    let _ = reading.join();
}

#[test]
fn events_to_a_fifo_with_no_reader_never_hold_the_session_up() {
    ends_on_time_with(|_| {});
}

#[test]
fn events_to_a_slow_reader_never_hold_the_session_up() {
    ends_on_time_with(|fifo| {
        let file = std::fs::File::open(fifo).unwrap();
        let mut reader = BufReader::new(file);
        let mut line = String::new();
        // One line a second, for a while: the pipe fills up behind it.
        for _ in 0..6 {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            assert!(line.starts_with("{\"t\":"), "{line}");
            thread::sleep(Duration::from_secs(1));
        }
    });
}

#[test]
fn events_to_a_reader_that_leaves_never_end_the_session() {
    ends_on_time_with(|fifo| {
        let file = std::fs::File::open(fifo).unwrap();
        let mut line = String::new();
        BufReader::new(file).read_line(&mut line).unwrap();
        assert!(line.contains("\"start\""), "{line}");
    });
}

#[test]
fn events_are_appended_to_a_file_as_headless_prints_them() {
    let home = Home::new(SIDES);
    let file = home.path("events.jsonl");
    let file_arg = file.display().to_string();
    let output = home
        .unknot(
            &[
                "play",
                &home.routine(),
                "--headless",
                "--mute",
                "--speed",
                "20",
                "--events",
                &file_arg,
            ],
            None,
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(std::fs::read(&file).unwrap(), output.stdout);
}

#[test]
fn a_hook_that_hangs_is_killed_at_its_limit_and_delays_no_cue() {
    let home = Home::new(SIDES);
    let pids = home.path("pids");
    let script = format!("echo $$ >> '{}'; exec sleep 60", pids.display());
    home.settings(&format!(
        "[hooks]\npart_start = [\"sh\", \"-c\", {}]\n",
        serde_json::to_string(&script).unwrap()
    ));
    let started = Instant::now();
    let mut child = home
        .unknot(
            &[
                "play",
                &home.routine(),
                "--headless",
                "--mute",
                "--speed",
                "5",
            ],
            None,
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut child);
    // 11 s at speed 5: the end comes after about 2.2 s, hooks or not.
    let (done_at, _) =
        next_where(&lines, Duration::from_secs(30), |v| v["event"] == "done").unwrap();
    assert!(
        done_at - started < Duration::from_secs(8),
        "a hook delayed the session"
    );
    // unknot waits for its hooks, each killed 10 s after it started.
    assert_eq!(wait_exit(&mut child, Duration::from_secs(30)), Some(0));
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(10),
        "killed at its limit, not before"
    );
    let stderr = stderr_of(&mut child);
    assert_eq!(
        stderr
            .matches("the part_start hook was killed after 10 s")
            .count(),
        1,
        "said once: {stderr}"
    );
    let pids = std::fs::read_to_string(&pids).unwrap();
    assert_eq!(pids.lines().count(), 3, "one hook per part: {pids}");
    for pid in pids.lines() {
        let pid: i32 = pid.trim().parse().unwrap();
        // SAFETY: signal 0 only asks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        assert!(!alive, "hook {pid} is gone");
    }
}

#[test]
fn a_session_quit_early_runs_its_session_end_hook_with_a_quit_line() {
    let home = Home::new(SIDES);
    let heard = home.path("heard");
    let script = format!("cat >> '{}'", heard.display());
    home.settings(&format!(
        "[hooks]\nsession_end = [\"sh\", \"-c\", {}]\n",
        serde_json::to_string(&script).unwrap()
    ));
    let mut child = home
        .unknot(&["play", &home.routine(), "--headless", "--mute"], None)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut child);
    // The first part is under way: Ctrl-C quits the session there.
    next_where(&lines, Duration::from_secs(30), |v| is(v, "start", 0)).unwrap();
    // SAFETY: kill takes plain numbers; the child is ours.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    assert_eq!(wait_exit(&mut child, Duration::from_secs(30)), Some(130));
    let heard = std::fs::read_to_string(&heard).unwrap();
    let line: Value = serde_json::from_str(heard.trim()).unwrap();
    assert_eq!(line["event"], "quit", "{heard}");
    assert_eq!(line["segment"], 0, "{heard}");
}
