//! Headless play: the session driver with a signals-only source, JSON lines on stdout and
//! the sound output.
//!
//! No keys are read: a placement that waits is answered at once and a hold range runs to its
//! maximum. The loop sleeps until the session's next deadline, never for a fixed step, so a
//! long session lands on its planned end however long it runs. The sound device is opened and
//! its stream running before the session's clock starts, and the session starts one device
//! latency later, so even the first cue is placed on its sample.

mod json;
#[cfg(test)]
mod tests;

use std::convert::Infallible;
use std::io;
use std::time::Duration;

use jiff::ZonedDateTime;

pub use json::{JsonLines, STDOUT_CLOSED, event_line};

use crate::audio::{AudioOptions, AudioOutput, SoundSink};
use crate::cli::PlayArgs;
use crate::clock::SessionClock;
use crate::commands::play::Choices;
use crate::config::Config;
use crate::driver::{Driver, Due, Policy};
use crate::exit::Exit;
use crate::history::{self, SessionRecord};
use crate::plan::{self, Plan};
use crate::play_loop::{
    self, CueSink, Event, Events, Front, Live, Lost, Out, Outputs, Source, Woke,
};
use crate::routine::Routine;
use crate::session::{Input, Summary};
use signal_hook::consts::signal::SIGINT;

/// How a headless session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// It ran to its end.
    Finished,
    /// A signal cut it short (its number).
    Signal(i32),
    /// An output went away ([`STDOUT_CLOSED`], say).
    Lost(String),
}

/// Headless play's part of the loop: signals end the session, and so does losing stdout.
struct Headless {
    driver: Driver,
}

impl Headless {
    fn quit(&mut self, now: Duration, out: &mut Out) -> Summary {
        let batch = self.driver.input(Input::Quit, now);
        out.send(self.driver.plan(), &batch);
        self.driver.session().summary(now)
    }
}

impl Front for Headless {
    type Outcome = (Summary, Ended);
    type Error = Infallible;

    fn driver(&mut self) -> Option<&mut Driver> {
        Some(&mut self.driver)
    }

    fn settle(
        &mut self,
        now: Duration,
        _due: &[Due],
        _woke: Woke,
        _out: &mut Out,
    ) -> Result<Option<Self::Outcome>, Infallible> {
        let session = self.driver.session();
        Ok(session
            .status(now)
            .finished
            .then(|| (session.summary(now), Ended::Finished)))
    }

    fn next_wake(&self, _now: Duration) -> Option<Duration> {
        None
    }

    fn event(
        &mut self,
        event: Event,
        now: Duration,
        out: &mut Out,
    ) -> Result<Option<Self::Outcome>, Infallible> {
        Ok(match event {
            // The session quits at once: no more cues, no `done`.
            Event::Signal(signal) => Some((self.quit(now, out), Ended::Signal(signal))),
            _ => None,
        })
    }

    fn lost(&mut self, lost: Lost, now: Duration, out: &mut Out) -> Self::Outcome {
        (self.quit(now, out), Ended::Lost(lost.0))
    }
}

/// Plays `plan` at `speed` (session time = real time × speed) from `source` into `sink`: it
/// starts `lead` (real time) after the source's present, so that the first cue too can be
/// handed out ahead. Returns the summary of the session as far as it went, and how it ended.
pub fn run(
    plan: Plan,
    speed: f64,
    lead: Duration,
    source: &mut dyn Source,
    sink: &mut dyn CueSink,
) -> (Summary, Ended) {
    let start = source.now() + lead.mul_f64(speed);
    let policy = Policy {
        answer_waits: true,
        horizon: play_loop::LOOK_AHEAD.mul_f64(speed),
    };
    sink.begin(&plan, start);
    let mut front = Headless {
        driver: Driver::new(plan, start, policy),
    };
    match play_loop::run(&mut front, source, sink) {
        Ok(outcome) => outcome,
        Err(never) => match never {},
    }
}

/// `unknot play ROUTINE --headless`: loads the routine and the settings, plays it, records the
/// session in the history however it ends, and exits 0 at its end (130 when it was cut short
/// by Ctrl-C or by stdout closing, `128 + signo` for another signal).
pub fn play(args: &PlayArgs) -> Exit {
    let (settings, entry, routine) = match crate::commands::play::load(args) {
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    // The same precedence as on screen: flags, then the settings file, then the routine.
    let options = Choices::from_args(args, &settings).plan;
    let plan = plan::expand(&routine, options);
    let events = match Events::signals_only() {
        Ok(events) => events,
        Err(error) => {
            eprintln!("unknot: cannot listen for Ctrl-C: {error}");
            return Exit::Invalid;
        }
    };
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
    let (summary, ended) = {
        let mut outputs = Outputs(vec![&mut json, &mut sound]);
        run(plan, args.speed, lead, &mut source, &mut outputs)
    };
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
    match ended {
        Ended::Finished => Exit::Success,
        // Ctrl-C, or nobody left to read the events: the session was quit before its end.
        Ended::Signal(SIGINT) | Ended::Lost(_) => Exit::Quit,
        Ended::Signal(other) => std::process::exit(128 + other),
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
    let (mut audio, notice) = AudioOutput::open(&AudioOptions::from_config(settings, args.voice));
    if let Some(notice) = notice {
        // No screen to flash and no bell here: the session goes on without sound.
        let notice = if audio.is_none() {
            notice.replace(
                crate::audio::output::FLASH_AND_BELL,
                ": the session goes on without sound.",
            )
        } else {
            notice
        };
        eprintln!("unknot: {notice}");
    }
    if let Some(audio) = audio.as_mut() {
        for problem in audio.prepare(&routine.sounds, plan) {
            eprintln!("unknot: {problem}");
        }
    }
    audio
}
