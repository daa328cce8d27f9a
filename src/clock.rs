//! The session clock: real monotonic time, scaled by `--speed`, turned into session time and back.

use std::time::{Duration, Instant};

/// Session time on the monotonic clock: real elapsed time × `speed`.
#[derive(Debug, Clone, Copy)]
pub struct SessionClock {
    pub origin: Instant,
    pub speed: f64,
}

impl SessionClock {
    /// A clock whose session time starts now.
    pub fn new(speed: f64) -> SessionClock {
        SessionClock::starting_at(Instant::now(), speed)
    }

    /// A clock whose session time starts at `origin`. A speed that is not a positive finite number
    /// runs at real time.
    pub fn starting_at(origin: Instant, speed: f64) -> SessionClock {
        let speed = if speed.is_finite() && speed > 0.0 {
            speed
        } else {
            1.0
        };
        SessionClock { origin, speed }
    }

    /// Session time now.
    pub fn now(&self) -> Duration {
        self.session_time(Instant::now())
    }

    /// Session time at a real instant (zero before the origin).
    pub fn session_time(&self, instant: Instant) -> Duration {
        let real = instant.saturating_duration_since(self.origin);
        Duration::try_from_secs_f64(real.as_secs_f64() * self.speed).unwrap_or(Duration::MAX)
    }

    /// The real instant at which session time reaches `session`, for sleeping until a deadline.
    pub fn instant_at(&self, session: Duration) -> Instant {
        let real = Duration::try_from_secs_f64(session.as_secs_f64() / self.speed)
            .unwrap_or(FAR_FUTURE);
        self.origin
            .checked_add(real)
            .or_else(|| self.origin.checked_add(FAR_FUTURE))
            .unwrap_or(self.origin)
    }
}

/// Stands in for "never" where an instant must be given.
const FAR_FUTURE: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
