//! The help desk kept in the bot's store, so that a restart keeps the queue, the open cases
//! (with their transcripts) and the owed ratings, and replicas sharing a store share one desk.
//!
//! The whole [`Desk`] is one JSON value at key `customer-service/<bot>/desk`. Every change is a
//! compare-and-set loop: read the value, apply the change to the decoded desk, write it back
//! only if nobody changed it in between (else start over with the newer value). A change that
//! leaves the desk as it was writes nothing.

use timbot::core::{Error, Result};
use timbot::store::Store;

use crate::desk::Desk;

/// How many times a change is tried against concurrent writers before it gives up.
const MAX_ATTEMPTS: usize = 64;

/// The desk of one bot in a store.
pub struct StoredDesk<'a> {
    store: &'a dyn Store,
    key: String,
}

impl<'a> StoredDesk<'a> {
    /// The desk of `bot` in `store`.
    pub fn new(store: &'a dyn Store, bot: &str) -> Self {
        StoredDesk {
            store,
            key: format!("customer-service/{bot}/desk"),
        }
    }

    /// The desk as it is now (empty when none was kept yet).
    pub async fn read(&self) -> Result<Desk> {
        let current = self.store.get(&self.key).await?;
        self.decode(current.as_deref())
    }

    /// Apply `change` to the desk atomically and return what it returned. `change` may run more
    /// than once (when another writer got in between), each time on the newest desk.
    pub async fn update<R>(&self, mut change: impl FnMut(&mut Desk) -> R) -> Result<R> {
        for _ in 0..MAX_ATTEMPTS {
            let current = self.store.get(&self.key).await?;
            let mut desk = self.decode(current.as_deref())?;
            let outcome = change(&mut desk);
            let value = serde_json::to_vec(&desk)
                .map_err(|e| Error::Store(format!("cannot encode the desk {:?}: {e}", self.key)))?;
            if current.as_deref() == Some(value.as_slice()) {
                return Ok(outcome);
            }
            if self
                .store
                .compare_and_set(&self.key, current, value, None)
                .await?
            {
                return Ok(outcome);
            }
        }
        Err(Error::Store(format!(
            "the desk {:?} kept changing under {MAX_ATTEMPTS} attempts to update it",
            self.key
        )))
    }

    fn decode(&self, bytes: Option<&[u8]>) -> Result<Desk> {
        match bytes {
            None => Ok(Desk::default()),
            Some(bytes) => serde_json::from_slice(bytes)
                .map_err(|e| Error::Store(format!("the desk {:?} is not a desk: {e}", self.key))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::{Requested, Route};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::Duration;
    use timbot::core::types::{ConvType, Elem, Message};
    use timbot::store::MemoryStore;

    fn said(sender: &str, text: &str) -> Message {
        let mut message = Message::new(ConvType::C2C, "bot", vec![Elem::text(text)]);
        message.sender = sender.to_owned();
        message
    }

    #[tokio::test]
    async fn changes_are_kept_and_another_handle_on_the_store_sees_them() {
        let store = MemoryStore::new();
        let desk = StoredDesk::new(&store, "b");
        desk.update(|d| d.request("alice", vec!["order: 42".into()]))
            .await
            .unwrap();
        desk.update(|d| d.request("bob", vec![])).await.unwrap();
        desk.update(|d| d.take("ann", None)).await.unwrap().unwrap();
        let route = desk
            .update(|d| d.route("alice", said("alice", "hello")))
            .await
            .unwrap();
        assert_eq!(route, Route::ToAgent("ann".into()));

        let again = StoredDesk::new(&store, "b");
        assert_eq!(
            again.read().await.unwrap().waiting().collect::<Vec<_>>(),
            ["bob"]
        );
        let ended = again.update(|d| d.end("ann")).await.unwrap().unwrap();
        assert_eq!(ended.summary, ["order: 42"]);
        assert_eq!(ended.transcript, [said("alice", "hello")]);
        assert_eq!(
            StoredDesk::new(&store, "other").read().await.unwrap(),
            Desk::default(),
            "each bot has its own desk"
        );
    }

    /// A memory store that counts compare-and-sets, and where another replica queues carol
    /// just before the first one when `interfere` is set.
    struct Watched {
        inner: MemoryStore,
        interfere: AtomicBool,
        writes: AtomicUsize,
    }

    impl Watched {
        fn new(interfere: bool) -> Self {
            Watched {
                inner: MemoryStore::new(),
                interfere: AtomicBool::new(interfere),
                writes: AtomicUsize::new(0),
            }
        }
    }

    #[async_trait::async_trait]
    impl Store for Watched {
        async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
            self.inner.get(key).await
        }
        async fn set(&self, key: &str, value: Vec<u8>, ttl: Option<Duration>) -> Result<()> {
            self.inner.set(key, value, ttl).await
        }
        async fn delete(&self, key: &str) -> Result<bool> {
            self.inner.delete(key).await
        }
        async fn compare_and_set(
            &self,
            key: &str,
            expected: Option<Vec<u8>>,
            value: Vec<u8>,
            ttl: Option<Duration>,
        ) -> Result<bool> {
            self.writes.fetch_add(1, Ordering::SeqCst);
            if self.interfere.swap(false, Ordering::SeqCst) {
                let theirs = StoredDesk::new(&self.inner, "b");
                theirs.update(|d| d.request("carol", vec![])).await?;
            }
            self.inner.compare_and_set(key, expected, value, ttl).await
        }
        async fn increment(&self, key: &str, by: i64, ttl: Option<Duration>) -> Result<i64> {
            self.inner.increment(key, by, ttl).await
        }
        async fn keys(&self, prefix: &str) -> Result<Vec<String>> {
            self.inner.keys(prefix).await
        }
        async fn acquire_lease(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
            self.inner.acquire_lease(key, owner, ttl).await
        }
        async fn renew_lease(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
            self.inner.renew_lease(key, owner, ttl).await
        }
        async fn release_lease(&self, key: &str, owner: &str) -> Result<bool> {
            self.inner.release_lease(key, owner).await
        }
    }

    #[tokio::test]
    async fn a_change_made_in_between_is_not_lost() {
        let store = Watched::new(true);
        let desk = StoredDesk::new(&store, "b");
        let requested = desk.update(|d| d.request("alice", vec![])).await.unwrap();
        assert_eq!(
            requested,
            Requested::Queued {
                case: 2,
                position: 2
            },
            "tried again after carol was queued"
        );
        assert_eq!(
            desk.read().await.unwrap().waiting().collect::<Vec<_>>(),
            ["carol", "alice"]
        );
    }

    #[tokio::test]
    async fn a_change_that_changes_nothing_writes_nothing() {
        let store = Watched::new(false);
        let desk = StoredDesk::new(&store, "b");
        desk.update(|d| d.request("alice", vec![])).await.unwrap();
        desk.update(|d| d.request("bob", vec![])).await.unwrap();
        assert_eq!(store.writes.load(Ordering::SeqCst), 2);
        let again = desk.update(|d| d.request("alice", vec![])).await.unwrap();
        assert_eq!(again, Requested::AlreadyQueued { position: 1 });
        let route = desk
            .update(|d| d.route("carol", said("carol", "hi")))
            .await
            .unwrap();
        assert_eq!(route, Route::NoCase);
        assert_eq!(store.writes.load(Ordering::SeqCst), 2, "nothing written");
        desk.update(|d| d.route("alice", said("alice", "hi")))
            .await
            .unwrap();
        assert_eq!(
            store.writes.load(Ordering::SeqCst),
            3,
            "the transcript grew"
        );
    }

    #[tokio::test]
    async fn a_value_that_is_no_desk_is_a_store_error() {
        let store = MemoryStore::new();
        store
            .set("customer-service/b/desk", b"[1, 2".to_vec(), None)
            .await
            .unwrap();
        let desk = StoredDesk::new(&store, "b");
        assert!(matches!(desk.read().await, Err(Error::Store(_))));
        let updated = desk.update(|d| d.request("alice", vec![])).await;
        assert!(matches!(updated, Err(Error::Store(_))));
    }
}
