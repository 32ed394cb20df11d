//! The local stores (memory and file) against the whole contract with paused time, plus what
//! only the file store promises: data and expiry survive reopening the file; and each says it
//! is reached from this process alone (`Store::local_id`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use timbot::core::Error;
use timbot::store::{Clock, FileStore, MemoryStore, Store, StoreExt};

use crate::scenarios::MINUTE;

/// A directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "timbot-store-{test}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn db(&self) -> PathBuf {
        self.0.join("store.redb")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn test_clock() -> Clock {
    Clock::starting_at(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
}

/// Generates one paused-time test per store kind for each scenario function.
macro_rules! on_every_store {
    ($($scenario:ident),* $(,)?) => {
        mod memory {
            $(
                #[tokio::test(start_paused = true)]
                async fn $scenario() {
                    crate::scenarios::$scenario(std::sync::Arc::new(timbot::store::MemoryStore::new())).await;
                }
            )*
        }
        mod file {
            $(
                #[tokio::test(start_paused = true)]
                async fn $scenario() {
                    let dir = super::TempDir::new(stringify!($scenario));
                    let store = timbot::store::FileStore::open_with_clock(dir.db(), super::test_clock())
                        .expect("open file store");
                    crate::scenarios::$scenario(std::sync::Arc::new(store)).await;
                }
            )*
        }
    };
}

on_every_store!(
    get_set_delete,
    ttl_expires_with_tokio_time,
    set_without_ttl_clears_the_ttl,
    compare_and_set_writes_only_on_the_expected_value,
    compare_and_set_counts_an_expired_key_as_absent,
    counters_count_and_keep_their_first_ttl,
    counter_on_a_non_integer_or_overflow_is_a_store_error,
    keys_lists_live_keys_by_prefix_in_order,
    keys_leaves_out_expired_keys,
    a_lease_has_one_owner_until_released,
    a_lease_frees_itself_when_it_expires,
    json_helpers_round_trip_and_reject_the_wrong_shape,
);

#[tokio::test(start_paused = true)]
async fn file_store_data_survives_reopening() {
    let dir = TempDir::new("reopen");
    let clock = test_clock();
    {
        let store = FileStore::open_with_clock(dir.db(), clock).unwrap();
        store.set("plain", b"kept".to_vec(), None).await.unwrap();
        store.increment("count", 7, None).await.unwrap();
        assert!(store.acquire_lease("lease", "alice", MINUTE).await.unwrap());
    }
    let store = FileStore::open_with_clock(dir.db(), clock).unwrap();
    assert_eq!(store.get("plain").await.unwrap(), Some(b"kept".to_vec()));
    assert_eq!(store.increment("count", 1, None).await.unwrap(), 8);
    assert!(!store.acquire_lease("lease", "bob", MINUTE).await.unwrap());
}

#[tokio::test(start_paused = true)]
async fn file_store_expiry_is_wall_clock_time_across_restarts() {
    let dir = TempDir::new("expiry");
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    {
        let store = FileStore::open_with_clock(dir.db(), Clock::starting_at(start)).unwrap();
        store
            .set("k", b"v".to_vec(), Some(MINUTE * 60))
            .await
            .unwrap();
    }
    // A later process starts with a fresh tokio clock; only wall-clock time relates the two.
    {
        let later = start + chrono::TimeDelta::minutes(59);
        let store = FileStore::open_with_clock(dir.db(), Clock::starting_at(later)).unwrap();
        assert_eq!(store.get("k").await.unwrap(), Some(b"v".to_vec()));
    }
    let much_later = start + chrono::TimeDelta::minutes(60);
    let store = FileStore::open_with_clock(dir.db(), Clock::starting_at(much_later)).unwrap();
    assert_eq!(store.get("k").await.unwrap(), None);
}

#[tokio::test]
async fn a_file_held_open_is_refused_with_a_store_error() {
    let dir = TempDir::new("locked");
    let _first = FileStore::open(dir.db()).unwrap();
    assert!(matches!(FileStore::open(dir.db()), Err(Error::Store(_))));
}

#[tokio::test]
async fn stores_are_usable_as_shared_trait_objects() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let shared = Arc::clone(&store);
    tokio::spawn(async move { shared.set_json("n", &42u32, None).await })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(store.get_json::<u32>("n").await.unwrap(), Some(42));
}

#[tokio::test]
async fn a_local_store_has_an_id_its_handles_share_and_no_other_store_has() {
    let (one, two) = (MemoryStore::new(), MemoryStore::new());
    assert!(one.local_id().is_some());
    assert_ne!(one.local_id(), two.local_id());
    let dir = TempDir::new("local-id");
    let file = FileStore::open(dir.db()).unwrap();
    assert_eq!(file.clone().local_id(), file.local_id());
    assert!(file.local_id().is_some());
    assert_ne!(file.local_id(), one.local_id());
}
