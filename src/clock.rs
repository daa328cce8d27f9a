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
        let real =
            Duration::try_from_secs_f64(session.as_secs_f64() / self.speed).unwrap_or(FAR_FUTURE);
        self.origin
            .checked_add(real)
            .or_else(|| self.origin.checked_add(FAR_FUTURE))
            .unwrap_or(self.origin)
    }
}

/// Stands in for "never" where an instant must be given.
const FAR_FUTURE: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn session_time_runs_speed_times_faster_than_real_time() {
        let origin = Instant::now();
        let clock = SessionClock::starting_at(origin, 10.0);
        let later = origin + Duration::from_millis(1500);
        assert_eq!(clock.session_time(later), Duration::from_secs(15));
        assert_eq!(clock.instant_at(Duration::from_secs(15)), later);
        let slow = SessionClock::starting_at(origin, 0.5);
        assert_eq!(slow.session_time(later), Duration::from_millis(750));
        assert_eq!(slow.instant_at(Duration::from_millis(750)), later);
    }

    #[test]
    fn before_its_origin_a_clock_reads_zero() {
        let origin = Instant::now() + Duration::from_secs(60);
        let clock = SessionClock::starting_at(origin, 1.0);
        assert_eq!(clock.now(), Duration::ZERO);
    }

    #[test]
    fn a_speed_that_makes_no_sense_runs_at_real_time() {
        for speed in [0.0, -2.0, f64::NAN, f64::INFINITY] {
            assert_eq!(SessionClock::new(speed).speed, 1.0, "{speed}");
        }
    }

    #[test]
    fn a_deadline_too_far_to_name_is_still_an_instant() {
        let clock = SessionClock::starting_at(Instant::now(), 0.1);
        assert!(clock.instant_at(Duration::MAX) > clock.origin);
    }

    #[test]
    fn now_follows_the_monotonic_clock() {
        let clock = SessionClock::new(100.0);
        let first = clock.now();
        std::thread::sleep(Duration::from_millis(20));
        let second = clock.now();
        assert!(
            second >= first + Duration::from_secs(2),
            "{first:?} then {second:?}"
        );
    }
}
