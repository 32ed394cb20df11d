//! The flood and repeat rules counted in a store that several replicas share (a Redis store),
//! so that a member's messages count together whichever replica handles each one. The bot uses
//! it instead of the in-memory [`Tracker`](crate::tracker::Tracker) when its store is not local
//! to the process ([`Store::local_id`] is `None`).
//!
//! - Flood: a counter per member whose time to live, the rule's window, is set by the message
//!   that creates it. The window is fixed from the member's first message (the in-memory
//!   tracker's window slides), so a burst split across two windows can reach twice the limit
//!   before it is seen.
//! - Repeat: the member's last text and its run length, updated with compare-and-set, forgotten
//!   after an hour without a message.
//!
//! A violation starts the member's history afresh, as in memory: one burst costs one strike.

use std::time::Duration;

use timbot::core::{Error, Result};
use timbot::store::Store;

use crate::config::{FloodRule, RepeatRule};
use crate::rules::Violation;
use crate::tracker::RepeatRun;

/// How long a member's repeat run is kept after their last message.
const REPEAT_MEMORY: Duration = Duration::from_secs(3_600);

/// Attempts at updating a repeat run that other replicas keep changing.
const MAX_CONFLICTS: usize = 8;

fn flood_key(group: &str, user: &str) -> String {
    format!("moderation:flood:{group}:{user}")
}

fn repeat_key(group: &str, user: &str) -> String {
    format!("moderation:repeat:{group}:{user}")
}

/// Records a message of `user` in `group` in `store` and says whether it breaks the flood or
/// the repeat rule.
pub async fn record(
    store: &dyn Store,
    group: &str,
    user: &str,
    text: &str,
    flood: Option<FloodRule>,
    repeat: Option<RepeatRule>,
) -> Result<Option<Violation>> {
    let mut violation = None;
    if let Some(rule) = flood {
        let window = Duration::from_secs(rule.seconds);
        let count = store
            .increment(&flood_key(group, user), 1, Some(window))
            .await?;
        if usize::try_from(count).is_ok_and(|count| count > rule.messages) {
            violation = Some(Violation::Flood);
        }
    }
    if violation.is_none() {
        if let Some(rule) = repeat {
            violation = see_repeat(store, &repeat_key(group, user), rule, text).await?;
        }
    }
    if violation.is_some() {
        store.delete(&flood_key(group, user)).await?;
        store.delete(&repeat_key(group, user)).await?;
    }
    Ok(violation)
}

async fn see_repeat(
    store: &dyn Store,
    key: &str,
    rule: RepeatRule,
    text: &str,
) -> Result<Option<Violation>> {
    for _ in 0..MAX_CONFLICTS {
        let current = store.get(key).await?;
        // A record that does not decode (written by another version) starts a new run.
        let mut run: RepeatRun = current
            .as_deref()
            .and_then(|bytes| serde_json::from_slice(bytes).ok())
            .unwrap_or_default();
        let violation = run.see(rule, text);
        if violation.is_some() {
            return Ok(violation);
        }
        let updated = serde_json::to_vec(&run)
            .map_err(|e| Error::Store(format!("cannot encode {key:?}: {e}")))?;
        if store
            .compare_and_set(key, current, updated, Some(REPEAT_MEMORY))
            .await?
        {
            return Ok(None);
        }
    }
    Err(Error::Store(format!(
        "{key:?} kept changing under {MAX_CONFLICTS} updates"
    )))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use timbot::store::MemoryStore;

    use super::*;

    const FLOOD: Option<FloodRule> = Some(FloodRule {
        messages: 3,
        seconds: 10,
    });

    #[tokio::test(start_paused = true)]
    async fn replicas_count_a_members_messages_together() {
        let store = Arc::new(MemoryStore::new());
        // Four messages recorded in one shared store, whichever replica handled each: the fourth
        // is a flood.
        for _ in 0..3 {
            assert_eq!(
                record(&*store, "g", "u", "hi", FLOOD, None).await.unwrap(),
                None
            );
        }
        assert_eq!(
            record(&*store, "g", "u", "hi", FLOOD, None).await.unwrap(),
            Some(Violation::Flood)
        );
        // The violation starts afresh; someone else is counted apart.
        assert_eq!(
            record(&*store, "g", "u", "hi", FLOOD, None).await.unwrap(),
            None
        );
        assert_eq!(
            record(&*store, "g", "v", "hi", FLOOD, None).await.unwrap(),
            None
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_flood_window_is_fixed_from_the_first_message() {
        let store = MemoryStore::new();
        for _ in 0..3 {
            assert_eq!(
                record(&store, "g", "u", "hi", FLOOD, None).await.unwrap(),
                None
            );
        }
        tokio::time::advance(Duration::from_secs(10)).await;
        for _ in 0..3 {
            assert_eq!(
                record(&store, "g", "u", "hi", FLOOD, None).await.unwrap(),
                None
            );
        }
        assert_eq!(
            record(&store, "g", "u", "hi", FLOOD, None).await.unwrap(),
            Some(Violation::Flood)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_same_text_n_times_in_a_row_is_spam_and_then_forgotten() {
        let store = MemoryStore::new();
        let rule = Some(RepeatRule { count: 3 });
        assert_eq!(
            record(&store, "g", "u", "buy", None, rule).await.unwrap(),
            None
        );
        assert_eq!(
            record(&store, "g", "u", "other", None, rule).await.unwrap(),
            None
        );
        assert_eq!(
            record(&store, "g", "u", "other", None, rule).await.unwrap(),
            None
        );
        assert_eq!(
            record(&store, "g", "u", "other", None, rule).await.unwrap(),
            Some(Violation::Repeat)
        );
        assert!(
            store.keys("moderation:").await.unwrap().is_empty(),
            "afresh"
        );

        assert_eq!(
            record(&store, "g", "u", "buy", None, rule).await.unwrap(),
            None
        );
        tokio::time::advance(REPEAT_MEMORY).await;
        assert_eq!(
            store.get(&repeat_key("g", "u")).await.unwrap(),
            None,
            "an hour of quiet forgets the run"
        );
    }
}
