//! Hands the player's state to the pure views.

use std::time::Duration;

use ratatui::Frame;

use super::{Phase, Player};
use crate::tui::view::{self, PlayerView};

/// Draws the player's current screen.
pub(super) fn render(frame: &mut Frame, player: &Player, now: Duration) {
    let theme = &player.options.theme;
    match &player.phase {
        Phase::Intro => {
            let mut notes = player.notes.clone();
            notes.extend(player.check_in.intro_lines());
            view::render_intro_with(
                frame,
                &player.routine,
                &player.plan,
                player.notice.as_deref(),
                &notes,
                theme,
            )
        }
        Phase::Playing { driver, .. } => {
            let session = driver.session();
            let status = session.status(now);
            let view = PlayerView {
                routine: &player.routine,
                plan: session.plan(),
                status: &status,
                overlay: player.overlay,
                notice: player.notice.as_deref(),
                muted: player.muted,
                flash: player
                    .flash_until
                    .is_some_and(|until| now < until)
                    .then_some(player.flash_style),
                speed: player.options.speed,
                rating: session.rating_here(),
                theme,
            };
            view::render_player(frame, &view);
        }
        Phase::Summary(record, kept) => view::render_summary(
            frame,
            &view::SummaryView {
                routine: &player.routine,
                summary: &record.summary,
                ratings: &record.ratings,
                saved: kept.line.as_deref(),
                speed: player.options.speed,
                history: kept.history,
                notes: &player.check_in.summary_lines(),
                theme,
            },
        ),
    }
}
