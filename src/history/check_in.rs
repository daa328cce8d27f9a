//! The check-in: one optional question before a session and after it, "How do your legs feel?",
//! answered with one digit on screens the runner sees anyway (the intro and the summary).
//!
//! Pure: which keys answer, what is kept, and the lines the two screens show. The player's
//! loop hands keys here before its own handling; an answer is never needed to go on.

use super::SessionRecord;

/// The question, as shown.
pub const QUESTION: &str = "How do your legs feel? 1 fresh … 5 very sore";

/// The answers given around one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CheckIn {
    /// On the intro, before the session.
    pub before: Option<u8>,
    /// On the summary, after it.
    pub after: Option<u8>,
}

/// The answer a key gives: the digits 1 to 5.
pub fn answer(key: char) -> Option<u8> {
    match key {
        '1'..='5' => u8::try_from(u32::from(key) - u32::from('0')).ok(),
        _ => None,
    }
}

/// The check-in of one session, as the player holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CheckInState {
    /// `check_in = false` in the settings: no question, and digits do nothing here.
    pub enabled: bool,
    pub answers: CheckIn,
}

impl CheckInState {
    pub fn new(enabled: bool) -> CheckInState {
        CheckInState {
            enabled,
            answers: CheckIn::default(),
        }
    }

    /// A key on the intro: true when it answered (the screen changes); Enter still starts,
    /// answered or not, so starting stays one key.
    pub fn on_intro_key(&mut self, key: char) -> bool {
        match answer(key).filter(|_| self.enabled) {
            Some(value) => {
                self.answers.before = Some(value);
                true
            }
            None => false,
        }
    }

    /// A key on the summary: true when it answered (the summary stays, the record is kept
    /// again with the answer); any other key closes the summary as before.
    pub fn on_summary_key(&mut self, key: char) -> bool {
        match answer(key).filter(|_| self.enabled) {
            Some(value) => {
                self.answers.after = Some(value);
                true
            }
            None => false,
        }
    }

    /// The lines the intro shows: the question, or the answer given.
    pub fn intro_lines(&self) -> Vec<String> {
        if !self.enabled {
            return Vec::new();
        }
        vec![match self.answers.before {
            None => format!("{QUESTION} (press a digit, or just Enter)"),
            Some(value) => format!(
                "Legs before: {value} ({}) · another digit changes it",
                word(value)
            ),
        }]
    }

    /// The lines the summary shows.
    pub fn summary_lines(&self) -> Vec<String> {
        if !self.enabled {
            return Vec::new();
        }
        let mut line = match self.answers.after {
            None => format!("{QUESTION} (press a digit)"),
            Some(value) => format!("Legs after: {value} ({})", word(value)),
        };
        if let (Some(before), Some(after)) = (self.answers.before, self.answers.after) {
            line.push_str(&format!(
                " · before: {before}, {}",
                change_word(before, after)
            ));
        }
        vec![line]
    }
}

/// "fresh" … "very sore".
pub fn word(value: u8) -> &'static str {
    match value {
        1 => "fresh",
        2 => "a little tired",
        3 => "tired",
        4 => "sore",
        _ => "very sore",
    }
}

fn change_word(before: u8, after: u8) -> &'static str {
    match after.cmp(&before) {
        std::cmp::Ordering::Less => "fresher after",
        std::cmp::Ordering::Equal => "the same",
        std::cmp::Ordering::Greater => "sorer after",
    }
}

/// The before → after change over the last `count` sessions that have both answers, newest
/// last: ("Mon 23 Nov", before, after). Previews are left out.
pub fn recent_changes(records: &[SessionRecord], count: usize) -> Vec<(&SessionRecord, u8, u8)> {
    let mut both: Vec<(&SessionRecord, u8, u8)> = records
        .iter()
        .filter(|r| !r.is_preview())
        .filter_map(|r| Some((r, r.check_in.before?, r.check_in.after?)))
        .collect();
    both.sort_by_key(|(r, _, _)| r.start.timestamp());
    let skip = both.len().saturating_sub(count);
    both.into_iter().skip(skip).collect()
}

/// The mean change after − before (negative: the legs felt fresher after), if any session
/// has both answers.
pub fn mean_change(changes: &[(&SessionRecord, u8, u8)]) -> Option<f64> {
    if changes.is_empty() {
        return None;
    }
    let sum: f64 = changes
        .iter()
        .map(|(_, before, after)| f64::from(*after) - f64::from(*before))
        .sum();
    Some(sum / changes.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_1_to_5_answer_and_nothing_else_does() {
        let answers: Vec<Option<u8>> = "0123456q\n ".chars().map(answer).collect();
        assert_eq!(
            answers,
            [
                None,
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                None,
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn the_intro_keeps_the_last_digit_and_lets_other_keys_through() {
        let mut state = CheckInState::new(true);
        assert_eq!(
            state.intro_lines(),
            [format!("{QUESTION} (press a digit, or just Enter)")]
        );
        assert!(!state.on_intro_key('q'), "q still goes back");
        assert!(state.on_intro_key('4'));
        assert!(state.on_intro_key('3'));
        assert_eq!(state.answers.before, Some(3));
        assert_eq!(state.answers.after, None);
        assert!(state.intro_lines()[0].starts_with("Legs before: 3 (tired)"));
    }

    #[test]
    fn the_summary_answers_with_a_digit_and_any_other_key_closes() {
        let mut state = CheckInState::new(true);
        state.on_intro_key('4');
        assert!(!state.on_summary_key('x'));
        assert!(!state.on_summary_key('9'));
        assert!(state.on_summary_key('2'));
        assert_eq!(
            state.answers,
            CheckIn {
                before: Some(4),
                after: Some(2)
            }
        );
        assert_eq!(
            state.summary_lines(),
            ["Legs after: 2 (a little tired) · before: 4, fresher after"]
        );
    }

    #[test]
    fn switched_off_there_is_no_question_and_digits_answer_nothing() {
        let mut state = CheckInState::new(false);
        assert!(!state.on_intro_key('3'));
        assert!(!state.on_summary_key('3'));
        assert_eq!(state.answers, CheckIn::default());
        assert!(state.intro_lines().is_empty());
        assert!(state.summary_lines().is_empty());
    }
}
