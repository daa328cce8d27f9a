//! Headless play: the session driven by the real monotonic clock, one JSON line per cue.
//!
//! No keys are read: a placement that waits is answered at once and a hold range runs to its
//! maximum. The loop sleeps until the session's next deadline, never for a fixed step, so a long
//! session lands on its planned end however long it runs.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use jiff::ZonedDateTime;

use crate::audio::{AudioOptions, AudioOutput};
use crate::cli::PlayArgs;
use crate::clock::SessionClock;
use crate::commands::play::Choices;
use crate::config::Config;
use crate::cue::{Cue, CueEvent};
use crate::exit::Exit;
use crate::history::{self, SessionRecord};
use crate::plan::{self, Plan};
use crate::routine::Routine;
use crate::session::{Input, Session, Summary};
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// How long, in real time, before a cue is due that `on_cue` hears of it, so that a sound can
/// be queued to start on the instant.
pub const CUE_LEAD: Duration = Duration::from_millis(150);

/// Plays `plan` at `speed` (session time = real time × speed), writing one JSON line per cue to
/// `out`, flushed as it happens.
///
/// `on_cue` hears of every cue once, with the real instant it is due, [`CUE_LEAD`] ahead of it
/// where the session can see that far (a cue that follows a wait at the same instant is heard
/// of when the wait is answered, on its instant).
pub fn run(
    plan: Plan,
    speed: f64,
    out: &mut impl Write,
    on_cue: &mut dyn FnMut(&Cue, Instant),
) -> io::Result<Summary> {
    let (_keep_open, no_signals) = mpsc::channel();
    run_until_signal(plan, speed, out, on_cue, &no_signals).map(|(summary, _)| summary)
}

/// Like [`run`], but a signal number arriving on `signals` quits the session at once (no more
/// cues, no `done`): returns the summary of the session as far as it went and the signal.
pub fn run_until_signal(
    plan: Plan,
    speed: f64,
    out: &mut impl Write,
    on_cue: &mut dyn FnMut(&Cue, Instant),
    signals: &Receiver<i32>,
) -> io::Result<(Summary, Option<i32>)> {
    let clock = SessionClock::new(speed);
    let mut session = Session::new(plan, Duration::ZERO);
    // Cues handed to `on_cue` ahead of time, not yet due.
    let mut heard: Vec<Cue> = Vec::new();
    // The session is driven at its own deadlines, not at whatever instant the sleep ended: a
    // cue's time is computed, and a wait is answered on the very instant it begins.
    let mut at = Duration::ZERO;
    loop {
        let mut cues = session.advance(at);
        while session.status(at).waiting {
            cues.extend(session.handle(Input::Confirm, at));
        }
        for cue in &cues {
            match heard.iter().position(|h| h == cue) {
                Some(index) => {
                    heard.swap_remove(index);
                }
                None => on_cue(cue, clock.instant_at(cue.at)),
            }
            writeln!(out, "{}", event_line(session.plan(), cue))?;
        }
        if !cues.is_empty() {
            out.flush()?;
        }
        let Some(deadline) = session.next_deadline() else {
            return Ok((session.summary(at), None));
        };
        let quit = |session: &mut Session, signal: i32| {
            let now = clock.now().max(at);
            session.handle(Input::Quit, now);
            Ok((session.summary(now), Some(signal)))
        };
        let due = clock.instant_at(deadline);
        loop {
            let now = clock.now();
            let horizon = now
                .saturating_sub(at)
                .saturating_add(lead_in_session_time(&clock));
            for cue in session.upcoming(at, horizon) {
                if !heard.contains(&cue) {
                    on_cue(&cue, clock.instant_at(cue.at));
                    heard.push(cue);
                }
            }
            if deadline <= at.saturating_add(horizon) {
                break;
            }
            // Wake in time to announce the next cue ahead of it.
            if let Some(signal) = sleep_until(due.checked_sub(CUE_LEAD).unwrap_or(due), signals) {
                return quit(&mut session, signal);
            }
        }
        if let Some(signal) = sleep_until(due, signals) {
            return quit(&mut session, signal);
        }
        at = deadline;
    }
}

/// The session-time span of [`CUE_LEAD`].
fn lead_in_session_time(clock: &SessionClock) -> Duration {
    Duration::try_from_secs_f64(CUE_LEAD.as_secs_f64() * clock.speed).unwrap_or(Duration::MAX)
}

/// Sleeps until `instant` on the monotonic clock, or until a signal arrives (returned).
fn sleep_until(instant: Instant, signals: &Receiver<i32>) -> Option<i32> {
    loop {
        let left = instant.saturating_duration_since(Instant::now());
        match signals.recv_timeout(left) {
            Ok(signal) => return Some(signal),
            // A timeout can come a hair early: only the monotonic clock says when it is time.
            Err(RecvTimeoutError::Timeout) if Instant::now() >= instant => return None,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(instant.saturating_duration_since(Instant::now()));
                return None;
            }
        }
    }
}

/// One headless event as a JSON object, as in the CLI contract.
pub fn event_line(plan: &Plan, cue: &Cue) -> String {
    let mut line = format!(
        "{{\"t\":{},\"event\":\"{}\",\"segment\":{}",
        seconds(cue.at),
        cue.event.name(),
        cue.segment
    );
    match cue.event {
        CueEvent::Start => {
            let segment = plan.segments.get(cue.segment);
            let kind = segment.map_or("", |s| s.kind.as_str());
            let name = segment.map_or("", |s| s.name.as_str());
            let side = segment
                .and_then(|s| s.side)
                .map_or("null".to_string(), |side| format!("\"{}\"", side.as_str()));
            let spot = segment
                .and_then(|s| s.spot)
                .map_or("null".to_string(), |spot| spot.number.to_string());
            line.push_str(&format!(
                ",\"kind\":\"{kind}\",\"name\":{},\"side\":{side},\"spot\":{spot}",
                json_string(name)
            ));
        }
        CueEvent::Tick { remaining } => line.push_str(&format!(",\"remaining\":{remaining}")),
        CueEvent::Reverse { direction } => {
            line.push_str(&format!(",\"direction\":\"{}\"", direction.as_str()));
        }
        CueEvent::Rep { rep, of } => line.push_str(&format!(",\"rep\":{rep},\"of\":{of}")),
        CueEvent::Done { elapsed } => {
            line.push_str(&format!(",\"elapsed\":{}", seconds(elapsed)));
        }
        CueEvent::Release | CueEvent::End => {}
    }
    line.push('}');
    line
}

/// Seconds with millisecond precision, as a JSON number.
fn seconds(duration: Duration) -> String {
    let millis = (duration.as_nanos() + 500_000) / 1_000_000;
    format!("{}.{:03}", millis / 1000, millis % 1000)
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// `unknot play ROUTINE --headless`: loads the routine and the settings, plays it, records the
/// finished session in the history, and exits 0 at its end.
pub fn play(args: &PlayArgs) -> Exit {
    let (settings, entry, routine) = match crate::commands::play::load(args) {
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    // The same precedence as on screen: flags, then the settings file, then the routine.
    let choices = Choices::from_args(args, &settings);
    let mut plan = plan::expand(&routine, choices.plan);
    if choices.focus {
        plan = crate::commands::plan::focused(plan, &routine, &entry.name).0;
    }
    let audio = open_audio(args, &settings, &routine, &plan);
    let cue_plan = plan.clone();
    let start = ZonedDateTime::now();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let signals = match forward_signals() {
        Ok(signals) => signals,
        Err(error) => {
            eprintln!("unknot: cannot listen for Ctrl-C: {error}");
            return Exit::Invalid;
        }
    };
    let played = run_until_signal(
        plan,
        args.speed,
        &mut out,
        &mut |cue, at| {
            if let Some(audio) = &audio {
                audio.cue_at(&cue_plan, cue, at, args.speed);
            }
        },
        &signals,
    );
    if let Some(audio) = audio {
        match played {
            // Quit: what was queued ahead must not sound after the session ended.
            Ok((_, Some(_))) => audio.silence(),
            // The last cue rings out before the program ends.
            _ => audio.finish(),
        }
    }
    let (summary, signal) = match played {
        Ok(played) => played,
        // Whoever read the lines went away: the session is over, unseen and unrecorded.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => return Exit::Success,
        Err(err) => {
            eprintln!("unknot: {err}");
            return Exit::Invalid;
        }
    };
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
    match signal {
        None => Exit::Success,
        // Ctrl-C is the runner quitting: 130, as on screen.
        Some(SIGINT) => Exit::Quit,
        Some(other) => std::process::exit(128 + other),
    }
}

/// SIGINT, SIGTERM and SIGHUP, delivered on a channel so the session can quit and be recorded.
fn forward_signals() -> io::Result<Receiver<i32>> {
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("unknot-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if sender.send(signal).is_err() {
                    return;
                }
            }
        })?;
    Ok(receiver)
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

#[cfg(test)]
mod tests;
