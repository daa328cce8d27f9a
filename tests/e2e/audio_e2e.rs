//! Sound, end to end: the real binary plays a routine headless into a real, clocked sound
//! output (a PulseAudio null sink started by scripts/virtual-audio.sh), a recorder captures
//! what was played, and every cue must be heard, in order. How close to its event each cue
//! lands, what sound costs and how fast a pause silences it are measurement tests
//! (`cargo test --test audio_e2e -- --ignored`; scripts/measure-audio.sh runs them in a
//! release build, and the long ones only when it sets `UNKNOT_MEASURE_LONG`).
//! Without a sound device the session must run the same, with one notice and nothing else.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod hostile_server;
mod sink;
mod voice;
use crate::support;

use sink::*;
use support::{Home, require, tmux};

/// How far from its event a cue may be heard, in the measurement tests.
const TOLERANCE_MS: f64 = 20.0;

/// A routine with every rhythm a runner hears: lead-in, ticks, sides, a spot move, reps, done.
const ROUTINE: &str = include_str!("../routines/sound/every-cue.toml");

/// The same rhythms in nine seconds: a start, a tick, a side switch, the next part, reps, done.
const SHORT_ROUTINE: &str = include_str!("../routines/sound/short.toml");

/// Whether `heard` holds `expected` in order and nothing else between them: some run of
/// onsets, as many as the cues, in which every onset lies nearer its own cue than any other
/// (the recorder may catch a click of its own start before the session). No tolerance in
/// milliseconds: only which sound is which, and that none is missing or added.
fn heard_in_order(expected: &[f64], heard: &[f64]) -> bool {
    let n = expected.len();
    if n == 0 || heard.len() < n {
        return n == 0;
    }
    (0..=heard.len() - n).any(|first| {
        let run = &heard[first..first + n];
        let own = |i: usize| {
            let at = run[i] - run[0] + expected[0];
            let nearest = expected
                .iter()
                .enumerate()
                .min_by(|a, b| (a.1 - at).abs().total_cmp(&(b.1 - at).abs()))
                .map(|(j, _)| j);
            nearest == Some(i)
        };
        // Nothing more within the session's span after the run.
        let span_end = run[0] + (expected[n - 1] - expected[0]) + 0.25;
        let extra = heard[first + n..].iter().any(|h| *h <= span_end);
        (0..n).all(own) && !extra
    })
}

#[test]
fn every_cue_is_heard_in_order() {
    let Some(audio) = VirtualAudio::or_skip("cues") else {
        return;
    };
    let home = Home::new();
    let routine = home.path().join("sound.toml");
    std::fs::write(&routine, SHORT_ROUTINE).unwrap();

    let (out, samples, _) = play_headless_recorded(&audio, &home, &routine);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "unknot failed: {stderr}");
    assert_eq!(stderr, "", "nothing is printed when the sound device works");
    let expected = sounding_cue_times(&String::from_utf8_lossy(&out.stdout));
    let heard = heard(&samples, 0.05);
    assert!(expected.len() >= 10, "{expected:?}");
    assert!(
        heard_in_order(&expected, &heard),
        "expected cues at {expected:?}\nheard onsets at {heard:?}"
    );
}

/// `unknot play ROUTINE --headless` in `home`, into the sink, recorded: its output, what the
/// sink played and how long it took.
fn play_headless_recorded(
    audio: &VirtualAudio,
    home: &Home,
    routine: &Path,
) -> (std::process::Output, Vec<f32>, Duration) {
    play_recorded(audio, home.path(), || {
        let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
        play.args(["play", routine.to_str().unwrap(), "--headless"]);
        home.isolate(&mut play);
        play
    })
}

/// Every cue of a routine heard within 20 ms of its event.
#[test]
#[ignore = "measurement: onsets within 20 ms of their events at a real sound sink"]
fn measure_every_cue_within_20_ms_of_its_event() {
    let _alone = support::measuring_alone();
    let audio = VirtualAudio::start("cues-timed");
    let home = Home::new();
    let routine = home.path().join("sound.toml");
    std::fs::write(&routine, ROUTINE).unwrap();

    let (out, samples, took) = play_headless_recorded(&audio, &home, &routine);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "unknot failed: {stderr}");

    let expected = sounding_cue_times(&String::from_utf8_lossy(&out.stdout));
    let heard = heard(&samples, 0.05);
    let errors = match_onsets(&expected, &heard, TOLERANCE_MS);
    let found: Vec<f64> = errors.iter().flatten().map(|e| e.abs()).collect();
    let report = format!(
        "expected cues at {expected:?}\nheard onsets at {heard:?}\nerrors (ms) {errors:?}\n\
         session took {:?}, recorded {:.2} s peaking at {:.3}",
        took,
        samples.len() as f64 / f64::from(RATE),
        samples.iter().fold(0.0f32, |m, v| m.max(v.abs()))
    );
    println!(
        "short routine: heard {} of {} cues within {TOLERANCE_MS} ms, worst {:.2} ms",
        found.len(),
        expected.len(),
        found.iter().fold(0.0f64, |m, v| m.max(*v))
    );
    assert!(
        errors.iter().all(Option::is_some),
        "a cue was not heard on time\n{report}"
    );
}

#[test]
fn sound_check_names_each_cue_as_it_sounds() {
    let Some(audio) = VirtualAudio::or_skip("sound-check") else {
        return;
    };
    let home = Home::new();
    let (out, samples, _) = play_recorded(&audio, home.path(), || {
        let mut check = audio.command(env!("CARGO_BIN_EXE_unknot"));
        check.arg("sound-check");
        home.isolate(&mut check);
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
    // Nine sounds, one a second, in order.
    let heard = heard(&samples, 0.05);
    let expected: Vec<f64> = (0..9).map(f64::from).collect();
    assert!(heard_in_order(&expected, &heard), "heard {heard:?}");
    // How close to a second apart: a measurement, shown with --nocapture.
    let errors = match_onsets(&expected, &heard, TOLERANCE_MS);
    println!("sound-check onsets against one a second (ms): {errors:?}");
}

#[test]
fn without_a_sound_device_the_session_runs_with_one_notice() {
    let home = Home::new();
    let routine = home.copy_fixture("routines/sound/quiet-reps.toml", "short.toml");
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
        home.isolate(&mut play);
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
        home.isolate(&mut play);
        play.output().unwrap()
    };
    assert!(out.status.success() && muted.status.success());
    assert_eq!(String::from_utf8_lossy(&muted.stderr), "");
}

/// The sound libraries a running unknot has loaded, among those the ALSA way brings.
fn sound_libraries(pid: u32) -> Vec<String> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
    let mut found: Vec<String> = [
        "libasound_module_pcm_pulse",
        "libpulse.so",
        "libpulsecommon",
    ]
    .into_iter()
    .filter(|lib| maps.contains(lib))
    .map(str::to_string)
    .collect();
    found.dedup();
    found
}

/// Straight to the server by default: every cue plays in order into the sink, and none of
/// PulseAudio's libraries is loaded.
#[test]
fn the_server_way_plays_every_cue_without_loading_libpulse() {
    plays_every_cue_in_order_and_loads("auto", false);
}

/// Through ALSA when the setting says so: every cue plays in order into the sink, through
/// PulseAudio's ALSA plugin and its libraries.
#[test]
fn the_alsa_way_plays_every_cue_through_libpulse() {
    plays_every_cue_in_order_and_loads("alsa", true);
}

/// A session with `sound_output = setting` into its own sink: every cue heard in order, and
/// PulseAudio's client libraries loaded or not, as `alsa_libraries` says.
fn plays_every_cue_in_order_and_loads(setting: &str, alsa_libraries: bool) {
    let Some(audio) = VirtualAudio::or_skip(&format!("way-{setting}")) else {
        return;
    };
    let home = Home::new();
    let routine = home.path().join("sound.toml");
    std::fs::write(&routine, SHORT_ROUTINE).unwrap();
    home.write_config(&format!("sound_output = \"{setting}\"\n"));
    let (out, samples, _) = play_headless_recorded(&audio, &home, &routine);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{setting}: unknot failed: {stderr}");
    assert_eq!(stderr, "", "{setting}: nothing is printed when sound works");
    let expected = sounding_cue_times(&String::from_utf8_lossy(&out.stdout));
    let heard = heard(&samples, 0.05);
    assert!(
        heard_in_order(&expected, &heard),
        "{setting}: expected cues at {expected:?}\nheard onsets at {heard:?}"
    );

    // The libraries, seen in the running process once its first sounds play.
    let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
    play.args(["play", routine.to_str().unwrap(), "--headless"]);
    home.isolate(&mut play);
    let mut child = play
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    let loaded = sound_libraries(child.id());
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(!loaded.is_empty(), alsa_libraries, "{setting}: {loaded:?}");
}

/// A session with the sound server forced (`sound_output = "pulseaudio"`) in `home`, the
/// server at `address`: headless, four times as fast. Its output and how long it took.
fn play_against_server(home: &Home, address: &str) -> (std::process::Output, Duration) {
    let routine = home.copy_fixture("routines/sound/quiet-reps.toml", "quiet.toml");
    home.write_config("sound_output = \"pulseaudio\"\n");
    // No ALSA device to fall back on either.
    let alsa = home.path().join("alsa.conf");
    std::fs::write(&alsa, "").unwrap();
    let mut play = Command::new(env!("CARGO_BIN_EXE_unknot"));
    play.args(["play", routine.to_str().unwrap(), "--headless"])
        .args(["--speed", "4"])
        .env("ALSA_CONFIG_PATH", &alsa)
        .env("PULSE_SERVER", address)
        .env("XDG_RUNTIME_DIR", home.path())
        .env_remove("SSH_CONNECTION")
        .env_remove("SSH_TTY");
    home.isolate(&mut play);
    let started = Instant::now();
    let out = play.output().unwrap();
    (out, started.elapsed())
}

fn ends_done(out: &std::process::Output) -> bool {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .is_some_and(|l| l.contains("\"event\":\"done\""))
}

/// A server that answers garbage, one that never answers, and one that refuses every stream
/// after the first: the session plays to its end all the same, soon, with at most the notice
/// that there is no sound.
#[test]
fn a_sound_server_that_misbehaves_never_holds_up_the_session() {
    use hostile_server::{HostileServer, Misbehaviour};
    let no_device = "unknot: No sound device: the session goes on without sound.\n";
    for how in [
        Misbehaviour::Garbage,
        Misbehaviour::Silent,
        Misbehaviour::RefusesStreams,
    ] {
        let home = Home::new();
        let server = HostileServer::start(home.path(), how);
        let (out, took) = play_against_server(&home, &server.address());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{how:?}: {stderr}");
        assert!(ends_done(&out), "{how:?}: the session did not end");
        // Opening gives up after five seconds at most; the session is under one.
        assert!(took < Duration::from_secs(12), "{how:?}: took {took:?}");
        if how == Misbehaviour::RefusesStreams {
            // It opened (the first stream proved it), then each cue's stream was refused:
            // silence, no notice, and it asked again rather than giving up or spinning.
            assert_eq!(stderr, "", "{how:?}");
            let asked = server
                .streams_asked
                .load(std::sync::atomic::Ordering::Relaxed);
            assert!((2..=20).contains(&asked), "{how:?}: {asked} streams asked");
        } else {
            assert_eq!(stderr, no_device, "{how:?}");
        }
    }
}

/// The sound server killed in the middle of a session: the session plays on to its end.
#[test]
fn a_sound_server_that_goes_away_mid_session_leaves_it_playing_on() {
    let Some(audio) = VirtualAudio::or_skip("vanish") else {
        return;
    };
    let home = Home::new();
    let routine = home.path().join("sound.toml");
    std::fs::write(&routine, SHORT_ROUTINE).unwrap();
    let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
    play.args(["play", routine.to_str().unwrap(), "--headless"]);
    home.isolate(&mut play);
    let started = Instant::now();
    let child = play
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    let killed = audio.command("pulseaudio").arg("--kill").status().unwrap();
    assert!(killed.success(), "the server was not stopped");
    let out = child.wait_with_output().unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(ends_done(&out), "the session did not end");
    // Nine seconds of routine, and a moment to finish.
    assert!(took < Duration::from_secs(16), "took {took:?}");
}

/// A WAV of 32-bit float samples.
fn float_wav(samples: &[f32]) -> Vec<u8> {
    let data: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    mono_wav(3, 32, &data)
}

/// A mono WAV at [`RATE`] of `data`: `format` 1 is integer PCM, 3 float; `bits` a sample.
fn mono_wav(format: u16, bits: u16, data: &[u8]) -> Vec<u8> {
    let block = bits / 8;
    let mut b = Vec::new();
    b.extend(b"RIFF");
    b.extend((36 + data.len() as u32).to_le_bytes());
    b.extend(b"WAVEfmt ");
    b.extend(16u32.to_le_bytes());
    b.extend(format.to_le_bytes());
    b.extend(1u16.to_le_bytes());
    b.extend(RATE.to_le_bytes());
    b.extend((RATE * u32::from(block)).to_le_bytes());
    b.extend(block.to_le_bytes());
    b.extend(bits.to_le_bytes());
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
    let home = Home::new();
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
            home.isolate(&mut cmd);
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{bad} {args:?}: {stderr}");
            assert!(
                stderr.contains("must be a finite number"),
                "{bad} {args:?}: {stderr}"
            );
        }
    }

    let Some(audio) = VirtualAudio::or_skip("loud") else {
        return;
    };
    let routine = dir.join("loud.toml");
    std::fs::write(&routine, routine_sounding("loud.wav")).unwrap();
    for volume in [100u8, 40] {
        let config = dir.join("config").join("unknot");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("config.toml"), format!("volume = {volume}\n")).unwrap();
        // At four times the speed: the peak is what counts, and the cues sound over each
        // other all the more.
        let (out, samples, _) = play_recorded(&audio, home.path(), || {
            let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
            play.args([
                "play",
                routine.to_str().unwrap(),
                "--headless",
                "--speed",
                "4",
            ]);
            home.isolate(&mut play);
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
const TWO_MINUTES: &str = include_str!("../routines/sound/two-minutes.toml");

/// Whether the long measurements run: scripts/measure-audio.sh sets `UNKNOT_MEASURE_LONG`;
/// the measurement run of every ignored test (CI's) keeps to the short ones.
fn long_measurements(test: &str) -> bool {
    let long = std::env::var_os("UNKNOT_MEASURE_LONG").is_some_and(|v| !v.is_empty());
    if !long {
        eprintln!(
            "skipped: {test} is long; scripts/measure-audio.sh runs it (UNKNOT_MEASURE_LONG=1)"
        );
    }
    long
}

/// Onset error and click jitter over two minutes of real audio; prints the figures.
/// Run by scripts/measure-audio.sh, which sets `UNKNOT_MEASURE_LONG`.
#[test]
#[ignore = "measurement: two minutes long, run by scripts/measure-audio.sh"]
fn measure_two_minutes() {
    let _alone = support::measuring_alone();
    if !long_measurements("measure_two_minutes") {
        return;
    }
    let audio = VirtualAudio::start("measure");
    let home = Home::new();
    let routine = home.path().join("two-minutes.toml");
    std::fs::write(&routine, TWO_MINUTES).unwrap();
    let recording = home.path().join("recording.raw");
    let recorder = Recorder::start(&audio, &recording);
    let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
    play.args(["play", routine.to_str().unwrap(), "--headless"]);
    home.isolate(&mut play);
    let cpu_before = children_cpu_seconds();
    let started = Instant::now();
    let out = play.output().unwrap();
    let wall = started.elapsed().as_secs_f64();
    let cpu = children_cpu_seconds() - cpu_before;
    let (samples, missing) = recorder.stop();
    assert!(out.status.success());
    let lines = String::from_utf8_lossy(&out.stdout).to_string();
    let expected = sounding_cue_times(&lines);
    let heard = heard(&samples, 0.05);
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
/// stream resting between cues. Run by scripts/measure-audio.sh, which sets
/// `UNKNOT_MEASURE_LONG`.
#[test]
#[ignore = "measurement: two minutes long, run by scripts/measure-audio.sh"]
fn measure_cpu_of_a_quiet_session() {
    let _alone = support::measuring_alone();
    if !long_measurements("measure_cpu_of_a_quiet_session") {
        return;
    }
    let audio = VirtualAudio::start("quiet");
    let home = Home::new();
    let routine = home.copy_fixture("routines/sound/quiet-stretches.toml", "quiet.toml");
    let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
    play.args(["play", routine.to_str().unwrap(), "--headless"]);
    home.isolate(&mut play);
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
/// `FULL=1 scripts/measure-audio.sh` (which sets `UNKNOT_MEASURE_LONG`).
#[test]
#[ignore = "measurement: fifteen minutes long, run by FULL=1 scripts/measure-audio.sh"]
fn measure_full_cpu_of_a_built_in_routine() {
    let _alone = support::measuring_alone();
    if !long_measurements("measure_full_cpu_of_a_built_in_routine") {
        return;
    }
    let audio = VirtualAudio::start("full");
    let home = Home::new();
    let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
    play.args(["play", "hamstrings-glutes-lacrosse", "--headless"]);
    home.isolate(&mut play);
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

/// A quarter of a minute that sounds from its very first instant (no lead-in): the start of a
/// countdown, reps, both sides.
const FROM_THE_FIRST_INSTANT: &str = include_str!("../routines/sound/from-the-first-instant.toml");

fn report_against_the_rest(mode: &str, expected: &[f64], samples: &[f32]) -> Vec<Option<f64>> {
    let heard = heard(samples, 0.05);
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
#[ignore = "measurement: the first cue's onset, headless and on screen"]
fn measure_the_first_cue_headless_and_on_screen() {
    let _alone = support::measuring_alone();
    let audio = VirtualAudio::start("first");
    let home = Home::new();
    let routine = home.path().join("first.toml");
    std::fs::write(&routine, FROM_THE_FIRST_INSTANT).unwrap();

    // Headless.
    let (out, samples, _) = play_headless_recorded(&audio, &home, &routine);
    assert!(out.status.success());
    let expected = sounding_cue_times(&String::from_utf8_lossy(&out.stdout));
    let headless = report_against_the_rest("headless", &expected, &samples);

    // On screen, in a real terminal: the same timeline, started with Enter.
    if !tmux::available() {
        require::skip("tmux is not installed, so the screen was not measured");
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

/// A side each way with a three-second countdown, for the spoken countdown.
fn countdown_routine(language: &str) -> String {
    format!(
        "format = 1\n[routine]\nname = \"Spoken countdown\"\nlanguage = \"{language}\"\n\
         [settings]\nlead_in = \"4s\"\ntransition = \"1s\"\ncountdown = 3\n\
         [[step]]\nkind = \"timed\"\nname = \"Calf roll\"\nside = \"both\"\nduration = \"5s\"\n"
    )
}

/// Session times (seconds) of the countdown's ticks, and of the other cues that sound.
fn ticks_and_the_rest(json_lines: &str) -> (Vec<f64>, Vec<f64>) {
    let all = sounding_cue_times(json_lines);
    let ticks: Vec<f64> = json_lines
        .lines()
        .filter(|l| l.contains("\"event\":\"tick\""))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()?["t"].as_f64())
        .collect();
    let rest = all
        .into_iter()
        .filter(|t| !ticks.iter().any(|k| (k - t).abs() < 0.001))
        .collect();
    (ticks, rest)
}

/// How long a sound that starts at `at` (seconds into the recording) lasts, until it has
/// stayed below `level` for 50 ms: a tick's blip is 45 ms long, a spoken number far longer.
fn length_of_sound(samples: &[f32], at: f64, level: f32) -> f64 {
    let from = (at * f64::from(RATE)) as usize;
    let hold = RATE as usize / 20;
    let mut last_loud = from;
    for (i, v) in samples.iter().enumerate().skip(from) {
        if v.abs() >= level {
            last_loud = i;
        } else if i - last_loud > hold {
            break;
        }
    }
    (last_loud - from) as f64 / f64::from(RATE)
}

/// The spoken countdown ("three, two, one" in the routine's language, espeak-ng) starts each
/// number within 20 ms of its tick's instant: the recording is aligned on the other cues
/// (their sounds placed by sample), and each number's onset is compared with its tick.
/// Part of scripts/measure-audio.sh.
#[test]
#[ignore = "measurement: spoken countdown numbers start within 20 ms of their ticks"]
fn measure_the_spoken_countdown_on_the_tick_instants() {
    let _alone = support::measuring_alone();
    if Command::new("espeak-ng").arg("--version").output().is_err() {
        require::skip("espeak-ng is not installed");
        return;
    }
    let audio = VirtualAudio::start("spoken-countdown");
    let mut worst = 0.0f64;
    for language in ["en", "de"] {
        let home = Home::new();
        let routine = home.path().join("countdown.toml");
        std::fs::write(&routine, countdown_routine(language)).unwrap();
        let config = home.path().join("config").join("unknot");
        std::fs::create_dir_all(&config).unwrap();
        // Only the numbers are spoken, so nothing else is said over them.
        std::fs::write(
            config.join("config.toml"),
            "voice = true\nspoken_countdown = true\nvoice_announce = []\n",
        )
        .unwrap();
        let (out, samples, _) = play_headless_recorded(&audio, &home, &routine);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "unknot failed: {stderr}");
        let (ticks, rest) = ticks_and_the_rest(&String::from_utf8_lossy(&out.stdout));
        assert!(ticks.len() >= 6, "three ticks a side at least: {ticks:?}");
        // A low threshold: a number may begin with a soft consonant ("three").
        let onsets = heard(&samples, 0.01);
        let mut cues: Vec<f64> = rest.clone();
        cues.extend(&ticks);
        cues.sort_by(f64::total_cmp);
        // Found where the most cues are heard (within 50 ms), then aligned on the cues
        // that are not spoken (their median error zero).
        let mut best = (0usize, 0.0f64);
        for h in &onsets {
            let offset = h - cues[0];
            let found = cues
                .iter()
                .filter(|e| onsets.iter().any(|h| (h - offset - *e).abs() <= 0.050))
                .count();
            if found > best.0 {
                best = (found, offset);
            }
        }
        let rest_errors: Vec<f64> = rest
            .iter()
            .filter_map(|e| {
                onsets
                    .iter()
                    .map(|h| h - best.1 - e)
                    .find(|d| d.abs() <= 0.020)
            })
            .collect();
        assert_eq!(
            rest_errors.len(),
            rest.len(),
            "the other cues were heard: {onsets:?}"
        );
        let offset = best.1 + median(rest_errors);
        let mut errors = Vec::new();
        let mut spoken = 0;
        // The lead-in's ticks come as the session starts: a number not rendered two seconds
        // before its instant is a tick instead. The parts' ticks must all be spoken.
        let first_part = rest[0];
        let mut spoken_in_parts = 0;
        for tick in &ticks {
            let nearest = onsets
                .iter()
                .map(|h| h - offset - tick)
                .min_by(|a, b| a.abs().total_cmp(&b.abs()))
                .filter(|d| d.abs() < 0.3);
            if let Some(error) = nearest {
                errors.push(error * 1000.0);
                // A number lasts far longer than a tick's 45 ms blip.
                if length_of_sound(&samples, tick + offset + error, 0.0025) > 0.15 {
                    spoken += 1;
                    spoken_in_parts += usize::from(*tick > first_part);
                }
            }
        }
        let abs: Vec<f64> = errors.iter().map(|e| e.abs()).collect();
        let language_worst = abs.iter().fold(0.0f64, |m, v| m.max(*v));
        worst = worst.max(language_worst);
        println!(
            "spoken countdown ({language}): {} of {} numbers heard, {spoken} spoken \
             ({spoken_in_parts} in the parts); \
             onset against the tick: median {:.2} ms, worst {language_worst:.2} ms; \
             errors (ms) {errors:.2?}",
            errors.len(),
            ticks.len(),
            median(abs.clone()),
        );
        assert_eq!(
            spoken_in_parts,
            ticks.iter().filter(|t| **t > first_part).count(),
            "every tick is a spoken number: ticks at {ticks:?}, other cues at {rest:?}, \
             onsets {onsets:?} with the session's start at {offset:.3} s; stderr {stderr}"
        );
    }
    assert!(worst <= 20.0, "a number started {worst:.2} ms off its tick");
}

/// A private session bus, for pressing pause the way a media key does; ended with the test.
struct Bus {
    daemon: std::process::Child,
    address: String,
}

impl Bus {
    fn start() -> Option<Bus> {
        use std::io::BufRead;
        for tool in ["dbus-daemon", "playerctl"] {
            if Command::new(tool).arg("--version").output().is_err() {
                require::skip(&format!("{tool} is not installed"));
                return None;
            }
        }
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let mut line = String::new();
        std::io::BufReader::new(daemon.stdout.take()?)
            .read_line(&mut line)
            .ok()?;
        Some(Bus {
            daemon,
            address: line.trim().to_string(),
        })
    }

    /// `playerctl -p unknot ARGS`; its answer.
    fn playerctl(&self, args: &[&str]) -> String {
        let out = Command::new("playerctl")
            .args(["-p", "unknot"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// CPU ticks (user + system, all threads) of a process, and its threads' context switches
/// (voluntary + involuntary: each is a wake-up or a preemption).
fn cpu_and_switches(pid: u32) -> (f64, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15; `rest` starts at field 3.
    let ticks: f64 = [14, 15]
        .iter()
        .filter_map(|i| fields.get(i - 3)?.parse::<f64>().ok())
        .sum();
    let mut switches = 0;
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for task in tasks.flatten() {
            let status = std::fs::read_to_string(task.path().join("status")).unwrap_or_default();
            switches += status
                .lines()
                .filter(|l| l.contains("ctxt_switches"))
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    (ticks / 100.0, switches)
}

/// A line of `/proc/PID/status`, such as `VmHWM`, in kB.
fn status_kb(pid: u32, key: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// What sound costs while it plays, and how fast a pause silences it: a stretch of rep
/// clicks, one a second, into the virtual sink. Prints the CPU (% of one core), the
/// wake-ups a second (context switches of all the process's threads), the peak memory
/// (VmHWM), and, for pauses pressed (through the media controls on a private bus) at
/// several moments just before a click, the time from the press to the last sound at the
/// sink. Part of scripts/measure-audio.sh; about 45 seconds.
#[test]
#[ignore = "measurement: cost of clicks and pause-to-silence at a real sound sink"]
fn measure_a_click_a_second_and_pause_to_silence() {
    let _alone = support::measuring_alone();
    use std::io::BufRead;
    let Some(bus) = Bus::start() else { return };
    let audio = VirtualAudio::start("clicks");
    let home = Home::new();
    let routine = home.copy_fixture("routines/sound/clicks.toml", "clicks.toml");
    let recording = home.path().join("recording.raw");
    let recorder = Recorder::start(&audio, &recording);
    let t0 = Instant::now();
    let coarse = recorder.seconds_at(t0);
    let mut play = audio.command(env!("CARGO_BIN_EXE_unknot"));
    play.args(["play", routine.to_str().unwrap(), "--headless"])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    home.isolate(&mut play);
    let mut child = play.spawn().unwrap();
    let pid = child.id();
    // Each rep line as it arrives (at its instant), in seconds since t0.
    let (send, reps) = std::sync::mpsc::channel::<f64>();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if line.contains("\"event\":\"rep\"") {
                let _ = send.send(t0.elapsed().as_secs_f64());
            }
        }
    });
    let mut arrivals: Vec<f64> = Vec::new();
    let next_rep = |arrivals: &mut Vec<f64>| {
        let at = reps
            .recv_timeout(Duration::from_secs(5))
            .expect("a rep each second");
        arrivals.push(at);
        at
    };
    // Settled: three clicks in. Then twenty seconds of clicks.
    for _ in 0..3 {
        next_rep(&mut arrivals);
    }
    let (cpu0, switches0) = cpu_and_switches(pid);
    let wall0 = Instant::now();
    for _ in 0..20 {
        next_rep(&mut arrivals);
    }
    let (cpu1, switches1) = cpu_and_switches(pid);
    let wall = wall0.elapsed().as_secs_f64();
    let cpu = 100.0 * (cpu1 - cpu0) / wall;
    let wakeups = (switches1 - switches0) as f64 / wall;

    // How long playerctl takes to deliver a command (it returns once unknot has it).
    let asked = Instant::now();
    for _ in 0..3 {
        bus.playerctl(&["status"]);
    }
    let delivery = asked.elapsed().as_secs_f64() / 3.0;
    // Pauses pressed to arrive this long before a click is due, then resumed.
    let mut presses: Vec<(f64, f64, f64)> = Vec::new();
    for before in [0.005, 0.015, 0.030, 0.060, 0.120] {
        let rep = next_rep(&mut arrivals);
        let due = rep + 1.0;
        let press_at = due - before - delivery;
        std::thread::sleep(Duration::from_secs_f64(
            (press_at - t0.elapsed().as_secs_f64()).max(0.0),
        ));
        let pressed = t0.elapsed().as_secs_f64();
        bus.playerctl(&["pause"]);
        let delivered = t0.elapsed().as_secs_f64();
        presses.push((pressed, delivered, due));
        std::thread::sleep(Duration::from_millis(1500));
        bus.playerctl(&["play"]);
        // Reps hold on during the pause: skip to the next that arrives.
        while reps.try_recv().is_ok() {}
    }
    let hwm = status_kb(pid, "VmHWM").unwrap_or(0);
    let rss = status_kb(pid, "VmRSS").unwrap_or(0);
    // Of which the program's own (heap, stacks) and what is mapped from files (the binary's
    // code and the shared libraries, shared with every other process that maps them).
    let anon = status_kb(pid, "RssAnon").unwrap_or(0);
    let file = status_kb(pid, "RssFile").unwrap_or(0);
    bus.playerctl(&["stop"]);
    let _ = child.wait();
    let (samples, missing) = recorder.stop();
    // A piece the recorder dropped moves what comes after it: each pause is placed by the
    // click just before it.
    assert!(missing < 0.5, "the recorder dropped {missing:.2} s");

    // The recording's time of t0, roughly from the recorder, then exactly from the reps:
    // each is heard at its line's arrival.
    let onsets = heard(&samples, 0.05);
    let offsets: Vec<(f64, f64)> = arrivals
        .iter()
        .filter_map(|a| {
            let d = onsets
                .iter()
                .map(|h| h - a - coarse)
                .filter(|d| d.abs() < 0.4)
                .min_by(|x, y| x.abs().total_cmp(&y.abs()))?;
            Some((*a, coarse + d))
        })
        .collect();
    assert!(offsets.len() > 20, "the clicks were heard: {onsets:?}");
    let mut silences = Vec::new();
    for (pressed, delivered, due) in &presses {
        let offset = offsets
            .iter()
            .rev()
            .find(|(a, _)| a < delivered)
            .map_or(coarse, |(_, o)| *o);
        let sample_of = |t: f64| ((t + offset) * f64::from(RATE)).max(0.0) as usize;
        let from = sample_of(*delivered);
        let to = sample_of(delivered + 1.0).min(samples.len());
        let last_sound = (from..to)
            .rev()
            .find(|i| samples[*i].abs() >= 0.002)
            .map_or(0.0, |i| (i - from) as f64 / f64::from(RATE));
        let click_heard = onsets.iter().any(|h| (h - offset - due).abs() < 0.02);
        silences.push(last_sound * 1000.0);
        println!(
            "pause delivered {:.0} ms before a click (pressed {:.0} ms before it): \
             the last sound {:.1} ms after the pause; that click {}",
            (due - delivered) * 1000.0,
            (due - pressed) * 1000.0,
            last_sound * 1000.0,
            if click_heard {
                "was heard"
            } else {
                "was not heard"
            }
        );
    }
    println!("the recorder dropped {missing:.2} s");
    println!(
        "clicks one a second, sound on: cpu {cpu:.2} % of one core, {wakeups:.1} wake-ups/s \
         (context switches of all threads) over {wall:.1} s"
    );
    println!(
        "memory: peak {:.1} MB (VmHWM), {:.1} MB at the end (VmRSS: {:.1} MB anonymous, \
         {:.1} MB mapped from files)",
        hwm as f64 / 1024.0,
        rss as f64 / 1024.0,
        anon as f64 / 1024.0,
        file as f64 / 1024.0
    );
    println!(
        "pause to silence: worst {:.1} ms, median {:.1} ms over {} pauses (playerctl takes {:.0} ms to deliver)",
        silences.iter().fold(0.0f64, |m, v| m.max(*v)),
        median(silences.clone()),
        silences.len(),
        delivery * 1000.0
    );
    assert_eq!(silences.len(), 5);
}
