//! `unknot watch FILE`: a live preview for trainers. The file is checked and planned again
//! every time it is saved (file-system notifications, not polling; once per save, see
//! [`settle`]); the screen shows the
//! diagnostics while it is invalid and the timeline with its total while it is valid, and `p`
//! plays it at `--speed` as a preview.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use jiff::ZonedDateTime;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod files;
mod settle;

use super::failure::Failure;
use crate::cli::WatchArgs;
use crate::commands::plan::table;
use crate::config;
use crate::media::MediaControls;
use crate::plan::{self, Plan, PlanOptions};
use crate::play_loop::{CueSink, Event, Silent};
use crate::routine::{self, Routine};
use crate::tui::app::screen::{self, Screen};
use crate::tui::app::{Kept, Outcome, PlayerOptions, Record, SaveRecord};
use crate::tui::theme::Theme;
use crate::tui::watch_view::{Verdict, WatchState, render_watch};
use settle::Settle;

pub fn run(args: &WatchArgs) -> Result<(), Failure> {
    let file = args.file.clone();
    if !file.is_file() {
        let why = if file.is_dir() {
            "it is a directory, not a routine file".to_string()
        } else if !file.exists() {
            match file.file_stem().and_then(|stem| stem.to_str()) {
                Some(stem) if file.parent().is_none_or(|p| p.as_os_str().is_empty()) => format!(
                    "no such file; `unknot new {}` writes a starter routine to watch",
                    super::shell_word(stem)
                ),
                _ => "no such file".to_string(),
            }
        } else {
            "not a routine file that can be read".to_string()
        };
        return Err(Failure::Invalid(format!(
            "{}: {why}",
            routine::shown_path(&file)
        )));
    }
    let settings = config::load()?;
    let theme = Theme::new(Theme::from_env().color && settings.colors);
    let media = settings.media_controls && !args.no_media_controls;
    let mut screen = Screen::open().map_err(|error| {
        Failure::Usage(format!(
            "watch needs a terminal ({error}); `unknot check {}` checks once",
            super::shell_word(&file.display().to_string())
        ))
    })?;
    // Kept for as long as the screen is up: dropping it stops the notifications.
    let mut watch = FileWatch::start(&file, screen.waker()).map_err(|error| {
        Failure::Invalid(format!(
            "cannot watch {}: {error}",
            routine::shown_path(&file)
        ))
    })?;
    match watch_loop(&mut screen, &mut watch, &file, args.speed, &theme, media) {
        Ok(Some(signal)) => screen.exit_on_signal(signal),
        Ok(None) => Ok(()),
        Err(error) => Err(Failure::Invalid(format!("the terminal failed: {error}"))),
    }
}

/// Redraws on every save, key and resize until `q`; returns the signal that ended it, if any.
fn watch_loop(
    screen: &mut Screen,
    watch: &mut FileWatch,
    file: &Path,
    speed: f64,
    theme: &Theme,
    media: bool,
) -> std::io::Result<Option<i32>> {
    let mut checked = Checked::of(file);
    let mut state = checked.state(file, speed, 1);
    let mut settle = Settle::default();
    let mut redraw = true;
    loop {
        let (terminal, source) = screen.parts();
        if redraw {
            terminal.draw(|frame| render_watch(frame, &state, theme))?;
        }
        // It waits for a key, a save or a signal, and once a save began, for its end.
        let event = source.events.wait_until(settle.deadline());
        redraw = match event {
            None if settle.take_due(Instant::now()) => {
                watch.follow(file);
                checked = Checked::of(file);
                let scroll = state.scroll;
                state = checked.state(file, speed, state.checks.saturating_add(1));
                state.scroll_by(scroll as isize);
                true
            }
            None | Some(Event::Resize) => true,
            // A media key between previews: nothing plays.
            Some(Event::Media(_)) => false,
            Some(event @ (Event::Suspend | Event::Continued)) => {
                screen::suspend_or_resume(event, terminal);
                true
            }
            Some(Event::Changed) => {
                settle.changed(Instant::now());
                false
            }
            Some(Event::Signal(signal)) => return Ok(Some(signal)),
            Some(Event::InputClosed) => return Ok(None),
            Some(Event::Key(key)) => match action(key) {
                Action::Quit => return Ok(None),
                Action::Scroll(lines) => {
                    state.scroll_by(lines);
                    true
                }
                Action::Preview => {
                    if let Checked::Valid { routine, plan, .. } = &checked {
                        if let Some(signal) = preview(screen, routine, plan, speed, theme, media)? {
                            return Ok(Some(signal));
                        }
                        // Saves made during the preview are seen now.
                        settle = Settle::default();
                        checked = Checked::of(file);
                        state = checked.state(file, speed, state.checks.saturating_add(1));
                    }
                    true
                }
                Action::None => false,
            },
        };
    }
}

/// Plays the routine in the player at `speed`, silently (media keys work, unless `media` is
/// off), and comes back to the watch screen.
fn preview(
    screen: &mut Screen,
    routine: &Routine,
    plan: &Plan,
    speed: f64,
    theme: &Theme,
    media: bool,
) -> std::io::Result<Option<i32>> {
    let options = PlayerOptions {
        muted: true,
        speed,
        theme: *theme,
    };
    let waker = media.then(|| screen.waker());
    let plan_name = plan.name.clone();
    // A preview is not a session: nothing goes to the history.
    let no_history: SaveRecord = Box::new(|_: &Record| Kept::default());
    let outcome = screen.play(
        routine.clone(),
        plan.clone(),
        options,
        || -> Box<dyn CueSink> {
            match waker {
                Some(waker) => Box::new(MediaControls::start(&plan_name, speed, waker)),
                None => Box::new(Silent),
            }
        },
        no_history,
    )?;
    Ok(match outcome {
        Outcome::Signal { signal, .. } => Some(signal),
        Outcome::Left | Outcome::Finished(_) | Outcome::Quit(_) => None,
    })
}

enum Action {
    Quit,
    Scroll(isize),
    Preview,
    None,
}

fn action(key: KeyEvent) -> Action {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Action::Quit;
    }
    match key.code {
        KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
        KeyCode::Char('p') | KeyCode::Enter => Action::Preview,
        KeyCode::Up | KeyCode::Char('k') => Action::Scroll(-1),
        KeyCode::Down | KeyCode::Char('j') => Action::Scroll(1),
        KeyCode::PageUp => Action::Scroll(-10),
        KeyCode::PageDown | KeyCode::Char(' ') => Action::Scroll(10),
        KeyCode::Home => Action::Scroll(isize::MIN / 2),
        _ => Action::None,
    }
}

/// What one check of the file found.
enum Checked {
    Valid {
        routine: Box<Routine>,
        plan: Box<Plan>,
    },
    Invalid(routine::Diagnostics),
}

impl Checked {
    fn of(file: &Path) -> Checked {
        match routine::load(file, &crate::files::ON_DISK) {
            Ok(routine) => {
                let plan = plan::expand(&routine, PlanOptions::default());
                Checked::Valid {
                    routine: Box::new(routine),
                    plan: Box::new(plan),
                }
            }
            Err(diagnostics) => Checked::Invalid(diagnostics),
        }
    }

    fn state(&self, file: &Path, speed: f64, checks: u32) -> WatchState {
        let (verdict, text) = match self {
            Checked::Valid { plan, .. } => (
                Verdict::Valid {
                    total: table::total(plan),
                },
                table::render(plan),
            ),
            Checked::Invalid(diagnostics) => (
                Verdict::Invalid {
                    errors: diagnostics.len(),
                },
                diagnostics.render(false),
            ),
        };
        WatchState {
            file: routine::shown_path(file),
            verdict,
            body: text.lines().map(str::to_string).collect(),
            checked_at: ZonedDateTime::now().strftime("%H:%M:%S").to_string(),
            checks,
            scroll: 0,
            speed,
        }
    }
}

/// Sends `Event::Changed` whenever a file of the routine is written, replaced or re-created:
/// the routine itself, the blocks it includes, the sound files it names.
///
/// Directories are watched rather than files: editors often save by writing a new file and
/// renaming it over the old one, which a watch on the old file itself would miss.
struct FileWatch {
    watcher: RecommendedWatcher,
    dirs: BTreeSet<PathBuf>,
    files: Arc<Mutex<BTreeSet<PathBuf>>>,
}

impl FileWatch {
    fn start(file: &Path, wake: Sender<Event>) -> notify::Result<FileWatch> {
        let files: Arc<Mutex<BTreeSet<PathBuf>>> = Arc::default();
        let watched = Arc::clone(&files);
        let watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            if !matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            ) {
                return;
            }
            let watched = watched.lock().unwrap_or_else(PoisonError::into_inner);
            if event.paths.iter().any(|path| watched.contains(path)) {
                let _ = wake.send(Event::Changed);
            }
        })?;
        let mut watch = FileWatch {
            watcher,
            dirs: BTreeSet::new(),
            files,
        };
        // The routine's own directory must be watchable; the others are followed as they come.
        let dir = parent(&files::absolute(file));
        watch.watcher.watch(&dir, RecursiveMode::NonRecursive)?;
        watch.dirs.insert(dir);
        watch.follow(file);
        Ok(watch)
    }

    /// Watches the files the routine is made of now (includes come and go as it is edited).
    fn follow(&mut self, file: &Path) {
        let files = files::routine_files(file);
        for dir in files.iter().map(|file| parent(file)) {
            if !self.dirs.contains(&dir)
                && self
                    .watcher
                    .watch(&dir, RecursiveMode::NonRecursive)
                    .is_ok()
            {
                self.dirs.insert(dir);
            }
        }
        *self.files.lock().unwrap_or_else(PoisonError::into_inner) = files;
    }
}

fn parent(file: &Path) -> PathBuf {
    file.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"))
}
