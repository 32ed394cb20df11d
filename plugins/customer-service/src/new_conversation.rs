//! Telling a new conversation from a continuing one: a customer who has been silent for the
//! configured time (or never wrote) starts a new one, and is greeted.
//!
//! The mark lives in the bot's store with that time as its TTL, so it survives a restart and is
//! shared by replicas: key `customer-service/<bot>/active/<customer>`.

use std::time::Duration;

use timbot::core::Result;
use timbot::store::Store;

/// Whether `customer`'s message to `bot` starts a new conversation (nothing from them for
/// `after`); the mark is renewed either way.
pub async fn starts_conversation(
    store: &dyn Store,
    bot: &str,
    customer: &str,
    after: Duration,
) -> Result<bool> {
    let key = format!("customer-service/{bot}/active/{customer}");
    let fresh = store.get(&key).await?.is_none();
    store.set(&key, b"1".to_vec(), Some(after)).await?;
    Ok(fresh)
}

#[cfg(test)]
mod tests {
    use super::*;
    use timbot::store::MemoryStore;

    #[tokio::test(start_paused = true)]
    async fn silence_longer_than_the_limit_starts_a_new_conversation() {
        let store = MemoryStore::new();
        let hour = Duration::from_secs(3600);
        assert!(starts_conversation(&store, "b", "alice", hour)
            .await
            .unwrap());
        tokio::time::advance(Duration::from_secs(3000)).await;
        assert!(!starts_conversation(&store, "b", "alice", hour)
            .await
            .unwrap());
        assert!(starts_conversation(&store, "b", "bob", hour).await.unwrap());
        tokio::time::advance(Duration::from_secs(3000)).await;
        assert!(!starts_conversation(&store, "b", "alice", hour)
            .await
            .unwrap());
        tokio::time::advance(hour).await;
        assert!(starts_conversation(&store, "b", "alice", hour)
            .await
            .unwrap());
    }
}
