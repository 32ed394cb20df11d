//! Scheduler benchmark: memory per job and firing lateness with 100,000 jobs.
//!
//! Run with `cargo bench -p timbot --bench scheduler` (about half a minute). It adds 100,000
//! interval jobs (every 10 s, their first fire times spread over 10 s) to a scheduler on the
//! in-memory store, lets them fire twice in real time (200,000 runs, about 10,000 a second), and
//! prints:
//!
//! - memory per job: heap bytes held after adding the jobs, over the job count, counted by a
//!   global allocator wrapper; it includes the job's stored JSON record in the memory store;
//! - the same for cron jobs (10,000 of them, not run);
//! - after the firing, the store's keys per job, and the heap bytes of a job's claim record
//!   (copied into a fresh memory store and counted the same way);
//! - add rate, and firing lateness (the scheduler's clock when the handler starts minus the
//!   fire time) at p50 / p99 / max, with the load average, since lateness depends on what else
//!   runs on the box; and the process's CPU time per run while firing, which depends less on it.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use timbot::scheduler::{
    handler_fn, Clock, JobAction, JobSpec, Scheduler, SchedulerConfig, Trigger,
};
use timbot::store::{MemoryStore, Store};

#[global_allocator]
static GLOBAL: support::Counting = support::Counting;

const JOBS: usize = 100_000;
const CRON_JOBS: usize = 10_000;
const INTERVAL: Duration = Duration::from_secs(10);
const ROUNDS: usize = 2;

fn job(id: String, trigger: Trigger) -> JobSpec {
    JobSpec::new(
        id,
        trigger,
        JobAction::callback("bench", serde_json::json!({ "group": "@TGS#bench" })),
    )
}

async fn cron_memory_per_job() -> isize {
    let scheduler = Scheduler::new(Arc::new(MemoryStore::new()), SchedulerConfig::default());
    let before = support::allocated();
    for i in 0..CRON_JOBS {
        let expr = format!("{} {} 9 * * Mon-Fri", i % 60, (i / 60) % 60);
        let trigger = Trigger::cron(expr, "Asia/Shanghai").expect("valid cron");
        scheduler
            .add(job(format!("cron-{i}"), trigger))
            .await
            .expect("add");
    }
    (support::allocated() - before) / CRON_JOBS as isize
}

/// The store's keys per job, and the heap bytes one claim record takes in a memory store.
async fn claims_per_job(store: &MemoryStore) -> (f64, isize) {
    let keys = store.keys("scheduler/").await.expect("keys");
    let claims = store.keys("scheduler/claim/").await.expect("claim keys");
    let mut copied = Vec::with_capacity(claims.len());
    for key in &claims {
        copied.push((key.clone(), store.get(key).await.expect("get")));
    }
    let fresh = MemoryStore::new();
    let before = support::allocated();
    for (key, value) in &copied {
        let value = value.clone().unwrap_or_default();
        fresh.set(key, value, None).await.expect("set");
    }
    let per_claim = (support::allocated() - before) / claims.len().max(1) as isize;
    (keys.len() as f64 / JOBS as f64, per_claim)
}

async fn run() {
    let clock = Clock::system();
    let store = Arc::new(MemoryStore::new());
    let scheduler = Scheduler::new(
        Arc::clone(&store) as Arc<dyn Store>,
        SchedulerConfig {
            clock,
            ..SchedulerConfig::default()
        },
    );
    let lateness_us = Arc::new(Mutex::new(Vec::with_capacity(JOBS * ROUNDS)));
    let fired = Arc::new(AtomicUsize::new(0));
    let first_fire = clock.now() + TimeDelta::seconds(8);
    // Runs of later rounds (they start while the benchmark shuts down) are not counted.
    let measured_until =
        first_fire + TimeDelta::from_std(INTERVAL * ROUNDS as u32).unwrap_or_default();
    {
        let lateness_us = Arc::clone(&lateness_us);
        let fired = Arc::clone(&fired);
        scheduler.register_handler(
            "bench",
            handler_fn(move |firing| {
                if firing.scheduled_at < measured_until {
                    let late = (clock.now() - firing.scheduled_at)
                        .num_microseconds()
                        .unwrap_or(i64::MAX);
                    if let Ok(mut samples) = lateness_us.lock() {
                        samples.push(late);
                    }
                    fired.fetch_add(1, Ordering::Relaxed);
                }
                async { Ok(()) }
            }),
        );
    }

    let before = support::allocated();
    let adding = Instant::now();
    for i in 0..JOBS {
        // Spread the first fire times evenly over one interval: 10 jobs per millisecond.
        let offset = TimeDelta::microseconds((i as i64 * 10_000_000) / JOBS as i64);
        let trigger = Trigger::every_from(INTERVAL, first_fire + offset).expect("valid interval");
        scheduler
            .add(job(format!("job-{i:06}"), trigger))
            .await
            .expect("add");
    }
    let add_time = adding.elapsed();
    let per_job = (support::allocated() - before) / JOBS as isize;
    let cron_per_job = cron_memory_per_job().await;

    let cpu_before = support::cpu_time();
    scheduler.start().await.expect("start");
    let deadline = Instant::now() + Duration::from_secs(45);
    while fired.load(Ordering::Relaxed) < JOBS * ROUNDS && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    scheduler.shutdown().await;
    let cpu = support::cpu_time().saturating_sub(cpu_before);
    let (keys_per_job, per_claim) = claims_per_job(&store).await;

    let mut samples = lateness_us.lock().map(|s| s.clone()).unwrap_or_default();
    samples.sort_unstable();
    println!("scheduler benchmark: {JOBS} interval jobs (every {INTERVAL:?}), memory store");
    println!(
        "  add:            {:.0} jobs/s ({:.2} s for {JOBS})",
        JOBS as f64 / add_time.as_secs_f64(),
        add_time.as_secs_f64()
    );
    println!("  memory per job: {per_job} B (interval job, incl. its stored record)");
    println!(
        "  memory per job: {cron_per_job} B (cron job, incl. its stored record; {CRON_JOBS} jobs)"
    );
    println!("  runs:           {} of {}", samples.len(), JOBS * ROUNDS);
    println!(
        "  store after:    {keys_per_job:.2} keys per job (its record and claim); claim record {per_claim} B"
    );
    if !samples.is_empty() {
        println!(
            "  lateness:       p50 {} us, p99 {} us, max {} us",
            support::percentile(&samples, 0.50),
            support::percentile(&samples, 0.99),
            samples[samples.len() - 1]
        );
        println!(
            "  CPU per run:    {} (all threads, while firing; load {})",
            support::micros(cpu / samples.len() as u32),
            support::load()
        );
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run());
}
