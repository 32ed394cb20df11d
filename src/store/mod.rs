//! The Store: one small async key-value trait that bots, dialogues and the scheduler keep their
//! state in, with an in-memory, an embedded-file and a Redis implementation (the last for
//! several replicas sharing one state).
//!
//! # The contract
//!
//! Keys are strings, values are bytes. Every operation on one key is atomic.
//!
//! - [`Store::get`] / [`Store::set`] / [`Store::delete`]: a value may carry a time to live (TTL);
//!   once it has passed the key reads as absent. `set` without a TTL clears any earlier TTL.
//! - [`Store::compare_and_set`]: writes only if the current value is exactly the one expected
//!   (`None` = "the key must be absent").
//! - [`Store::increment`]: an `i64` counter kept as its decimal text (so `get` reads `b"42"`,
//!   as in Redis); the TTL given applies only when the increment creates the key, later
//!   increments keep the key's expiry.
//! - [`Store::keys`]: the live keys starting with a prefix, sorted.
//! - Leases ([`Store::acquire_lease`], [`Store::renew_lease`], [`Store::release_lease`]): a
//!   lease is a key whose value is its owner's name, with a TTL. Only one owner holds it at a
//!   time; the holder may acquire again (which extends it), renew or release it; anyone else is
//!   refused until it is released or expires.
//! - [`Store::local_id`]: whether only this process can reach the data (then the runtime may
//!   keep in-memory indexes of what it holds, as the dialogues do).
//!
//! The operations map one-to-one onto Redis commands (`GET`, `SET PX`, `DEL`, a `WATCH`/script
//! compare-and-set, `INCRBY` + `PEXPIRE` on creation, `SCAN MATCH`, `SET PX` leases), which is how
//! [`RedisStore`] implements them.
//!
//! # Time
//!
//! [`MemoryStore`] measures TTLs with tokio's clock ([`tokio::time::Instant`]), so tests that
//! pause time see keys expire exactly when time is advanced. [`FileStore`] outlives the process,
//! so it stores each expiry as an absolute wall-clock time (Unix milliseconds) read from a
//! [`Clock`]: a value set with a 1-hour TTL before a restart still expires one hour after it was
//! set. [`Clock`] maps tokio's clock onto wall time, so paused-time tests drive it as well.
//! [`RedisStore`] leaves expiry to the Redis server's clock.
//!
//! # Typed values
//!
//! [`StoreExt`] adds [`StoreExt::get_json`] and [`StoreExt::set_json`] to every store, including
//! `dyn Store` behind an `Arc`.

mod clock;
mod file;
mod memory;
mod op;
mod redis;

pub use self::redis::{RedisStore, DEFAULT_NAMESPACE};
pub use clock::Clock;
pub use file::FileStore;
pub use memory::MemoryStore;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::core::{Error, Result};

/// A key-value store shared by bots, dialogues and the scheduler. See the [module docs](self)
/// for the exact contract every implementation follows.
///
/// The trait is object-safe: hold it as `Arc<dyn Store>`.
#[async_trait]
pub trait Store: Send + Sync {
    /// The value of `key`, or `None` when it is absent or expired.
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>>;

    /// Sets `key` to `value`, expiring after `ttl` (never when `None`; an earlier TTL is
    /// cleared).
    async fn set(&self, key: &str, value: Vec<u8>, ttl: Option<Duration>) -> Result<()>;

    /// Deletes `key`; returns whether a live value was there.
    async fn delete(&self, key: &str) -> Result<bool>;

    /// Sets `key` to `value` (with `ttl`) only if its current value equals `expected`
    /// (`None`: only if the key is absent or expired). Returns whether it was written.
    async fn compare_and_set(
        &self,
        key: &str,
        expected: Option<Vec<u8>>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> Result<bool>;

    /// Adds `by` to the counter at `key` and returns the new value. An absent key counts as 0
    /// and is created with `ttl`; an existing key keeps its expiry. A value that is not a
    /// decimal `i64`, or an overflow, is an [`Error::Store`].
    async fn increment(&self, key: &str, by: i64, ttl: Option<Duration>) -> Result<i64>;

    /// The live keys that start with `prefix`, in ascending order.
    async fn keys(&self, prefix: &str) -> Result<Vec<String>>;

    /// Takes the lease `key` for `owner` for `ttl`. Returns `true` when `owner` now holds it
    /// (it was free, expired, or already `owner`'s, in which case it is extended); `false` when
    /// another owner holds it.
    async fn acquire_lease(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool>;

    /// Extends `owner`'s lease `key` to expire `ttl` from now. Returns `false` (and changes
    /// nothing) when `owner` does not hold it.
    async fn renew_lease(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool>;

    /// Releases `owner`'s lease `key`. Returns `false` (and changes nothing) when `owner` does
    /// not hold it.
    async fn release_lease(&self, key: &str, owner: &str) -> Result<bool>;

    /// `Some(id)` when only this process can reach the store's data, with an id that every
    /// handle on the same data shares (clones of a [`FileStore`]) and no other data has;
    /// `None` (the default) when other processes may write it too, as with a server that
    /// several replicas share. With an id, the runtime may index what it wrote in memory
    /// and trust the index instead of reading the store (every writer is in this process);
    /// a wrapper around another store must say `None` unless it forwards the inner store's id.
    fn local_id(&self) -> Option<u64> {
        None
    }
}

/// A fresh [`Store::local_id`] for a store opened in this process.
fn next_local_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Typed JSON helpers for every [`Store`] (including `dyn Store`).
#[async_trait]
pub trait StoreExt: Store {
    /// Reads `key` and decodes it from JSON. A value that does not decode as `T` is an
    /// [`Error::Store`] naming the key.
    async fn get_json<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        match self.get(key).await? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                Error::Store(format!("value of {key:?} is not the JSON expected: {e}"))
            }),
        }
    }

    /// Encodes `value` as JSON and stores it at `key` (see [`Store::set`]).
    async fn set_json<T: Serialize + Sync>(
        &self,
        key: &str,
        value: &T,
        ttl: Option<Duration>,
    ) -> Result<()> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| Error::Store(format!("cannot encode the value of {key:?}: {e}")))?;
        self.set(key, bytes, ttl).await
    }
}

impl<S: Store + ?Sized> StoreExt for S {}
