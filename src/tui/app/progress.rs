//! What the player does as the session moves on by itself: flashes for the cues that fell due,
//! the summary once the session is over, and its record kept, however the session ends.

use std::time::Duration;

use super::{FLASH, Kept, Phase, Player, Record};
use crate::cue::Cue;
use crate::driver::Due;
use crate::tui::view::{Overlay, flash};

impl Player {
    /// Flashes the screen for cues that just fell due, each sort of cue its own way; an end
    /// is said by what follows it.
    pub(super) fn flash(&mut self, due: &[Due], now: Duration) {
        if due.is_empty() {
            return;
        }
        self.dirty = true;
        let Phase::Playing { driver, .. } = &self.phase else {
            return;
        };
        let cues: Vec<Cue> = due.iter().map(|due| due.cue).collect();
        if let Some(style) = flash::of_cues(driver.session().plan(), &cues) {
            self.flash_until = Some(now + FLASH.mul_f64(self.options.speed));
            self.flash_style = style;
        }
    }

    /// Moves to the summary once the session is over.
    pub(super) fn after_session_moved(&mut self, now: Duration) {
        if self.flash_until.is_some_and(|until| until <= now) {
            self.flash_until = None;
            self.dirty = true;
        }
        let Phase::Playing { driver, started } = &self.phase else {
            return;
        };
        let session = driver.session();
        if session.status(now).finished {
            let record = Record {
                summary: session.summary(now),
                ratings: session.ratings().to_vec(),
                started: *started,
                check_in: self.check_in.answers,
            };
            self.overlay = Overlay::None;
            // Kept once the summary is on screen: the end shows on its instant, not after a write.
            self.phase = Phase::Summary(record, Kept::default());
            self.unsaved = true;
            self.dirty = true;
        }
    }

    /// Keeps the record of a session that reached its summary, once; true when the summary
    /// now has a line about it to show.
    pub(super) fn keep_summary(&mut self) -> bool {
        if !std::mem::take(&mut self.unsaved) {
            return false;
        }
        let (Phase::Summary(record, kept), Some(save)) = (&mut self.phase, self.save.as_mut())
        else {
            return false;
        };
        *kept = save(record);
        *kept != Kept::default()
    }

    /// The record of a session that ends before its summary, kept as it stands; `None` when
    /// no session had started. The summary's own record was kept when it was reached.
    pub(super) fn end_early(&mut self, now: Duration) -> Option<Record> {
        match &self.phase {
            Phase::Intro => None,
            Phase::Summary(record, _) => Some(record.clone()),
            Phase::Playing { driver, started } => {
                let session = driver.session();
                let record = Record {
                    summary: session.summary(now),
                    ratings: session.ratings().to_vec(),
                    started: *started,
                    check_in: self.check_in.answers,
                };
                if let Some(save) = self.save.as_mut() {
                    save(&record);
                }
                Some(record)
            }
        }
    }
}
