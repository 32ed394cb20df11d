//! [`FileStore`]: the Store in an embedded database file (redb, pure Rust), for a bot on one
//! machine whose state must survive a restart.
//!
//! Each value is stored with its absolute expiry in wall-clock time (Unix milliseconds, read
//! from the store's [`Clock`]), because tokio's monotonic instants mean nothing to the next
//! process. A key whose expiry has passed reads as absent; expired keys are swept out when the
//! file is opened and every few thousand writes. Every operation is one redb transaction run on
//! tokio's blocking pool, so a commit's `fsync` never stalls the async workers.

use std::fmt::Display;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use redb::{Database, ReadableTable, TableDefinition};

use super::op::{self, Expiry, Step, Write};
use super::{Clock, Store};
use crate::core::{Error, Result};

/// The one table: key → 8 bytes of expiry (little-endian Unix ms, 0 = never) + the value.
const TABLE: TableDefinition<&str, &[u8]> = TableDefinition::new("timbot_store");

/// How many writes pass between two sweeps of expired keys.
const SWEEP_EVERY: u64 = 4096;

/// The embedded-file [`Store`]. Data written is durable once the call returns.
#[derive(Debug, Clone)]
pub struct FileStore {
    db: Arc<Database>,
    clock: Clock,
    writes: Arc<AtomicU64>,
    /// Its [`Store::local_id`]: the file is locked to this process, and clones share it.
    id: u64,
}

impl FileStore {
    /// Opens (or creates) the database file at `path`, using the system wall clock for expiry.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with_clock(path, Clock::system())
    }

    /// Opens (or creates) the database file at `path`, reading wall-clock time from `clock`
    /// (tests pass a [`Clock`] driven by paused tokio time). A file held open by another
    /// `FileStore` (in this or another process) is refused with an [`Error::Store`].
    pub fn open_with_clock(path: impl AsRef<Path>, clock: Clock) -> Result<Self> {
        let path = path.as_ref();
        let db = Database::create(path)
            .map_err(|e| Error::Store(format!("cannot open {}: {e}", path.display())))?;
        let store = FileStore {
            db: Arc::new(db),
            clock,
            writes: Arc::new(AtomicU64::new(0)),
            id: super::next_local_id(),
        };
        store.sweep_now()?;
        Ok(store)
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.clock.now().timestamp_millis()).unwrap_or(0)
    }

    /// Removes every expired key (also creates the table in a new file).
    fn sweep_now(&self) -> Result<()> {
        let now = self.now_ms();
        let txn = self.db.begin_write().map_err(failed)?;
        txn.open_table(TABLE)
            .map_err(failed)?
            .retain(|_, stored| is_live(stored, now))
            .map_err(failed)?;
        txn.commit().map_err(failed)
    }

    /// Runs `step` on `key` inside one write transaction and applies its write.
    async fn mutate<R: Send + 'static>(&self, key: &str, step: Step<R>) -> Result<R> {
        let db = Arc::clone(&self.db);
        let key = key.to_owned();
        let now = self.now_ms();
        let sweep = self.writes.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1;
        blocking(move || {
            let txn = db.begin_write().map_err(failed)?;
            let result = {
                let mut table = txn.open_table(TABLE).map_err(failed)?;
                let current = table
                    .get(key.as_str())
                    .map_err(failed)?
                    .map(|stored| stored.value().to_vec())
                    .filter(|stored| is_live(stored, now));
                let (result, write) = step(current.as_deref().map(value_of))?;
                match write {
                    Write::Keep => {}
                    Write::Remove => {
                        table.remove(key.as_str()).map_err(failed)?;
                    }
                    Write::Put(value, expiry) => {
                        let expires = match expiry {
                            Expiry::Never => 0,
                            Expiry::After(ttl) => now.saturating_add(millis(ttl)).max(1),
                            Expiry::Unchanged => current.as_deref().map_or(0, expiry_of),
                        };
                        let mut stored = Vec::with_capacity(8 + value.len());
                        stored.extend_from_slice(&expires.to_le_bytes());
                        stored.extend_from_slice(&value);
                        table
                            .insert(key.as_str(), stored.as_slice())
                            .map_err(failed)?;
                    }
                }
                if sweep {
                    table
                        .retain(|_, stored| is_live(stored, now))
                        .map_err(failed)?;
                }
                result
            };
            txn.commit().map_err(failed)?;
            Ok(result)
        })
        .await
    }
}

#[async_trait]
impl Store for FileStore {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let db = Arc::clone(&self.db);
        let key = key.to_owned();
        let now = self.now_ms();
        blocking(move || {
            let txn = db.begin_read().map_err(failed)?;
            let table = txn.open_table(TABLE).map_err(failed)?;
            let stored = table.get(key.as_str()).map_err(failed)?;
            Ok(stored
                .filter(|stored| is_live(stored.value(), now))
                .map(|stored| value_of(stored.value()).to_vec()))
        })
        .await
    }

    async fn set(&self, key: &str, value: Vec<u8>, ttl: Option<Duration>) -> Result<()> {
        self.mutate(key, op::set(value, ttl)).await
    }

    async fn delete(&self, key: &str) -> Result<bool> {
        self.mutate(key, op::delete()).await
    }

    async fn compare_and_set(
        &self,
        key: &str,
        expected: Option<Vec<u8>>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> Result<bool> {
        self.mutate(key, op::compare_and_set(expected, value, ttl))
            .await
    }

    async fn increment(&self, key: &str, by: i64, ttl: Option<Duration>) -> Result<i64> {
        self.mutate(key, op::increment(key, by, ttl)).await
    }

    async fn keys(&self, prefix: &str) -> Result<Vec<String>> {
        let db = Arc::clone(&self.db);
        let prefix = prefix.to_owned();
        let now = self.now_ms();
        blocking(move || {
            let txn = db.begin_read().map_err(failed)?;
            let table = txn.open_table(TABLE).map_err(failed)?;
            let mut keys = Vec::new();
            for item in table.range(prefix.as_str()..).map_err(failed)? {
                let (key, stored) = item.map_err(failed)?;
                if !key.value().starts_with(prefix.as_str()) {
                    break;
                }
                if is_live(stored.value(), now) {
                    keys.push(key.value().to_owned());
                }
            }
            Ok(keys)
        })
        .await
    }

    async fn acquire_lease(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        self.mutate(key, op::acquire_lease(owner, ttl)).await
    }

    async fn renew_lease(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        self.mutate(key, op::renew_lease(owner, ttl)).await
    }

    async fn release_lease(&self, key: &str, owner: &str) -> Result<bool> {
        self.mutate(key, op::release_lease(owner)).await
    }

    fn local_id(&self) -> Option<u64> {
        Some(self.id)
    }
}

/// Runs a database call on tokio's blocking pool.
async fn blocking<R: Send + 'static>(
    work: impl FnOnce() -> Result<R> + Send + 'static,
) -> Result<R> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Store(format!("file store task failed: {e}")))?
}

/// Wraps a database error.
fn failed(e: impl Display) -> Error {
    Error::Store(format!("file store: {e}"))
}

/// The expiry stamped on a stored record (0 = never; a record too short to hold one counts as
/// already expired, i.e. unreadable, rather than crashing).
fn expiry_of(stored: &[u8]) -> u64 {
    stored
        .get(..8)
        .and_then(|bytes| bytes.try_into().ok())
        .map_or(1, u64::from_le_bytes)
}

/// The value part of a stored record.
fn value_of(stored: &[u8]) -> &[u8] {
    stored.get(8..).unwrap_or_default()
}

fn is_live(stored: &[u8], now_ms: u64) -> bool {
    let expires = expiry_of(stored);
    expires == 0 || expires > now_ms
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
