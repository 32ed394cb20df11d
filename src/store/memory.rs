//! [`MemoryStore`]: the Store kept in process memory, for tests and single-process bots whose
//! state need not survive a restart.
//!
//! Expiry is measured with tokio's clock ([`tokio::time::Instant`]), so paused-time tests control
//! it. Expired keys read as absent at once; they are swept out whenever the map has grown by
//! half since the last sweep, so memory does not fill with dead entries.
//!
//! Keys and values are held at their exact size (`Box<str>`, `Box<[u8]>`): a value encoded into
//! a growing `Vec` (as [`StoreExt::set_json`](super::StoreExt::set_json) does) would otherwise
//! keep up to half its size again as spare capacity for as long as it is stored.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use tokio::time::Instant;

use super::op::{self, Expiry, Step, Write};
use super::Store;
use crate::core::{Error, Result};

/// The in-memory [`Store`]. Cheap to create; share it as `Arc<dyn Store>`.
#[derive(Debug)]
pub struct MemoryStore {
    map: Mutex<Entries>,
    /// Its [`Store::local_id`]: only this process can reach it.
    id: u64,
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore {
            map: Mutex::default(),
            id: super::next_local_id(),
        }
    }
}

#[derive(Debug, Default)]
struct Entries {
    entries: BTreeMap<Box<str>, Entry>,
    /// The map's size after the last sweep of expired entries.
    size_after_sweep: usize,
}

#[derive(Debug)]
struct Entry {
    value: Box<[u8]>,
    expires: Option<Instant>,
}

impl Entry {
    fn is_live(&self, now: Instant) -> bool {
        self.expires.is_none_or(|at| at > now)
    }
}

impl Entries {
    fn live(&self, key: &str, now: Instant) -> Option<&Entry> {
        self.entries.get(key).filter(|entry| entry.is_live(now))
    }

    fn sweep(&mut self, now: Instant) {
        self.entries.retain(|_, entry| entry.is_live(now));
        self.size_after_sweep = self.entries.len();
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> Result<MutexGuard<'_, Entries>> {
        self.map
            .lock()
            .map_err(|_| Error::Store("memory store lock poisoned".into()))
    }

    /// Runs `step` atomically on `key` and applies its write.
    fn mutate<R>(&self, key: &str, step: Step<R>) -> Result<R> {
        let now = Instant::now();
        let mut map = self.lock()?;
        let current = map.live(key, now);
        let old_expiry = current.and_then(|entry| entry.expires);
        let (result, write) = step(current.map(|entry| &*entry.value))?;
        match write {
            Write::Keep => {}
            Write::Remove => {
                map.entries.remove(key);
            }
            Write::Put(value, expiry) => {
                let expires = match expiry {
                    Expiry::Never => None,
                    Expiry::After(ttl) => Some(now + ttl),
                    Expiry::Unchanged => old_expiry,
                };
                let value = value.into_boxed_slice();
                map.entries.insert(key.into(), Entry { value, expires });
                if map.entries.len() > map.size_after_sweep.max(64) * 3 / 2 {
                    map.sweep(now);
                }
            }
        }
        Ok(result)
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let map = self.lock()?;
        Ok(map
            .live(key, Instant::now())
            .map(|entry| entry.value.to_vec()))
    }

    async fn set(&self, key: &str, value: Vec<u8>, ttl: Option<Duration>) -> Result<()> {
        self.mutate(key, op::set(value, ttl))
    }

    async fn delete(&self, key: &str) -> Result<bool> {
        self.mutate(key, op::delete())
    }

    async fn compare_and_set(
        &self,
        key: &str,
        expected: Option<Vec<u8>>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> Result<bool> {
        self.mutate(key, op::compare_and_set(expected, value, ttl))
    }

    async fn increment(&self, key: &str, by: i64, ttl: Option<Duration>) -> Result<i64> {
        self.mutate(key, op::increment(key, by, ttl))
    }

    async fn keys(&self, prefix: &str) -> Result<Vec<String>> {
        let now = Instant::now();
        let map = self.lock()?;
        Ok(map
            .entries
            .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(|(key, _)| key.starts_with(prefix))
            .filter(|(_, entry)| entry.is_live(now))
            .map(|(key, _)| key.to_string())
            .collect())
    }

    async fn acquire_lease(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        self.mutate(key, op::acquire_lease(owner, ttl))
    }

    async fn renew_lease(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        self.mutate(key, op::renew_lease(owner, ttl))
    }

    async fn release_lease(&self, key: &str, owner: &str) -> Result<bool> {
        self.mutate(key, op::release_lease(owner))
    }

    fn local_id(&self) -> Option<u64> {
        Some(self.id)
    }
}
