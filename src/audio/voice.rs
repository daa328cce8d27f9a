//! Spoken cues: each phrase rendered once by espeak-ng, ahead of need, then mixed through
//! the scheduler like any other sound.
//!
//! The text goes to espeak-ng on its standard input, never through a shell and never as an
//! argument, so a step named "-w /tmp/x" is spoken, not obeyed.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::decode::decode_wav_bytes;
use super::scheduler::Sound;
use crate::cue::{Cue, CueEvent};
use crate::plan::{Plan, SegmentKind, TransitionKind};

const ENGINE: &str = "espeak-ng";
/// Parts at least this long hear "ten seconds" before their end.
const TEN_SECONDS_FROM: Duration = Duration::from_secs(30);
/// Parts at least this long hear "halfway".
const HALFWAY_FROM: Duration = Duration::from_secs(60);

/// The phrases said when a part is about to end.
pub const TEN_SECONDS: &str = "ten seconds";
pub const HALFWAY: &str = "halfway";

/// A speech engine and the phrases it has rendered.
#[derive(Clone)]
pub struct Voice {
    rate: u32,
    rendered: Arc<Mutex<HashMap<String, Sound>>>,
}

impl Voice {
    /// The voice, if espeak-ng is there to speak; otherwise the notice to show once.
    pub fn start(rate: u32) -> Result<Voice, String> {
        let found = Command::new(ENGINE)
            .arg("--version")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return Err("Spoken cues need espeak-ng, which is not installed: sounds only.".into());
        }
        Ok(Voice {
            rate,
            rendered: Arc::new(Mutex::new(HashMap::new())),
        })
    }

    /// Renders, in the background, every phrase not rendered yet.
    pub fn prepare(&self, phrases: Vec<String>) {
        let voice = self.clone();
        // Without a thread the phrases are simply not spoken: the beeps still sound.
        let _ = std::thread::Builder::new()
            .name("unknot-voice".into())
            .spawn(move || {
                for phrase in phrases {
                    if voice.get(&phrase).is_some() {
                        continue;
                    }
                    if let Some(sound) = render(&phrase, voice.rate)
                        && let Ok(mut map) = voice.rendered.lock()
                    {
                        map.insert(phrase, sound);
                    }
                }
            });
    }

    /// A rendered phrase, if it is ready.
    pub fn get(&self, phrase: &str) -> Option<Sound> {
        self.rendered.lock().ok()?.get(phrase).cloned()
    }
}

/// Speaks `text` into samples at `rate`.
fn render(text: &str, rate: u32) -> Option<Sound> {
    let mut child = Command::new(ENGINE)
        .args(["--stdout", "--stdin", "-s", "165"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let text = text.to_string();
    // Written from its own thread so a long text cannot deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let output = child.wait_with_output().ok()?;
    let _ = writer.join();
    if !output.status.success() {
        return None;
    }
    let samples = decode_wav_bytes(fix_streamed_wav(output.stdout), rate).ok()?;
    Some(samples.into())
}

/// espeak-ng writing to a pipe cannot know the length up front and puts a huge one in the
/// header; set the RIFF and data lengths to what actually came.
fn fix_streamed_wav(mut wav: Vec<u8>) -> Vec<u8> {
    let Some(data) = wav.windows(4).position(|w| w == b"data") else {
        return wav;
    };
    let total = wav.len();
    if total < 8 || data + 8 > total {
        return wav;
    }
    let riff_len = u32::try_from(total - 8).unwrap_or(u32::MAX);
    let data_len = u32::try_from(total - data - 8).unwrap_or(u32::MAX);
    wav[4..8].copy_from_slice(&riff_len.to_le_bytes());
    wav[data + 4..data + 8].copy_from_slice(&data_len.to_le_bytes());
    wav
}

/// Everything a plan may say, for rendering up front.
pub fn phrases_for(plan: &Plan) -> Vec<String> {
    let mut phrases: Vec<String> = Vec::new();
    for segment in &plan.segments {
        if let Some(p) = start_phrase(plan, segment.index)
            && !phrases.contains(&p)
        {
            phrases.push(p);
        }
    }
    phrases.push(TEN_SECONDS.to_string());
    phrases.push(HALFWAY.to_string());
    phrases.push("done".to_string());
    phrases
}

/// What is said when a segment starts: the step's name, or what to do in a transition.
pub fn start_phrase(plan: &Plan, segment: usize) -> Option<String> {
    let seg = plan.segments.get(segment)?;
    let kind = match crate::cue::change_without_transition(plan, segment) {
        Some(change) if seg.kind.is_work() => SegmentKind::Transition(change),
        _ => seg.kind,
    };
    match kind {
        SegmentKind::LeadIn => None,
        SegmentKind::Transition(TransitionKind::SwitchSide) => Some(match seg.side {
            Some(side) => format!("switch to the {} side", side.as_str()),
            None => "switch sides".to_string(),
        }),
        SegmentKind::Transition(TransitionKind::MoveSpot) => Some("move the ball".to_string()),
        SegmentKind::Rest => Some("rest".to_string()),
        _ => Some(seg.name.clone()),
    }
}

/// The phrases a cue calls for, each with its offset in session time from the cue (seconds,
/// negative for before it): the name at a start; "halfway" and "ten seconds" into long parts,
/// counted from their start and, should the start be gone by, back from their end.
pub fn phrases_of(plan: &Plan, cue: &Cue) -> Vec<(f64, String)> {
    let Some(seg) = plan.segments.get(cue.segment) else {
        return Vec::new();
    };
    let timed_work = !matches!(
        seg.kind,
        SegmentKind::LeadIn | SegmentKind::Transition(_) | SegmentKind::Placement { .. }
    );
    let length = seg.duration.as_secs_f64();
    let mut said: Vec<(f64, String)> = Vec::new();
    match cue.event {
        CueEvent::Start => {
            if let Some(p) = start_phrase(plan, cue.segment) {
                said.push((0.0, p));
            }
            if timed_work && seg.duration >= HALFWAY_FROM {
                said.push((length / 2.0, HALFWAY.to_string()));
            }
            if timed_work && seg.duration >= TEN_SECONDS_FROM {
                said.push((length - 10.0, TEN_SECONDS.to_string()));
            }
        }
        CueEvent::End => {
            if timed_work && seg.duration >= HALFWAY_FROM {
                said.push((-length / 2.0, HALFWAY.to_string()));
            }
            if timed_work && seg.duration >= TEN_SECONDS_FROM {
                said.push((-10.0, TEN_SECONDS.to_string()));
            }
        }
        CueEvent::Done { .. } => said.push((0.0, "done".to_string())),
        _ => {}
    }
    said
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn plan_of(text: &str) -> Plan {
        let source = crate::routine::Source::from_file(std::path::Path::new("r.toml"), text.into());
        let routine = crate::routine::parse(&source, &Default::default()).unwrap();
        crate::plan::expand(&routine, Default::default())
    }

    fn start(plan: &Plan, segment: usize) -> Cue {
        Cue {
            at: plan.segments[segment].start,
            segment,
            event: CueEvent::Start,
        }
    }

    #[test]
    fn with_no_transition_the_change_of_side_or_spot_is_still_said() {
        let plan = plan_of(
            "format = 1\n[routine]\nname = \"R\"\n[settings]\nlead_in = \"0s\"\n\
             transition = \"0s\"\n[[step]]\nkind = \"timed\"\nname = \"Calf roll\"\n\
             side = \"both\"\nspots = 2\nduration = \"30s\"\n",
        );
        let words: Vec<String> = (0..plan.segments.len())
            .filter_map(|i| start_phrase(&plan, i))
            .collect();
        assert_eq!(
            words,
            [
                "Calf roll",
                "move the ball",
                "switch to the left side",
                "move the ball"
            ]
        );
    }

    #[test]
    fn what_is_said_and_when() {
        let plan = plan_of(
            "format = 1\n[routine]\nname = \"R\"\n[[step]]\nkind = \"timed\"\n\
             name = \"Calf roll\"\nside = \"both\"\nspots = 2\nduration = \"90s\"\n\
             [[step]]\nkind = \"rest\"\nname = \"Breathe\"\nduration = \"20s\"\n",
        );
        let kinds: Vec<_> = plan.segments.iter().map(|s| s.kind).collect();
        let said = |segment: usize| phrases_of(&plan, &start(&plan, segment));
        // Lead-in: nothing. The first part: its name, halfway, ten seconds before its end.
        assert!(said(0).is_empty(), "{kinds:?}");
        assert_eq!(
            said(1),
            vec![
                (0.0, "Calf roll".to_string()),
                (45.0, HALFWAY.to_string()),
                (80.0, TEN_SECONDS.to_string())
            ]
        );
        let words: Vec<String> = (0..plan.segments.len())
            .filter_map(|i| start_phrase(&plan, i))
            .collect();
        assert!(words.contains(&"move the ball".to_string()), "{words:?}");
        assert!(
            words.contains(&"switch to the left side".to_string()),
            "{words:?}"
        );
        assert_eq!(words.last().map(String::as_str), Some("rest"));
        // From a part's end, for a player that sees the end coming but no longer its start.
        let end = Cue {
            at: plan.segments[1].start + plan.segments[1].duration,
            segment: 1,
            event: CueEvent::End,
        };
        assert_eq!(
            phrases_of(&plan, &end),
            vec![
                (-45.0, HALFWAY.to_string()),
                (-10.0, TEN_SECONDS.to_string())
            ]
        );
        // Everything is rendered up front.
        let all = phrases_for(&plan);
        assert!(all.contains(&"Calf roll".to_string()) && all.contains(&HALFWAY.to_string()));
    }

    #[test]
    fn a_streamed_header_gets_the_real_lengths() {
        let mut wav = b"RIFF\xff\xff\xff\x7fWAVEfmt ".to_vec();
        wav.extend([0u8; 20]);
        wav.extend(b"data\xff\xff\xff\x7f");
        wav.extend([1u8; 10]);
        let fixed = fix_streamed_wav(wav.clone());
        assert_eq!(
            u32::from_le_bytes(fixed[4..8].try_into().unwrap()) as usize,
            wav.len() - 8
        );
        let data = fixed.windows(4).position(|w| w == b"data").unwrap();
        assert_eq!(
            u32::from_le_bytes(fixed[data + 4..data + 8].try_into().unwrap()),
            10
        );
    }

    #[test]
    fn speaks_a_phrase_when_espeak_ng_is_there() {
        let Ok(voice) = Voice::start(48_000) else {
            return; // Nothing to speak with on this machine; the notice path is tested below.
        };
        let said = render(
            "-w /tmp/unknot-should-not-exist switch to the left side",
            voice.rate,
        )
        .unwrap();
        // About a second or more of speech, not silence, with nothing written anywhere.
        assert!(said.len() > 24_000, "{}", said.len());
        assert!(said.iter().any(|v| v.abs() > 0.05));
        assert!(!std::path::Path::new("/tmp/unknot-should-not-exist").exists());
    }
}
