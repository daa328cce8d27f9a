//! The routine as a whole: its timeline must stay within the plan's bounds (segments, cues,
//! planned length). Counted, not expanded, and reported at the step that passes a bound.

use super::super::duration::format_duration;
use super::super::model::{Routine, StepKind};
use super::Checker;
use crate::plan::{self, Bound, MAX_CUES, MAX_PLANNED, MAX_SEGMENTS, PlanOptions};

impl Checker<'_> {
    /// Reports the step at which `routine`, played as written, passes a bound of the plan.
    pub fn plan_bounds(&mut self, routine: &Routine) {
        let Err(overflow) = plan::measure(routine, PlanOptions::default()) else {
            return;
        };
        let Some(step) = routine.steps.get(overflow.step) else {
            return;
        };
        let span = self.step_sites.get(overflow.step).cloned().unwrap_or(0..0);
        let rounds = routine.settings.rounds;
        let when = if rounds > 1 {
            format!(" (in round {} of {rounds})", overflow.round)
        } else {
            String::new()
        };
        let (message, label, suggestion) = match overflow.bound {
            Bound::Segments => (
                format!(
                    "the routine expands into more than {MAX_SEGMENTS} parts and transitions: \
                     with this step{when} it has {}",
                    overflow.size.segments
                ),
                format!("passes {MAX_SEGMENTS} segments"),
                "play fewer rounds, sides, spots or steps",
            ),
            Bound::Cues => (
                format!(
                    "the routine sounds more than {MAX_CUES} cues (starts, ends, ticks, \
                     reversals and reps): with this step{when} it has up to {}",
                    overflow.size.cues
                ),
                format!("passes {MAX_CUES} cues"),
                match step.kind {
                    StepKind::Circles { .. } => "reverse less often: a longer `reverse_every`",
                    StepKind::Reps { .. } => "ask for fewer reps",
                    _ => "play fewer rounds or steps, or a shorter `countdown`",
                },
            ),
            Bound::Length => (
                format!(
                    "the routine lasts more than {}: with this step{when} it is {} long",
                    format_duration(MAX_PLANNED),
                    format_duration(overflow.size.total)
                ),
                format!("passes {}", format_duration(MAX_PLANNED)),
                "play fewer rounds, or shorter parts",
            ),
        };
        self.step = Some((step.number, step.name.clone()));
        self.error_with(span, message, label, Some(suggestion.to_string()));
        self.step = None;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::routine::{Diagnostic, Source, parse};

    fn check(text: &str) -> Result<(), Vec<Diagnostic>> {
        let source = Source::from_file(std::path::Path::new("r.toml"), text.to_string());
        parse(&source, &crate::routine::ParseOptions::TEXT_ONLY)
            .map(|_| ())
            .map_err(|d| d.0)
    }

    /// `steps` steps of 20 parts each (both sides, ten spots), with no transitions.
    fn parts(steps: usize) -> String {
        let mut text =
            "[routine]\nname = \"R\"\n[settings]\nlead_in = \"0s\"\ntransition = \"0s\"\n"
                .to_string();
        for i in 1..=steps {
            text.push_str(&format!(
                "[[step]]\nkind = \"timed\"\nname = \"S{i}\"\nside = \"both\"\nspots = 10\nduration = \"0.5s\"\n"
            ));
        }
        text
    }

    #[test]
    fn ten_thousand_segments_pass_and_one_more_is_refused_at_its_step() {
        assert_eq!(check(&parts(500)), Ok(()));
        let diagnostics = check(&parts(501)).unwrap_err();
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert_eq!(
            d.message,
            "the routine expands into more than 10000 parts and transitions: with this step it has 10020"
        );
        assert_eq!(d.step, Some((501, "S501".to_string())));
        // Pointing at the step's `[[step]]` line.
        assert_eq!(d.line, 6 + 500 * 6);
        assert_eq!(
            d.suggestion.as_deref(),
            Some("play fewer rounds, sides, spots or steps")
        );
    }

    fn circles(rounds: u8) -> String {
        format!(
            "[routine]\nname = \"R\"\n[settings]\nlead_in = \"0s\"\ntransition = \"0s\"\ncountdown = 0\nrounds = {rounds}\n\
             [[step]]\nkind = \"circles\"\nname = \"C\"\nduration = \"2h\"\nreverse_every = \"0.5s\"\n"
        )
    }

    #[test]
    fn a_hundred_thousand_cues_pass_and_more_are_refused_in_their_round() {
        assert_eq!(check(&circles(6)), Ok(()));
        let diagnostics = check(&circles(7)).unwrap_err();
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].message,
            "the routine sounds more than 100000 cues (starts, ends, ticks, reversals and reps): \
             with this step (in round 7 of 7) it has up to 100814"
        );
        assert_eq!(
            diagnostics[0].suggestion.as_deref(),
            Some("reverse less often: a longer `reverse_every`")
        );
    }

    fn timed(rounds: u8) -> String {
        format!(
            "[routine]\nname = \"R\"\n[settings]\nlead_in = \"0s\"\ntransition = \"0s\"\nrounds = {rounds}\n\
             [[step]]\nkind = \"timed\"\nname = \"T\"\nduration = \"2h\"\n"
        )
    }

    #[test]
    fn twenty_four_hours_pass_and_longer_is_refused() {
        assert_eq!(check(&timed(12)), Ok(()));
        let diagnostics = check(&timed(13)).unwrap_err();
        assert_eq!(
            diagnostics[0].message,
            "the routine lasts more than 24h: with this step (in round 13 of 13) it is 26h long"
        );
    }
}
