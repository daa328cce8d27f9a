//! The picker's loop: a filter typed as the runner goes, a selection, and Enter to choose.
//!
//! Like the player it draws only when something changed and sleeps until the next event —
//! the picker has no deadlines at all.

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Suspend;
use crate::play_loop::{Event, Source};
use crate::tui::picker_view::{PickerState, render_picker};
use crate::tui::theme::Theme;

/// How the picker ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerOutcome {
    /// The runner chose this routine (its library name).
    Chosen(String),
    /// Esc, or `q` with no filter typed.
    Quit,
    /// Ctrl-C.
    Interrupted,
    /// A signal arrived (its number).
    Signal(i32),
}

/// Shows the picker until the runner chooses a routine or leaves.
pub fn run_picker<B: Backend>(
    terminal: &mut Terminal<B>,
    picker: &mut PickerState,
    source: &mut dyn Source,
    theme: &Theme,
    suspend: &mut dyn Suspend,
) -> Result<PickerOutcome, B::Error> {
    let mut redraw = true;
    loop {
        if redraw {
            terminal.draw(|frame| render_picker(frame, picker, theme))?;
        }
        redraw = match source.wait(None) {
            None | Some(Event::Resize | Event::Changed) => true,
            Some(Event::Media(_)) => false,
            Some(event @ (Event::Suspend | Event::Continued)) => {
                if event == Event::Suspend {
                    suspend.stop();
                } else {
                    suspend.resume();
                }
                // The terminal was cleared: every cell is drawn again.
                terminal.swap_buffers();
                terminal.swap_buffers();
                true
            }
            Some(Event::Signal(signal)) => return Ok(PickerOutcome::Signal(signal)),
            Some(Event::InputClosed) => return Ok(PickerOutcome::Quit),
            Some(Event::Key(key)) => match handle_key(picker, key) {
                Step::Done(outcome) => return Ok(outcome),
                Step::Redraw => true,
                Step::Nothing => false,
            },
        };
    }
}

enum Step {
    Done(PickerOutcome),
    Redraw,
    Nothing,
}

fn handle_key(picker: &mut PickerState, key: KeyEvent) -> Step {
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if control => Step::Done(PickerOutcome::Interrupted),
        KeyCode::Char('u') if control => {
            picker.clear_filter();
            Step::Redraw
        }
        KeyCode::Char('p') if control => {
            picker.up();
            Step::Redraw
        }
        KeyCode::Char('n') if control => {
            picker.down();
            Step::Redraw
        }
        _ if control => Step::Nothing,
        // While a filter is typed, `q` is one of its letters.
        KeyCode::Char('q') if picker.filter().is_empty() => Step::Done(PickerOutcome::Quit),
        KeyCode::Char(c) => {
            picker.type_char(c);
            Step::Redraw
        }
        KeyCode::Backspace => {
            picker.backspace();
            Step::Redraw
        }
        KeyCode::Up => {
            picker.up();
            Step::Redraw
        }
        KeyCode::Down => {
            picker.down();
            Step::Redraw
        }
        KeyCode::Esc => Step::Done(PickerOutcome::Quit),
        KeyCode::Enter => match picker.selected() {
            // An invalid routine stays listed (with why) but can't be played.
            Some(item) if item.invalid.is_none() => {
                Step::Done(PickerOutcome::Chosen(item.name.clone()))
            }
            _ => Step::Nothing,
        },
        _ => Step::Nothing,
    }
}
