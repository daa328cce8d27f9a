//! Which key does what, in each screen of the player (design.md, "Keys").

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks the player to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Intro: begin the session.
    Start,
    /// Intro: go back (to the picker, or out when played directly).
    Leave,
    TogglePause,
    /// Enter: the ball is in place, or end a hold after its minimum.
    Confirm,
    Next,
    Back,
    /// Ten seconds more.
    Extend,
    /// Ten seconds less.
    Shorten,
    ToggleMute,
    ToggleHelp,
    CloseHelp,
    /// How tender the current spot is, 1 to 5.
    Rate(u8),
    /// q or Esc: ask "Quit this session?".
    AskQuit,
    /// The answer to the question is yes.
    ConfirmQuit,
    /// The answer is no: go on.
    CancelQuit,
    /// Ctrl-C: out at once, no question.
    QuitNow,
    /// Summary: any key leaves.
    Dismiss,
}

/// Which screen the key lands on; the same key means different things on each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Intro,
    Playing,
    Help,
    AskingToQuit,
    Summary,
}

/// The action a key asks for on a screen, if any.
pub fn action(screen: Screen, key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C'))
    {
        return Some(Action::QuitNow);
    }
    match screen {
        Screen::Intro => match key.code {
            KeyCode::Enter | KeyCode::Char(' ') => Some(Action::Start),
            KeyCode::Char('q') | KeyCode::Esc => Some(Action::Leave),
            _ => None,
        },
        Screen::AskingToQuit => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Char('q') => {
                Some(Action::ConfirmQuit)
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => Some(Action::CancelQuit),
            _ => None,
        },
        Screen::Summary => Some(Action::Dismiss),
        Screen::Help => match key.code {
            KeyCode::Char('?') | KeyCode::Esc => Some(Action::CloseHelp),
            _ => playing(key),
        },
        Screen::Playing => playing(key),
    }
}

fn playing(key: KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Char(' ') => Some(Action::TogglePause),
        KeyCode::Enter => Some(Action::Confirm),
        KeyCode::Right | KeyCode::Char('n') => Some(Action::Next),
        KeyCode::Left | KeyCode::Char('b') => Some(Action::Back),
        KeyCode::Char('+') | KeyCode::Char('=') => Some(Action::Extend),
        KeyCode::Char('-') | KeyCode::Char('−') | KeyCode::Char('_') => Some(Action::Shorten),
        KeyCode::Char('m') => Some(Action::ToggleMute),
        KeyCode::Char('?') => Some(Action::ToggleHelp),
        KeyCode::Char(digit @ '1'..='5') => Some(Action::Rate(digit as u8 - b'0')),
        KeyCode::Char('q') | KeyCode::Esc => Some(Action::AskQuit),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn playing_keys_follow_the_design() {
        let cases = [
            (KeyCode::Char(' '), Action::TogglePause),
            (KeyCode::Enter, Action::Confirm),
            (KeyCode::Right, Action::Next),
            (KeyCode::Char('n'), Action::Next),
            (KeyCode::Left, Action::Back),
            (KeyCode::Char('b'), Action::Back),
            (KeyCode::Char('+'), Action::Extend),
            (KeyCode::Char('='), Action::Extend),
            (KeyCode::Char('-'), Action::Shorten),
            (KeyCode::Char('m'), Action::ToggleMute),
            (KeyCode::Char('?'), Action::ToggleHelp),
            (KeyCode::Char('1'), Action::Rate(1)),
            (KeyCode::Char('5'), Action::Rate(5)),
            (KeyCode::Char('q'), Action::AskQuit),
            (KeyCode::Esc, Action::AskQuit),
        ];
        for (code, expected) in cases {
            assert_eq!(
                action(Screen::Playing, key(code)),
                Some(expected),
                "{code:?}"
            );
        }
        assert_eq!(action(Screen::Playing, key(KeyCode::Char('6'))), None);
        assert_eq!(action(Screen::Playing, key(KeyCode::Char('x'))), None);
    }

    #[test]
    fn quitting_asks_first_and_y_or_q_again_confirms() {
        assert_eq!(
            action(Screen::AskingToQuit, key(KeyCode::Char('y'))),
            Some(Action::ConfirmQuit)
        );
        assert_eq!(
            action(Screen::AskingToQuit, key(KeyCode::Char('q'))),
            Some(Action::ConfirmQuit)
        );
        assert_eq!(
            action(Screen::AskingToQuit, key(KeyCode::Char('n'))),
            Some(Action::CancelQuit)
        );
        assert_eq!(
            action(Screen::AskingToQuit, key(KeyCode::Esc)),
            Some(Action::CancelQuit)
        );
        // Other keys don't slip through to the session while the question is up.
        assert_eq!(action(Screen::AskingToQuit, key(KeyCode::Char(' '))), None);
    }

    #[test]
    fn ctrl_c_quits_at_once_everywhere() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for screen in [
            Screen::Intro,
            Screen::Playing,
            Screen::Help,
            Screen::AskingToQuit,
            Screen::Summary,
        ] {
            assert_eq!(action(screen, ctrl_c), Some(Action::QuitNow), "{screen:?}");
        }
    }

    #[test]
    fn help_closes_with_question_mark_or_esc_and_keeps_the_other_keys() {
        assert_eq!(
            action(Screen::Help, key(KeyCode::Esc)),
            Some(Action::CloseHelp)
        );
        assert_eq!(
            action(Screen::Help, key(KeyCode::Char('?'))),
            Some(Action::CloseHelp)
        );
        assert_eq!(
            action(Screen::Help, key(KeyCode::Char(' '))),
            Some(Action::TogglePause)
        );
    }

    #[test]
    fn intro_starts_with_enter_and_leaves_with_q() {
        assert_eq!(
            action(Screen::Intro, key(KeyCode::Enter)),
            Some(Action::Start)
        );
        assert_eq!(
            action(Screen::Intro, key(KeyCode::Char('q'))),
            Some(Action::Leave)
        );
        assert_eq!(
            action(Screen::Intro, key(KeyCode::Esc)),
            Some(Action::Leave)
        );
        assert_eq!(
            action(Screen::Summary, key(KeyCode::Char('x'))),
            Some(Action::Dismiss)
        );
    }
}
