//! A cron job with seconds, in Europe/Berlin, across both daylight-saving changes of 2026.

use std::sync::Arc;

use timbot::scheduler::{Clock, FiringReason, Trigger};
use timbot::store::MemoryStore;

use crate::{next_runs, recorded, scheduler_on, utc};

/// Runs `30 30 2 * * *` (02:30:30 Berlin time daily) from `start` and returns the UTC times of
/// its first `n` runs, checking each ran exactly at its fire time.
async fn berlin_runs(start: &str, n: usize) -> Vec<chrono::DateTime<chrono::Utc>> {
    let clock = Clock::starting_at(utc(start));
    let (scheduler, mut rx) = scheduler_on(Arc::new(MemoryStore::new()), clock, "a");
    scheduler.start().await.unwrap();
    let trigger = Trigger::cron("30 30 2 * * *", "Europe/Berlin").unwrap();
    scheduler.add(recorded("nightly", trigger)).await.unwrap();
    let runs = next_runs(&mut rx, n).await;
    for run in &runs {
        assert_eq!(run.ran_at, run.scheduled_at, "fired exactly on time");
        assert_eq!(run.reason, FiringReason::OnTime);
    }
    runs.into_iter().map(|run| run.scheduled_at).collect()
}

#[tokio::test(start_paused = true)]
async fn spring_forward_skips_the_local_time_that_does_not_exist() {
    // 2026-03-29 02:00 CET jumps to 03:00 CEST: 02:30:30 does not happen that day.
    let runs = berlin_runs("2026-03-27T12:00:00Z", 3).await;
    assert_eq!(
        runs,
        [
            utc("2026-03-28T01:30:30Z"), // 02:30:30 CET (UTC+1)
            utc("2026-03-30T00:30:30Z"), // 02:30:30 CEST (UTC+2)
            utc("2026-03-31T00:30:30Z"),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn fall_back_fires_the_repeated_local_time_twice() {
    // 2026-10-25 03:00 CEST falls back to 02:00 CET: 02:30:30 happens twice.
    let runs = berlin_runs("2026-10-23T12:00:00Z", 4).await;
    assert_eq!(
        runs,
        [
            utc("2026-10-24T00:30:30Z"), // CEST
            utc("2026-10-25T00:30:30Z"), // first 02:30:30, CEST
            utc("2026-10-25T01:30:30Z"), // second 02:30:30, CET
            utc("2026-10-26T01:30:30Z"), // CET
        ]
    );
}
