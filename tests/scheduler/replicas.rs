//! Several schedulers sharing one store run each fire time once.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use timbot::scheduler::{Clock, Trigger};
use timbot::store::{MemoryStore, Store};

use crate::{assert_quiet_for, merged, next_runs, recorded, scheduler_on, utc};

#[tokio::test(start_paused = true)]
async fn two_schedulers_on_one_store_fire_each_time_once() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let (first, first_rx) = scheduler_on(Arc::clone(&store), clock, "first");
    let (second, second_rx) = scheduler_on(Arc::clone(&store), clock, "second");
    first
        .add(recorded(
            "tick",
            Trigger::every(Duration::from_secs(1)).unwrap(),
        ))
        .await
        .unwrap();
    // The second replica learns the job from the store.
    first.start().await.unwrap();
    second.start().await.unwrap();
    assert_eq!(second.list().len(), 1);

    // Merge both replicas' runs for 60 seconds.
    let mut all = merged([first_rx, second_rx]);
    let runs = next_runs(&mut all, 60).await;
    let times: BTreeSet<_> = runs.iter().map(|run| run.scheduled_at).collect();
    let expected: BTreeSet<_> = (1..=60).map(|s| t0 + TimeDelta::seconds(s)).collect();
    assert_eq!(times, expected, "each second ran exactly once");
    first.shutdown().await;
    second.shutdown().await;
    assert_quiet_for(&mut all, Duration::from_secs(10)).await;
}

#[tokio::test(start_paused = true)]
async fn a_pause_or_removal_on_one_replica_holds_on_the_others() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let (first, mut first_rx) = scheduler_on(Arc::clone(&store), clock, "first");
    let (second, mut second_rx) = scheduler_on(Arc::clone(&store), clock, "second");
    for id in ["paused", "removed"] {
        first
            .add(recorded(
                id,
                Trigger::every(Duration::from_secs(10)).unwrap(),
            ))
            .await
            .unwrap();
    }
    second.start().await.unwrap();
    // Only the second replica runs; the first is used as an admin's handle on the store.
    assert!(first.pause("paused").await.unwrap());
    assert!(first.remove("removed").await.unwrap());
    assert_quiet_for(&mut second_rx, Duration::from_secs(60)).await;
    assert!(second.get("paused").unwrap().paused);
    assert_eq!(second.get("removed"), None);
    assert!(first_rx.try_recv().is_err());
}
