//! What the media controls show: the part playing, its side and spot, the routine, its
//! length and position. Pure: from the session and the present instant.

use std::time::Duration;

use crate::session::Session;

/// MPRIS's playback status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Playback {
    Playing,
    Paused,
    Stopped,
}

impl Playback {
    pub fn as_str(self) -> &'static str {
        match self {
            Playback::Playing => "Playing",
            Playback::Paused => "Paused",
            Playback::Stopped => "Stopped",
        }
    }
}

/// The part playing, as a media player shows a track.
#[derive(Debug, Clone, PartialEq)]
pub struct NowPlaying {
    pub playback: Playback,
    /// The part's index in the plan (its track id); `None` before the start and after the end.
    pub part: Option<usize>,
    /// The part's name.
    pub title: String,
    /// Side and spot: "right · spot 2 of 3"; empty for a part with neither.
    pub artist: String,
    /// The routine's name.
    pub album: String,
    /// The part's length, session time.
    pub length: Duration,
    /// How far into the part, session time, at the instant this was taken.
    pub position: Duration,
}

impl NowPlaying {
    pub fn of(routine: &str, session: Option<&Session>, now: Duration) -> NowPlaying {
        let stopped = NowPlaying {
            playback: Playback::Stopped,
            part: None,
            title: String::new(),
            artist: String::new(),
            album: routine.to_string(),
            length: Duration::ZERO,
            position: Duration::ZERO,
        };
        let Some(session) = session else {
            return stopped;
        };
        let status = session.status(now);
        if status.finished || status.quit {
            return stopped;
        }
        let segment = session.plan().segments.get(status.segment);
        let side = segment
            .and_then(|s| s.side)
            .map(|side| side.as_str().to_string());
        let spot = segment
            .and_then(|s| s.spot)
            .map(|spot| format!("spot {} of {}", spot.number, spot.of));
        NowPlaying {
            playback: if status.paused {
                Playback::Paused
            } else {
                Playback::Playing
            },
            part: Some(status.segment),
            title: segment.map(|s| s.name.clone()).unwrap_or_default(),
            artist: [side, spot]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            album: routine.to_string(),
            length: status.segment_length,
            position: status.elapsed_in_segment,
        }
    }
}

/// What, when it changes, the bus is told about: the part, its length, pause, and when the
/// part started (a part begun again moves it).
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    playback: Playback,
    part: Option<usize>,
    length: Duration,
    /// The session instant at which the part would have started, had it run without a stop.
    origin: Duration,
}

impl Key {
    pub fn of(session: Option<&Session>, now: Duration) -> Key {
        let playing = NowPlaying::of("", session, now);
        Key {
            playback: playing.playback,
            part: playing.part,
            length: playing.length,
            origin: now.saturating_sub(playing.position),
        }
    }

    /// The same, but for a part start that seems to move by less than [`super::DRIFT`].
    pub fn same_as(&self, other: &Key, speed: f64) -> bool {
        let drift = super::DRIFT.mul_f64(speed);
        self.playback == other.playback
            && self.part == other.part
            && self.length == other.length
            && (self.playback != Playback::Playing || self.origin.abs_diff(other.origin) <= drift)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::plan::{Plan, Segment, SegmentKind, Spot};
    use crate::routine::Side;
    use crate::session::Input;

    fn session() -> Session {
        let part = |index: usize, side| Segment {
            index,
            start: Duration::from_secs(30 * index as u64),
            duration: Duration::from_secs(30),
            kind: SegmentKind::Timed,
            name: "Calf roll".to_string(),
            step: Some(1),
            side: Some(side),
            spot: Some(Spot { number: 2, of: 3 }),
            round: 1,
        };
        let plan = Plan {
            name: "Calves".to_string(),
            segments: vec![part(0, Side::Right), part(1, Side::Left)],
            total: Duration::from_secs(60),
            countdown: 3,
        };
        Session::new(plan, Duration::ZERO)
    }

    #[test]
    fn a_part_shows_its_name_side_routine_and_length() {
        let mut session = session();
        session.advance(Duration::from_secs(5));
        let playing = NowPlaying::of("Calves", Some(&session), Duration::from_secs(5));
        assert_eq!(playing.playback, Playback::Playing);
        assert_eq!(playing.part, Some(0));
        assert_eq!(playing.title, "Calf roll");
        assert_eq!(playing.artist, "right · spot 2 of 3");
        assert_eq!(playing.album, "Calves");
        assert_eq!(playing.length, Duration::from_secs(30));
        assert_eq!(playing.position, Duration::from_secs(5));
    }

    #[test]
    fn the_key_changes_with_pause_and_part_not_with_time() {
        let mut session = session();
        let at = |s: u64| Duration::from_secs(s);
        session.advance(at(1));
        let first = Key::of(Some(&session), at(1));
        session.advance(at(9));
        assert!(first.same_as(&Key::of(Some(&session), at(9)), 1.0));
        session.handle(Input::TogglePause, at(9));
        let paused = Key::of(Some(&session), at(10));
        assert!(!first.same_as(&paused, 1.0));
        assert!(paused.same_as(&Key::of(Some(&session), at(20)), 1.0));
        session.handle(Input::TogglePause, at(20));
        session.handle(Input::Next, at(21));
        let next = Key::of(Some(&session), at(21));
        assert_ne!(next.part, first.part);
        assert_eq!(Key::of(None, at(1)).playback, Playback::Stopped);
    }
}
