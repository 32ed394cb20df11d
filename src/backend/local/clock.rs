//! The engine's clock: tokio's monotonic clock for deadlines, plus a wall-clock base for the
//! Unix times the IM reports (server times, mute ends, UserSig checks).
//!
//! Everything reads tokio's clock, so a test that pauses time (`start_paused`) and advances it
//! moves recall windows, mutes, signaling timeouts and UserSig expiry together.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// Engine time: a Unix-seconds base fixed at creation, advanced by tokio's clock.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EngineClock {
    unix_base: i64,
    started: Instant,
}

/// One reading of the clock, taken once per operation so that every rule of that operation sees
/// the same time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Moment {
    /// Unix seconds (what messages and members carry).
    pub unix: i64,
    /// Tokio's instant (for windows shorter than a second, such as the send rate).
    pub instant: Instant,
}

impl EngineClock {
    /// A clock whose "now" is `unix_base` (Unix seconds) at creation; `None` takes the system's
    /// wall clock.
    pub(crate) fn new(unix_base: Option<i64>) -> Self {
        let unix_base = unix_base.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
                .unwrap_or(0)
        });
        EngineClock {
            unix_base,
            started: Instant::now(),
        }
    }

    /// The current Unix time in seconds.
    pub(crate) fn unix_secs(&self) -> i64 {
        let elapsed = Instant::now().saturating_duration_since(self.started);
        self.unix_base
            .saturating_add(i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
    }

    /// The current moment.
    pub(crate) fn now(&self) -> Moment {
        let instant = Instant::now();
        let elapsed = instant.saturating_duration_since(self.started);
        Moment {
            unix: self
                .unix_base
                .saturating_add(i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)),
            instant,
        }
    }

    /// The tokio instant at which the engine's Unix time reaches `unix` (now if already past).
    pub(crate) fn instant_at(&self, unix: i64) -> Instant {
        let now = self.now();
        // Capped at a century so that the instant arithmetic cannot overflow.
        let ahead = u64::try_from(unix.saturating_sub(now.unix))
            .unwrap_or(0)
            .min(100 * 365 * 86_400);
        // Unix time ticks at whole seconds since `started`; reach the tick itself.
        let into_second = now
            .instant
            .saturating_duration_since(self.started)
            .subsec_nanos();
        now.instant + Duration::from_secs(ahead) - Duration::from_nanos(u64::from(into_second))
    }
}
