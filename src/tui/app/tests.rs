//! The whole player loop on ratatui's `TestBackend`, with a scripted clock: every wake-up, draw
//! and cue is observed without waiting for real time.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::cue::{Cue, CueEvent};
use crate::plan::{PlanOptions, expand};
use crate::play_loop::script::Script;
use crate::play_loop::{Lost, Timed};
use crate::routine::{RoutineInfo, Settings, SoundOverrides, Step, StepKind, StepSide};
use crate::tui::view::HistoryFigures;

/// Keeps what the loop sent out.
#[derive(Default)]
struct Recorder {
    cues: Vec<Cue>,
    muted: Vec<bool>,
    announced: usize,
    /// Handed ahead and not yet due, as a sound output would have them placed.
    placed: Vec<Cue>,
    /// Each cue as it sounded: on its instant when placed, else when it fell due.
    sounded: Vec<Cue>,
}

impl CueSink for Recorder {
    fn due(&mut self, _plan: &Plan, cues: &[Timed]) -> Result<(), Lost> {
        self.cues.extend(cues.iter().map(|t| t.cue));
        for timed in cues {
            if timed.handed {
                let at = self.placed.iter().position(|c| *c == timed.cue);
                let at = at.unwrap_or_else(|| panic!("{:?} handed but not placed", timed.cue));
                self.placed.remove(at);
            }
            self.sounded.push(timed.cue);
        }
        Ok(())
    }

    fn ahead(&mut self, _plan: &Plan, cues: &[Timed]) {
        self.announced += cues.len();
        for timed in cues {
            assert!(!self.placed.contains(&timed.cue), "{:?} twice", timed.cue);
            self.placed.push(timed.cue);
        }
    }

    fn retract(&mut self) {
        self.placed.clear();
    }

    fn set_muted(&mut self, muted: bool) {
        self.muted.push(muted);
    }
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn char_key(c: char) -> Event {
    key(KeyCode::Char(c))
}

/// A lead-in of 3 s, then "Roll the calf" for 20 s, then "Easy walk" for 10 s, with 2 s
/// between them: 35 s in all.
fn routine() -> Routine {
    let step = |number, name: &str, seconds| Step {
        number,
        name: name.to_string(),
        instructions: Some("Slow and steady.".to_string()),
        area: None,
        tool: None,
        side: StepSide::None,
        spots: 1,
        transition: None,
        kind: StepKind::Timed {
            duration: Duration::from_secs(seconds),
        },
    };
    Routine {
        info: RoutineInfo {
            name: "Calf check".to_string(),
            ..RoutineInfo::default()
        },
        settings: Settings {
            lead_in: Duration::from_secs(3),
            transition: Duration::from_secs(2),
            ..Settings::default()
        },
        sounds: SoundOverrides::default(),
        steps: vec![step(1, "Roll the calf", 20), step(2, "Easy walk", 10)],
    }
}

fn player() -> Player {
    let routine = routine();
    let plan = expand(&routine, PlanOptions::default());
    Player::new(
        routine,
        plan,
        PlayerOptions {
            muted: false,
            speed: 1.0,
            theme: Theme::new(false),
        },
    )
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(80, 24)).unwrap()
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

#[test]
fn a_session_plays_to_its_end_and_the_summary_leaves_with_any_key() {
    let mut terminal = terminal();
    let mut script = Script::new(&[(1.0, key(KeyCode::Enter)), (60.0, char_key('x'))]);
    let mut sink = Recorder::default();
    let outcome = player().run(&mut terminal, &mut script, &mut sink).unwrap();

    let Outcome::Finished(record) = outcome else {
        panic!("expected a finished session, got {outcome:?}");
    };
    assert!(record.summary.finished);
    let done = sink
        .cues
        .iter()
        .filter(|c| matches!(c.event, CueEvent::Done { .. }));
    assert_eq!(done.count(), 1);
    // The session started at 1 s, so its last cue is due 35 s later, and was sent then.
    let last = sink.cues.last().unwrap();
    assert_eq!(last.at, Duration::from_secs(36));
    // Every cue left the loop in time order.
    assert!(sink.cues.windows(2).all(|pair| pair[0].at <= pair[1].at));
    assert!(sink.announced > 0);
}

#[test]
fn an_idle_countdown_wakes_about_once_a_second_and_never_on_a_frame_rate() {
    let mut terminal = terminal();
    let mut script = Script::new(&[(0.5, key(KeyCode::Enter)), (60.0, char_key('x'))]);
    let mut sink = Recorder::default();
    player().run(&mut terminal, &mut script, &mut sink).unwrap();

    // 35 s of session: a wake-up per displayed second plus the cue flashes, no more.
    let timed = script.deadlines.iter().filter(|d| d.is_some()).count();
    assert!(timed >= 35, "{timed} wake-ups can't show every second");
    assert!(
        timed <= 35 * 2 + 10,
        "{timed} wake-ups for 35 s is too many"
    );
    // Before Enter and on the summary nothing is due: the loop waits for a key only.
    assert_eq!(script.deadlines.first(), Some(&None));
    assert_eq!(script.deadlines.last(), Some(&None));
}

#[test]
fn the_deadline_of_a_cue_is_the_cue_itself_not_a_frame_later() {
    let mut terminal = terminal();
    let mut script = Script::new(&[(0.25, key(KeyCode::Enter)), (60.0, char_key('x'))]);
    let mut sink = Recorder::default();
    player().run(&mut terminal, &mut script, &mut sink).unwrap();
    // The loop woke exactly at the instant of every cue.
    for cue in &sink.cues {
        assert!(
            script.deadlines.contains(&Some(cue.at)) || cue.at == Duration::from_millis(250),
            "no wake-up at {:?} for {:?}",
            cue.at,
            cue.event
        );
    }
}

#[test]
fn while_paused_the_loop_sleeps_until_a_key_and_the_time_stands_still() {
    let mut terminal = terminal();
    let mut script = Script::new(&[
        (0.0, key(KeyCode::Enter)),
        (5.0, char_key(' ')),
        (500.0, char_key(' ')),
        (1000.0, char_key('x')),
    ]);
    let mut sink = Recorder::default();
    let outcome = player().run(&mut terminal, &mut script, &mut sink).unwrap();
    assert!(matches!(outcome, Outcome::Finished(_)));
    // From the pause at 5 s to the resume at 500 s: a flash end at most, then no deadline.
    let done = sink.cues.last().unwrap();
    assert_eq!(done.at, Duration::from_secs(35 + 495));
    let paused_waits = script.deadlines.iter().filter(|d| d.is_none()).count();
    assert_eq!(
        paused_waits, 3,
        "intro, pause and summary wait for a key only"
    );
}

#[test]
fn q_asks_first_esc_goes_on_and_q_then_y_quits_with_the_record() {
    let mut terminal = terminal();
    let mut script = Script::new(&[
        (0.0, key(KeyCode::Enter)),
        (4.0, char_key('q')),
        (4.2, key(KeyCode::Esc)),
        (4.4, char_key('q')),
        (4.6, char_key('y')),
    ]);
    let mut sink = Recorder::default();
    let outcome = player().run(&mut terminal, &mut script, &mut sink).unwrap();
    let Outcome::Quit(record) = outcome else {
        panic!("expected a quit, got {outcome:?}");
    };
    assert!(!record.summary.finished);
    assert!(
        !sink
            .cues
            .iter()
            .any(|c| matches!(c.event, CueEvent::Done { .. })),
        "a quit session does not sound its end"
    );
}

#[test]
fn the_quit_question_is_on_screen_until_answered() {
    let mut terminal = terminal();
    let mut script = Script::new(&[
        (0.0, key(KeyCode::Enter)),
        (4.0, char_key('q')),
        (6.5, Event::Signal(1)),
    ]);
    let mut sink = Recorder::default();
    // The session goes on while the question waits; a signal ends the loop with it on screen.
    let outcome = player().run(&mut terminal, &mut script, &mut sink);
    let text = screen(&terminal);
    assert!(matches!(outcome, Ok(Outcome::Signal { signal: 1, .. })));
    assert!(text.contains("Quit this session?"), "{text}");
    assert!(text.contains("Roll the calf"), "{text}");
}

#[test]
fn ctrl_c_quits_at_once_and_a_signal_ends_with_its_number() {
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let mut script = Script::new(&[(0.0, key(KeyCode::Enter)), (2.0, ctrl_c)]);
    let outcome = player()
        .run(&mut terminal(), &mut script, &mut Recorder::default())
        .unwrap();
    assert!(matches!(outcome, Outcome::Quit(_)));

    let mut script = Script::new(&[(0.0, key(KeyCode::Enter)), (2.0, Event::Signal(15))]);
    let outcome = player()
        .run(&mut terminal(), &mut script, &mut Recorder::default())
        .unwrap();
    assert!(matches!(
        outcome,
        Outcome::Signal {
            signal: 15,
            record: Some(_)
        }
    ));
}

#[test]
fn q_on_the_intro_leaves_without_a_session() {
    let mut script = Script::new(&[(0.0, char_key('q'))]);
    let mut sink = Recorder::default();
    let outcome = player()
        .run(&mut terminal(), &mut script, &mut sink)
        .unwrap();
    assert_eq!(outcome, Outcome::Left);
    assert!(sink.cues.is_empty());
}

#[test]
fn n_skips_the_part_and_m_reaches_the_sound() {
    let mut script = Script::new(&[
        (0.0, key(KeyCode::Enter)),
        (1.0, char_key('n')),
        (2.0, char_key('n')),
        (2.5, char_key('m')),
        (3.0, char_key('m')),
        (3.5, char_key('q')),
        (3.6, char_key('y')),
    ]);
    let mut sink = Recorder::default();
    let outcome = player()
        .run(&mut terminal(), &mut script, &mut sink)
        .unwrap();
    let Outcome::Quit(record) = outcome else {
        panic!("expected a quit, got {outcome:?}");
    };
    assert_eq!(record.summary.parts_skipped, 1, "{:?}", record.summary);
    // The lead-in was cut short at 1 s: the first part started then, and ended at 2 s.
    let starts: Vec<_> = sink
        .cues
        .iter()
        .filter(|c| c.event == CueEvent::Start)
        .map(|c| (c.segment, c.at))
        .collect();
    assert!(starts.contains(&(1, Duration::from_secs(1))), "{starts:?}");
    assert_eq!(sink.muted, vec![false, true, false]);
}

#[test]
fn a_resize_redraws_at_the_new_size_even_when_tiny() {
    let mut terminal = terminal();
    let mut script = Script::new(&[(0.0, key(KeyCode::Enter)), (1.0, Event::Resize)]);
    terminal.backend_mut().resize(12, 4);
    let outcome = player().run(&mut terminal, &mut script, &mut Recorder::default());
    assert!(outcome.is_ok());
    assert_eq!(terminal.backend().buffer().area.width, 12);
}

#[test]
fn every_session_is_kept_once_however_it_ends_and_the_summary_says_so() {
    use std::cell::RefCell;
    use std::rc::Rc;

    let kept: Rc<RefCell<Vec<bool>>> = Rc::default();
    let saver = |kept: &Rc<RefCell<Vec<bool>>>| -> SaveRecord {
        let kept = Rc::clone(kept);
        Box::new(move |record: &Record| {
            kept.borrow_mut().push(record.summary.finished);
            Kept {
                line: Some("Saved to history".to_string()),
                history: Some(HistoryFigures {
                    minutes_this_week: 47,
                    streak_days: 1,
                }),
            }
        })
    };

    // To the end: kept as finished, and the summary shows where.
    let mut terminal = terminal();
    let mut script = Script::new(&[(0.0, key(KeyCode::Enter)), (40.0, Event::Signal(1))]);
    let outcome = player()
        .saving_with(saver(&kept))
        .run(&mut terminal, &mut script, &mut Recorder::default())
        .unwrap();
    assert!(matches!(
        outcome,
        Outcome::Signal {
            record: Some(_),
            ..
        }
    ));
    let summary = screen(&terminal);
    assert!(summary.contains("Saved to history"), "{summary}");
    // The history's figures, read back after the session was kept, are on the summary.
    assert!(summary.contains("This week 47 min"), "{summary}");
    assert!(summary.contains("Streak    1 day"), "{summary}");
    assert_eq!(
        *kept.borrow(),
        vec![true],
        "a signal on the summary keeps nothing more"
    );

    // Quit early: kept as not finished.
    let mut script = Script::new(&[
        (0.0, key(KeyCode::Enter)),
        (5.0, char_key('q')),
        (5.5, char_key('y')),
    ]);
    player()
        .saving_with(saver(&kept))
        .run(&mut terminal, &mut script, &mut Recorder::default())
        .unwrap();
    // Cut by a signal mid-session: kept too.
    let mut script = Script::new(&[(0.0, key(KeyCode::Enter)), (5.0, Event::Signal(15))]);
    player()
        .saving_with(saver(&kept))
        .run(&mut terminal, &mut script, &mut Recorder::default())
        .unwrap();
    // Left at the intro: nothing to keep.
    let mut script = Script::new(&[(0.0, char_key('q'))]);
    player()
        .saving_with(saver(&kept))
        .run(&mut terminal, &mut script, &mut Recorder::default())
        .unwrap();
    assert_eq!(*kept.borrow(), vec![true, false, false]);
}

#[test]
fn on_screen_every_cue_sounds_once_after_pause_skip_extend_and_back() {
    let mut script = Script::new(&[
        (0.0, key(KeyCode::Enter)),
        (1.5, char_key(' ')),
        (9.0, char_key(' ')),
        (12.2, char_key('n')),
        (14.9, char_key('+')),
        (20.1, char_key('b')),
        (33.0, char_key('-')),
        (80.0, char_key('x')),
    ]);
    let mut sink = Recorder::default();
    let outcome = player()
        .run(&mut terminal(), &mut script, &mut sink)
        .unwrap();
    assert!(matches!(outcome, Outcome::Finished(_)), "{outcome:?}");
    // Each cue the session emitted sounded exactly once, and nothing handed ahead was left
    // to sound after the session.
    assert_eq!(sink.sounded, sink.cues);
    assert!(sink.placed.is_empty(), "{:?}", sink.placed);
    assert!(
        sink.announced > 5,
        "cues were handed ahead: {}",
        sink.announced
    );
}
