//! What state a bot is in, and why it stopped.

/// A bot's state, observable through [`BotHandle::status`](super::BotHandle::status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BotStatus {
    /// Logging in for the first time.
    Starting,
    /// Logged in and dispatching events.
    Running,
    /// Logging in again (after a UserSig expiry, a kick or a lost session); `attempt` counts
    /// from 1.
    Relogging {
        /// The attempt under way.
        attempt: u32,
    },
    /// Stopped for good.
    Stopped(StopReason),
}

/// Why a bot stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopReason {
    /// The runtime shut it down.
    Shutdown,
    /// The account was logged in elsewhere and the policy says stop (or re-login gave up).
    KickedOffline,
    /// Logging in failed (the error's text).
    LoginFailed(String),
}

impl BotStatus {
    /// Whether the bot is logged in and dispatching.
    pub fn is_running(&self) -> bool {
        matches!(self, BotStatus::Running)
    }

    /// Whether the bot has stopped for good.
    pub fn is_stopped(&self) -> bool {
        matches!(self, BotStatus::Stopped(_))
    }
}
