//! Intervals, one-shot jobs, and the job API while running: pause, resume, remove, run now,
//! list.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use timbot::scheduler::{Clock, FiringReason, Trigger};
use timbot::store::MemoryStore;

use crate::{assert_quiet_for, next_runs, recorded, scheduler_on, utc};

const MINUTE: Duration = Duration::from_secs(60);

#[tokio::test(start_paused = true)]
async fn an_interval_and_a_one_shot_fire_at_their_times() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let (scheduler, mut rx) = scheduler_on(Arc::new(MemoryStore::new()), clock, "a");
    scheduler.start().await.unwrap();
    scheduler
        .add(recorded("every-10m", Trigger::every(MINUTE * 10).unwrap()))
        .await
        .unwrap();
    let once_at = t0 + TimeDelta::minutes(15);
    scheduler
        .add(recorded("once", Trigger::at(once_at)))
        .await
        .unwrap();

    let runs = next_runs(&mut rx, 4).await;
    let seen: Vec<_> = runs
        .iter()
        .map(|run| (run.job.as_str(), run.scheduled_at, run.ran_at))
        .collect();
    let minutes = |m| t0 + TimeDelta::minutes(m);
    assert_eq!(
        seen,
        [
            ("every-10m", minutes(10), minutes(10)),
            ("once", minutes(15), minutes(15)),
            ("every-10m", minutes(20), minutes(20)),
            ("every-10m", minutes(30), minutes(30)),
        ]
    );
    let once = scheduler.get("once").unwrap();
    assert_eq!(once.next_fire, None, "a one-shot job is finished");
    assert_eq!(once.last_fire, Some(once_at));
    assert_eq!(
        scheduler.get("every-10m").unwrap().next_fire,
        Some(minutes(40))
    );
}

#[tokio::test(start_paused = true)]
async fn pause_resume_remove_and_run_now_work_while_running() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let clock = Clock::starting_at(t0);
    let (scheduler, mut rx) = scheduler_on(Arc::new(MemoryStore::new()), clock, "a");
    scheduler.start().await.unwrap();
    scheduler
        .add(recorded("tick", Trigger::every(MINUTE).unwrap()))
        .await
        .unwrap();
    assert_eq!(
        next_runs(&mut rx, 1).await[0].ran_at,
        t0 + TimeDelta::minutes(1)
    );

    assert!(scheduler.pause("tick").await.unwrap());
    let paused = scheduler.get("tick").unwrap();
    assert!(paused.paused);
    assert_eq!(
        paused.next_fire, None,
        "a paused job shows no next fire time"
    );
    assert_quiet_for(&mut rx, MINUTE * 5).await;

    assert!(scheduler.run_now("tick").await.unwrap());
    let manual = &next_runs(&mut rx, 1).await[0];
    assert_eq!(manual.reason, FiringReason::RunNow);
    assert_eq!(manual.ran_at, t0 + TimeDelta::minutes(6));

    assert!(scheduler.resume("tick").await.unwrap());
    let resumed = next_runs(&mut rx, 2).await;
    assert_eq!(
        resumed
            .iter()
            .map(|run| run.scheduled_at)
            .collect::<Vec<_>>(),
        [t0 + TimeDelta::minutes(7), t0 + TimeDelta::minutes(8)],
        "resumed from now on; the paused minutes are not fired"
    );

    assert!(scheduler.remove("tick").await.unwrap());
    assert!(scheduler.list().is_empty());
    assert_quiet_for(&mut rx, MINUTE * 5).await;
    assert!(!scheduler.remove("tick").await.unwrap());
    assert!(!scheduler.pause("tick").await.unwrap());
    assert!(!scheduler.run_now("tick").await.unwrap());
}

#[tokio::test(start_paused = true)]
async fn list_shows_jobs_soonest_first_with_their_next_fire_time() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let (scheduler, _rx) = scheduler_on(Arc::new(MemoryStore::new()), Clock::starting_at(t0), "a");
    scheduler
        .add(recorded("hourly", Trigger::every(MINUTE * 60).unwrap()))
        .await
        .unwrap();
    scheduler
        .add(recorded(
            "cron",
            Trigger::cron("0 5 0 * * *", "Asia/Shanghai").unwrap(),
        ))
        .await
        .unwrap();
    scheduler
        .add(recorded("paused", Trigger::every(MINUTE).unwrap()))
        .await
        .unwrap();
    scheduler.pause("paused").await.unwrap();
    let listed: Vec<_> = scheduler
        .list()
        .into_iter()
        .map(|job| (job.spec.id, job.next_fire))
        .collect();
    assert_eq!(
        listed,
        [
            ("hourly".to_owned(), Some(utc("2026-01-01T01:00:00Z"))),
            // 00:05 in Shanghai (UTC+8) is 16:05 UTC the day before; next is 16:05 today.
            ("cron".to_owned(), Some(utc("2026-01-01T16:05:00Z"))),
            ("paused".to_owned(), None),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn adding_a_job_twice_keeps_its_progress_unless_the_trigger_changes() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let (scheduler, mut rx) =
        scheduler_on(Arc::new(MemoryStore::new()), Clock::starting_at(t0), "a");
    scheduler.start().await.unwrap();
    scheduler
        .add(recorded("j", Trigger::every(MINUTE * 10).unwrap()))
        .await
        .unwrap();
    tokio::time::advance(MINUTE * 5).await;
    let again = scheduler
        .add(recorded("j", Trigger::every(MINUTE * 10).unwrap()))
        .await
        .unwrap();
    assert_eq!(again.next_fire, Some(t0 + TimeDelta::minutes(10)));
    let changed = scheduler
        .add(recorded("j", Trigger::every(MINUTE * 2).unwrap()))
        .await
        .unwrap();
    assert_eq!(changed.next_fire, Some(t0 + TimeDelta::minutes(7)));
    assert_eq!(
        next_runs(&mut rx, 1).await[0].ran_at,
        t0 + TimeDelta::minutes(7)
    );
}
