//! The scheduler, end to end with paused tokio time: cron across daylight-saving changes,
//! intervals and one-shot jobs, pause/resume/remove/run-now, restarts on the file store with
//! each misfire policy, replicas firing once, one claim record per job, retries and isolation,
//! jobs declared in TOML.

mod claims;
mod declared;
mod dst;
mod failures;
mod kinds;
mod replicas;
mod restart;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use timbot::scheduler::{
    handler_fn, Clock, FiringReason, JobAction, JobSpec, Scheduler, SchedulerConfig, Trigger,
};
use timbot::store::Store;
use tokio::sync::mpsc;

/// A UTC time from RFC 3339 text.
pub fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("test time")
        .with_timezone(&Utc)
}

/// One run as a test handler saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fired {
    pub job: String,
    pub scheduled_at: DateTime<Utc>,
    pub reason: FiringReason,
    pub attempt: u32,
    /// The scheduler's wall clock when the handler ran.
    pub ran_at: DateTime<Utc>,
    /// The node of the scheduler that ran it.
    pub node: String,
}

/// A scheduler on `store` named `node`, with the handler `"record"` reporting every run.
pub fn scheduler_on(
    store: Arc<dyn Store>,
    clock: Clock,
    node: &str,
) -> (Scheduler, mpsc::UnboundedReceiver<Fired>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let scheduler = Scheduler::new(
        store,
        SchedulerConfig {
            node: node.to_owned(),
            clock,
            ..SchedulerConfig::default()
        },
    );
    let node = node.to_owned();
    scheduler.register_handler(
        "record",
        handler_fn(move |firing| {
            let fired = Fired {
                job: firing.job_id,
                scheduled_at: firing.scheduled_at,
                reason: firing.reason,
                attempt: firing.attempt,
                ran_at: clock.now(),
                node: node.clone(),
            };
            let tx = tx.clone();
            async move {
                let _ = tx.send(fired);
                Ok(())
            }
        }),
    );
    (scheduler, rx)
}

/// A job calling the `"record"` handler.
pub fn recorded(id: &str, trigger: Trigger) -> JobSpec {
    JobSpec::new(
        id,
        trigger,
        JobAction::callback("record", serde_json::Value::Null),
    )
}

/// The next `n` runs, in the order they happened.
pub async fn next_runs(rx: &mut mpsc::UnboundedReceiver<Fired>, n: usize) -> Vec<Fired> {
    let mut runs = Vec::with_capacity(n);
    for _ in 0..n {
        runs.push(rx.recv().await.expect("scheduler still running"));
    }
    runs
}

/// One stream of the runs of several schedulers (replicas), in the order they happened.
pub fn merged(
    receivers: impl IntoIterator<Item = mpsc::UnboundedReceiver<Fired>>,
) -> mpsc::UnboundedReceiver<Fired> {
    let (tx, all) = mpsc::unbounded_channel();
    for mut rx in receivers {
        let tx = tx.clone();
        tokio::spawn(async move {
            while let Some(run) = rx.recv().await {
                let _ = tx.send(run);
            }
        });
    }
    all
}

/// Asserts that nothing runs during the next `window` of (paused) time.
pub async fn assert_quiet_for(rx: &mut mpsc::UnboundedReceiver<Fired>, window: Duration) {
    if let Ok(run) = tokio::time::timeout(window, rx.recv()).await {
        panic!("expected no run, got {run:?}");
    }
}

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(test: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "timbot-scheduler-{test}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn db(&self) -> PathBuf {
        self.0.join("store.redb")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
