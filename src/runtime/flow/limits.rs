//! The budgets and retry policy of outbound flow control, as the bot file's `[bot.flow]` table
//! writes them, and which errors mean "the service refused this for its rate".
//!
//! ```toml
//! [bot.flow]
//! per_group = 40          # messages per second to one group (the service's limit)
//! per_api = 200           # messages per second per send API, all conversations together
//! retry_backoff_ms = 1000 # first wait after a rate-limited send; doubles on each retry
//! max_attempts = 5        # attempts per message before the rate-limit error is returned
//! # enabled = false       # send at once, with no flow control
//! ```

use std::num::NonZeroU32;
use std::time::Duration;

use serde::Deserialize;

use crate::core::{codes, Error};

/// The longest wait between two attempts of one message, however many came before.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// The service's limit on messages to one group per second (`10023` past it).
pub const GROUP_MESSAGES_PER_SECOND: NonZeroU32 = NonZeroU32::new(40).unwrap();

/// REST's limit on calls to one API per second (`60007` past it).
pub const API_CALLS_PER_SECOND: NonZeroU32 = NonZeroU32::new(200).unwrap();

/// Attempts per message unless configured: with the default backoff, retries for 15 s.
const DEFAULT_ATTEMPTS: NonZeroU32 = NonZeroU32::new(5).unwrap();

/// The budgets and the retry policy of [`FlowControl`](super::FlowControl).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FlowLimits {
    /// Whether the bot's messages go through flow control at all (default: yes).
    pub enabled: bool,
    /// Messages per second to one group. The service takes 40 per group per second, whoever
    /// sends them, and refuses more with `10023`.
    pub per_group: NonZeroU32,
    /// The global budget: messages per second over all conversations, counted per send API
    /// (one-to-one and group sends are separate REST APIs, 200 calls per second each; REST
    /// refuses more with `60007`).
    pub per_api: NonZeroU32,
    /// The wait before the first retry of a send the service rate-limited, in milliseconds; each
    /// further retry doubles it, up to [`MAX_BACKOFF`].
    pub retry_backoff_ms: u64,
    /// Attempts per message, the first included, before a rate-limit error is returned.
    pub max_attempts: NonZeroU32,
}

impl Default for FlowLimits {
    fn default() -> Self {
        FlowLimits {
            enabled: true,
            per_group: GROUP_MESSAGES_PER_SECOND,
            per_api: API_CALLS_PER_SECOND,
            retry_backoff_ms: 1000,
            max_attempts: DEFAULT_ATTEMPTS,
        }
    }
}

impl FlowLimits {
    /// The wait before retry number `retry` (1 for the first): `retry_backoff_ms × 2^(retry-1)`,
    /// capped at [`MAX_BACKOFF`].
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        Duration::from_millis(self.retry_backoff_ms)
            .saturating_mul(factor)
            .min(MAX_BACKOFF)
    }
}

/// Whether `error` is the service refusing a call for its rate, so the same call is worth
/// sending again later: a group's send rate (`10023`) or group requests (`10006`); REST's rate
/// per API (`60007`), per SDKAppID (`60011`) and "too many requests" (`60018`, `60019`); the
/// access layer's (`-10113`, `-20009`); the SDK's own call and network limits (`7008`, `9506`).
pub fn is_rate_limited(error: &Error) -> bool {
    matches!(
        error.code(),
        Some(
            codes::GROUP_SEND_FREQUENCY_LIMIT
                | codes::GROUP_FREQUENCY_LIMIT
                | codes::REST_FREQUENCY_LIMIT
                | codes::REST_SDK_APP_ID_FREQUENCY_LIMIT
                | codes::REST_TOO_MANY_REQUESTS
                | codes::REST_TOO_MANY_REQUESTS_EX
                | codes::SSO_FREQUENCY_LIMIT
                | codes::SSO_REQUEST_FREQUENCY_LIMIT
                | codes::API_CALL_FREQUENCY_LIMIT
                | codes::NET_FREQUENCY_LIMIT
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_documented_limits() {
        let limits = FlowLimits::default();
        assert!(limits.enabled);
        assert_eq!(limits.per_group.get(), 40);
        assert_eq!(limits.per_api.get(), 200);
    }

    #[test]
    fn the_backoff_doubles_and_is_capped() {
        let limits = FlowLimits {
            retry_backoff_ms: 500,
            ..FlowLimits::default()
        };
        assert_eq!(limits.backoff(1), Duration::from_millis(500));
        assert_eq!(limits.backoff(2), Duration::from_secs(1));
        assert_eq!(limits.backoff(3), Duration::from_secs(2));
        assert_eq!(limits.backoff(60), MAX_BACKOFF);
    }

    #[test]
    fn rate_limit_codes_are_retried_and_refusals_are_not() {
        for code in [
            10023, 10006, 60007, 60011, 60018, 60019, -10113, -20009, 7008, 9506,
        ] {
            assert!(is_rate_limited(&Error::im(code, "limited")), "{code}");
        }
        for code in [10007, 10010, 60004, 80002, 20006] {
            assert!(!is_rate_limited(&Error::im(code, "refused")), "{code}");
        }
        assert!(!is_rate_limited(&Error::NotLoggedIn));
    }

    #[test]
    fn a_partial_table_keeps_the_other_defaults_and_zero_is_refused() {
        let limits: FlowLimits = toml::from_str("per_group = 5").unwrap();
        assert_eq!(limits.per_group.get(), 5);
        assert_eq!(limits.per_api.get(), 200);
        let zero = toml::from_str::<FlowLimits>("per_api = 0").unwrap_err();
        assert!(zero.message().contains("nonzero"), "{}", zero.message());
        assert!(toml::from_str::<FlowLimits>("per_second = 3").is_err());
    }
}
