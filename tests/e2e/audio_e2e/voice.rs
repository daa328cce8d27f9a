//! The voice through the real binary and a real sound sink: the runner's own speech engine
//! (a fake one here, that writes down what it was given) learns the voice, the rate and the
//! language apart from the text, and an engine that takes two seconds a phrase leaves the
//! session's timing as it is without a voice.

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use std::io::BufRead;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use super::sink;
use crate::support;

use sink::{RATE, VirtualAudio};
use support::Home;

/// Both sides of a German part with a countdown: the voice has a name, sides and numbers
/// to say.
const ROUTINE: &str = include_str!("../../routines/sound/waden-de.toml");

/// A WAV of a short tone: what the fake engine says for every phrase.
fn tone_wav() -> Vec<u8> {
    let samples: Vec<i16> = (0..RATE as usize / 5)
        .map(|i| if (i / 30) % 2 == 0 { 6_000 } else { -6_000 })
        .collect();
    let data: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    super::mono_wav(1, 16, &data)
}

/// An engine that writes down its arguments, environment and text, then takes `delay`
/// before it speaks.
fn fake_engine(dir: &Path, delay: &str) -> String {
    std::fs::write(dir.join("tone.wav"), tone_wav()).unwrap();
    let path = dir.join("engine");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\ntext=$(cat)\n\
             echo \"args=$* name=$UNKNOT_VOICE_NAME rate=$UNKNOT_VOICE_RATE \
             language=$UNKNOT_VOICE_LANGUAGE text=$text\" >> '{got}'\n\
             sleep {delay}\ncat '{wav}'\n",
            got = dir.join("got").display(),
            wav = dir.join("tone.wav").display(),
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

/// A headless session's lines, each with when it came (seconds after the first), and when
/// the program ended (seconds after the first line).
struct Run {
    lines: Vec<(f64, String)>,
    ended: f64,
    stderr: String,
}

/// `unknot play ROUTINE --headless FLAGS` in `home`, into the sink.
fn play_headless(home: &Home, audio: &VirtualAudio, routine: &Path, flags: &[&str]) -> Run {
    let mut command = home.command(&["play", routine.to_str().unwrap(), "--headless"]);
    command.args(flags);
    audio.apply(&mut command);
    command
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut lines = Vec::new();
    let mut first: Option<Instant> = None;
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        let now = Instant::now();
        let first = *first.get_or_insert(now);
        lines.push(((now - first).as_secs_f64(), line.unwrap()));
    }
    let status = child.wait().unwrap();
    let ended = first.map_or(0.0, |f| f.elapsed().as_secs_f64());
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "unknot failed: {stderr}");
    Run {
        lines,
        ended,
        stderr,
    }
}

#[test]
fn a_slow_engine_leaves_the_sessions_timing_as_it_is_and_is_told_voice_rate_and_language() {
    let Some(audio) = VirtualAudio::or_skip("slow-engine") else {
        return;
    };
    let home = Home::new();
    let routine = home.path().join("waden.toml");
    std::fs::write(&routine, ROUTINE).unwrap();
    // In real time: the engine renders one phrase after another, two seconds each, and the
    // step's name comes a few phrases in; a faster session would end before it was asked.
    let engine = fake_engine(home.path(), "2");
    let config = home.path().join("config/unknot");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!(
            "voice = true\nvoice_name = \"thorsten\"\nvoice_rate = 200\n\
             spoken_countdown = true\n\
             voice_command = [\"{engine}\", \"--speaker={{voice}}\", \"{{language}}\"]\n"
        ),
    )
    .unwrap();
    // Without a voice, in a home of its own, at the same time: the same machine at the same
    // moment, and one session's wait instead of two.
    let without = Home::new();
    let (without_voice, with_voice) = std::thread::scope(|s| {
        let plain = s.spawn(|| play_headless(&without, &audio, &routine, &[]));
        let with_voice = play_headless(&home, &audio, &routine, &[]);
        (plain.join().unwrap(), with_voice)
    });

    // The same lines, each as long after the first as without a voice, and the program
    // ending as soon after them: one phrase rendered in the way would cost two seconds.
    let report = format!(
        "without voice: {:?}, ended {:.2}\nwith a slow voice: {:?}, ended {:.2}",
        without_voice.lines, without_voice.ended, with_voice.lines, with_voice.ended
    );
    assert_eq!(
        with_voice.lines.len(),
        without_voice.lines.len(),
        "{report}"
    );
    for ((at, line), (at_before, line_before)) in with_voice.lines.iter().zip(&without_voice.lines)
    {
        assert_eq!(line, line_before, "{report}");
        assert!((at - at_before).abs() < 0.5, "{line}\n{report}");
    }
    // The end may wait for the last words to be said, never for the engine.
    assert!(with_voice.ended - without_voice.ended < 1.5, "{report}");
    assert_eq!(with_voice.stderr, "", "{report}");

    // The engine was asked (in the background), told the voice, rate and language in its
    // environment and its arguments, and given the words on stdin alone.
    let got = std::fs::read_to_string(home.path().join("got")).unwrap();
    let first = got.lines().next().expect("the engine was run");
    assert!(
        first.starts_with("args=--speaker=thorsten de name=thorsten rate=200 language=de text="),
        "{got}"
    );
    for line in got.lines() {
        let (told, text) = line.split_once(" text=").unwrap();
        assert_eq!(
            told, "args=--speaker=thorsten de name=thorsten rate=200 language=de",
            "{got}"
        );
        assert!(!text.is_empty(), "{got}");
    }
    assert!(
        got.contains("text=Wade rollen"),
        "the step's name is among the words: {got}"
    );
}

/// The cache makes a slow engine cost its time once: a second session renders nothing.
/// The sessions play at twice the speed: what is rendered does not depend on it, and an
/// engine that answers at once has rendered every phrase long before the first one ends.
#[test]
fn a_second_session_takes_its_words_from_the_cache() {
    const SPEED: &[&str] = &["--speed", "2"];
    let Some(audio) = VirtualAudio::or_skip("voice-cache") else {
        return;
    };
    let home = Home::new();
    let routine = home.path().join("waden.toml");
    std::fs::write(&routine, ROUTINE).unwrap();
    let engine = fake_engine(home.path(), "0");
    let config = home.path().join("config/unknot");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("voice = true\nvoice_command = [\"{engine}\"]\n"),
    )
    .unwrap();
    play_headless(&home, &audio, &routine, SPEED);
    let first = std::fs::read_to_string(home.path().join("got")).unwrap();
    assert!(!first.is_empty());
    // Without voice_name the engine is told none.
    assert!(
        first
            .lines()
            .all(|l| l.contains(" name= rate=165 language=de ")),
        "{first}"
    );
    // The engine renders each phrase at once: all of them were done in the first session.
    let before = std::fs::read_to_string(home.path().join("got")).unwrap();
    play_headless(&home, &audio, &routine, SPEED);
    let after = std::fs::read_to_string(home.path().join("got")).unwrap();
    assert_eq!(after, before, "every phrase came from the cache");
}
