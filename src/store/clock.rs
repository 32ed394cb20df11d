//! [`Clock`]: wall-clock time (UTC) read through tokio's clock, so that paused-time tests move
//! the wall clock too.
//!
//! A `Clock` remembers one wall-clock reading and the tokio [`Instant`] it was taken at; "now" is
//! that reading plus the tokio time elapsed since. In production ([`Clock::system`]) this is the
//! system time at start-up carried forward by the monotonic clock, so it never jumps backwards
//! when the system clock is adjusted (it does not follow such adjustments either). In tests
//! ([`Clock::starting_at`] inside a runtime with paused time) "now" is exactly the chosen start
//! plus whatever `tokio::time::advance` added.
//!
//! The scheduler uses it to compute fire times and to turn them into tokio sleeps; the file store
//! uses it to stamp absolute expiry times.

use chrono::{DateTime, TimeDelta, Utc};
use tokio::time::Instant;

/// Wall-clock time derived from tokio's clock. Cheap to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    base_utc: DateTime<Utc>,
    base_instant: Instant,
}

impl Clock {
    /// The system's wall clock as it reads now, carried forward by tokio's clock.
    pub fn system() -> Self {
        Self::starting_at(Utc::now())
    }

    /// A clock that reads `now` at this tokio instant and advances with tokio's clock.
    pub fn starting_at(now: DateTime<Utc>) -> Self {
        Clock {
            base_utc: now,
            base_instant: Instant::now(),
        }
    }

    /// The current wall-clock time.
    pub fn now(&self) -> DateTime<Utc> {
        self.at_instant(Instant::now())
    }

    /// The wall-clock time at tokio instant `instant`.
    pub fn at_instant(&self, instant: Instant) -> DateTime<Utc> {
        let delta = if instant >= self.base_instant {
            TimeDelta::from_std(instant - self.base_instant).unwrap_or(TimeDelta::MAX)
        } else {
            -TimeDelta::from_std(self.base_instant - instant).unwrap_or(TimeDelta::MAX)
        };
        self.base_utc
            .checked_add_signed(delta)
            .unwrap_or(if delta > TimeDelta::zero() {
                DateTime::<Utc>::MAX_UTC
            } else {
                DateTime::<Utc>::MIN_UTC
            })
    }

    /// The tokio instant at which the wall clock reads `at` (now, if `at` is in the past), for
    /// `tokio::time::sleep_until`. Targets more than a year ahead are capped at a year: whoever
    /// sleeps until then must check the time again when it wakes.
    pub fn instant_at(&self, at: DateTime<Utc>) -> Instant {
        let now = Instant::now();
        match (at - self.at_instant(now)).to_std() {
            Ok(ahead) => now + ahead.min(LONGEST_SLEEP),
            Err(_) => now,
        }
    }
}

/// The longest single sleep [`Clock::instant_at`] hands out.
const LONGEST_SLEEP: std::time::Duration = std::time::Duration::from_secs(365 * 24 * 3600);
