//! A real terminal for end-to-end tests: a private tmux server running one command in an
//! 80×24 window, keys sent with `send-keys`, the screen read with `capture-pane`.
//!
//! The command runs inside a wrapper shell that records its process id, its exit status and
//! the terminal settings (`stty -a`) left behind once it ends, then stays alive so the pane
//! (and its alternate-screen and cursor flags) can still be inspected.

#![allow(dead_code, clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static SESSIONS: AtomicUsize = AtomicUsize::new(0);

/// True when tmux can be run; tests print why they skip when it can't.
pub fn available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// One private tmux server with one pane running the command under test.
pub struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    /// Starts `program args...` in a fresh 80×24 terminal.
    pub fn start(program: &Path, args: &[&str]) -> Tmux {
        Tmux::start_with_env(program, args, &[])
    }

    /// Like [`Tmux::start`], with extra environment variables set for the program.
    pub fn start_with_env(program: &Path, args: &[&str], env: &[(&str, &str)]) -> Tmux {
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = format!(
            "unknot-e2e-{}-{}",
            std::process::id(),
            SESSIONS.fetch_add(1, Ordering::SeqCst)
        );
        let d = dir.path().display();
        let mut inner = String::from("env ");
        for (key, value) in env {
            inner.push_str(&format!("{key}={} ", quote(value)));
        }
        inner.push_str(&quote(&program.display().to_string()));
        for arg in args {
            inner.push(' ');
            inner.push_str(&quote(arg));
        }
        // The inner shell writes its own pid and then becomes the program, so `pid` is the
        // program's; the outer one records what the program left behind.
        let script = format!(
            "sh -c {inner_script}; echo $? > {d}/code.tmp; stty -a > {d}/stty; \
             mv {d}/code.tmp {d}/code; exec sleep 600",
            inner_script = quote(&format!("echo $$ > {d}/pid; exec {inner}")),
        );
        let tmux = Tmux { socket, dir };
        tmux.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "80",
            "-y",
            "24",
            "-s",
            "e2e",
            "sh",
            "-c",
            &script,
        ]);
        // Keep the pane the size asked for, whatever clients attach.
        tmux.run(&["set-option", "-g", "window-size", "manual"]);
        tmux
    }

    /// A scratch directory that lives as long as the terminal.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Sends keys as tmux names them (`"Space"`, `"Enter"`, `"q"`, `"C-c"`).
    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// The text on the screen now.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    /// Waits until the screen satisfies `test`, and returns it; fails with the last screen
    /// after `timeout`.
    pub fn wait_for(&self, what: &str, timeout: Duration, test: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if test(&screen) {
                // A capture can land between two writes of one frame: the screen returned is one
                // taken a moment later, on which the test still holds, so the whole frame is there.
                std::thread::sleep(Duration::from_millis(30));
                let settled = self.screen();
                if test(&settled) {
                    return settled;
                }
            }
            if started.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for_text(&self, text: &str, timeout: Duration) -> String {
        self.wait_for(&format!("{text:?}"), timeout, |screen| {
            screen.contains(text)
        })
    }

    /// Two captures of the screen taken `apart` from each other: where time must NOT move, they
    /// are compared (a span well over a second of session, never a tolerance on a timing).
    pub fn two_captures(&self, apart: Duration) -> (String, String) {
        let first = self.screen();
        std::thread::sleep(apart);
        (first, self.screen())
    }

    /// tmux's format variables for the pane, such as `#{alternate_on} #{cursor_flag}`.
    pub fn display(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "e2e", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn resize(&self, columns: u16, rows: u16) {
        self.run(&[
            "resize-window",
            "-t",
            "e2e",
            "-x",
            &columns.to_string(),
            "-y",
            &rows.to_string(),
        ]);
    }

    /// The program's process id, once it has started.
    pub fn pid(&self, timeout: Duration) -> u32 {
        let text = wait_for_file(&self.dir.path().join("pid"), timeout);
        text.trim().parse().expect("pid")
    }

    /// The program's exit status, waiting up to `timeout` for it to end.
    pub fn exit_code(&self, timeout: Duration) -> i32 {
        let text = wait_for_file(&self.dir.path().join("code"), timeout);
        text.trim().parse().expect("exit code")
    }

    /// `stty -a` as the program left the terminal (available once it has ended).
    pub fn stty_after(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("stty")).unwrap_or_default()
    }

    pub fn signal(&self, pid: u32, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{signal} {pid}");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn wait_for_file(path: &PathBuf, timeout: Duration) -> String {
    let started = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && !text.trim().is_empty()
        {
            return text;
        }
        if started.elapsed() > timeout {
            panic!("timed out after {timeout:?} waiting for {}", path.display());
        }
        std::thread::sleep(Duration::from_millis(40));
    }
}

/// Quotes a word for `sh`.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}
