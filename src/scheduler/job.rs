//! What a job is: its definition ([`JobSpec`]) as data that survives a restart, the action it
//! runs ([`JobAction`], carried out by a named [`JobHandler`]), its retry policy, and what the
//! scheduler reports about it ([`JobInfo`]).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::misfire::Misfire;
use super::trigger::Trigger;
use crate::core::Result;

/// A job's definition. Plain data: it is stored as JSON in the Store, where a misfire rule or
/// retry policy equal to the default is left out (and read back as the default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobSpec {
    /// The job's id, unique within a scheduler's namespace.
    pub id: String,
    /// When it fires.
    pub trigger: Trigger,
    /// What it does.
    pub action: JobAction,
    /// What happens to fire times missed during downtime.
    #[serde(default, skip_serializing_if = "is_default")]
    pub misfire: Misfire,
    /// How a failed run is retried.
    #[serde(default, skip_serializing_if = "is_default")]
    pub retry: RetryPolicy,
}

impl JobSpec {
    /// A job with the default misfire rule ([`Misfire::default`]) and retry policy
    /// ([`RetryPolicy::default`]).
    pub fn new(id: impl Into<String>, trigger: Trigger, action: JobAction) -> Self {
        JobSpec {
            id: id.into(),
            trigger,
            action,
            misfire: Misfire::default(),
            retry: RetryPolicy::default(),
        }
    }

    /// The same job with this misfire rule.
    pub fn with_misfire(mut self, misfire: Misfire) -> Self {
        self.misfire = misfire;
        self
    }

    /// The same job with this retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// What a job does when it fires. Data, not code, so that it survives a restart: the scheduler
/// looks the handler up by name among those registered with
/// [`Scheduler::register_handler`](super::Scheduler::register_handler).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobAction {
    /// Call the handler registered as `handler` with `payload`.
    Callback {
        /// The registered handler's name, e.g. `"announce"`.
        handler: String,
        /// Whatever the handler needs (targets, a prepared message, a plugin's state …).
        payload: serde_json::Value,
    },
}

impl JobAction {
    /// Calls the handler registered as `handler` with `payload`.
    pub fn callback(handler: impl Into<String>, payload: serde_json::Value) -> Self {
        JobAction::Callback {
            handler: handler.into(),
            payload,
        }
    }
}

/// How a failed run is retried: up to `retries` more attempts, the first `backoff` after the
/// failure, each later one twice as long after the previous (at most [`MAX_BACKOFF`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// Attempts after the first one.
    pub retries: u32,
    /// The wait before the first retry.
    pub backoff: Duration,
}

/// The longest wait between two attempts of a run.
pub const MAX_BACKOFF: Duration = Duration::from_secs(3600);

impl Default for RetryPolicy {
    /// Two retries, 10 s then 20 s after a failure.
    fn default() -> Self {
        RetryPolicy {
            retries: 2,
            backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// No retries: a failed run is logged and dropped.
    pub fn none() -> Self {
        RetryPolicy {
            retries: 0,
            backoff: Duration::ZERO,
        }
    }

    /// The wait after failed attempt `attempt` (1-based).
    pub(crate) fn delay_after(&self, attempt: u32) -> Duration {
        let doubling = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.backoff.saturating_mul(doubling).min(MAX_BACKOFF)
    }
}

/// Why a run happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FiringReason {
    /// Its fire time came (possibly late, within the grace period).
    OnTime,
    /// Its fire time was missed (downtime) and the misfire policy chose to fire it now.
    Missed,
    /// Someone asked for it with [`Scheduler::run_now`](super::Scheduler::run_now).
    RunNow,
}

/// One run of a job, as its handler sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Firing {
    /// The job's id.
    pub job_id: String,
    /// The fire time this run is for (for [`FiringReason::RunNow`], when it was asked for).
    pub scheduled_at: DateTime<Utc>,
    /// Why it runs.
    pub reason: FiringReason,
    /// 1 for the first attempt, 2 for the first retry, …
    pub attempt: u32,
    /// The action's payload.
    pub payload: serde_json::Value,
}

/// Carries out jobs whose action names it. Registered once per name; a plugin or the runtime
/// registers e.g. `"announce"` to send a prepared message with the bot's client.
#[async_trait]
pub trait JobHandler: Send + Sync {
    /// Runs one attempt. An error is logged with the job's id and retried per the job's
    /// [`RetryPolicy`]; a panic counts as an error.
    async fn run(&self, firing: Firing) -> Result<()>;
}

/// A [`JobHandler`] made from an async closure; see [`handler_fn`].
pub struct FnHandler<F>(F);

#[async_trait]
impl<F, Fut> JobHandler for FnHandler<F>
where
    F: Fn(Firing) -> Fut + Send + Sync,
    Fut: Future<Output = Result<()>> + Send,
{
    async fn run(&self, firing: Firing) -> Result<()> {
        (self.0)(firing).await
    }
}

/// Wraps an async closure as a shareable [`JobHandler`].
pub fn handler_fn<F, Fut>(f: F) -> Arc<dyn JobHandler>
where
    F: Fn(Firing) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    Arc::new(FnHandler(f))
}

/// A job as the scheduler reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobInfo {
    /// Its definition.
    pub spec: JobSpec,
    /// Whether it is paused.
    pub paused: bool,
    /// Its next fire time (`None`: paused, or a finished one-shot job).
    pub next_fire: Option<DateTime<Utc>>,
    /// The latest fire time handled (fired, or skipped by the misfire policy).
    pub last_fire: Option<DateTime<Utc>>,
}

impl JobInfo {
    /// The report on a job defined by `spec` whose progress is `state`.
    pub(crate) fn new(spec: JobSpec, state: &JobState) -> Self {
        JobInfo {
            spec,
            paused: state.paused,
            next_fire: state.next.filter(|_| !state.paused),
            last_fire: state.last,
        }
    }
}

/// A job as stored: its definition and its progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct JobRecord {
    pub spec: JobSpec,
    pub state: JobState,
}

/// A job's progress, kept in the Store so that a restart resumes where it left off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct JobState {
    pub paused: bool,
    /// The next fire time not yet handled; `None` when the job has no more.
    pub next: Option<DateTime<Utc>>,
    /// Left out of the stored JSON while `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<DateTime<Utc>>,
}
