//! A failing job is retried per its policy, and neither a failing nor a slow job delays
//! another.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use timbot::core::Error;
use timbot::scheduler::{handler_fn, Clock, JobAction, JobSpec, RetryPolicy, Trigger};
use timbot::store::MemoryStore;

use crate::{next_runs, recorded, scheduler_on, utc, Fired};

#[tokio::test(start_paused = true)]
async fn a_failing_job_is_retried_and_does_not_block_another() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let (scheduler, mut rx) = scheduler_on(Arc::new(MemoryStore::new()), clock, "a");

    // "flaky" fails twice (once by an error, once by a panic), then succeeds; each attempt is
    // reported on the same channel as the steady job's runs.
    let attempts = Arc::new(AtomicU32::new(0));
    let (tx, mut flaky_rx) =
        tokio::sync::mpsc::unbounded_channel::<(u32, chrono::DateTime<chrono::Utc>)>();
    scheduler.register_handler(
        "flaky",
        handler_fn(move |firing| {
            let attempts = Arc::clone(&attempts);
            let tx = tx.clone();
            async move {
                let _ = tx.send((firing.attempt, clock.now()));
                match attempts.fetch_add(1, Ordering::SeqCst) {
                    0 => Err(Error::Http("service unavailable".into())),
                    1 => panic!("handler bug"),
                    _ => Ok(()),
                }
            }
        }),
    );
    scheduler.start().await.unwrap();
    let flaky = JobSpec::new(
        "flaky",
        Trigger::at(t0 + TimeDelta::seconds(60)),
        JobAction::callback("flaky", serde_json::Value::Null),
    )
    .with_retry(RetryPolicy {
        retries: 3,
        backoff: Duration::from_secs(10),
    });
    scheduler.add(flaky).await.unwrap();
    scheduler
        .add(recorded(
            "steady",
            Trigger::every(Duration::from_secs(5)).unwrap(),
        ))
        .await
        .unwrap();

    // The steady job fires on time every 5 s through the flaky job's failures and retries.
    let steady: Vec<Fired> = next_runs(&mut rx, 20).await;
    for (n, run) in steady.iter().enumerate() {
        let expected = t0 + TimeDelta::seconds(5 * (n as i64 + 1));
        assert_eq!((run.scheduled_at, run.ran_at), (expected, expected));
    }

    // The flaky job: attempt 1 at 60 s, retried 10 s later, then 20 s after that; it succeeds
    // on the third attempt and is not tried again.
    let mut flaky_attempts = Vec::new();
    while let Ok(attempt) = flaky_rx.try_recv() {
        flaky_attempts.push(attempt);
    }
    let seconds = |s| t0 + TimeDelta::seconds(s);
    assert_eq!(
        flaky_attempts,
        [(1, seconds(60)), (2, seconds(70)), (3, seconds(90))]
    );
}

#[tokio::test(start_paused = true)]
async fn a_slow_job_does_not_delay_another() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let (scheduler, mut rx) = scheduler_on(Arc::new(MemoryStore::new()), clock, "a");
    scheduler.register_handler(
        "slow",
        handler_fn(|_| async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Ok(())
        }),
    );
    scheduler.start().await.unwrap();
    let slow = JobSpec::new(
        "slow",
        Trigger::every(Duration::from_secs(1)).unwrap(),
        JobAction::callback("slow", serde_json::Value::Null),
    );
    scheduler.add(slow).await.unwrap();
    scheduler
        .add(recorded(
            "fast",
            Trigger::every(Duration::from_secs(2)).unwrap(),
        ))
        .await
        .unwrap();
    for run in next_runs(&mut rx, 10).await {
        assert_eq!(run.ran_at, run.scheduled_at);
    }
}

#[tokio::test(start_paused = true)]
async fn a_run_whose_handler_is_not_registered_yet_fails_and_is_retried() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let (scheduler, mut rx) = scheduler_on(Arc::new(MemoryStore::new()), clock, "a");
    scheduler.start().await.unwrap();
    let job = JobSpec::new(
        "late-plugin",
        Trigger::at(t0 + TimeDelta::seconds(1)),
        JobAction::callback("registered-later", serde_json::Value::Null),
    )
    .with_retry(RetryPolicy {
        retries: 1,
        backoff: Duration::from_secs(10),
    });
    scheduler.add(job).await.unwrap();
    tokio::time::sleep(Duration::from_secs(5)).await;
    // The plugin registers its handler after the first attempt failed.
    let (tx, mut late_rx) = tokio::sync::mpsc::unbounded_channel();
    scheduler.register_handler(
        "registered-later",
        handler_fn(move |firing| {
            let _ = tx.send((firing.attempt, clock.now()));
            async { Ok(()) }
        }),
    );
    assert_eq!(
        late_rx.recv().await,
        Some((2, t0 + TimeDelta::seconds(11))),
        "the retry 10 s after the failed first attempt finds the handler"
    );
    assert!(rx.try_recv().is_err());
}

#[tokio::test(start_paused = true)]
async fn starting_a_running_scheduler_is_refused() {
    let clock = Clock::starting_at(utc("2026-01-01T00:00:00Z"));
    let (scheduler, _rx) = scheduler_on(Arc::new(MemoryStore::new()), clock, "a");
    scheduler.start().await.unwrap();
    assert!(matches!(
        scheduler.start().await,
        Err(Error::Invalid { .. })
    ));
    scheduler.shutdown().await;
    scheduler.start().await.unwrap();
}
