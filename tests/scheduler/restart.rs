//! Jobs kept in the file store survive a restart, and after downtime each misfire policy does
//! what it says.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use timbot::scheduler::{Clock, FiringReason, Misfire, MisfirePolicy, RetryPolicy, Trigger};
use timbot::store::{FileStore, MemoryStore, Store};

use crate::{assert_quiet_for, next_runs, recorded, scheduler_on, utc, TempDir};

const MINUTE: Duration = Duration::from_secs(60);

#[tokio::test(start_paused = true)]
async fn jobs_survive_a_restart_and_misfire_policies_apply_after_downtime() {
    let dir = TempDir::new("restart");
    let t0 = utc("2026-01-01T00:00:00Z");
    let minutes = |m| t0 + TimeDelta::minutes(m);
    let clock = Clock::starting_at(t0);
    let policies = [
        ("skip", MisfirePolicy::Skip),
        ("fire-once", MisfirePolicy::FireOnce),
        ("fire-each", MisfirePolicy::FireEach { max: 2 }),
    ];

    // First run: three jobs every 10 minutes (one per policy) and a paused one.
    {
        let store = Arc::new(FileStore::open_with_clock(dir.db(), clock).unwrap());
        let (scheduler, mut rx) = scheduler_on(store, clock, "first");
        scheduler.start().await.unwrap();
        for (id, policy) in policies {
            let trigger = Trigger::every_from(MINUTE * 10, minutes(10)).unwrap();
            let misfire = Misfire {
                policy,
                grace: MINUTE,
            };
            scheduler
                .add(recorded(id, trigger).with_misfire(misfire))
                .await
                .unwrap();
        }
        scheduler
            .add(recorded("paused", Trigger::every(MINUTE).unwrap()))
            .await
            .unwrap();
        scheduler.pause("paused").await.unwrap();
        let mut first = next_runs(&mut rx, 3).await;
        first.sort_by(|a, b| a.job.cmp(&b.job));
        assert!(first.iter().all(|run| run.scheduled_at == minutes(10)));
        scheduler.shutdown().await;
    }

    // Downtime: 55 minutes pass with no scheduler; 20, 30, 40, 50 and 60 are missed (60 by
    // 5 minutes, more than the 1-minute grace).
    tokio::time::advance(MINUTE * 55).await;

    let store = Arc::new(FileStore::open_with_clock(dir.db(), clock).unwrap());
    let (scheduler, mut rx) = scheduler_on(store, clock, "second");
    scheduler.start().await.unwrap();
    let ids: Vec<_> = scheduler
        .list()
        .into_iter()
        .map(|job| job.spec.id)
        .collect();
    assert_eq!(ids.len(), 4, "all jobs were reloaded: {ids:?}");
    assert!(scheduler.get("paused").unwrap().paused, "pause survives");

    let mut catch_up: Vec<_> = next_runs(&mut rx, 3)
        .await
        .into_iter()
        .map(|run| (run.job, run.scheduled_at, run.reason, run.ran_at))
        .collect();
    catch_up.sort();
    let now = minutes(65);
    assert_eq!(
        catch_up,
        [
            (
                "fire-each".to_owned(),
                minutes(50),
                FiringReason::Missed,
                now
            ),
            (
                "fire-each".to_owned(),
                minutes(60),
                FiringReason::Missed,
                now
            ),
            (
                "fire-once".to_owned(),
                minutes(60),
                FiringReason::Missed,
                now
            ),
        ],
        "skip fires nothing; fire-once fires the latest missed time; fire-each the last 2"
    );

    // Then every job goes on at its next fire time, on time.
    let mut next: Vec<_> = next_runs(&mut rx, 3)
        .await
        .into_iter()
        .map(|run| (run.job, run.scheduled_at, run.reason, run.ran_at))
        .collect();
    next.sort();
    let expected: Vec<_> = ["fire-each", "fire-once", "skip"]
        .into_iter()
        .map(|id| {
            (
                id.to_owned(),
                minutes(70),
                FiringReason::OnTime,
                minutes(70),
            )
        })
        .collect();
    assert_eq!(next, expected);
}

#[tokio::test(start_paused = true)]
async fn a_short_downtime_within_grace_fires_normally_whatever_the_policy() {
    let dir = TempDir::new("grace");
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    {
        let store = Arc::new(FileStore::open_with_clock(dir.db(), clock).unwrap());
        let (scheduler, _rx) = scheduler_on(store, clock, "first");
        let misfire = Misfire {
            policy: MisfirePolicy::Skip,
            grace: MINUTE * 2,
        };
        let trigger = Trigger::at(t0 + TimeDelta::minutes(10));
        scheduler
            .add(recorded("once", trigger).with_misfire(misfire))
            .await
            .unwrap();
    }
    // Down from before minute 10 until minute 11.
    tokio::time::advance(MINUTE * 11).await;
    let store = Arc::new(FileStore::open_with_clock(dir.db(), clock).unwrap());
    let (scheduler, mut rx) = scheduler_on(store, clock, "second");
    scheduler.start().await.unwrap();
    let run = &next_runs(&mut rx, 1).await[0];
    assert_eq!(run.reason, FiringReason::OnTime);
    assert_eq!(run.scheduled_at, t0 + TimeDelta::minutes(10));
    assert_eq!(run.ran_at, t0 + TimeDelta::minutes(11));
    assert_quiet_for(&mut rx, MINUTE * 60).await;
}

#[tokio::test(start_paused = true)]
async fn a_stored_job_leaves_out_default_settings_and_records_written_in_full_still_load() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let store = Arc::new(MemoryStore::new());
    let (scheduler, _rx) = scheduler_on(store.clone(), clock, "first");
    let trigger = Trigger::every_from(MINUTE * 10, t0 + TimeDelta::minutes(10)).unwrap();
    scheduler
        .add(recorded("plain", trigger.clone()))
        .await
        .unwrap();
    let stored = store.get("scheduler/job/plain").await.unwrap().unwrap();
    let stored: serde_json::Value = serde_json::from_slice(&stored).unwrap();
    let keys = |value: &serde_json::Value| {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&stored["spec"]), ["action", "id", "trigger"]);
    assert_eq!(
        keys(&stored["state"]),
        ["next", "paused"],
        "no last fire time yet"
    );

    // As stored before defaults were left out: every setting in full, `last` null.
    let full = serde_json::json!({
        "spec": {
            "id": "full",
            "trigger": trigger,
            "action": { "kind": "callback", "handler": "record", "payload": null },
            "misfire": { "policy": { "policy": "skip" }, "grace": { "secs": 60, "nanos": 0 } },
            "retry": { "retries": 2, "backoff": { "secs": 10, "nanos": 0 } },
        },
        "state": { "paused": false, "next": t0 + TimeDelta::minutes(10), "last": null },
    });
    store
        .set(
            "scheduler/job/full",
            serde_json::to_vec(&full).unwrap(),
            None,
        )
        .await
        .unwrap();
    let (restarted, mut rx) = scheduler_on(store, clock, "second");
    restarted.start().await.unwrap();
    let job = restarted.get("full").unwrap();
    assert_eq!(job.spec, recorded("full", trigger));
    assert_eq!(job.spec.misfire, Misfire::default());
    assert_eq!(job.spec.retry, RetryPolicy::default());
    assert_eq!(job.next_fire, Some(t0 + TimeDelta::minutes(10)));
    tokio::time::advance(MINUTE * 10).await;
    let mut runs: Vec<_> = next_runs(&mut rx, 2)
        .await
        .into_iter()
        .map(|run| run.job)
        .collect();
    runs.sort();
    assert_eq!(runs, ["full", "plain"]);
    restarted.shutdown().await;
}
