//! `unknot play ROUTINE --headless`: the routine played without a screen, its events as JSON
//! lines on stdout, its cues on the sound device (see [`crate::headless`]).

use std::io;

use jiff::ZonedDateTime;
use signal_hook::consts::signal::SIGINT;

use super::{Choices, load};
use crate::audio::{AudioOptions, AudioOutput, SoundSink};
use crate::cli::PlayArgs;
use crate::clock::SessionClock;
use crate::commands::failure::Failure;
use crate::config::Config;
use crate::exit::Exit;
use crate::headless::events_file::EventsSink;
use crate::headless::{Ended, JsonLines, STDOUT_CLOSED, run};
use crate::history::{self, SessionRecord};
use crate::hooks::HookRunner;
use crate::media::MediaControls;
use crate::plan::{self, Plan};
use crate::play_loop::{CueSink, Events, Live, Outputs};
use crate::routine::Routine;

/// `unknot play ROUTINE --headless`: loads the routine and the settings, plays it, records the
/// session in the history however it ends, and exits 0 at its end (130 when it was cut short
/// by Ctrl-C or by stdout closing, `128 + signo` for another signal).
pub fn play(args: &PlayArgs) -> Result<Exit, Failure> {
    let (settings, entry, routine) = load(args)?;
    // The same precedence as on screen: flags, then the settings file, then the routine.
    let choices = Choices::from_args(args, &settings);
    let mut plan = plan::expand(&routine, choices.plan);
    if choices.focus {
        plan = crate::commands::plan::focused(plan, &routine, &entry.name).0;
    }
    let events_file = super::open_events(args)?.map(EventsSink::new);
    let events = Events::signals_only()
        .map_err(|error| Failure::Invalid(format!("cannot listen for Ctrl-C: {error}")))?;
    // The device is open and its stream running before the clock starts.
    let mut sound =
        SoundSink::with_output(open_audio(args, &settings, &routine, &plan), args.speed);
    let lead = sound.ready();
    let stdout = io::stdout();
    let mut json = JsonLines::new(stdout.lock());
    let start = ZonedDateTime::now();
    let mut source = Live {
        events: &events,
        clock: SessionClock::new(args.speed),
    };
    // Media keys are headless play's only input besides signals.
    let mut media = choices
        .media_controls
        .then(|| MediaControls::start(&plan.name, args.speed, events.sender()));
    let mut events_file = events_file;
    let mut hooks = (!choices.hooks.is_empty()).then(|| HookRunner::new(choices.hooks.clone()));
    let (summary, ended) = {
        let mut outputs = Outputs(vec![&mut json, &mut sound]);
        if let Some(media) = media.as_mut() {
            outputs.0.push(media);
        }
        if let Some(file) = events_file.as_mut() {
            outputs.0.push(file);
        }
        if let Some(hooks) = hooks.as_mut() {
            outputs.0.push(hooks);
        }
        run(plan, args.speed, lead, &mut source, &mut outputs)
    };
    // The bus hears that nothing plays any more as the connection goes.
    drop(media);
    // What the voice had to say about itself (a failed engine, a language without phrases),
    // once, on stderr: stdout is the events' alone.
    if let Some(notice) = crate::play_loop::CueSink::notice(&sound) {
        eprintln!("unknot: {notice}");
    }
    match ended {
        // The last cue rings out before the program ends.
        Ended::Finished => sound.ring_out(),
        // What was placed ahead must not sound after the session ended.
        _ => sound.silence(),
    }
    if let Ended::Lost(why) = &ended
        && why != STDOUT_CLOSED
    {
        eprintln!("unknot: {why}");
    }
    let record = SessionRecord::from_session(
        &routine,
        &entry.name,
        &entry.source.text,
        &summary,
        &[],
        &start,
        &ZonedDateTime::now(),
    )
    .at_speed(args.speed);
    if let Err(error) = history::record(&record) {
        eprintln!("unknot: the session was not saved to history: {error}");
    }
    if let Some(notice) = events_file.as_ref().and_then(|file| file.notice()) {
        eprintln!("unknot: {notice}");
    }
    // Hooks still running finish (or are killed at their limit); each failure said once.
    for failure in hooks.as_mut().map(HookRunner::finish).unwrap_or_default() {
        eprintln!("unknot: {failure}");
    }
    match ended {
        Ended::Finished => Ok(Exit::Success),
        // Ctrl-C, Stop from the media controls, or nobody left to read the events.
        Ended::Signal(SIGINT) | Ended::Lost(_) | Ended::Stopped => Ok(Exit::Quit),
        Ended::Signal(other) => Ok(Exit::Signal(other)),
    }
}

/// The sound output, unless muted; without a device, the one notice on stderr and silence.
fn open_audio(
    args: &PlayArgs,
    settings: &Config,
    routine: &Routine,
    plan: &Plan,
) -> Option<AudioOutput> {
    if args.mute || settings.mute {
        return None;
    }
    // No screen to flash and no bell here: without a device the session goes on silent.
    match AudioOutput::open(&AudioOptions::from_config(settings, args.voice)) {
        Ok((mut audio, voice_notice)) => {
            if let Some(notice) = voice_notice {
                eprintln!("unknot: {notice}");
            }
            for problem in audio.prepare(&routine.sounds, plan) {
                eprintln!("unknot: {problem}");
            }
            Some(audio)
        }
        Err(no_sound) => {
            eprintln!("unknot: {no_sound}: the session goes on without sound.");
            None
        }
    }
}
