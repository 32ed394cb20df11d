//! Which callbacks the receiver has handled, so that one Tencent delivers twice reaches each bot
//! once: remembered in process ([`SeenSet`]) by default, or in a [`Store`] that several replicas
//! behind one load balancer share (a redelivery may reach another replica than the first).
//!
//! With a shared store each check is one compare-and-set that writes the key only if it is
//! absent, with the window as its TTL. If the store cannot be reached the callback is handled
//! (and the error logged): a rare duplicate is better than a lost message.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tracing::warn;

use super::seen::SeenSet;
use crate::core::{Error, Result};
use crate::store::Store;

/// The key prefix of handled callbacks in a shared store.
const STORE_PREFIX: &str = "webhook/handled/";

/// What the receiver has handled, for `window_secs` after handling it.
pub struct HandledWindow {
    window_secs: u64,
    local: SeenSet,
    shared: OnceLock<Arc<dyn Store>>,
}

impl std::fmt::Debug for HandledWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HandledWindow")
            .field("window_secs", &self.window_secs)
            .field("shared", &self.shared.get().is_some())
            .finish_non_exhaustive()
    }
}

impl HandledWindow {
    /// A window of `window_secs`, in process (at most `capacity` keys) until
    /// [`HandledWindow::share`] is called.
    pub fn new(window_secs: u64, capacity: usize) -> Self {
        HandledWindow {
            window_secs,
            local: SeenSet::new(window_secs, capacity),
            shared: OnceLock::new(),
        }
    }

    /// From now on, remember handled callbacks in `store`, shared with other replicas. Only
    /// once: a second call is an [`Error::Invalid`].
    pub fn share(&self, store: Arc<dyn Store>) -> Result<()> {
        self.shared.set(store).map_err(|_| {
            Error::invalid(
                "webhook receiver",
                "its handled-callback window is already shared",
            )
        })
    }

    /// Remembers `key` at `now` (Unix seconds); `true` the first time it is seen in the window.
    pub async fn first_time(&self, key: &str, now: i64) -> bool {
        let Some(store) = self.shared.get() else {
            return self.local.insert(key, now);
        };
        let ttl = Some(Duration::from_secs(self.window_secs));
        let stored_key = format!("{STORE_PREFIX}{key}");
        match store
            .compare_and_set(&stored_key, None, Vec::new(), ttl)
            .await
        {
            Ok(first) => first,
            Err(error) => {
                warn!(key, %error, "shared callback window unreachable; handling the callback");
                true
            }
        }
    }
}
