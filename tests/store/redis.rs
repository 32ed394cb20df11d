//! The Redis store against a `redis-server` of each test's own ([`RedisServer`]), in real time:
//! the contract scenarios that need no time to pass, then expiry as the server keeps it (the TTL
//! each write leaves, read back with `PTTL`; a key's expiry brought forward with `PEXPIRE` to see
//! what follows it), namespaces, and two replicas sharing one server.

use std::sync::Arc;
use std::time::Duration;

use redis::AsyncCommands;
use timbot::core::Error;
use timbot::store::{RedisStore, Store, DEFAULT_NAMESPACE};
use timbot::testing::RedisServer;

use crate::scenarios::{self, MINUTE};

/// Generates one real-time test per scenario, each on a fresh server.
macro_rules! on_redis {
    ($($scenario:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $scenario() {
                let server = RedisServer::start();
                let store = RedisStore::connect(&server.url(), DEFAULT_NAMESPACE)
                    .await
                    .expect("connect to the test server");
                scenarios::$scenario(Arc::new(store)).await;
            }
        )*
    };
}

on_redis!(
    get_set_delete,
    compare_and_set_writes_only_on_the_expected_value,
    counter_on_a_non_integer_or_overflow_is_a_store_error,
    keys_lists_live_keys_by_prefix_in_order,
    json_helpers_round_trip_and_reject_the_wrong_shape,
);

/// A store on `server` and a plain connection to look behind it.
async fn store_and_probe(server: &RedisServer) -> (RedisStore, redis::aio::MultiplexedConnection) {
    let store = RedisStore::connect(&server.url(), DEFAULT_NAMESPACE)
        .await
        .unwrap();
    let probe = redis::Client::open(server.url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    (store, probe)
}

/// The time to live the server holds for `key` (under the default namespace), in ms: -1 for
/// none, -2 for no such key.
async fn pttl(probe: &mut redis::aio::MultiplexedConnection, key: &str) -> i64 {
    probe
        .pttl(format!("{DEFAULT_NAMESPACE}{key}"))
        .await
        .unwrap()
}

/// Makes the server expire `key` now, as if its time to live had run out.
async fn expire_now(probe: &mut redis::aio::MultiplexedConnection, key: &str) {
    let _: bool = probe
        .pexpire(format!("{DEFAULT_NAMESPACE}{key}"), 0)
        .await
        .unwrap();
}

/// A TTL of about `expected` that the server holds: at most that, and not more than a second
/// less (the test's own commands take a little real time).
fn about(ttl_ms: i64, expected: Duration) -> bool {
    let expected = i64::try_from(expected.as_millis()).unwrap();
    (expected - 1_000..=expected).contains(&ttl_ms)
}

#[tokio::test]
async fn every_write_leaves_the_ttl_the_contract_gives() {
    let server = RedisServer::start();
    let (store, mut probe) = store_and_probe(&server).await;

    store.set("k", b"1".to_vec(), Some(MINUTE)).await.unwrap();
    assert!(about(pttl(&mut probe, "k").await, MINUTE));
    store.set("k", b"2".to_vec(), None).await.unwrap();
    assert_eq!(
        pttl(&mut probe, "k").await,
        -1,
        "set without a TTL clears it"
    );

    assert!(store
        .compare_and_set("k", Some(b"2".to_vec()), b"3".to_vec(), Some(MINUTE))
        .await
        .unwrap());
    assert!(about(pttl(&mut probe, "k").await, MINUTE));

    assert_eq!(store.increment("c", 1, Some(MINUTE)).await.unwrap(), 1);
    assert!(about(pttl(&mut probe, "c").await, MINUTE));
    assert_eq!(store.increment("c", 1, Some(MINUTE * 10)).await.unwrap(), 2);
    assert!(
        about(pttl(&mut probe, "c").await, MINUTE),
        "a later increment keeps the expiry set at creation"
    );
    assert_eq!(store.increment("n", 1, None).await.unwrap(), 1);
    assert_eq!(pttl(&mut probe, "n").await, -1);

    assert!(store.acquire_lease("l", "alice", MINUTE).await.unwrap());
    assert!(about(pttl(&mut probe, "l").await, MINUTE));
    assert!(store.acquire_lease("l", "alice", MINUTE * 2).await.unwrap());
    assert!(
        about(pttl(&mut probe, "l").await, MINUTE * 2),
        "re-acquiring extends"
    );
    assert!(store.renew_lease("l", "alice", MINUTE * 3).await.unwrap());
    assert!(about(pttl(&mut probe, "l").await, MINUTE * 3));
    assert!(!store.renew_lease("l", "bob", MINUTE * 9).await.unwrap());
    assert!(
        about(pttl(&mut probe, "l").await, MINUTE * 3),
        "bob changed nothing"
    );
}

#[tokio::test]
async fn an_expired_key_reads_absent_and_an_expired_lease_is_free() {
    let server = RedisServer::start();
    let (store, mut probe) = store_and_probe(&server).await;

    store.set("k", b"v".to_vec(), Some(MINUTE)).await.unwrap();
    expire_now(&mut probe, "k").await;
    assert_eq!(store.get("k").await.unwrap(), None);
    assert!(
        store
            .compare_and_set("k", None, b"new".to_vec(), None)
            .await
            .unwrap(),
        "an expired key counts as absent"
    );

    assert!(store.acquire_lease("l", "alice", MINUTE).await.unwrap());
    assert!(!store.acquire_lease("l", "bob", MINUTE).await.unwrap());
    expire_now(&mut probe, "l").await;
    assert!(
        !store.renew_lease("l", "alice", MINUTE).await.unwrap(),
        "an expired lease cannot be renewed"
    );
    assert!(store.acquire_lease("l", "bob", MINUTE).await.unwrap());
    assert!(!store.release_lease("l", "alice").await.unwrap());
    assert!(store.release_lease("l", "bob").await.unwrap());
    assert_eq!(store.get("l").await.unwrap(), None);
}

#[tokio::test]
async fn counters_keep_every_digit_of_an_i64() {
    let server = RedisServer::start();
    let (store, _) = store_and_probe(&server).await;
    store
        .set("big", (i64::MAX - 1).to_string().into_bytes(), None)
        .await
        .unwrap();
    assert_eq!(store.increment("big", 1, None).await.unwrap(), i64::MAX);
    assert_eq!(
        store.increment("big", -i64::MAX, None).await.unwrap(),
        0,
        "no rounding through a double on the way"
    );
}

#[tokio::test]
async fn namespaces_keep_two_applications_apart_on_one_server() {
    let server = RedisServer::start();
    let (ours, mut probe) = store_and_probe(&server).await;
    let theirs = RedisStore::connect(&server.url(), "other-app:")
        .await
        .unwrap();
    ours.set("job/a", b"ours".to_vec(), None).await.unwrap();
    theirs.set("job/a", b"theirs".to_vec(), None).await.unwrap();
    theirs.set("job/b", Vec::new(), None).await.unwrap();

    assert_eq!(ours.get("job/a").await.unwrap(), Some(b"ours".to_vec()));
    assert_eq!(ours.keys("job/").await.unwrap(), ["job/a"]);
    assert_eq!(theirs.keys("").await.unwrap(), ["job/a", "job/b"]);
    let raw: Vec<String> = probe.keys("timbot:*").await.unwrap();
    assert_eq!(raw, ["timbot:job/a"], "keys are stored under the namespace");
}

#[tokio::test]
async fn a_key_prefix_is_matched_literally_not_as_a_pattern() {
    let server = RedisServer::start();
    let (store, _) = store_and_probe(&server).await;
    for key in ["a*b", "axb", "a?c", "[x]", "a\\d"] {
        store.set(key, Vec::new(), None).await.unwrap();
    }
    assert_eq!(store.keys("a*").await.unwrap(), ["a*b"]);
    assert_eq!(store.keys("a?").await.unwrap(), ["a?c"]);
    assert_eq!(store.keys("[x").await.unwrap(), ["[x]"]);
    assert_eq!(store.keys("a\\").await.unwrap(), ["a\\d"]);
}

#[tokio::test]
async fn two_replicas_on_one_server_share_leases_and_values() {
    let server = RedisServer::start();
    let url = server.url();
    let one = RedisStore::connect(&url, DEFAULT_NAMESPACE).await.unwrap();
    let two = RedisStore::connect(&url, DEFAULT_NAMESPACE).await.unwrap();
    assert_eq!(one.local_id(), None, "other processes reach the server too");

    assert!(one
        .acquire_lease("fire/job-1", "replica-1", MINUTE)
        .await
        .unwrap());
    assert!(!two
        .acquire_lease("fire/job-1", "replica-2", MINUTE)
        .await
        .unwrap());

    // Both read the desk, both try to write their change: one wins, the other must re-read.
    assert!(one
        .compare_and_set("desk", None, b"v1".to_vec(), None)
        .await
        .unwrap());
    let seen = two.get("desk").await.unwrap();
    assert!(one
        .compare_and_set("desk", seen.clone(), b"v2-one".to_vec(), None)
        .await
        .unwrap());
    assert!(!two
        .compare_and_set("desk", seen, b"v2-two".to_vec(), None)
        .await
        .unwrap());
    assert_eq!(two.get("desk").await.unwrap(), Some(b"v2-one".to_vec()));

    // Counters add up across replicas, concurrently.
    let (one, two) = (Arc::new(one), Arc::new(two));
    let mut tasks = Vec::new();
    for store in [one.clone(), two.clone()] {
        tasks.push(tokio::spawn(async move {
            for _ in 0..100 {
                store.increment("hits", 1, None).await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(one.get("hits").await.unwrap(), Some(b"200".to_vec()));
}

#[tokio::test]
async fn an_unreachable_server_or_bad_url_is_a_store_error_without_the_password() {
    let refused = RedisStore::connect("redis://:hunter2@127.0.0.1:1/", DEFAULT_NAMESPACE).await;
    let Err(Error::Store(message)) = refused else {
        panic!("expected a store error, got {refused:?}");
    };
    assert!(message.contains("127.0.0.1:1"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");

    let malformed = RedisStore::connect("http://:hunter2@host/", DEFAULT_NAMESPACE).await;
    let Err(Error::Store(message)) = malformed else {
        panic!("expected a store error, got {malformed:?}");
    };
    assert!(!message.contains("hunter2"), "{message}");
}
