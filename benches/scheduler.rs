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
use timbot::store::MemoryStore;

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

async fn run() {
    let clock = Clock::system();
    let scheduler = Scheduler::new(
        Arc::new(MemoryStore::new()),
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
