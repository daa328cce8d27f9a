//! Every setting, declared once: its name, type and default, the lines the starter file says
//! about it, and the kind of value it takes (how it is read, printed and corrected). A new
//! setting is one more entry here; `unknot config`, the starter file and the reader follow.
//!
//! The entries are in the order `unknot config` lists them; the starter file shows them group
//! by group ([`Group`]), in this order within each group.

use std::time::Duration;

use super::declare::settings;
use super::values::{
    Announcements, Command, DurationText, Flag, Kind, Optional, SideName, SoundOutputName, VoiceId,
    Whole,
};
use super::{
    DEFAULT_VOICE_RATE, MAX_BUFFER_FRAMES, MAX_VOICE_RATE, MAX_WEEKLY_TARGET, MIN_BUFFER_FRAMES,
    MIN_VOICE_RATE,
};
use crate::audio::device::SoundOutput;
use crate::routine::Side;
use crate::speech::Announce;

/// The groups of the starter file, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Loudness and silence.
    Sound,
    /// The voice and what it says.
    Voice,
    /// How sessions play and show, and what is kept of them.
    Player,
}

settings! {
    /// Sound volume, from 0 (silent) to 100.
    Volume: volume: u8 = 80, Whole::<u8>::new(0, 100, ""), Sound;

    /// No sound at all, as `unknot play --mute`.
    Mute: mute: bool = false, Flag, Sound;

    /// Speak step names and side changes (needs espeak-ng), as `unknot play --voice`.
    Voice: voice: bool = false, Flag, Voice;

    /// Frames per sound-device period, from 32 to 16384 (12000 when left out, a quarter of a
    /// second at 48 kHz). Cues land on their exact sample whatever it is, and a pause silences
    /// at once; longer periods wake the computer less often. Set a smaller one for a device
    /// that will not take long periods.
    BufferFrames: buffer_frames: Option<u32> = None,
        Optional::new(
            Whole::<u32>::new(MIN_BUFFER_FRAMES, MAX_BUFFER_FRAMES, " of frames"),
            // `audio::device::DEFAULT_PERIOD_FRAMES`.
            "12000, a quarter of a second at 48 kHz",
        ),
        Player, for example Some(12000);

    /// How sound reaches the speaker: "auto" (straight to the sound server, PulseAudio or
    /// PipeWire, when one answers, else through ALSA), "pulseaudio" (only the server) or
    /// "alsa" (only ALSA's default device, as on a console without a sound server).
    SoundOutput: sound_output: SoundOutput = SoundOutput::Auto, SoundOutputName, Player;

    /// The get-ready countdown before the first step, for every routine, such as "10s"
    /// or "0s" for none. Leave it out to keep each routine's own lead-in.
    LeadIn: lead_in: Option<Duration> = None,
        Optional::new(DurationText, "the routine's own"),
        Player, for example Some(Duration::from_secs(10));

    /// Which side two-sided steps start on: "left" or "right".
    /// Leave it out to keep each routine's own choice.
    FirstSide: first_side: Option<Side> = None,
        Optional::new(SideName, "the routine's own"),
        Player, for example Some(Side::Right);

    /// Colours on screen. The NO_COLOR environment variable turns them off whatever this says.
    Colors: colors: bool = true, Flag, Player;

    /// Ring the terminal bell for cues when there is no sound device.
    BellFallback: bell_fallback: bool = true, Flag, Player;

    /// Play every routine as with `unknot play --focus`: parts on spots you rated 4 or 5
    /// lately get more time; a routine may turn this off in its own settings.
    Focus: focus: bool = false, Flag, Player;

    /// Ask "How do your legs feel?" (1 fresh … 5 very sore) before and after a session.
    CheckIn: check_in: bool = true, Flag, Player;

    /// Sessions a week to aim for; `unknot history` shows how many weeks in a row reached it.
    WeeklyTarget: weekly_target: Option<u32> = None,
        Optional::new(Whole::<u32>::new(1, MAX_WEEKLY_TARGET, " of sessions a week,"), "none"),
        Player, for example Some(3);

    /// Media keys, headphone buttons and desktop player controls (MPRIS) while a
    /// session plays. `unknot play --no-media-controls` turns them off once.
    MediaControls: media_controls: bool = true, Flag, Player;

    /// The voice: an espeak-ng voice such as "de+f3" (or your engine's own name for one).
    /// Leave it out to let each routine's language choose.
    VoiceName: voice_name: Option<String> = None,
        Optional::new(VoiceId, "the routine's language"),
        Voice, for example Some("en-us".to_string());

    /// How fast the voice speaks, in words per minute, from 80 to 450.
    VoiceRate: voice_rate: u32 = DEFAULT_VOICE_RATE,
        Whole::<u32>::new(MIN_VOICE_RATE, MAX_VOICE_RATE, " of words per minute"),
        Voice;

    /// Any speech engine that reads text on its standard input and writes a WAV on its
    /// standard output, as the program and its arguments (run directly, never by a shell).
    /// Leave it out for espeak-ng.
    VoiceCommand: voice_command: Option<Vec<String>> = None,
        Optional::new(Command, "espeak-ng"),
        Voice, for example Some(
            ["piper", "--model", "de_DE-thorsten-medium.onnx", "--output_file", "-"]
                .map(String::from)
                .to_vec()
        );

    /// Say "three, two, one" in the routine's language instead of the countdown's ticks.
    SpokenCountdown: spoken_countdown: bool = false, Flag, Voice;

    /// What the voice announces: any of "steps", "sides", "spots", "halfway",
    /// "ten_seconds", "release", "done".
    VoiceAnnounce: voice_announce: Vec<Announce> = Announce::ALL.to_vec(), Announcements, Voice;
}
