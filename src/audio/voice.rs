//! Spoken cues: each phrase rendered once by espeak-ng, ahead of need, then mixed through
//! the scheduler like any other sound.
//!
//! The text goes to espeak-ng on its standard input, never through a shell and never as an
//! argument, so a step named "-w /tmp/x" is spoken, not obeyed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::scheduler::Sound;
use crate::cue::{Cue, CueEvent};
use crate::plan::{Plan, Segment, SegmentKind, TransitionKind};
use crate::routine::Side;
use crate::speech::template::{Fill, render};
use crate::speech::{Announce, PhraseKey, Phrasebook, Speech, language};

mod engine;

pub use engine::{Engine, VoiceSettings};

/// Parts at least this long hear "ten seconds" before their end.
const TEN_SECONDS_FROM: Duration = Duration::from_secs(30);
/// Parts at least this long hear "halfway".
const HALFWAY_FROM: Duration = Duration::from_secs(60);

/// The English phrases said when a part is about to end.
pub const TEN_SECONDS: &str = "ten seconds";
pub const HALFWAY: &str = "halfway";

/// What the voice says for one routine: its language's phrases, the trainer's own, and
/// which of them the runner wants to hear.
#[derive(Debug, Clone)]
pub struct Words {
    book: Phrasebook,
    speech: Speech,
    announce: Vec<Announce>,
    /// Say the countdown's numbers instead of its ticks.
    pub countdown: bool,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            book: Phrasebook::english(),
            speech: Speech::default(),
            announce: Announce::ALL.to_vec(),
            countdown: false,
        }
    }
}

impl Words {
    /// The words of a routine; with a language that has no phrases of its own, English, and
    /// the notice that says so.
    pub fn new(speech: &Speech, settings: &VoiceSettings) -> (Words, Option<String>) {
        let tag = speech.language.as_deref().unwrap_or("en");
        let (book, notice) = match Phrasebook::builtin(tag) {
            Some(book) => (book, None),
            None => (
                Phrasebook::english(),
                Some(format!(
                    "No built-in phrases in \"{}\": the voice says its cues in English.",
                    tag.escape_default()
                )),
            ),
        };
        let words = Words {
            book,
            speech: speech.clone(),
            announce: settings.announce.clone(),
            countdown: settings.spoken_countdown,
        };
        (words, notice)
    }

    /// The routine's language tag (`en` when it names none).
    pub fn language(&self) -> &str {
        self.speech.language.as_deref().unwrap_or("en")
    }

    /// The espeak-ng voice for the routine's language.
    pub fn espeak_voice(&self) -> String {
        language::espeak_voice(self.language())
    }

    /// A phrase, filled in, if the runner wants it said.
    fn say(&self, key: PhraseKey, fill: &Fill) -> Option<String> {
        if !self.announce.contains(&Announce::of(key)) {
            return None;
        }
        let template = self
            .speech
            .phrase(key)
            .unwrap_or_else(|| self.book.template(key));
        Some(render(template, fill)).filter(|s| !s.is_empty())
    }

    /// Every phrase of the routine's language, filled in with `step` and `next` and a sample
    /// side and spot, for `sound-check --voice`; then the countdown's last three numbers.
    pub fn samples(&self, step: &str, next: &str) -> Vec<(&'static str, String)> {
        let fill = Fill {
            step: step.to_string(),
            side: self.book.left.clone(),
            spot: "2".into(),
            spots: "3".into(),
            remaining: "30".into(),
            reps: "12".into(),
            next: next.to_string(),
        };
        let mut samples: Vec<(&'static str, String)> = PhraseKey::ALL
            .into_iter()
            .map(|key| {
                let template = self
                    .speech
                    .phrase(key)
                    .unwrap_or_else(|| self.book.template(key));
                (key.key(), render(template, &fill))
            })
            .collect();
        let count: Vec<String> = (1..=3).rev().map(|n| self.number(n)).collect();
        samples.push(("countdown", count.join(", ")));
        samples
    }

    /// A countdown number in the routine's language.
    pub fn number(&self, n: u32) -> String {
        self.book.number(n)
    }

    fn side(&self, side: Option<Side>) -> String {
        match side {
            Some(Side::Left) => self.book.left.clone(),
            Some(Side::Right) => self.book.right.clone(),
            None => String::new(),
        }
    }

    /// What fills the placeholders for a segment.
    fn fill(&self, plan: &Plan, seg: &Segment, remaining: Option<Duration>) -> Fill {
        let next = plan
            .segments
            .iter()
            .skip(seg.index + 1)
            .find(|s| s.kind.is_work() && s.step != seg.step)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        Fill {
            step: seg.name.clone(),
            side: self.side(seg.side),
            spot: seg.spot.map(|s| s.number.to_string()).unwrap_or_default(),
            spots: seg.spot.map(|s| s.of.to_string()).unwrap_or_default(),
            remaining: remaining
                .map(|d| d.as_secs().to_string())
                .unwrap_or_default(),
            reps: match seg.kind {
                SegmentKind::Reps { reps, .. } => reps.to_string(),
                _ => String::new(),
            },
            next,
        }
    }
}

/// A speech engine and the phrases it has rendered.
#[derive(Clone)]
pub struct Voice {
    /// Kept apart from the engine, which is locked for as long as it speaks.
    settings: Arc<VoiceSettings>,
    engine: Arc<Mutex<Engine>>,
    words: Arc<Mutex<Words>>,
    rendered: Arc<Mutex<HashMap<String, Sound>>>,
    notices: Arc<Mutex<Vec<String>>>,
}

impl Voice {
    /// The voice, if an engine is there to speak; otherwise the notice to show once.
    pub fn start(rate: u32, settings: &VoiceSettings) -> Result<Voice, String> {
        let engine = Engine::start(rate, settings)?;
        Ok(Voice {
            settings: Arc::new(settings.clone()),
            engine: Arc::new(Mutex::new(engine)),
            words: Arc::new(Mutex::new(Words::default())),
            rendered: Arc::new(Mutex::new(HashMap::new())),
            notices: Arc::new(Mutex::new(Vec::new())),
        })
    }

    /// Takes a routine's words, and renders in the background every phrase its plan may
    /// say that is not rendered yet.
    pub fn prepare(&self, speech: &Speech, plan: &Plan) {
        let (words, notice) = Words::new(speech, &self.settings);
        if let Some(notice) = notice {
            self.notice(notice);
        }
        let phrases = phrases_for(&words, plan);
        let espeak_voice = words.espeak_voice();
        let language = words.language().to_string();
        if let Ok(mut slot) = self.words.lock() {
            *slot = words;
        }
        let voice = self.clone();
        // Without a thread the phrases are simply not spoken: the beeps still sound.
        let _ = std::thread::Builder::new()
            .name("unknot-voice".into())
            .spawn(move || {
                for phrase in phrases {
                    if voice.get(&phrase).is_some() {
                        continue;
                    }
                    let said = voice
                        .engine
                        .lock()
                        .ok()
                        .map(|mut engine| engine.speak(&phrase, &espeak_voice, &language));
                    let Some((sound, notice)) = said else {
                        return;
                    };
                    if let Some(notice) = notice {
                        voice.notice(notice);
                    }
                    if let Some(sound) = sound
                        && let Ok(mut map) = voice.rendered.lock()
                    {
                        map.insert(phrase, sound);
                    }
                }
            });
    }

    /// Takes a routine's words without rendering anything ahead.
    pub fn set_words(&self, speech: &Speech) -> Words {
        let (words, notice) = Words::new(speech, &self.settings);
        if let Some(notice) = notice {
            self.notice(notice);
        }
        if let Ok(mut slot) = self.words.lock() {
            *slot = words.clone();
        }
        words
    }

    /// Renders `text` now (from the cache if it is there), waiting for the engine.
    pub fn speak_now(&self, text: &str) -> Option<Sound> {
        let words = self.words();
        let voice = words.espeak_voice();
        let (sound, notice) = self
            .engine
            .lock()
            .ok()?
            .speak(text, &voice, words.language());
        if let Some(notice) = notice {
            self.notice(notice);
        }
        sound
    }

    /// A rendered phrase, if it is ready.
    pub fn get(&self, phrase: &str) -> Option<Sound> {
        self.rendered.lock().ok()?.get(phrase).cloned()
    }

    /// The routine's words, as the voice has them now.
    pub fn words(&self) -> Words {
        self.words.lock().map(|w| w.clone()).unwrap_or_default()
    }

    fn notice(&self, notice: String) {
        if let Ok(mut notices) = self.notices.lock()
            && !notices.contains(&notice)
        {
            notices.push(notice);
        }
    }

    /// What the voice has to tell the runner since last asked (a failed engine, a language
    /// without its own phrases), each said once.
    pub fn take_notices(&self) -> Vec<String> {
        self.notices
            .lock()
            .map(|mut n| std::mem::take(&mut *n))
            .unwrap_or_default()
    }
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

/// Everything a plan may say, for rendering up front: a spoken countdown's numbers first (the
/// lead-in counts down before anything else is said), then in the order of the plan.
pub fn phrases_for(words: &Words, plan: &Plan) -> Vec<String> {
    let mut phrases: Vec<String> = Vec::new();
    let mut add = |p: String| {
        if !phrases.contains(&p) {
            phrases.push(p);
        }
    };
    if words.countdown {
        for n in (1..=u32::from(plan.countdown)).rev() {
            add(words.number(n));
        }
    }
    for segment in &plan.segments {
        let cue = |event| Cue {
            at: segment.start,
            segment: segment.index,
            event,
        };
        for event in [CueEvent::Start, CueEvent::Release] {
            for (_, p) in phrases_of(words, plan, &cue(event)) {
                add(p);
            }
        }
    }
    if let Some(p) = words.say(PhraseKey::Done, &Fill::default()) {
        add(p);
    }
    phrases
}

/// What is said when a segment starts: the step's name, or what to do in a transition.
pub fn start_phrase(words: &Words, plan: &Plan, segment: usize) -> Option<String> {
    let seg = plan.segments.get(segment)?;
    let kind = match crate::cue::change_without_transition(plan, segment) {
        Some(change) if seg.kind.is_work() => SegmentKind::Transition(change),
        _ => seg.kind,
    };
    let fill = words.fill(plan, seg, Some(seg.duration));
    match kind {
        SegmentKind::LeadIn => None,
        SegmentKind::Transition(TransitionKind::SwitchSide) => {
            words.say(PhraseKey::SwitchSide, &fill)
        }
        SegmentKind::Transition(TransitionKind::MoveSpot) => words.say(PhraseKey::MoveSpot, &fill),
        SegmentKind::Rest => words.say(PhraseKey::Rest, &fill),
        _ => words.say(PhraseKey::PartStart, &fill),
    }
}

/// The phrases a cue calls for, each with its offset in session time from the cue (seconds,
/// negative for before it): the name at a start; "halfway" and "ten seconds" into long parts,
/// counted from their start and, should the start be gone by, back from their end; "release"
/// when a hold may end; the number of a countdown tick when the countdown is spoken.
pub fn phrases_of(words: &Words, plan: &Plan, cue: &Cue) -> Vec<(f64, String)> {
    let Some(seg) = plan.segments.get(cue.segment) else {
        return Vec::new();
    };
    let timed_work = !matches!(
        seg.kind,
        SegmentKind::LeadIn | SegmentKind::Transition(_) | SegmentKind::Placement { .. }
    );
    let length = seg.duration.as_secs_f64();
    let halfway = || {
        words.say(
            PhraseKey::Halfway,
            &words.fill(plan, seg, Some(seg.duration / 2)),
        )
    };
    let ten = || {
        words.say(
            PhraseKey::TenSeconds,
            &words.fill(plan, seg, Some(Duration::from_secs(10))),
        )
    };
    let long_enough = |from: Duration| timed_work && seg.duration >= from;
    let mut said: Vec<(f64, Option<String>)> = Vec::new();
    match cue.event {
        CueEvent::Start => {
            said.push((0.0, start_phrase(words, plan, cue.segment)));
            if long_enough(HALFWAY_FROM) {
                said.push((length / 2.0, halfway()));
            }
            if long_enough(TEN_SECONDS_FROM) {
                said.push((length - 10.0, ten()));
            }
        }
        CueEvent::End => {
            if long_enough(HALFWAY_FROM) {
                said.push((-length / 2.0, halfway()));
            }
            if long_enough(TEN_SECONDS_FROM) {
                said.push((-10.0, ten()));
            }
        }
        CueEvent::Release => said.push((
            0.0,
            words.say(PhraseKey::Release, &words.fill(plan, seg, None)),
        )),
        CueEvent::Tick { remaining } if words.countdown => {
            said.push((0.0, Some(words.number(remaining))));
        }
        CueEvent::Done { .. } => said.push((0.0, words.say(PhraseKey::Done, &Fill::default()))),
        _ => {}
    }
    said.into_iter()
        .filter_map(|(at, p)| Some((at, p?)))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn plan_of(text: &str) -> Plan {
        let source = crate::routine::Source::from_file(std::path::Path::new("r.toml"), text.into());
        let routine = crate::routine::parse(&source, &crate::files::ON_DISK).unwrap();
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
            .filter_map(|i| start_phrase(&Words::default(), &plan, i))
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
        let said = |segment: usize| phrases_of(&Words::default(), &plan, &start(&plan, segment));
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
            .filter_map(|i| start_phrase(&Words::default(), &plan, i))
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
            phrases_of(&Words::default(), &plan, &end),
            vec![
                (-45.0, HALFWAY.to_string()),
                (-10.0, TEN_SECONDS.to_string())
            ]
        );
        // Everything is rendered up front.
        let all = phrases_for(&Words::default(), &plan);
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

    fn german() -> Words {
        let speech = Speech {
            language: Some("de".into()),
            phrases: vec![(PhraseKey::PartStart, "{step}, {side}".into())],
        };
        Words::new(&speech, &VoiceSettings::default()).0
    }

    #[test]
    fn a_german_routine_hears_german_words_and_its_own_templates() {
        let plan = plan_of(
            "format = 1\n[routine]\nname = \"R\"\n[settings]\nlead_in = \"0s\"\n\
             [[step]]\nkind = \"timed\"\nname = \"Wade\"\n\
             side = \"both\"\nspots = 2\nduration = \"90s\"\n",
        );
        let words = german();
        let all = phrases_for(&words, &plan);
        for phrase in [
            "Wade, rechts",
            "Ball weiter, Punkt 2 von 2",
            "Seitenwechsel, jetzt links",
            "Halbzeit",
            "noch zehn Sekunden",
            "geschafft",
        ] {
            assert!(all.contains(&phrase.to_string()), "{phrase} not in {all:?}");
        }
        assert_eq!(words.espeak_voice(), "de");
        let unknown = Speech {
            language: Some("fi".into()),
            phrases: Vec::new(),
        };
        let (finnish, notice) = Words::new(&unknown, &VoiceSettings::default());
        assert!(notice.unwrap().contains("English"));
        assert!(phrases_for(&finnish, &plan).contains(&"halfway".to_string()));
    }

    #[test]
    fn silenced_announcements_and_a_spoken_countdown() {
        let plan = plan_of(
            "format = 1\n[routine]\nname = \"R\"\n[settings]\ncountdown = 3\n\
             [[step]]\nkind = \"timed\"\nname = \"Wade\"\nduration = \"90s\"\n",
        );
        let settings = VoiceSettings {
            announce: vec![Announce::Done],
            spoken_countdown: true,
            ..VoiceSettings::default()
        };
        let speech = Speech {
            language: Some("de".into()),
            phrases: Vec::new(),
        };
        let words = Words::new(&speech, &settings).0;
        assert_eq!(
            phrases_for(&words, &plan),
            ["drei", "zwei", "eins", "geschafft"]
        );
        let tick = Cue {
            at: Duration::ZERO,
            segment: 1,
            event: CueEvent::Tick { remaining: 2 },
        };
        assert_eq!(
            phrases_of(&words, &plan, &tick),
            [(0.0, "zwei".to_string())]
        );
    }

    #[test]
    fn speaks_german_when_espeak_ng_is_there() {
        if Engine::start(48_000, &VoiceSettings::default()).is_err() {
            eprintln!("skipped: espeak-ng is not installed");
            return;
        }
        let command = ["espeak-ng", "--stdout", "--stdin", "-v", "de"].map(String::from);
        let wav = engine::run(
            &command,
            &[],
            "-w /tmp/unknot-should-not-exist Seitenwechsel, jetzt links",
            engine::TIME_LIMIT,
        )
        .unwrap();
        let said = super::super::decode::decode_wav_bytes(fix_streamed_wav(wav), 48_000).unwrap();
        // About a second or more of speech, not silence, with nothing written anywhere.
        assert!(said.len() > 24_000, "{}", said.len());
        assert!(said.iter().any(|v| v.abs() > 0.05));
        assert!(!std::path::Path::new("/tmp/unknot-should-not-exist").exists());
    }
}
