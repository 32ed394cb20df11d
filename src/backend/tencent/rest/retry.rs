//! When a failed REST call is worth trying again, and how long to wait first.
//!
//! Retried: the rate-limit codes (`60007`, `60011`, `60018`, `60019`, and `10023`, a group's
//! 40 messages per second), the "internal error, try again" codes (`10002`, `20004`, `90994`,
//! `90995`), HTTP 429 and 5xx answers (the REST API answers 200 except on network errors such
//! as 502) and transport failures. Everything else is final: a retry would fail the same way.
//!
//! Retrying a send is safe: the body is sent again unchanged, with the same `MsgRandom` /
//! `Random`, which is what the service uses to drop duplicates.

use std::time::Duration;

use crate::core::codes;

/// How many times to retry and how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The wait before the first retry; each further retry doubles it.
    pub base_delay: Duration,
}

/// The longest wait between two attempts, however many retries came before.
const MAX_DELAY: Duration = Duration::from_secs(5);

impl RetryPolicy {
    /// The wait before retry number `retry` (0-based): `base_delay × 2^retry`, capped at 5 s.
    pub fn delay(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(16)).unwrap_or(u32::MAX);
        self.base_delay.saturating_mul(factor).min(MAX_DELAY)
    }
}

/// Whether an IM error code means "try again later".
pub fn is_transient_code(code: i32) -> bool {
    matches!(
        code,
        codes::REST_FREQUENCY_LIMIT
            | codes::REST_SDK_APP_ID_FREQUENCY_LIMIT
            | codes::REST_TOO_MANY_REQUESTS
            | codes::REST_TOO_MANY_REQUESTS_EX
            | codes::GROUP_SEND_FREQUENCY_LIMIT
            | codes::GROUP_INTERNAL_ERROR
            | codes::MESSAGE_NETWORK_ERROR
            | codes::MESSAGE_INTERNAL_ERROR_2
            | codes::MESSAGE_INTERNAL_ERROR_3
    )
}

/// Whether an HTTP status means "try again later".
pub fn is_transient_status(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_and_is_capped() {
        let policy = RetryPolicy {
            max_retries: 10,
            base_delay: Duration::from_millis(200),
        };
        assert_eq!(policy.delay(0), Duration::from_millis(200));
        assert_eq!(policy.delay(1), Duration::from_millis(400));
        assert_eq!(policy.delay(2), Duration::from_millis(800));
        assert_eq!(policy.delay(40), MAX_DELAY);
    }

    #[test]
    fn rate_limits_are_transient_and_refusals_are_not() {
        for code in [
            60007, 60011, 60018, 60019, 10023, 10002, 20004, 90994, 90995,
        ] {
            assert!(is_transient_code(code), "{code}");
        }
        for code in [0, 60004, 60010, 90001, 20006, 10016, 10004] {
            assert!(!is_transient_code(code), "{code}");
        }
        assert!(is_transient_status(502));
        assert!(is_transient_status(429));
        assert!(!is_transient_status(404));
    }
}
