//! Sound, end to end: the real binary plays a routine headless into a real, clocked sound
//! output (a PulseAudio null sink started by scripts/virtual-audio.sh), a recorder captures
//! what was played, and every cue must be heard, in order, within 20 ms of its event.
//! Without a sound device the session must run the same, with one notice and nothing else.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use unknot::audio::analysis::onsets;

const RATE: u32 = 48_000;
const TOLERANCE_MS: f64 = 20.0;

/// A routine with every rhythm a runner hears: lead-in, ticks, sides, a spot move, reps, done.
const ROUTINE: &str = r#"format = 1
[routine]
name = "Sound check routine"
[settings]
lead_in = "3s"
transition = "1s"
countdown = 2
[[step]]
kind = "timed"
name = "Calf roll"
side = "both"
duration = "3s"
[[step]]
kind = "hold"
name = "Glute press"
spots = 2
duration = "3s"
[[step]]
kind = "reps"
name = "Ball squeeze"
reps = 5
tempo = "0.6s"
"#;

/// The PulseAudio server of one test process, stopped when dropped.
struct VirtualAudio {
    dir: PathBuf,
    env: Vec<(String, String)>,
}

impl VirtualAudio {
    /// One server per test, named after it: tests run side by side.
    fn start(test: &str) -> VirtualAudio {
        VirtualAudio::try_start(test).unwrap_or_else(|why| panic!("{why}"))
    }

    /// The server, or why there is none (the script failed, or what it needs is missing:
    /// a test does not install packages, which the script would).
    fn try_start(test: &str) -> Result<VirtualAudio, String> {
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

    fn command(&self, program: &str) -> Command {
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

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(name)
}

/// A home of its own, so the session's history and settings stay out of the user's.
fn isolate(cmd: &mut Command, home: &Path) {
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"));
}

/// Session times (seconds) of the cues that make a sound, from the headless JSON lines:
/// everything but a segment's end (its sound is the next start's) and the silent lead-in start.
fn sounding_cue_times(json_lines: &str) -> Vec<f64> {
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
struct Recorder {
    child: Child,
    file: PathBuf,
    /// When the recording was seen flowing, and how many bytes it held then.
    flowing: (Instant, u64),
}

impl Recorder {
    /// Starts recording; returns once a second of audio has come, so it has settled before
    /// anything is played.
    fn start(audio: &VirtualAudio, file: &Path) -> Recorder {
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

    /// Stops; returns the mono samples and how many seconds of audio went missing against
    /// the wall clock (a recorder that dropped data cannot time anything).
    fn stop(mut self) -> (Vec<f32>, f64) {
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
fn match_onsets(expected: &[f64], heard: &[f64], tolerance_ms: f64) -> Vec<Option<f64>> {
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
const ATTEMPTS: usize = 3;

/// Runs `command` while recording the sink, until a recording comes out whole.
fn play_recorded(
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

#[test]
fn every_cue_is_heard_in_order_within_20_ms_of_its_event() {
    let audio = match VirtualAudio::try_start("cues") {
        Ok(audio) => audio,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let home = tempfile::tempdir().unwrap();
    let routine = home.path().join("sound.toml");
    std::fs::write(&routine, ROUTINE).unwrap();

    let (out, samples, took) = play_recorded(&audio, home.path(), || {
        let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
        play.args(["play", routine.to_str().unwrap(), "--headless"]);
        isolate(&mut play, home.path());
        play
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "unknot failed: {stderr}");
    assert_eq!(stderr, "", "nothing is printed when the sound device works");

    let expected = sounding_cue_times(&String::from_utf8_lossy(&out.stdout));
    let heard: Vec<f64> = onsets(&samples, 0.05, (RATE as usize) * 15 / 100)
        .into_iter()
        .map(|i| i as f64 / f64::from(RATE))
        .collect();
    let errors = match_onsets(&expected, &heard, TOLERANCE_MS);
    let report = format!(
        "expected cues at {expected:?}\nheard onsets at {heard:?}\nerrors (ms) {errors:?}\n\
         session took {:?}, recorded {:.2} s peaking at {:.3}",
        took,
        samples.len() as f64 / f64::from(RATE),
        samples.iter().fold(0.0f32, |m, v| m.max(v.abs()))
    );
    // Shown with --nocapture: scripts/measure-audio.sh reads these figures.
    println!("{report}");
    assert!(
        errors.iter().all(Option::is_some),
        "a cue was not heard on time\n{report}"
    );
    // Nothing else was heard between the first and the last cue.
    let offset = heard
        .iter()
        .find(|h| errors[0].is_some_and(|e| (*h - expected[0] - e / 1000.0).abs() < 1e-6));
    if let Some(first) = offset {
        let span = expected[expected.len() - 1] - expected[0];
        let extra = heard
            .iter()
            .filter(|h| **h >= *first && **h <= first + span + 0.02)
            .count();
        assert_eq!(extra, expected.len(), "extra sounds were heard\n{report}");
    }
}

#[test]
fn sound_check_names_each_cue_as_it_sounds_a_second_apart() {
    let audio = match VirtualAudio::try_start("sound-check") {
        Ok(audio) => audio,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let home = tempfile::tempdir().unwrap();
    let (out, samples, _) = play_recorded(&audio, home.path(), || {
        let mut check = audio.command(env!("CARGO_BIN_EXE_unknot"));
        check.arg("sound-check");
        isolate(&mut check, home.path());
        check
    });
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect();
    let keys: Vec<&str> = unknot::routine::SoundCue::ALL
        .iter()
        .map(|c| c.key())
        .collect();
    assert_eq!(names, keys);
    // Nine sounds, one a second: each found within 20 ms of its place after the first.
    let heard: Vec<f64> = onsets(&samples, 0.05, (RATE as usize) * 15 / 100)
        .into_iter()
        .map(|i| i as f64 / f64::from(RATE))
        .collect();
    let expected: Vec<f64> = (0..9).map(f64::from).collect();
    let errors = match_onsets(&expected, &heard, TOLERANCE_MS);
    assert!(
        errors.iter().all(Option::is_some),
        "heard {heard:?}, errors {errors:?}"
    );
}

#[test]
fn without_a_sound_device_the_session_runs_with_one_notice() {
    let home = tempfile::tempdir().unwrap();
    let routine = home.path().join("short.toml");
    std::fs::write(
        &routine,
        "format = 1\n[routine]\nname = \"Quiet\"\n[settings]\nlead_in = \"1s\"\n\
         [[step]]\nkind = \"reps\"\nname = \"Squeeze\"\nreps = 3\ntempo = \"0.5s\"\n",
    )
    .unwrap();
    // An ALSA configuration with no devices at all, and no sound server to talk to.
    let alsa = home.path().join("alsa.conf");
    std::fs::write(&alsa, "").unwrap();
    let run = |extra: &[(&str, &str)]| {
        let mut play = Command::new(env!("CARGO_BIN_EXE_unknot"));
        play.args([
            "play",
            routine.to_str().unwrap(),
            "--headless",
            "--speed",
            "4",
        ])
        .env("ALSA_CONFIG_PATH", &alsa)
        .env("PULSE_SERVER", "unix:/nonexistent/pulse")
        .env("XDG_RUNTIME_DIR", home.path())
        .env_remove("SSH_CONNECTION")
        .env_remove("SSH_TTY")
        .env_remove("UNKNOT_FORCE_AUDIO");
        isolate(&mut play, home.path());
        for (k, v) in extra {
            play.env(k, v);
        }
        play.output().unwrap()
    };

    let out = run(&[]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "unknot: No sound device: the session goes on without sound.\n"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .contains("\"event\":\"done\""),
        "{stdout}"
    );

    // Over SSH the device is not even tried: the sound would play on the other machine.
    let out = run(&[("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "unknot: Over SSH, sound would play on the other machine: the session goes on \
         without sound.\n"
    );

    // Muted: not a word.
    let out = run(&[]);
    let muted = {
        let mut play = Command::new(env!("CARGO_BIN_EXE_unknot"));
        play.args([
            "play",
            routine.to_str().unwrap(),
            "--headless",
            "--mute",
            "--speed",
            "4",
        ]);
        isolate(&mut play, home.path());
        play.output().unwrap()
    };
    assert!(out.status.success() && muted.status.success());
    assert_eq!(String::from_utf8_lossy(&muted.stderr), "");
}

/// A WAV of 32-bit float samples.
fn float_wav(samples: &[f32]) -> Vec<u8> {
    let data: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    let mut b = Vec::new();
    b.extend(b"RIFF");
    b.extend((36 + data.len() as u32).to_le_bytes());
    b.extend(b"WAVEfmt ");
    b.extend(16u32.to_le_bytes());
    b.extend(3u16.to_le_bytes());
    b.extend(1u16.to_le_bytes());
    b.extend(RATE.to_le_bytes());
    b.extend((RATE * 4).to_le_bytes());
    b.extend(4u16.to_le_bytes());
    b.extend(32u16.to_le_bytes());
    b.extend(b"data");
    b.extend((data.len() as u32).to_le_bytes());
    b.extend(data);
    b
}

/// A routine whose cues all sound `sound`, a rep every half second.
fn routine_sounding(sound: &str) -> String {
    format!(
        "format = 1\n[routine]\nname = \"Loud\"\n[settings]\nlead_in = \"1s\"\ntransition = \"0s\"\n\
         [sounds]\nstart = \"{sound}\"\nrep = \"{sound}\"\ntick = \"{sound}\"\nend = \"{sound}\"\n\
         done = \"{sound}\"\n[[step]]\nkind = \"reps\"\nname = \"Squeeze\"\nreps = 6\ntempo = \"0.5s\"\n"
    )
}

/// Whatever a routine's sound files hold, what reaches the speaker peaks at half of full
/// scale times the volume: files that are not numbers are refused before the session, and a
/// file far louder than full scale, sounding over itself, is capped and clamped.
#[test]
fn no_sound_file_plays_louder_than_half_of_full_scale_times_the_volume() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let tone = |amplitude: f32, special: Option<f32>| -> Vec<f32> {
        (0..RATE as usize)
            .map(|i| {
                if special.is_some() && i == 4_800 {
                    return special.unwrap_or_default();
                }
                // A square wave: as loud as a wave can be for its amplitude.
                if (i / 40) % 2 == 0 {
                    amplitude
                } else {
                    -amplitude
                }
            })
            .collect()
    };
    std::fs::write(dir.join("nan.wav"), float_wav(&tone(0.2, Some(f32::NAN)))).unwrap();
    std::fs::write(
        dir.join("inf.wav"),
        float_wav(&tone(0.2, Some(f32::INFINITY))),
    )
    .unwrap();
    std::fs::write(dir.join("loud.wav"), float_wav(&tone(40.0, Some(1e-40)))).unwrap();

    // Not a number, or infinite: refused by check, and by play before the session.
    for bad in ["nan.wav", "inf.wav"] {
        let routine = dir.join(format!("{bad}.toml"));
        std::fs::write(&routine, routine_sounding(bad)).unwrap();
        for args in [vec!["check"], vec!["play", "--headless", "--mute"]] {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_unknot"));
            cmd.args(&args).arg(&routine);
            isolate(&mut cmd, dir);
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{bad} {args:?}: {stderr}");
            assert!(
                stderr.contains("must be a finite number"),
                "{bad} {args:?}: {stderr}"
            );
        }
    }

    let audio = match VirtualAudio::try_start("loud") {
        Ok(audio) => audio,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let routine = dir.join("loud.toml");
    std::fs::write(&routine, routine_sounding("loud.wav")).unwrap();
    for volume in [100u8, 40] {
        let config = dir.join("config").join("unknot");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("config.toml"), format!("volume = {volume}\n")).unwrap();
        let (out, samples, _) = play_recorded(&audio, dir, || {
            let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
            play.args(["play", routine.to_str().unwrap(), "--headless"]);
            isolate(&mut play, dir);
            play
        });
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "unknot failed: {stderr}");
        let peak = samples.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let allowed = 0.5 * f32::from(volume) / 100.0;
        // One step of 16-bit sound on top, for the rounding of the recording.
        assert!(
            peak <= allowed + 2.0 / 32768.0,
            "volume {volume}: peak {peak}, allowed {allowed}"
        );
        // The sound did play, and at the cap: the test measured something.
        assert!(
            peak >= allowed * 0.9,
            "volume {volume}: peak {peak}, silent?"
        );
    }
}

/// Two minutes of every kind of cue, for scripts/measure-audio.sh.
const TWO_MINUTES: &str = r#"format = 1
[routine]
name = "Two minutes of cues"
[settings]
lead_in = "5s"
transition = "3s"
countdown = 3
[[step]]
kind = "reps"
name = "Ball squeeze"
reps = 40
tempo = "1s"
[[step]]
kind = "timed"
name = "Calf roll"
side = "both"
duration = "20s"
[[step]]
kind = "circles"
name = "Shoulder circles"
duration = "20s"
reverse_every = "5s"
[[step]]
kind = "hold"
name = "Glute press"
duration = "10s..15s"
[[step]]
kind = "reps"
name = "Quick squeezes"
reps = 12
tempo = "0.75s"
"#;

/// CPU seconds (user + system) used by this process's waited-for children so far.
fn children_cpu_seconds() -> f64 {
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

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Onset error and click jitter over two minutes of real audio; prints the figures.
/// Run by scripts/measure-audio.sh (`cargo test --release --test audio_e2e -- --ignored`).
#[test]
#[ignore = "two minutes long: run by scripts/measure-audio.sh"]
fn measure_two_minutes() {
    let audio = VirtualAudio::start("measure");
    let home = tempfile::tempdir().unwrap();
    let routine = home.path().join("two-minutes.toml");
    std::fs::write(&routine, TWO_MINUTES).unwrap();
    let recording = home.path().join("recording.raw");
    let recorder = Recorder::start(&audio, &recording);
    let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
    play.args(["play", routine.to_str().unwrap(), "--headless"]);
    isolate(&mut play, home.path());
    let cpu_before = children_cpu_seconds();
    let started = Instant::now();
    let out = play.output().unwrap();
    let wall = started.elapsed().as_secs_f64();
    let cpu = children_cpu_seconds() - cpu_before;
    let (samples, missing) = recorder.stop();
    assert!(out.status.success());
    let lines = String::from_utf8_lossy(&out.stdout).to_string();
    let expected = sounding_cue_times(&lines);
    let heard: Vec<f64> = onsets(&samples, 0.05, (RATE as usize) * 15 / 100)
        .into_iter()
        .map(|i| i as f64 / f64::from(RATE))
        .collect();
    let errors = match_onsets(&expected, &heard, TOLERANCE_MS);
    let found: Vec<f64> = errors.iter().flatten().copied().collect();
    let abs: Vec<f64> = found.iter().map(|e| e.abs()).collect();
    // The sink's sample clock and the monotonic clock drift apart (a real sound card's crystal
    // does too): fit heard = a + b × expected over loosely paired cues; b − 1 is that drift,
    // and the residuals are the placement error on the sink's own clock.
    let loose = match_onsets(&expected, &heard, 100.0);
    let pairs: Vec<(f64, f64)> = expected
        .iter()
        .zip(&loose)
        .filter_map(|(e, err)| Some((*e, e + (*err)? / 1000.0)))
        .collect();
    let n = pairs.len() as f64;
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let slope = pairs.iter().map(|(x, y)| (x - mx) * (y - my)).sum::<f64>()
        / pairs.iter().map(|(x, _)| (x - mx).powi(2)).sum::<f64>();
    let residuals: Vec<f64> = pairs
        .iter()
        .map(|(x, y)| ((y - my - slope * (x - mx)) * 1000.0).abs())
        .collect();
    // Click jitter: the spacing of consecutive rep clicks against the tempo.
    let reps: Vec<(f64, f64)> = lines
        .lines()
        .filter(|l| l.contains("\"event\":\"rep\""))
        .filter_map(|l| {
            let t = serde_json::from_str::<serde_json::Value>(l).ok()?["t"].as_f64()?;
            let k = expected.iter().position(|e| (e - t).abs() < 0.0005)?;
            Some((t, errors[k]?))
        })
        .collect();
    let jitter: Vec<f64> = reps
        .windows(2)
        .filter(|w| w[1].0 - w[0].0 < 1.01)
        .map(|w| (w[1].1 - w[0].1).abs())
        .collect();
    println!(
        "drift of the sink's clock against the monotonic clock: {:+.0} ppm; \
         onset error on the sink's clock: median {:.2} ms, worst {:.2} ms over {} cues",
        (slope - 1.0) * 1e6,
        median(residuals.clone()),
        residuals.iter().fold(0.0f64, |m, v| m.max(*v)),
        residuals.len()
    );
    println!(
        "cues expected {}, heard on time {} (the recorder dropped {missing:.2} s)",
        expected.len(),
        found.len()
    );
    println!(
        "onset error: median {:.2} ms, worst {:.2} ms",
        median(abs.clone()),
        abs.iter().fold(0.0f64, |m, v| m.max(*v))
    );
    println!(
        "click jitter (interval error between consecutive reps): median {:.3} ms, worst {:.3} ms over {} intervals",
        median(jitter.clone()),
        jitter.iter().fold(0.0f64, |m, v| m.max(*v)),
        jitter.len()
    );
    println!(
        "cpu: {cpu:.2} s over {wall:.1} s = {:.2} % of one core",
        100.0 * cpu / wall
    );
    println!("errors (ms): {errors:?}");
    assert_eq!(pairs.len(), expected.len(), "every cue heard");
}

/// The CPU a session with quiet stretches costs: two one-minute parts with a countdown, the
/// stream resting between cues. Run by scripts/measure-audio.sh.
#[test]
#[ignore = "two minutes long: run by scripts/measure-audio.sh"]
fn measure_cpu_of_a_quiet_session() {
    let audio = VirtualAudio::start("quiet");
    let home = tempfile::tempdir().unwrap();
    let routine = home.path().join("quiet.toml");
    std::fs::write(
        &routine,
        "format = 1\n[routine]\nname = \"Quiet stretches\"\n[settings]\nlead_in = \"5s\"\n\
         transition = \"5s\"\ncountdown = 3\n[[step]]\nkind = \"timed\"\nname = \"Calf roll\"\n\
         side = \"both\"\nduration = \"60s\"\n",
    )
    .unwrap();
    let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
    play.args(["play", routine.to_str().unwrap(), "--headless"]);
    isolate(&mut play, home.path());
    let cpu_before = children_cpu_seconds();
    let started = Instant::now();
    let out = play.output().unwrap();
    let wall = started.elapsed().as_secs_f64();
    let cpu = children_cpu_seconds() - cpu_before;
    assert!(out.status.success());
    println!(
        "cpu, quiet session: {cpu:.2} s over {wall:.1} s = {:.2} % of one core",
        100.0 * cpu / wall
    );
}

/// The CPU a whole built-in routine costs with sound, as a runner plays it: the hamstrings and
/// glutes routine (about 15 minutes, reps at a 2 s tempo among quieter parts). Run by
/// `FULL=1 scripts/measure-audio.sh`.
#[test]
#[ignore = "fifteen minutes long: run by FULL=1 scripts/measure-audio.sh"]
fn measure_full_cpu_of_a_built_in_routine() {
    let audio = VirtualAudio::start("full");
    let home = tempfile::tempdir().unwrap();
    let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
    play.args(["play", "hamstrings-glutes-lacrosse", "--headless"]);
    isolate(&mut play, home.path());
    let cpu_before = children_cpu_seconds();
    let started = Instant::now();
    let out = play.output().unwrap();
    let wall = started.elapsed().as_secs_f64();
    let cpu = children_cpu_seconds() - cpu_before;
    assert!(out.status.success());
    println!(
        "cpu, built-in routine hamstrings-glutes-lacrosse: {cpu:.2} s over {wall:.1} s = {:.2} % of one core",
        100.0 * cpu / wall
    );
}

#[path = "support/tmux.rs"]
mod tmux;

/// A quarter of a minute that sounds from its very first instant (no lead-in): the start of a
/// countdown, reps, both sides.
const FROM_THE_FIRST_INSTANT: &str = r#"format = 1
[routine]
name = "From the first instant"
[settings]
lead_in = "0s"
transition = "1s"
countdown = 3
[[step]]
kind = "timed"
name = "Calf roll"
duration = "4s"
[[step]]
kind = "reps"
name = "Ball squeeze"
reps = 6
tempo = "0.5s"
[[step]]
kind = "timed"
name = "Glute press"
side = "both"
duration = "3s"
"#;

/// Each cue's onset error (ms) against the others: the recording is aligned on the cues after
/// the first (their median error is zero), so a first cue that sounds late, because the device
/// was still starting when the session's clock did, shows as late.
fn errors_against_the_rest(expected: &[f64], heard: &[f64]) -> Vec<Option<f64>> {
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

fn report_against_the_rest(mode: &str, expected: &[f64], samples: &[f32]) -> Vec<Option<f64>> {
    let heard: Vec<f64> = onsets(samples, 0.05, (RATE as usize) * 15 / 100)
        .into_iter()
        .map(|i| i as f64 / f64::from(RATE))
        .collect();
    let errors = errors_against_the_rest(expected, &heard);
    let found: Vec<f64> = errors.iter().flatten().map(|e| e.abs()).collect();
    let first = errors[0].map_or("not heard".to_string(), |e| format!("{e:+.2} ms"));
    println!(
        "{mode}: first cue {first}; every cue: heard {} of {}, worst {:.2} ms, median {:.2} ms",
        found.len(),
        expected.len(),
        found.iter().fold(0.0f64, |m, v| m.max(*v)),
        median(found.clone()),
    );
    println!("{mode} errors (ms): {errors:?}");
    errors
}

/// The first cue as on time as the others, headless and on screen. Run by
/// scripts/measure-audio.sh.
#[test]
#[ignore = "a minute long: run by scripts/measure-audio.sh"]
fn measure_the_first_cue_headless_and_on_screen() {
    let audio = VirtualAudio::start("first");
    let home = tempfile::tempdir().unwrap();
    let routine = home.path().join("first.toml");
    std::fs::write(&routine, FROM_THE_FIRST_INSTANT).unwrap();

    // Headless.
    let (out, samples, _) = play_recorded(&audio, home.path(), || {
        let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
        play.args(["play", routine.to_str().unwrap(), "--headless"]);
        isolate(&mut play, home.path());
        play
    });
    assert!(out.status.success());
    let expected = sounding_cue_times(&String::from_utf8_lossy(&out.stdout));
    let headless = report_against_the_rest("headless", &expected, &samples);

    // On screen, in a real terminal: the same timeline, started with Enter.
    if !tmux::available() {
        eprintln!("skipped: tmux is not installed, so the screen was not measured");
        return;
    }
    let home_str = home.path().to_str().unwrap().to_string();
    let mut env: Vec<(&str, &str)> = audio
        .env
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    env.extend([
        ("HOME", home_str.as_str()),
        ("XDG_CONFIG_HOME", home_str.as_str()),
        ("XDG_DATA_HOME", home_str.as_str()),
    ]);
    let recording = home.path().join("screen.raw");
    let recorder = Recorder::start(&audio, &recording);
    let screen = tmux::Tmux::start_with_env(
        Path::new(env!("CARGO_BIN_EXE_unknot")),
        &["play", routine.to_str().unwrap()],
        &env,
    );
    let wait = Duration::from_secs(20);
    screen.wait_for_text("Enter to start", wait);
    // The intro has been up a while, as when a runner reads it.
    std::thread::sleep(Duration::from_secs(2));
    screen.send(&["Enter"]);
    screen.wait_for_text("Session complete", Duration::from_secs(40));
    let (samples, missing) = recorder.stop();
    screen.send(&["x"]);
    assert!(missing < 0.05, "the recorder dropped {missing:.2} s");
    let on_screen = report_against_the_rest("screen", &expected, &samples);
    assert!(
        headless.iter().chain(&on_screen).all(Option::is_some),
        "every cue heard"
    );
}
