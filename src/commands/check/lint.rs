//! Warnings for a valid routine: things a trainer should fix, though the routine plays.
//!
//! Pure: a routine in, warnings out. The rule for instructions is the player's own
//! ([`crate::tui::view::layout`]), so a warning here means text cut on a runner's screen.

use crate::routine::Routine;
use crate::tui::view::layout::{self, CHECKED_SIZE, INSTRUCTION_LINES};

/// Something a trainer should know about a routine that is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The step (1-based number, name) it is about, if any.
    pub step: Option<(usize, String)>,
    pub message: String,
}

/// Every warning about `routine`, in step order, the routine's own first.
pub fn warnings(routine: &Routine) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if routine
        .info
        .caution
        .as_deref()
        .is_none_or(|caution| caution.trim().is_empty())
    {
        warnings.push(Warning {
            step: None,
            message: "the routine has no `caution`: say when to stop (sharp pain, numbness, \
                      tingling) — the runner reads it before starting and in the help"
                .to_string(),
        });
    }
    let (width, height) = CHECKED_SIZE;
    for step in &routine.steps {
        let Some(instructions) = step.instructions.as_deref() else {
            continue;
        };
        let over = layout::instruction_overflow_at_checked_size(instructions);
        if over > 0 {
            warnings.push(Warning {
                step: Some((step.number, step.name.clone())),
                message: format!(
                    "`instructions` take {} lines on a {width}×{height} screen, which shows \
                     {INSTRUCTION_LINES} whole: the rest is cut with \"…\"; shorten them by \
                     {over} line{}",
                    INSTRUCTION_LINES + over,
                    if over == 1 { "" } else { "s" }
                ),
            });
        }
    }
    warnings
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use crate::routine::{Source, parse};

    fn routine(text: &str) -> Routine {
        let source = Source::from_file(std::path::Path::new("r.toml"), text.into());
        parse(&source, &crate::files::ON_DISK).expect("a valid routine")
    }

    const STEP: &str = "[[step]]\nkind = \"timed\"\nname = \"Calf\"\nduration = \"30s\"\n";

    #[test]
    fn a_routine_without_caution_is_warned() {
        let found = warnings(&routine(&format!("[routine]\nname = \"R\"\n{STEP}")));
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("no `caution`"));
        let with = format!("[routine]\nname = \"R\"\ncaution = \"Stop at sharp pain.\"\n{STEP}");
        assert!(warnings(&routine(&with)).is_empty());
    }

    #[test]
    fn instructions_too_long_for_80_by_24_are_warned() {
        let long = "Roll slowly from the knee to the hip. ".repeat(8);
        let text = format!(
            "[routine]\nname = \"R\"\ncaution = \"Stop at sharp pain.\"\n{STEP}instructions = \"{long}\"\n"
        );
        let found = warnings(&routine(&text));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].step, Some((1, "Calf".to_string())));
        assert!(found[0].message.contains("80×24"), "{}", found[0].message);
        let short = format!(
            "[routine]\nname = \"R\"\ncaution = \"Stop.\"\n{STEP}instructions = \"Slowly.\"\n"
        );
        assert!(warnings(&routine(&short)).is_empty());
    }
}
