//! Hooks: programs the runner names in their own settings file (`[hooks]`), run when a
//! session starts, when each part starts, and when the session reaches its end, with the
//! event's JSON line (as `play --headless` prints it) on their standard input.
//!
//! Only the runner's settings can name a hook; nothing in a routine runs a program. A hook
//! runs without a shell, detached from the loop (its own thread and process group), so it
//! never delays a cue; it is killed, with whatever it started, after [`LIMIT`]. A hook that
//! cannot start, fails or is killed is reported once per hook, never in the middle of the
//! screen: in the notice line, or on stderr at the end of headless play.

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::cue::CueEvent;
use crate::machine::events::Line;
use crate::plan::Plan;
use crate::play_loop::{CueSink, Lost, Timed};
use crate::session::Session;

/// How long a hook may run.
pub const LIMIT: Duration = Duration::from_secs(10);

/// The programs of `[hooks]`: each a program and its arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hooks {
    pub session_start: Option<Vec<String>>,
    pub part_start: Option<Vec<String>>,
    pub session_end: Option<Vec<String>>,
}

impl Hooks {
    /// The names in `[hooks]`.
    pub const NAMES: [&str; 3] = ["session_start", "part_start", "session_end"];

    pub fn is_empty(&self) -> bool {
        self.session_start.is_none() && self.part_start.is_none() && self.session_end.is_none()
    }

    /// Sets the hook called `name`; false for a name that is not a hook.
    pub fn set(&mut self, name: &str, command: Vec<String>) -> bool {
        let slot = match name {
            "session_start" => &mut self.session_start,
            "part_start" => &mut self.part_start,
            "session_end" => &mut self.session_end,
            _ => return false,
        };
        *slot = Some(command);
        true
    }
}

/// The hooks as an output of the loop.
pub struct HookRunner {
    hooks: Hooks,
    start: Duration,
    started: bool,
    /// `session_end` has run: at the session's end, or when it was quit.
    ended: bool,
    /// Where the session was when last seen: its time and segment.
    last: Option<(Duration, usize)>,
    running: Vec<JoinHandle<()>>,
    /// The first failure of each hook, in the order they came.
    failures: Arc<Mutex<Vec<(&'static str, String)>>>,
}

impl HookRunner {
    pub fn new(hooks: Hooks) -> HookRunner {
        HookRunner {
            hooks,
            start: Duration::ZERO,
            started: false,
            ended: false,
            last: None,
            running: Vec::new(),
            failures: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Waits for the hooks still running (each is killed at its own limit), and returns what
    /// failed, one line per hook.
    pub fn finish(&mut self) -> Vec<String> {
        // A session quit before its end ends too: `session_end` hears of it with a `quit`
        // line (its time, and the segment it stopped in).
        if self.started && !self.ended {
            self.ended = true;
            let (elapsed, segment) = self.last.unwrap_or_default();
            if let Ok(line) = Line::quit(elapsed, segment).to_json() {
                self.run("session_end", line);
            }
        }
        for hook in self.running.drain(..) {
            let _ = hook.join();
        }
        self.failure_lines()
    }

    fn failure_lines(&self) -> Vec<String> {
        self.failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(name, why)| format!("the {name} hook {why}"))
            .collect()
    }

    fn run(&mut self, name: &'static str, line: String) {
        let command = match name {
            "session_start" => &self.hooks.session_start,
            "part_start" => &self.hooks.part_start,
            _ => &self.hooks.session_end,
        };
        let Some(command) = command.clone() else {
            return;
        };
        self.running.retain(|hook| !hook.is_finished());
        let failures = self.failures.clone();
        let spawned = thread::Builder::new()
            .name("unknot-hook".into())
            .spawn(move || {
                if let Err(why) = run_one(&command, &line) {
                    let mut failures = failures.lock().unwrap_or_else(PoisonError::into_inner);
                    if !failures.iter().any(|(seen, _)| *seen == name) {
                        failures.push((name, why));
                    }
                }
            });
        match spawned {
            Ok(hook) => self.running.push(hook),
            Err(error) => {
                let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
                failures.push((name, format!("could not start: {error}")));
            }
        }
    }
}

/// Runs one hook to its end or its limit; why it failed, if it did.
fn run_one(command: &[String], line: &str) -> Result<(), String> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| "is empty".to_string())?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group: the terminal's Ctrl-C is not for it, and at its limit
        // whatever it started is killed with it.
        .process_group(0)
        .spawn()
        .map_err(|error| format!("could not start `{}`: {error}", program.escape_default()))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A hook that does not read its input is not wrong.
        let _ = writeln!(stdin, "{line}");
    }
    let pid = child.id();
    let (done, ended) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(child.wait());
    });
    let status = match ended.recv_timeout(LIMIT) {
        Ok(status) => status,
        Err(RecvTimeoutError::Timeout) => {
            if let Ok(group) = i32::try_from(pid) {
                // SAFETY: kill takes plain numbers; the group is the hook's own.
                unsafe { libc::kill(-group, libc::SIGKILL) };
            }
            let _ = ended.recv();
            return Err(format!("was killed after {} s", LIMIT.as_secs()));
        }
        Err(RecvTimeoutError::Disconnected) => return Err("could not be waited for".to_string()),
    };
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("failed ({status})")),
        Err(error) => Err(format!("could not be waited for: {error}")),
    }
}

impl CueSink for HookRunner {
    fn begin(&mut self, _plan: &Plan, start: Duration) {
        self.start = start;
    }

    fn due(&mut self, plan: &Plan, cues: &[Timed]) -> Result<(), Lost> {
        for timed in cues {
            let hook = match timed.cue.event {
                CueEvent::Start => "part_start",
                CueEvent::Done { .. } => "session_end",
                _ => continue,
            };
            let Some(Ok(line)) = Line::new(plan, &timed.cue, self.start).map(|line| line.to_json())
            else {
                continue;
            };
            if hook == "part_start" && !self.started {
                self.started = true;
                self.run("session_start", line.clone());
            }
            if hook == "session_end" {
                self.ended = true;
            }
            self.run(hook, line);
        }
        Ok(())
    }

    fn state(&mut self, session: Option<&Session>, now: Duration) {
        if let Some(session) = session {
            let status = session.status(now);
            self.last = Some((status.elapsed, status.segment));
        }
    }

    fn notice(&self) -> Option<String> {
        self.failure_lines().into_iter().next()
    }
}

impl Drop for HookRunner {
    fn drop(&mut self) {
        // No hook outlives its limit, even when the session ends first.
        self.finish();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_hook_gets_the_line_on_stdin() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let command = vec![
            "sh".to_string(),
            "-c".to_string(),
            format!("cat > '{}'", out.display()),
        ];
        run_one(&command, "{\"event\":\"start\"}").unwrap();
        assert_eq!(
            std::fs::read_to_string(out).unwrap(),
            "{\"event\":\"start\"}\n"
        );
    }

    #[test]
    fn failures_say_what_went_wrong() {
        let missing = vec!["/nonexistent/unknot-hook".to_string()];
        assert!(
            run_one(&missing, "{}")
                .unwrap_err()
                .contains("could not start")
        );
        let failing = vec!["false".to_string()];
        assert!(run_one(&failing, "{}").unwrap_err().contains("failed"));
    }
}
