//! The Store contract as scenarios, each run on every store kind: `local` runs them all with
//! paused time; `redis` runs those that need no time to pass (Redis's clock cannot be paused).

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use timbot::core::Error;
use timbot::store::{Store, StoreExt};

pub const MINUTE: Duration = Duration::from_secs(60);

pub async fn get_set_delete(store: Arc<dyn Store>) {
    assert_eq!(store.get("a").await.unwrap(), None);
    store.set("a", b"one".to_vec(), None).await.unwrap();
    assert_eq!(store.get("a").await.unwrap(), Some(b"one".to_vec()));
    store.set("a", b"two".to_vec(), None).await.unwrap();
    assert_eq!(store.get("a").await.unwrap(), Some(b"two".to_vec()));
    assert!(store.delete("a").await.unwrap());
    assert!(!store.delete("a").await.unwrap());
    assert_eq!(store.get("a").await.unwrap(), None);
}

pub async fn ttl_expires_with_tokio_time(store: Arc<dyn Store>) {
    store.set("k", b"v".to_vec(), Some(MINUTE)).await.unwrap();
    tokio::time::advance(MINUTE - Duration::from_millis(1)).await;
    assert_eq!(store.get("k").await.unwrap(), Some(b"v".to_vec()));
    tokio::time::advance(Duration::from_millis(1)).await;
    assert_eq!(store.get("k").await.unwrap(), None);
    assert!(!store.delete("k").await.unwrap(), "an expired key is gone");
}

pub async fn set_without_ttl_clears_the_ttl(store: Arc<dyn Store>) {
    store.set("k", b"1".to_vec(), Some(MINUTE)).await.unwrap();
    store.set("k", b"2".to_vec(), None).await.unwrap();
    tokio::time::advance(MINUTE * 10).await;
    assert_eq!(store.get("k").await.unwrap(), Some(b"2".to_vec()));
}

pub async fn compare_and_set_writes_only_on_the_expected_value(store: Arc<dyn Store>) {
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
}

pub async fn compare_and_set_counts_an_expired_key_as_absent(store: Arc<dyn Store>) {
    store.set("k", b"v".to_vec(), Some(MINUTE)).await.unwrap();
    tokio::time::advance(MINUTE).await;
    assert!(
        store
            .compare_and_set("k", None, b"v3".to_vec(), None)
            .await
            .unwrap(),
        "an expired key counts as absent"
    );
}

pub async fn counters_count_and_keep_their_first_ttl(store: Arc<dyn Store>) {
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

pub async fn counter_on_a_non_integer_or_overflow_is_a_store_error(store: Arc<dyn Store>) {
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

pub async fn keys_lists_live_keys_by_prefix_in_order(store: Arc<dyn Store>) {
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
    assert_eq!(store.keys("").await.unwrap().len(), 6);
    assert!(store.keys("none/").await.unwrap().is_empty());
}

pub async fn keys_leaves_out_expired_keys(store: Arc<dyn Store>) {
    store.set("job/a", Vec::new(), None).await.unwrap();
    store
        .set("job/expiring", Vec::new(), Some(MINUTE))
        .await
        .unwrap();
    tokio::time::advance(MINUTE).await;
    assert_eq!(store.keys("job/").await.unwrap(), ["job/a"]);
}

pub async fn a_lease_has_one_owner_until_released(store: Arc<dyn Store>) {
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

pub async fn a_lease_frees_itself_when_it_expires(store: Arc<dyn Store>) {
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

pub async fn json_helpers_round_trip_and_reject_the_wrong_shape(store: Arc<dyn Store>) {
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
