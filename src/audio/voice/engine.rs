//! The speech engine: espeak-ng, or any program the runner names that reads text on stdin
//! and writes a WAV on stdout. Run directly (never through a shell), the text only on its
//! standard input, killed after [`TIME_LIMIT`], its output capped at [`MAX_OUTPUT`]. What it
//! says is kept on disk, so a slow engine costs its time once per phrase.
//!
//! The runner's own engine learns the voice, the rate and the routine's language from the
//! environment ([`VOICE_NAME_VAR`], [`VOICE_RATE_VAR`], [`VOICE_LANGUAGE_VAR`]) and from the
//! placeholders `{voice}`, `{rate}` and `{language}` in the arguments of its command, never
//! from the text: the text stays on its standard input alone.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::super::decode::decode_wav_bytes;
use super::super::scheduler::Sound;
use crate::speech::Announce;

const ESPEAK: &str = "espeak-ng";
/// The longest an engine may take for one phrase before it is killed.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);
/// The most an engine may write for one phrase (the sound decoder keeps 20 s of it).
pub const MAX_OUTPUT: usize = 16 * 1024 * 1024;
/// The runner's `voice_name` (empty without one), in the environment of the runner's engine.
pub const VOICE_NAME_VAR: &str = "UNKNOT_VOICE_NAME";
/// The runner's `voice_rate`, words per minute.
pub const VOICE_RATE_VAR: &str = "UNKNOT_VOICE_RATE";
/// The routine's language, a BCP 47 tag (`en` when the routine names none).
pub const VOICE_LANGUAGE_VAR: &str = "UNKNOT_VOICE_LANGUAGE";
/// Below this level, the start of a rendered phrase is silence, and is cut: the words start
/// on their instant, not after the engine's lead-in.
const SILENCE: f32 = 0.001;

/// What the runner's settings say about the voice.
#[derive(Debug, Clone, PartialEq)]
pub struct VoiceSettings {
    pub voice_name: Option<String>,
    /// Words per minute.
    pub rate: u32,
    pub command: Option<Vec<String>>,
    pub spoken_countdown: bool,
    pub announce: Vec<Announce>,
}

impl Default for VoiceSettings {
    fn default() -> Self {
        VoiceSettings {
            voice_name: None,
            rate: crate::config::DEFAULT_VOICE_RATE,
            command: None,
            spoken_countdown: false,
            announce: Announce::ALL.to_vec(),
        }
    }
}

impl VoiceSettings {
    pub fn from_config(config: &crate::config::Config) -> VoiceSettings {
        VoiceSettings {
            voice_name: config.voice_name.clone(),
            rate: config.voice_rate,
            command: config.voice_command.clone(),
            spoken_countdown: config.spoken_countdown,
            announce: config.voice_announce.clone(),
        }
    }
}

/// The engine that speaks, and what it falls back to.
#[derive(Debug, Clone)]
pub struct Engine {
    pub settings: VoiceSettings,
    /// The output's sample rate.
    rate: u32,
    /// The runner's own engine, until it fails once.
    custom: Option<Vec<String>>,
    espeak: bool,
    cache: Option<PathBuf>,
    /// How long one phrase may take.
    limit: Duration,
}

impl Engine {
    /// The engine the settings name; without one that can run, the notice to show.
    pub fn start(rate: u32, settings: &VoiceSettings) -> Result<Engine, String> {
        let espeak = espeak_found();
        let custom = settings.command.clone();
        if custom.is_none() && !espeak {
            return Err("Spoken cues need espeak-ng, which is not installed: sounds only.".into());
        }
        Ok(Engine {
            settings: settings.clone(),
            rate,
            custom,
            espeak,
            cache: crate::storage::cache_dir().map(|d| d.join("voice")),
            limit: TIME_LIMIT,
        })
    }

    /// Speaks `text` in `language` (a BCP 47 tag; espeak-ng's voice for it is
    /// `language_voice`, unless the settings name a voice): from the cache, or from the
    /// engine. A failing engine gives way to espeak-ng, or to sounds only, and says so in the
    /// notice.
    pub fn speak(
        &mut self,
        text: &str,
        language_voice: &str,
        language: &str,
    ) -> (Option<Sound>, Option<String>) {
        let voice = self
            .settings
            .voice_name
            .clone()
            .unwrap_or_else(|| language_voice.to_string());
        if let Some(command) = self.custom.clone() {
            let told = self.told(language);
            let command = fill_placeholders(&command, &told);
            match self.cached_or_run(&command, &told, &voice, text) {
                Ok(sound) => return (Some(sound), None),
                Err(why) => {
                    self.custom = None;
                    let program =
                        crate::routine::quoted(command.first().map_or("", String::as_str));
                    let instead = if self.espeak {
                        "espeak-ng speaks instead"
                    } else {
                        "sounds only"
                    };
                    let notice = format!("The speech engine {program} {why}: {instead}.");
                    let sound = self.espeak_speak(&voice, text);
                    return (sound, Some(notice));
                }
            }
        }
        (self.espeak_speak(&voice, text), None)
    }

    fn espeak_speak(&self, voice: &str, text: &str) -> Option<Sound> {
        if !self.espeak {
            return None;
        }
        let command = espeak_command(voice, self.settings.rate);
        self.cached_or_run(&command, &Told::default(), voice, text)
            .ok()
    }

    /// What the runner's engine is told besides the text: the voice, the rate, the language.
    fn told(&self, language: &str) -> Told {
        Told {
            voice: self.settings.voice_name.clone().unwrap_or_default(),
            rate: self.settings.rate.to_string(),
            language: language.to_string(),
        }
    }

    /// The phrase from the cache, or rendered now and kept there; its leading silence cut.
    fn cached_or_run(
        &self,
        command: &[String],
        told: &Told,
        voice: &str,
        text: &str,
    ) -> Result<Sound, String> {
        let path = self.cache.as_ref().map(|dir| {
            dir.join(format!(
                "{}.wav",
                cache_key(command, voice, self.settings.rate, &told.language, text)
            ))
        });
        if let Some(path) = &path
            && let Ok(bytes) = crate::files::read(path, crate::files::Kind::Sound)
            && let Ok(samples) = decode_wav_bytes(bytes, self.rate)
            && let Some(samples) = from_first_sound(samples, self.rate)
        {
            return Ok(samples.into());
        }
        let wav = fix_streamed(run(command, &told.environment(), text, self.limit)?);
        let samples = decode_wav_bytes(wav.clone(), self.rate)
            .map_err(|_| "wrote something that is not a WAV".to_string())?;
        let Some(samples) = from_first_sound(samples, self.rate) else {
            return Err("wrote no sound".into());
        };
        if let Some(path) = &path {
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            // A cache that cannot be written only costs the engine's time again next run.
            let _ = crate::storage::write_atomic(path, &wav);
        }
        Ok(samples.into())
    }
}

fn fix_streamed(wav: Vec<u8>) -> Vec<u8> {
    super::fix_streamed_wav(wav)
}

/// What the runner's engine is told besides the text.
#[derive(Debug, Clone, Default, PartialEq)]
struct Told {
    /// The runner's `voice_name`, or nothing.
    voice: String,
    /// Words per minute.
    rate: String,
    /// The routine's language tag.
    language: String,
}

impl Told {
    /// The engine's environment: nothing for espeak-ng, which gets its own arguments.
    fn environment(&self) -> Vec<(&'static str, String)> {
        if *self == Told::default() {
            return Vec::new();
        }
        vec![
            (VOICE_NAME_VAR, self.voice.clone()),
            (VOICE_RATE_VAR, self.rate.clone()),
            (VOICE_LANGUAGE_VAR, self.language.clone()),
        ]
    }
}

/// The runner's command with `{voice}`, `{rate}` and `{language}` filled in, each inside the
/// argument it stands in (never splitting one into more); the program's name is left alone.
/// The values are the runner's own settings and a language tag checked to be letters,
/// digits and hyphens, so no routine can bring an argument of its own.
fn fill_placeholders(command: &[String], told: &Told) -> Vec<String> {
    command
        .iter()
        .enumerate()
        .map(|(i, arg)| {
            if i == 0 {
                return arg.clone();
            }
            arg.replace("{voice}", &told.voice)
                .replace("{rate}", &told.rate)
                .replace("{language}", &told.language)
        })
        .collect()
}

/// The samples from the first that is not silence, faded in over 2 ms as the decoder fades
/// every sound's edges: espeak-ng, for one, starts some words with tens of milliseconds of
/// nothing, which would say them that late. A sound that starts within its first 2 ms is
/// left as it is. `None` when it is all silence.
pub fn from_first_sound(mut samples: Vec<f32>, rate: u32) -> Option<Vec<f32>> {
    let first = samples.iter().position(|v| v.abs() >= SILENCE)?;
    let fade = (rate as usize / 500).max(1);
    if first > fade {
        samples.drain(..first);
        for (i, v) in samples.iter_mut().take(fade).enumerate() {
            *v *= i as f32 / fade as f32;
        }
    }
    Some(samples)
}

/// espeak-ng reading stdin, writing a WAV on stdout.
fn espeak_command(voice: &str, rate: u32) -> Vec<String> {
    [
        ESPEAK,
        "--stdout",
        "--stdin",
        "-s",
        &rate.to_string(),
        "-v",
        voice,
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

fn espeak_found() -> bool {
    Command::new(ESPEAK)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Names a phrase in the cache: the engine, the voice, the rate, the language and the words.
pub fn cache_key(command: &[String], voice: &str, rate: u32, language: &str, text: &str) -> String {
    let mut hash = Sha256::new();
    for word in command {
        hash.update(word.as_bytes());
        hash.update([0]);
    }
    hash.update([1]);
    hash.update(voice.as_bytes());
    hash.update([0]);
    hash.update(rate.to_le_bytes());
    hash.update(language.as_bytes());
    hash.update([0]);
    hash.update(text.as_bytes());
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs the engine with `text` on its stdin and `env` added to its environment; its stdout,
/// or why not.
pub fn run(
    command: &[String],
    env: &[(&str, String)],
    text: &str,
    limit: Duration,
) -> Result<Vec<u8>, String> {
    let (program, args) = command.split_first().ok_or("is not named")?;
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start ({e})"))?;
    let mut stdin = child.stdin.take().ok_or("has no input")?;
    let mut stdout = child.stdout.take().ok_or("has no output")?;
    let text = text.to_string();
    // Written and read from their own threads so neither pipe can stall the other.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let read = (&mut stdout)
            .take(MAX_OUTPUT as u64 + 1)
            .read_to_end(&mut out);
        read.map(|_| out)
    });
    let status = wait_limited(&mut child, limit);
    let _ = writer.join();
    let out = reader.join().map_err(|_| "failed".to_string())?;
    let status = status?;
    if !status.success() {
        return Err(format!("failed ({status})"));
    }
    let out = out.map_err(|e| format!("could not be read ({e})"))?;
    if out.len() > MAX_OUTPUT {
        return Err("wrote more than 16 MiB for one phrase".into());
    }
    Ok(out)
}

/// Waits for the engine on the monotonic clock; kills it at the limit.
fn wait_limited(child: &mut Child, limit: Duration) -> Result<std::process::ExitStatus, String> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "took longer than {} s and was stopped",
                    limit.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("could not be waited for ({e})")),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    /// An engine script in `dir`: `body` runs in sh with the phrase on stdin.
    fn script(dir: &Path, name: &str, body: &str) -> Vec<String> {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        vec![path.to_string_lossy().into_owned()]
    }

    fn engine(dir: &Path, command: Vec<String>) -> Option<Engine> {
        let settings = VoiceSettings {
            command: Some(command),
            ..VoiceSettings::default()
        };
        let mut engine = Engine::start(48_000, &settings).ok()?;
        engine.cache = Some(dir.join("cache"));
        engine.limit = Duration::from_secs(2);
        Some(engine)
    }

    fn espeak_or_skip() -> bool {
        if espeak_found() {
            true
        } else {
            eprintln!("skipped: espeak-ng is not installed");
            false
        }
    }

    #[test]
    fn a_phrase_is_rendered_once_then_read_from_the_cache() {
        if !espeak_or_skip() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let counter = dir.path().join("count");
        // A real engine behind a fake one that counts its runs; the text arrives on stdin.
        let command = script(
            dir.path(),
            "counting",
            &format!(
                "echo run >> '{}'\nexec espeak-ng --stdout --stdin -v de",
                counter.display()
            ),
        );
        let mut engine = engine(dir.path(), command).unwrap();
        let (first, notice) = engine.speak("Wade rollen, links", "de", "de");
        assert!(notice.is_none(), "{notice:?}");
        let first = first.unwrap();
        assert!(first.len() > 24_000, "{}", first.len());
        let (second, _) = engine.speak("Wade rollen, links", "de", "de");
        assert_eq!(&second.unwrap()[..], &first[..]);
        let runs = std::fs::read_to_string(&counter).unwrap();
        assert_eq!(
            runs.lines().count(),
            1,
            "the second time comes from the cache"
        );
        // Another phrase is another file.
        let _ = engine.speak("rechts", "de", "de");
        assert_eq!(
            std::fs::read_to_string(&counter).unwrap().lines().count(),
            2
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join("cache")).unwrap().count(),
            2
        );
    }

    #[test]
    fn a_failing_engine_gives_way_to_espeak_ng_with_one_notice() {
        if !espeak_or_skip() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let mut engine = engine(dir.path(), script(dir.path(), "failing", "exit 3")).unwrap();
        let (sound, notice) = engine.speak("halfway", "en", "en");
        assert!(sound.is_some_and(|s| !s.is_empty()));
        let notice = notice.unwrap();
        assert!(
            notice.contains("failed") && notice.contains("espeak-ng speaks instead"),
            "{notice}"
        );
        let (sound, notice) = engine.speak("ten seconds", "en", "en");
        assert!(sound.is_some() && notice.is_none(), "one notice only");
    }

    #[test]
    fn garbage_is_rejected_and_espeak_ng_speaks() {
        if !espeak_or_skip() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let command = script(
            dir.path(),
            "garbage",
            "cat >/dev/null; echo 'RIFF nothing like a wave'; head -c 5000 /dev/urandom",
        );
        let mut engine = engine(dir.path(), command).unwrap();
        let (sound, notice) = engine.speak("done", "en", "en");
        assert!(sound.is_some());
        assert!(notice.unwrap().contains("not a WAV"));
        // Nothing of the garbage was kept.
        let cached: Vec<_> = std::fs::read_dir(dir.path().join("cache"))
            .unwrap()
            .collect();
        assert_eq!(cached.len(), 1, "only espeak-ng's rendering is cached");
    }

    #[test]
    fn an_engine_that_never_ends_is_killed_at_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let command = script(
            dir.path(),
            "stuck",
            &format!("echo $$ > '{}'\nexec sleep 600", pid_file.display()),
        );
        let started = Instant::now();
        let error = run(&command, &[], "hello", Duration::from_millis(500)).unwrap_err();
        assert!(error.contains("stopped"), "{error}");
        assert!(started.elapsed() < Duration::from_secs(5));
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        // Killed and reaped: no such process any more.
        assert!(!Path::new(&format!("/proc/{}", pid.trim())).exists());
    }

    #[test]
    fn a_slow_engine_costs_its_time_once() {
        if !espeak_or_skip() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let command = script(
            dir.path(),
            "slow",
            "sleep 1\nexec espeak-ng --stdout --stdin",
        );
        let mut engine = engine(dir.path(), command).unwrap();
        let started = Instant::now();
        assert!(engine.speak("rest", "en", "en").0.is_some());
        assert!(started.elapsed() >= Duration::from_secs(1));
        let again = Instant::now();
        assert!(engine.speak("rest", "en", "en").0.is_some());
        assert!(again.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn the_cache_key_covers_engine_voice_rate_and_text() {
        let espeak = espeak_command("de", 165);
        let key = cache_key(&espeak, "de", 165, "de", "links");
        assert_eq!(key.len(), 64);
        assert_ne!(key, cache_key(&espeak, "de+f3", 165, "de", "links"));
        assert_ne!(key, cache_key(&espeak, "de", 170, "de", "links"));
        assert_ne!(key, cache_key(&espeak, "de", 165, "de-AT", "links"));
        assert_ne!(key, cache_key(&espeak, "de", 165, "de", "rechts"));
        assert_ne!(
            key,
            cache_key(&espeak_command("en", 165), "de", 165, "de", "links")
        );
    }

    /// A short WAV of a tone, after `silence` samples of nothing.
    fn tone_wav(silence: usize) -> Vec<u8> {
        let samples: Vec<i16> = (0..silence)
            .map(|_| 0)
            .chain((0..4_800).map(|i| if (i / 20) % 2 == 0 { 8_000 } else { -8_000 }))
            .collect();
        crate::audio::decode::pcm16_wav(48_000, 1, &samples)
    }

    #[test]
    fn the_runners_engine_is_told_voice_rate_and_language_apart_from_the_text() {
        let dir = tempfile::tempdir().unwrap();
        let wav = dir.path().join("tone.wav");
        std::fs::write(&wav, tone_wav(0)).unwrap();
        let got = dir.path().join("got");
        // The fake engine writes down its arguments, its environment and its input.
        let mut command = script(
            dir.path(),
            "recording",
            &format!(
                "for a in \"$@\"; do echo \"arg:$a\"; done > '{got}'\n\
                 echo \"name:$UNKNOT_VOICE_NAME rate:$UNKNOT_VOICE_RATE language:$UNKNOT_VOICE_LANGUAGE\" >> '{got}'\n\
                 echo \"text:$(cat)\" >> '{got}'\ncat '{wav}'",
                got = got.display(),
                wav = wav.display()
            ),
        );
        command.extend(
            ["--speaker={voice}", "-r", "{rate}", "{language}", "{text}"].map(String::from),
        );
        let settings = VoiceSettings {
            command: Some(command),
            voice_name: Some("thorsten".into()),
            rate: 190,
            ..VoiceSettings::default()
        };
        let mut engine = Engine::start(48_000, &settings).unwrap();
        engine.cache = Some(dir.path().join("cache"));
        let (sound, notice) = engine.speak("{voice} -w /tmp/x; rm -rf ~", "de", "de-AT");
        assert!(notice.is_none(), "{notice:?}");
        assert_eq!(sound.unwrap().len(), 4_800);
        assert_eq!(
            std::fs::read_to_string(&got).unwrap(),
            "arg:--speaker=thorsten\narg:-r\narg:190\narg:de-AT\narg:{text}\n\
             name:thorsten rate:190 language:de-AT\ntext:{voice} -w /tmp/x; rm -rf ~\n"
        );
        // Without a voice_name the engine is told none, and picks its own.
        let settings = VoiceSettings {
            voice_name: None,
            ..settings
        };
        let mut engine = Engine::start(48_000, &settings).unwrap();
        engine.cache = None;
        assert!(engine.speak("eins", "de", "de").0.is_some());
        let got = std::fs::read_to_string(&got).unwrap();
        assert!(got.starts_with("arg:--speaker=\n"), "{got}");
        assert!(got.contains("name: rate:190 language:de\n"), "{got}");
    }

    #[test]
    fn a_phrase_starts_with_its_first_sound() {
        let dir = tempfile::tempdir().unwrap();
        let wav = dir.path().join("late.wav");
        // 50 ms of nothing before the word, as espeak-ng puts before some.
        std::fs::write(&wav, tone_wav(2_400)).unwrap();
        let command = script(
            dir.path(),
            "late",
            &format!("cat >/dev/null\ncat '{}'", wav.display()),
        );
        let mut engine = engine(dir.path(), command).unwrap();
        let said = engine.speak("three", "en", "en").0.unwrap();
        assert_eq!(said.len(), 4_800);
        // Loud within the 2 ms of its fade-in.
        assert!(said[..97].iter().any(|v| v.abs() > 0.1));
        // From the cache too.
        let again = engine.speak("three", "en", "en").0.unwrap();
        assert_eq!(&said[..], &again[..]);
        assert_eq!(from_first_sound(vec![0.0; 100], 48_000), None);
    }

    #[test]
    fn espeak_ng_words_start_on_their_instant() {
        if !espeak_or_skip() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let settings = VoiceSettings::default();
        let mut engine = Engine::start(48_000, &settings).unwrap();
        engine.cache = Some(dir.path().join("cache"));
        // "three" in espeak-ng's German voice begins with about 50 ms of silence.
        for (word, voice) in [
            ("three", "en"),
            ("three", "de"),
            ("drei", "de"),
            ("tres", "es"),
        ] {
            let said = engine.speak(word, voice, voice).0.unwrap();
            let first = said.iter().position(|v| v.abs() >= SILENCE);
            assert!(
                first.is_some_and(|i| i <= 96),
                "{word} in {voice}: {first:?}"
            );
        }
    }
}
