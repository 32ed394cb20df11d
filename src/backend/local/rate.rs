//! The per-group send rate: 40 messages per second, lower priorities dropped first.
//!
//! The documents say a group accepts 40 messages per second and that, over the limit, the
//! service delivers higher-priority messages first (seed-002-part1 §2.7, L4430–L4433;
//! seed-002-part2 §2.20, L6230; research anchors §2.2). The engine decides at once, message by
//! message, so it models "lower priorities are dropped first" this way: within one second, a
//! message is accepted while fewer than the limit of messages **of its priority or higher** were
//! accepted. High messages are only limited by High traffic; Lowest messages by all traffic.

use std::time::Duration;

use tokio::time::Instant;

use crate::core::types::MsgPriority;

/// The per-group counters of the current one-second window.
#[derive(Debug, Default)]
pub(crate) struct SendRate {
    window_start: Option<Instant>,
    /// Accepted messages in the window, by rank (0 = High … 3 = Lowest).
    accepted: [u32; 4],
}

/// A priority's rank: 0 is the most important.
fn rank(priority: MsgPriority) -> usize {
    match priority {
        MsgPriority::High => 0,
        MsgPriority::Normal => 1,
        MsgPriority::Low => 2,
        MsgPriority::Lowest | MsgPriority::Unknown(_) => 3,
    }
}

impl SendRate {
    /// Whether a message of `priority` sent at `now` fits in the `limit` per second; counts it
    /// when it does.
    pub(crate) fn admit(&mut self, priority: MsgPriority, now: Instant, limit: u32) -> bool {
        let expired = self
            .window_start
            .is_none_or(|start| now.saturating_duration_since(start) >= Duration::from_secs(1));
        if expired {
            self.window_start = Some(now);
            self.accepted = [0; 4];
        }
        let rank = rank(priority);
        let ahead: u32 = self.accepted[..=rank].iter().sum();
        if ahead >= limit {
            return false;
        }
        self.accepted[rank] += 1;
        true
    }
}
