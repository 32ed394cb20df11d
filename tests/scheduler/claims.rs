//! A job's fire times are claimed in one small record per job: it stays one key however often
//! the job fires, keeps a lagging replica from running a time again long after, lets replicas
//! catching up together run each missed time once, starts anew with a new trigger, and leaves
//! run-now alone.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use timbot::scheduler::{Clock, FiringReason, Misfire, MisfirePolicy, Trigger};
use timbot::store::{MemoryStore, Store};

use crate::{assert_quiet_for, merged, next_runs, recorded, scheduler_on, utc};

const MINUTE: Duration = Duration::from_secs(60);

#[tokio::test(start_paused = true)]
async fn a_job_keeps_one_claim_key_however_often_it_fires_and_loses_it_when_removed() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let (scheduler, mut rx) = scheduler_on(Arc::clone(&store), clock, "a");
    scheduler
        .add(recorded(
            "tick",
            Trigger::every(Duration::from_secs(10)).unwrap(),
        ))
        .await
        .unwrap();
    scheduler.start().await.unwrap();
    let runs = next_runs(&mut rx, 500).await;
    let last = t0 + TimeDelta::seconds(5000);
    assert_eq!(runs[499].scheduled_at, last);
    assert!(scheduler.run_now("tick").await.unwrap());
    assert_eq!(next_runs(&mut rx, 1).await[0].reason, FiringReason::RunNow);

    assert_eq!(
        store.keys("scheduler/").await.unwrap(),
        ["scheduler/claim/tick", "scheduler/job/tick"],
        "500 runs and a run-now leave one claim key"
    );
    assert_eq!(
        store.get("scheduler/claim/tick").await.unwrap(),
        Some(last.timestamp_millis().to_string().into_bytes()),
        "the claim holds the latest fire time run"
    );
    assert!(scheduler.remove("tick").await.unwrap());
    assert!(store.keys("scheduler/").await.unwrap().is_empty());
    scheduler.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_lagging_replica_does_not_run_again_what_another_ran_long_before() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let minutes = |m| t0 + TimeDelta::minutes(m);
    let clock = Clock::starting_at(t0);
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let misfire = Misfire {
        policy: MisfirePolicy::FireEach { max: 100 },
        grace: MINUTE,
    };
    let (first, mut first_rx) = scheduler_on(Arc::clone(&store), clock, "first");
    first
        .add(recorded("tick", Trigger::every(MINUTE * 10).unwrap()).with_misfire(misfire))
        .await
        .unwrap();
    // What a replica that read the job now and then fell behind believes: next run at 10.
    let stale = store.get("scheduler/job/tick").await.unwrap().unwrap();
    first.start().await.unwrap();
    let ran: Vec<_> = next_runs(&mut first_rx, 3)
        .await
        .into_iter()
        .map(|run| run.scheduled_at)
        .collect();
    assert_eq!(ran, [minutes(10), minutes(20), minutes(30)]);
    first.shutdown().await;

    // Long after (well past the old 61-minute firing leases), the lagging replica catches up.
    tokio::time::advance(MINUTE * 95).await;
    store.set("scheduler/job/tick", stale, None).await.unwrap();
    let (second, mut second_rx) = scheduler_on(Arc::clone(&store), clock, "second");
    second.start().await.unwrap();
    let caught_up: Vec<_> = next_runs(&mut second_rx, 9)
        .await
        .into_iter()
        .map(|run| (run.scheduled_at, run.reason))
        .collect();
    let expected: Vec<_> = (4..=12)
        .map(|m| (minutes(m * 10), FiringReason::Missed))
        .collect();
    assert_eq!(
        caught_up, expected,
        "only the missed times no replica ran, each once, in order"
    );
    let next = &next_runs(&mut second_rx, 1).await[0];
    assert_eq!(
        (next.scheduled_at, next.reason),
        (minutes(130), FiringReason::OnTime)
    );
    second.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn replicas_catching_up_together_run_each_missed_time_once_up_to_the_cap() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let minutes = |m| t0 + TimeDelta::minutes(m);
    let clock = Clock::starting_at(t0);
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    {
        let (admin, _rx) = scheduler_on(Arc::clone(&store), clock, "admin");
        let misfire = Misfire {
            policy: MisfirePolicy::FireEach { max: 3 },
            grace: MINUTE,
        };
        admin
            .add(recorded("tick", Trigger::every(MINUTE * 10).unwrap()).with_misfire(misfire))
            .await
            .unwrap();
    }
    // Down until minute 65: 10 to 60 are missed, the 3 most recent are kept.
    tokio::time::advance(MINUTE * 65).await;
    let (first, first_rx) = scheduler_on(Arc::clone(&store), clock, "first");
    let (second, second_rx) = scheduler_on(Arc::clone(&store), clock, "second");
    first.start().await.unwrap();
    second.start().await.unwrap();
    let mut all = merged([first_rx, second_rx]);
    let runs = next_runs(&mut all, 4).await;
    let times: Vec<_> = runs
        .iter()
        .map(|run| (run.scheduled_at, run.reason))
        .collect();
    assert_eq!(
        times,
        [
            (minutes(40), FiringReason::Missed),
            (minutes(50), FiringReason::Missed),
            (minutes(60), FiringReason::Missed),
            (minutes(70), FiringReason::OnTime),
        ]
    );
    assert!(
        runs[..3].iter().all(|run| run.node == runs[0].node),
        "one replica won the whole catch-up"
    );
    first.shutdown().await;
    second.shutdown().await;
    assert_quiet_for(&mut all, MINUTE * 10).await;
}

#[tokio::test(start_paused = true)]
async fn run_now_at_a_fire_time_does_not_take_that_time_from_the_schedule() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let (scheduler, mut rx) = scheduler_on(Arc::clone(&store), clock, "a");
    scheduler
        .add(recorded("tick", Trigger::every(MINUTE).unwrap()))
        .await
        .unwrap();
    // At the job's first fire time, before the scheduler is started.
    tokio::time::advance(MINUTE).await;
    assert!(scheduler.run_now("tick").await.unwrap());
    scheduler.start().await.unwrap();
    let runs: Vec<_> = next_runs(&mut rx, 2)
        .await
        .into_iter()
        .map(|run| (run.scheduled_at, run.reason))
        .collect();
    assert_eq!(runs.len(), 2);
    assert!(runs.contains(&(t0 + TimeDelta::minutes(1), FiringReason::RunNow)));
    assert!(runs.contains(&(t0 + TimeDelta::minutes(1), FiringReason::OnTime)));
    scheduler.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_new_trigger_starts_a_new_claim() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let (scheduler, mut rx) = scheduler_on(Arc::clone(&store), clock, "a");
    scheduler.start().await.unwrap();
    scheduler
        .add(recorded(
            "job",
            Trigger::every(Duration::from_secs(10)).unwrap(),
        ))
        .await
        .unwrap();
    assert_eq!(
        next_runs(&mut rx, 3).await[2].scheduled_at,
        t0 + TimeDelta::seconds(30)
    );
    // Retargeted at a time before the claimed 30 s, still within the grace period.
    let at = t0 + TimeDelta::seconds(5);
    scheduler
        .add(recorded("job", Trigger::at(at)))
        .await
        .unwrap();
    let run = &next_runs(&mut rx, 1).await[0];
    assert_eq!((run.scheduled_at, run.reason), (at, FiringReason::OnTime));
    scheduler.shutdown().await;
}
