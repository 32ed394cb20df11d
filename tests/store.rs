//! The Store contract, checked on every local implementation (memory and file) with paused
//! time, plus what only the file store promises: data and expiry survive reopening the file.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use serde::{Deserialize, Serialize};
use timbot::core::Error;
use timbot::store::{Clock, FileStore, MemoryStore, Store, StoreExt};

const MINUTE: Duration = Duration::from_secs(60);

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
                    super::$scenario(std::sync::Arc::new(timbot::store::MemoryStore::new())).await;
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
                    super::$scenario(std::sync::Arc::new(store)).await;
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
    counters_count_and_keep_their_first_ttl,
    counter_on_a_non_integer_or_overflow_is_a_store_error,
    keys_lists_live_keys_by_prefix_in_order,
    a_lease_has_one_owner_until_released,
    a_lease_frees_itself_when_it_expires,
    json_helpers_round_trip_and_reject_the_wrong_shape,
);

async fn get_set_delete(store: Arc<dyn Store>) {
    assert_eq!(store.get("a").await.unwrap(), None);
    store.set("a", b"one".to_vec(), None).await.unwrap();
    assert_eq!(store.get("a").await.unwrap(), Some(b"one".to_vec()));
    store.set("a", b"two".to_vec(), None).await.unwrap();
    assert_eq!(store.get("a").await.unwrap(), Some(b"two".to_vec()));
    assert!(store.delete("a").await.unwrap());
    assert!(!store.delete("a").await.unwrap());
    assert_eq!(store.get("a").await.unwrap(), None);
}

async fn ttl_expires_with_tokio_time(store: Arc<dyn Store>) {
    store.set("k", b"v".to_vec(), Some(MINUTE)).await.unwrap();
    tokio::time::advance(MINUTE - Duration::from_millis(1)).await;
    assert_eq!(store.get("k").await.unwrap(), Some(b"v".to_vec()));
    tokio::time::advance(Duration::from_millis(1)).await;
    assert_eq!(store.get("k").await.unwrap(), None);
    assert!(!store.delete("k").await.unwrap(), "an expired key is gone");
}

async fn set_without_ttl_clears_the_ttl(store: Arc<dyn Store>) {
    store.set("k", b"1".to_vec(), Some(MINUTE)).await.unwrap();
    store.set("k", b"2".to_vec(), None).await.unwrap();
    tokio::time::advance(MINUTE * 10).await;
    assert_eq!(store.get("k").await.unwrap(), Some(b"2".to_vec()));
}

async fn compare_and_set_writes_only_on_the_expected_value(store: Arc<dyn Store>) {
    assert!(store
        .compare_and_set("k", None, b"v1".to_vec(), None)
        .await
        .unwrap());
    assert!(
        !store
            .compare_and_set("k", None, b"other".to_vec(), None)
            .await
            .unwrap(),
        "`None` expects the key absent"
    );
    assert!(!store
        .compare_and_set("k", Some(b"stale".to_vec()), b"other".to_vec(), None)
        .await
        .unwrap());
    assert_eq!(store.get("k").await.unwrap(), Some(b"v1".to_vec()));
    assert!(store
        .compare_and_set("k", Some(b"v1".to_vec()), b"v2".to_vec(), Some(MINUTE))
        .await
        .unwrap());
    assert_eq!(store.get("k").await.unwrap(), Some(b"v2".to_vec()));
    tokio::time::advance(MINUTE).await;
    assert!(
        store
            .compare_and_set("k", None, b"v3".to_vec(), None)
            .await
            .unwrap(),
        "an expired key counts as absent"
    );
}

async fn counters_count_and_keep_their_first_ttl(store: Arc<dyn Store>) {
    assert_eq!(store.increment("c", 1, Some(MINUTE)).await.unwrap(), 1);
    tokio::time::advance(MINUTE / 2).await;
    assert_eq!(store.increment("c", 5, Some(MINUTE)).await.unwrap(), 6);
    assert_eq!(store.increment("c", -2, None).await.unwrap(), 4);
    assert_eq!(store.get("c").await.unwrap(), Some(b"4".to_vec()));
    tokio::time::advance(MINUTE / 2).await;
    assert_eq!(
        store.get("c").await.unwrap(),
        None,
        "later increments keep the expiry set at creation"
    );
    assert_eq!(store.increment("c", 1, None).await.unwrap(), 1);
}

async fn counter_on_a_non_integer_or_overflow_is_a_store_error(store: Arc<dyn Store>) {
    store.set("text", b"hello".to_vec(), None).await.unwrap();
    assert!(matches!(
        store.increment("text", 1, None).await,
        Err(Error::Store(_))
    ));
    assert_eq!(store.get("text").await.unwrap(), Some(b"hello".to_vec()));
    store
        .set("big", i64::MAX.to_string().into_bytes(), None)
        .await
        .unwrap();
    assert!(matches!(
        store.increment("big", 1, None).await,
        Err(Error::Store(_))
    ));
}

async fn keys_lists_live_keys_by_prefix_in_order(store: Arc<dyn Store>) {
    for key in ["job/b", "job/a", "jobs", "dialog/x", "job/c"] {
        store.set(key, Vec::new(), None).await.unwrap();
    }
    store
        .set("job/expiring", Vec::new(), Some(MINUTE))
        .await
        .unwrap();
    assert_eq!(
        store.keys("job/").await.unwrap(),
        ["job/a", "job/b", "job/c", "job/expiring"]
    );
    tokio::time::advance(MINUTE).await;
    assert_eq!(
        store.keys("job/").await.unwrap(),
        ["job/a", "job/b", "job/c"]
    );
    assert_eq!(store.keys("").await.unwrap().len(), 5);
    assert!(store.keys("none/").await.unwrap().is_empty());
}

async fn a_lease_has_one_owner_until_released(store: Arc<dyn Store>) {
    assert!(store.acquire_lease("l", "alice", MINUTE).await.unwrap());
    assert!(!store.acquire_lease("l", "bob", MINUTE).await.unwrap());
    assert!(!store.renew_lease("l", "bob", MINUTE).await.unwrap());
    assert!(!store.release_lease("l", "bob").await.unwrap());
    assert_eq!(store.get("l").await.unwrap(), Some(b"alice".to_vec()));

    // The holder may acquire again and renew, both of which extend the lease.
    tokio::time::advance(MINUTE / 2).await;
    assert!(store.acquire_lease("l", "alice", MINUTE).await.unwrap());
    tokio::time::advance(MINUTE / 2).await;
    assert!(store.renew_lease("l", "alice", MINUTE).await.unwrap());
    tokio::time::advance(MINUTE / 2).await;
    assert!(!store.acquire_lease("l", "bob", MINUTE).await.unwrap());

    assert!(store.release_lease("l", "alice").await.unwrap());
    assert!(store.acquire_lease("l", "bob", MINUTE).await.unwrap());
}

async fn a_lease_frees_itself_when_it_expires(store: Arc<dyn Store>) {
    assert!(store.acquire_lease("l", "alice", MINUTE).await.unwrap());
    tokio::time::advance(MINUTE - Duration::from_millis(1)).await;
    assert!(!store.acquire_lease("l", "bob", MINUTE).await.unwrap());
    tokio::time::advance(Duration::from_millis(1)).await;
    assert!(
        !store.renew_lease("l", "alice", MINUTE).await.unwrap(),
        "an expired lease cannot be renewed"
    );
    assert!(store.acquire_lease("l", "bob", MINUTE).await.unwrap());
    assert!(!store.release_lease("l", "alice").await.unwrap());
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Profile {
    name: String,
    visits: u32,
}

async fn json_helpers_round_trip_and_reject_the_wrong_shape(store: Arc<dyn Store>) {
    let profile = Profile {
        name: "Ada".into(),
        visits: 3,
    };
    store.set_json("p", &profile, None).await.unwrap();
    assert_eq!(store.get_json::<Profile>("p").await.unwrap(), Some(profile));
    assert_eq!(store.get_json::<Profile>("missing").await.unwrap(), None);
    store
        .set("bad", b"{\"name\": 1}".to_vec(), None)
        .await
        .unwrap();
    let err = store.get_json::<Profile>("bad").await.unwrap_err();
    assert!(
        matches!(&err, Error::Store(msg) if msg.contains("\"bad\"")),
        "{err}"
    );
}

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
