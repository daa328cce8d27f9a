//! The player on a terminal: the screen's [`Front`] of the one play loop.

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;

use super::{Event, Outcome, Phase, Player, draw};
use crate::driver::{Driver, Due};
use crate::play_loop::{Front, Lost, Out, Woke};
use crate::session::Input;

/// The player on a terminal: the screen's part of the play loop.
pub(super) struct OnScreen<'a, B: Backend> {
    pub(super) player: &'a mut Player,
    pub(super) terminal: &'a mut Terminal<B>,
}

impl<B: Backend> Front for OnScreen<'_, B> {
    type Outcome = Outcome;
    type Error = B::Error;

    fn driver(&mut self) -> Option<&mut Driver> {
        match &mut self.player.phase {
            Phase::Playing { driver, .. } => Some(driver),
            _ => None,
        }
    }

    fn settle(
        &mut self,
        now: Duration,
        due: &[Due],
        woke: Woke,
        out: &mut Out,
    ) -> Result<Option<Outcome>, B::Error> {
        let player = &mut *self.player;
        player.flash(due, now);
        player.after_session_moved(now);
        let notice = out.sink.notice();
        if notice != player.notice {
            player.notice = notice;
            player.dirty = true;
        }
        if let Some(outcome) = player.outcome.take() {
            return Ok(Some(outcome));
        }
        let turned = woke == Woke::Deadline && player.turn.is_none_or(|turn| turn <= now);
        if std::mem::take(&mut player.dirty) || turned || woke == Woke::Start {
            self.terminal
                .draw(|frame| draw::render(frame, player, now))?;
        }
        if player.keep_summary() {
            self.terminal
                .draw(|frame| draw::render(frame, player, now))?;
        }
        player.turn = player.next_turn(now);
        Ok(None)
    }

    fn next_wake(&self, now: Duration) -> Option<Duration> {
        self.player.next_turn(now)
    }

    fn event(
        &mut self,
        event: Event,
        now: Duration,
        out: &mut Out,
    ) -> Result<Option<Outcome>, B::Error> {
        self.player.handle(event, now, out);
        if matches!(event, Event::Suspend | Event::Continued) {
            // Back from a stop: the terminal was cleared, every cell is drawn again.
            self.terminal.swap_buffers();
            self.terminal.swap_buffers();
        }
        Ok(self.player.outcome.take())
    }

    fn lost(&mut self, _lost: Lost, now: Duration, out: &mut Out) -> Outcome {
        self.player.send(Input::Quit, now, out);
        match self.player.end_early(now) {
            Some(record) => Outcome::Quit(record),
            None => Outcome::Left,
        }
    }
}
