//! The real, clocked sound output the audio tests play into, and how they read it back: a
//! PulseAudio server of the test's own with a null sink (scripts/virtual-audio.sh), `parec`
//! recording it, and onsets matched to the cues of the headless event lines.

#![allow(dead_code, clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use unknot::audio::analysis::onsets;

/// The virtual sink's rate.
pub const RATE: u32 = 48_000;

/// Onsets in a recording of the sink, in seconds: sounds reaching `threshold` after 150 ms
/// below a quarter of it.
pub fn heard(samples: &[f32], threshold: f32) -> Vec<f64> {
    onsets(samples, threshold, (RATE as usize) * 15 / 100)
        .into_iter()
        .map(|i| i as f64 / f64::from(RATE))
        .collect()
}

/// The PulseAudio server of one test process, stopped when dropped.
pub struct VirtualAudio {
    dir: PathBuf,
    pub env: Vec<(String, String)>,
}

impl VirtualAudio {
    /// The server's environment on a command of one's own (a [`Home`]'s, say), and no SSH.
    pub fn apply(&self, cmd: &mut Command) {
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd.env_remove("SSH_CONNECTION").env_remove("SSH_TTY");
    }

    /// One server per test, named after it: tests run side by side.
    pub fn start(test: &str) -> VirtualAudio {
        VirtualAudio::try_start(test).unwrap_or_else(|why| panic!("{why}"))
    }

    /// A sink of the test's own, or `None` when PulseAudio is missing: the calling test then
    /// says it was skipped (and fails instead under `UNKNOT_REQUIRE_ALL=1`) and returns.
    #[track_caller]
    pub fn or_skip(test: &str) -> Option<VirtualAudio> {
        VirtualAudio::try_start(test)
            .map_err(|why| crate::support::skip(&why))
            .ok()
    }

    /// The server, or why there is none (the script failed, or PulseAudio, `parec` or ALSA's
    /// PulseAudio plugin is missing: tests install nothing).
    pub fn try_start(test: &str) -> Result<VirtualAudio, String> {
        let installed = |program: &str| {
            Command::new(program)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if !installed("pulseaudio") || !installed("parec") {
            return Err("pulseaudio and parec are not installed".to_string());
        }
        let dir =
            std::env::temp_dir().join(format!("unknot-audio-e2e-{}-{test}", std::process::id()));
        let out = Command::new("bash")
            .arg(script("virtual-audio.sh"))
            .arg("start")
            .env("VIRTUAL_AUDIO_DIR", &dir)
            .output()
            .map_err(|e| format!("scripts/virtual-audio.sh does not run: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "the virtual sound sink did not start: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        // The script prints `export A=x B=y`.
        let text = String::from_utf8_lossy(&out.stdout);
        let env = text
            .trim()
            .trim_start_matches("export ")
            .split_whitespace()
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Ok(VirtualAudio { dir, env })
    }

    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd.env_remove("SSH_CONNECTION").env_remove("SSH_TTY");
        cmd
    }
}

impl Drop for VirtualAudio {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script("virtual-audio.sh"))
            .arg("stop")
            .env("VIRTUAL_AUDIO_DIR", &self.dir)
            .output();
    }
}

pub fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(name)
}

/// Session times (seconds) of the cues that make a sound, from the headless JSON lines:
/// everything but a segment's end (its sound is the next start's) and the silent lead-in start.
pub fn sounding_cue_times(json_lines: &str) -> Vec<f64> {
    let mut times: Vec<f64> = Vec::new();
    for line in json_lines.lines() {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        let name = event["event"].as_str().unwrap();
        let silent = name == "end" || (name == "start" && event["kind"] == "lead_in");
        let t = event["t"].as_f64().unwrap();
        // Cues on one instant (a part's start and its first rep) make one onset.
        if !silent && times.last().is_none_or(|last| t - last > 0.001) {
            times.push(t);
        }
    }
    times
}

/// `parec` recording the sink into a file (straight into a file: a pipe nobody reads would
/// stall it).
pub struct Recorder {
    child: Child,
    file: PathBuf,
    /// When the recording was seen flowing, and how many bytes it held then.
    flowing: (Instant, u64),
}

impl Recorder {
    /// Starts recording; returns once a second of audio has come, so it has settled before
    /// anything is played.
    pub fn start(audio: &VirtualAudio, file: &Path) -> Recorder {
        let child = audio
            .command("parec")
            // Pieces of 100 ms: stopping it loses only silence after the session, and it
            // does not overrun on a busy machine.
            .args(["--latency-msec=100", "-d", "cap.monitor", "--format=s16le"])
            .args(["--rate=48000", "--channels=1"])
            .stdout(Stdio::from(std::fs::File::create(file).unwrap()))
            .stderr(Stdio::null())
            .spawn()
            .expect("parec runs");
        let size = || std::fs::metadata(file).map_or(0, |m| m.len());
        let deadline = Instant::now() + Duration::from_secs(10);
        while size() < 96_000 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        Recorder {
            child,
            file: file.to_path_buf(),
            flowing: (Instant::now(), size()),
        }
    }

    /// Where in the recording (seconds) the sound played at `at` is, to within the
    /// recorder's 100 ms pieces.
    pub fn seconds_at(&self, at: Instant) -> f64 {
        let (since, bytes) = self.flowing;
        let gap = if at >= since {
            (at - since).as_secs_f64()
        } else {
            -(since - at).as_secs_f64()
        };
        bytes as f64 / 96_000.0 + gap
    }

    /// Stops; returns the mono samples and how many seconds of audio went missing against
    /// the wall clock (a recorder that dropped data cannot time anything).
    pub fn stop(mut self) -> (Vec<f32>, f64) {
        std::thread::sleep(Duration::from_millis(500));
        let (since, bytes_then) = self.flowing;
        let wall = since.elapsed().as_secs_f64();
        let bytes_now = std::fs::metadata(&self.file).map_or(0, |m| m.len());
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Up to one 100 ms piece may still be on its way when the clock is read.
        let recorded = (bytes_now.saturating_sub(bytes_then)) as f64 / 96_000.0;
        let missing = (wall - recorded - 0.1).max(0.0);
        let raw = std::fs::read(&self.file).unwrap();
        let samples = raw
            .chunks_exact(2)
            .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
            .collect();
        (samples, missing)
    }
}

/// Matches expected cue times to onsets: aligned on the first cue, each cue to the first
/// onset after the previous match. Returns each cue's error in ms.
pub fn match_onsets(expected: &[f64], heard: &[f64], tolerance_ms: f64) -> Vec<Option<f64>> {
    // The recorder may catch a click of its own start: align on the onset that makes the
    // most cues land within the tolerance.
    let mut best: Vec<Option<f64>> = vec![None; expected.len()];
    for first in heard {
        let offset = first - expected[0];
        let mut errors = Vec::new();
        let mut from = 0;
        for e in expected {
            let found = heard[from..]
                .iter()
                .position(|h| ((h - offset - e) * 1000.0).abs() <= tolerance_ms);
            match found {
                Some(i) => {
                    errors.push(Some((heard[from + i] - offset - e) * 1000.0));
                    from += i + 1;
                }
                None => errors.push(None),
            }
        }
        if errors.iter().flatten().count() > best.iter().flatten().count() {
            best = errors;
        }
    }
    best
}

/// How many times a session is played when the recorder dropped audio (it then cannot time
/// anything); a recording that held together decides.
pub const ATTEMPTS: usize = 3;

/// Runs `command` while recording the sink, until a recording comes out whole.
pub fn play_recorded(
    audio: &VirtualAudio,
    dir: &Path,
    mut command: impl FnMut() -> Command,
) -> (std::process::Output, Vec<f32>, Duration) {
    let recording = dir.join("recording.raw");
    let mut last_missing = 0.0;
    for _ in 0..ATTEMPTS {
        let recorder = Recorder::start(audio, &recording);
        let started = Instant::now();
        let out = command().output().unwrap();
        let took = started.elapsed();
        let (samples, missing) = recorder.stop();
        if missing < 0.05 {
            return (out, samples, took);
        }
        last_missing = missing;
    }
    panic!("the recorder dropped {last_missing:.2} s of audio in every attempt");
}

/// CPU seconds (user + system) used by this process's waited-for children so far.
pub fn children_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses: cutime is field 16, cstime 17.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i - 3)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(16) + ticks(17)) / 100.0
}

pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Each cue's onset error (ms) against the others: the recording is aligned on the cues after
/// the first (their median error is zero), so a first cue that sounds late, because the device
/// was still starting when the session's clock did, shows as late.
pub fn errors_against_the_rest(expected: &[f64], heard: &[f64]) -> Vec<Option<f64>> {
    let rest = &expected[1..];
    let errors_at = |offset: f64, cues: &[f64], tolerance: f64| -> Vec<Option<f64>> {
        cues.iter()
            .map(|e| {
                heard
                    .iter()
                    .map(|h| h - offset - e)
                    .filter(|d| d.abs() <= tolerance)
                    .min_by(|a, b| a.abs().total_cmp(&b.abs()))
            })
            .collect()
    };
    let mut best: (usize, f64) = (0, 0.0);
    for h in heard {
        let offset = h - rest[0];
        let found = errors_at(offset, rest, 0.020).iter().flatten().count();
        if found > best.0 {
            best = (found, offset);
        }
    }
    let centre = median(
        errors_at(best.1, rest, 0.020)
            .into_iter()
            .flatten()
            .collect(),
    );
    let offset = best.1 + centre;
    // The first cue is looked for up to half a second either way.
    let mut errors = errors_at(offset, &expected[..1], 0.5);
    errors.extend(errors_at(offset, rest, 0.020));
    errors.into_iter().map(|e| e.map(|e| e * 1000.0)).collect()
}
