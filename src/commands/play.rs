//! `unknot play ROUTINE`: the routine in the full-screen player, from its intro to its summary
//! (or, with `--headless`, as JSON lines with no screen at all).

mod ended;
mod headless;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::mpsc::Sender;
use std::time::SystemTime;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

use super::failure::Failure;
use crate::audio::{AudioOptions, SoundSink};
use crate::cli::PlayArgs;
use crate::config::{self, Config};
use crate::exit::Exit;
use crate::headless::events_file::{EventsFile, EventsSink};
use crate::history::{self, HistoryError, SessionRecord};
use crate::hooks::{HookRunner, Hooks};
use crate::library::{self, Entry};
use crate::media::MediaControls;
use crate::plan::{self, Plan, PlanOptions};
use crate::play_loop::{CueSink, Event, Owned};
use crate::routine::{Routine, Side};
use crate::tui::app::screen::Screen;
use crate::tui::app::{Kept, Outcome, PlayerOptions, Record, SaveRecord};
use crate::tui::theme::Theme;

pub use ended::Parting;

/// How a command that plays sessions ended: its exit code, or why it stopped short, and what
/// its sessions leave to be said once the terminal is given back.
pub struct Played {
    pub result: Result<Exit, Failure>,
    pub parting: Parting,
}

impl Played {
    /// Nothing was played: the command stopped before any session.
    fn before_any(failure: Failure) -> Played {
        Played {
            result: Err(failure),
            parting: Parting::default(),
        }
    }

    /// Says the failure, if any, then what the sessions left; returns the exit code.
    pub fn report(self) -> Exit {
        let exit = super::failure::report(self.result);
        self.parting.say();
        exit
    }
}

pub fn run(args: &PlayArgs) -> Played {
    if args.headless {
        return Played {
            result: headless::play(args),
            parting: Parting::default(),
        };
    }
    match Ready::for_session(args) {
        Ok(mut ready) => {
            let (outcome, parting) = play_entry(
                &mut ready.screen,
                &ready.entry,
                ready.routine,
                &ready.choices,
                ready.events,
            );
            Played {
                result: end(ready.screen, outcome),
                parting,
            }
        }
        Err(failure) => Played::before_any(failure),
    }
}

/// Everything a session on screen needs before it starts.
struct Ready {
    entry: Entry,
    routine: Routine,
    choices: Choices,
    events: Option<EventsFile>,
    screen: Screen,
}

impl Ready {
    /// The routine and the choices for `unknot play`, the events file and the screen, or why
    /// the session can't start.
    fn for_session(args: &PlayArgs) -> Result<Ready, Failure> {
        let (settings, entry, routine) = load(args)?;
        let choices = Choices::from_args(args, &settings);
        // A path that can never take lines is said before the screen opens.
        let events = open_events(args)?;
        let screen = Screen::open().map_err(|error| {
            Failure::Usage(format!(
                "the player needs a terminal ({error}); `unknot play {} --headless` plays \
                 without one",
                super::shell_word(&args.routine)
            ))
        })?;
        Ok(Ready {
            entry,
            routine,
            choices,
            events,
            screen,
        })
    }
}

/// The file or FIFO of `--events`, opened without waiting for a reader.
pub(crate) fn open_events(args: &PlayArgs) -> Result<Option<EventsFile>, Failure> {
    let Some(path) = &args.events else {
        return Ok(None);
    };
    EventsFile::open(path).map(Some).map_err(|error| {
        Failure::Invalid(format!(
            "--events {}: {error}",
            crate::routine::shown_path(path)
        ))
    })
}

/// The settings and the routine a session plays.
pub(crate) fn load(args: &PlayArgs) -> Result<(Config, Entry, Routine), Failure> {
    let settings = config::load()?;
    let (entry, routine) = library::load(&args.routine)?;
    Ok((settings, entry, routine))
}

/// What the runner chose for a session: flags first, then the settings file.
pub(crate) struct Choices {
    pub plan: PlanOptions,
    pub player: PlayerOptions,
    pub audio: AudioOptions,
    /// Ring the terminal bell for cues when there is no sound device.
    pub bell: bool,
    /// `--focus` or `focus = true`: more time for spots rated tender lately.
    pub focus: bool,
    /// `check_in = true`: ask how the legs feel on the intro and the summary.
    pub check_in: bool,
    /// Media keys and headphone buttons (MPRIS).
    pub media_controls: bool,
    /// The runner's hooks, from their settings file only.
    pub hooks: Hooks,
}

impl Choices {
    pub fn from_args(args: &PlayArgs, settings: &Config) -> Choices {
        Choices {
            plan: PlanOptions {
                no_lead_in: args.no_lead_in,
                first_side: args.first_side.map(Side::from).or(settings.first_side),
                lead_in: settings.lead_in,
            },
            player: PlayerOptions {
                muted: args.mute || settings.mute,
                speed: args.speed,
                theme: theme(settings),
            },
            audio: AudioOptions::from_config(settings, args.voice),
            bell: settings.bell_fallback,
            focus: args.focus || settings.focus,
            check_in: settings.check_in,
            media_controls: settings.media_controls && !args.no_media_controls,
            hooks: settings.hooks.clone(),
        }
    }

    /// The picker plays at real speed, with the settings file's choices.
    pub fn from_settings(settings: &Config) -> Choices {
        Choices {
            plan: PlanOptions {
                no_lead_in: false,
                first_side: settings.first_side,
                lead_in: settings.lead_in,
            },
            player: PlayerOptions {
                muted: settings.mute,
                speed: 1.0,
                theme: theme(settings),
            },
            audio: AudioOptions::from_config(settings, false),
            bell: settings.bell_fallback,
            focus: settings.focus,
            check_in: settings.check_in,
            media_controls: settings.media_controls,
            hooks: settings.hooks.clone(),
        }
    }
}

fn theme(settings: &Config) -> Theme {
    let from_env = Theme::from_env();
    Theme::new(from_env.color && settings.colors)
}

/// Plays a loaded routine on the screen, keeping the session in the history when it ends.
pub(crate) fn play_entry(
    screen: &mut Screen,
    entry: &Entry,
    routine: Routine,
    choices: &Choices,
    events: Option<EventsFile>,
) -> (std::io::Result<Outcome>, Parting) {
    let mut plan = plan::expand(&routine, choices.plan);
    let mut notes = Vec::new();
    if choices.focus {
        let (focused, focus) = super::plan::focused(plan, &routine, &entry.name);
        notes = focus.lines(&focused);
        plan = focused;
    }
    let not_saved = Rc::new(RefCell::new(Vec::new()));
    let save = history_keeper(entry, &routine, choices.player.speed, Rc::clone(&not_saved));
    let (for_sound, plan_for_sound) = (routine.clone(), plan.clone());
    let waker = screen.waker();
    let open_sink = move || {
        let mut outputs = vec![cue_sink(&for_sound, &plan_for_sound, choices)];
        outputs.extend(listeners(&plan_for_sound, choices, events, waker));
        Box::new(Owned(outputs)) as Box<dyn CueSink>
    };
    let outcome = screen.play_coached(
        routine,
        plan,
        choices.player,
        open_sink,
        save,
        notes,
        choices.check_in,
    );
    let not_saved = not_saved.take();
    let quit = match &outcome {
        Ok(Outcome::Quit(record)) => Some(&record.summary),
        _ => None,
    };
    let parting = Parting::session(quit, not_saved);
    (outcome, parting)
}

/// Where the player's cues go out: sound placed on the exact sample, spoken words, or the
/// terminal bell without a sound device (the screen flashes them in every case). The device
/// opens in the background while the intro shows.
fn cue_sink(routine: &Routine, plan: &Plan, choices: &Choices) -> Box<dyn CueSink> {
    Box::new(SoundSink::open_in_background(
        routine,
        plan,
        &choices.audio,
        choices.bell,
        choices.player.muted,
        choices.player.speed,
    ))
}

/// The outputs beside sound that the runner asked for: media controls (commands come back
/// through `waker`), the events file, the hooks.
pub(crate) fn listeners(
    plan: &Plan,
    choices: &Choices,
    events: Option<EventsFile>,
    waker: Sender<Event>,
) -> Vec<Box<dyn CueSink>> {
    let mut outputs: Vec<Box<dyn CueSink>> = Vec::new();
    if choices.media_controls {
        outputs.push(Box::new(MediaControls::start(
            &plan.name,
            choices.player.speed,
            waker,
        )));
    }
    if let Some(file) = events {
        outputs.push(Box::new(EventsSink::new(file)));
    }
    if !choices.hooks.is_empty() {
        outputs.push(Box::new(HookRunner::new(choices.hooks.clone())));
    }
    outputs
}

/// Writes each session to the history as it ends, and says so on the summary; why it could not
/// be written goes to `not_saved` too, to be said again once the terminal is back.
fn history_keeper(
    entry: &Entry,
    routine: &Routine,
    speed: f64,
    not_saved: Rc<RefCell<Vec<HistoryError>>>,
) -> SaveRecord {
    let entry = entry.clone();
    let routine = routine.clone();
    // The session last written: a check-in answered on its summary rewrites that line.
    let mut written: Option<(SystemTime, SessionRecord)> = None;
    Box::new(move |record: &Record| {
        if let Some((started, previous)) = &written
            && *started == record.started
        {
            let updated = previous.clone().with_check_in(record.check_in);
            let saved = history::amend(previous, &updated);
            written = Some((record.started, updated));
            return match saved {
                Ok(_) => saved_kept(&ZonedDateTime::now()),
                Err(error) => Kept {
                    line: Some(format!("Not saved to history: {error}")),
                    history: None,
                },
            };
        }
        let end = ZonedDateTime::now();
        let start = Timestamp::try_from(record.started)
            .or_else(|_| Timestamp::try_from(SystemTime::now()))
            .map(|at| at.to_zoned_datetime(TimeZone::system()))
            .unwrap_or_else(|_| end.clone());
        let session = SessionRecord::from_session(
            &routine,
            &entry.name,
            &entry.source.text,
            &record.summary,
            &record.ratings,
            &start,
            &end,
        )
        .at_speed(speed)
        .with_check_in(record.check_in);
        let saved = history::record(&session);
        written = Some((record.started, session));
        match saved {
            Ok(_) => saved_kept(&end),
            Err(error) => {
                let kept = Kept {
                    line: Some(format!("Not saved to history: {error}")),
                    history: None,
                };
                not_saved.borrow_mut().push(error);
                kept
            }
        }
    })
}

/// What the summary says of a session just written: saved, with this week's minutes and the
/// streak read back with it (left out when the history can't be read, rather than wrong).
fn saved_kept(end: &ZonedDateTime) -> Kept {
    Kept {
        line: Some("Saved to history".to_string()),
        history: history::load()
            .ok()
            .map(|loaded| ended::figures(&loaded.records, end)),
    }
}

/// Gives the terminal back and turns how the player ended into the exit code: 0 for a session
/// finished or never started, 130 for one quit early, `128 + signo` for a signal.
pub(crate) fn end(screen: Screen, outcome: std::io::Result<Outcome>) -> Result<Exit, Failure> {
    match outcome {
        Ok(Outcome::Signal { signal, .. }) => screen.exit_on_signal(signal),
        Ok(Outcome::Left | Outcome::Finished(_)) => Ok(Exit::Success),
        Ok(Outcome::Quit(_)) => Ok(Exit::Quit),
        Err(error) => Err(Failure::Invalid(format!("the terminal failed: {error}"))),
    }
}
