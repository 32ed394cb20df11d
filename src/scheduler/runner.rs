//! [`Scheduler`]: keeps jobs in the Store, sleeps until the next one is due, and runs each fire
//! time once.
//!
//! # How it runs
//!
//! One task owns the timing. It takes the jobs that are due from the in-memory heap, plans each
//! (the misfire rule decides about late fire times), queues the job's next fire time, and spawns
//! one task per job to run the planned fire times, so a slow or failing job never delays
//! another. Then it sleeps until the earliest queued fire time, or until a change to the jobs
//! wakes it (a [`Notify`]): no polling, no CPU while idle.
//!
//! # Once, across replicas
//!
//! Each job has one claim record in the Store, `<namespace>claim/<j>`: the latest fire time
//! (Unix ms, as decimal text) that some scheduler has claimed. Fire time `t` is claimed by
//! advancing the record to `t` with compare-and-set; it is free only while the record is older
//! than `t`, and the record only ever moves forward, so each fire time is run by one scheduler,
//! and a replica that is late (its in-memory progress behind) cannot run a time again, however
//! long after. The fire times planned together (a catch-up after downtime, then those on time)
//! are claimed as a whole, through the latest of them: a scheduler runs those of them later
//! than the record was, so one claim of a later time never refuses an earlier time of the same
//! batch; and one scheduler claims a job's batches in the order it planned them (see
//! `turns.rs`), so neither can a later batch's claim. The record stays as long as the job: one small key per job, whatever its rate. It is
//! deleted with the job, and reset when the job's trigger is replaced, since the new trigger's
//! times may lie before it. Retries of a failed run are part of the run they retry.
//!
//! [`Scheduler::run_now`] claims nothing: a run asked for is an extra run by the scheduler it
//! was asked of, outside the schedule, so it neither waits for the claim nor moves it (the next
//! scheduled time still runs).
//!
//! Before running, a scheduler also reads the job's stored record: a job paused, removed or
//! rescheduled through another replica is adopted as stored instead of run. A job added through
//! one replica is run by that replica, and by the others once they [start](Scheduler::start)
//! again (they load every stored job then).
//!
//! # Persistence
//!
//! Each job is stored as JSON at `<namespace>job/<id>` with its progress (next fire time, last
//! one handled, paused); a misfire rule or retry policy equal to the default, and a last fire
//! time not yet set, are left out to keep the record small (they read back the same). A job's
//! progress only ever moves forward in the Store (each update is a compare-and-set), so
//! concurrent runs and replicas cannot set it back. [`Scheduler::start`] loads every stored job
//! and applies its misfire rule to the fire times missed meanwhile. Retries of a failed run are
//! not persisted: a restart drops them.
//!
//! # Time
//!
//! Fire times are wall-clock (UTC) times read from the [`Clock`] in [`SchedulerConfig`], and the
//! scheduler sleeps with tokio's timer; with a [`Clock::starting_at`] in a paused-time test,
//! `tokio::time::advance` moves both.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use chrono::{DateTime, Utc};
use futures::FutureExt;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

use super::job::{
    Firing, FiringReason, JobAction, JobHandler, JobInfo, JobRecord, JobSpec, JobState,
};
use super::misfire;
use super::queue::{Definition, Jobs};
use super::turns::{Turn, Turns};
use crate::core::{Error, Result};
use crate::store::{Clock, Store, StoreExt};

/// How a [`Scheduler`] names its keys, identifies itself and tells time.
#[derive(Debug, Clone)]
pub struct SchedulerConfig {
    /// The prefix of every key the scheduler writes (default `"scheduler/"`); schedulers sharing
    /// a namespace share their jobs.
    pub namespace: String,
    /// This scheduler's name in its logs; replicas should differ (default: random).
    pub node: String,
    /// The wall clock (default: [`Clock::system`]).
    pub clock: Clock,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            namespace: "scheduler/".into(),
            node: format!("node-{:016x}", rand::random::<u64>()),
            clock: Clock::system(),
        }
    }
}

/// How many times a progress update or a claim is retried when another writer got there first.
const MAX_UPDATE_CONFLICTS: usize = 16;

/// The job scheduler. Cheap to clone: clones share the same scheduler.
#[derive(Clone)]
pub struct Scheduler {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    config: SchedulerConfig,
    handlers: RwLock<HashMap<String, Arc<dyn JobHandler>>>,
    jobs: Mutex<Jobs>,
    turns: Turns,
    wake: Notify,
    stop: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

/// The fire times of one job to run now.
struct Batch {
    definition: Arc<Definition>,
    runs: Vec<(DateTime<Utc>, FiringReason)>,
    state: JobState,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler")
            .field("namespace", &self.inner.config.namespace)
            .field("node", &self.inner.config.node)
            .finish_non_exhaustive()
    }
}

impl Scheduler {
    /// A scheduler keeping its jobs in `store`. It fires nothing until [`Scheduler::start`].
    pub fn new(store: Arc<dyn Store>, config: SchedulerConfig) -> Self {
        Scheduler {
            inner: Arc::new(Inner {
                store,
                config,
                handlers: RwLock::new(HashMap::new()),
                jobs: Mutex::new(Jobs::default()),
                turns: Turns::default(),
                wake: Notify::new(),
                stop: watch::channel(false).0,
                task: Mutex::new(None),
            }),
        }
    }

    /// The scheduler's wall clock.
    pub fn clock(&self) -> Clock {
        self.inner.config.clock
    }

    /// Registers `handler` for jobs whose [`JobAction::Callback`] names `name` (replacing any
    /// handler of that name). Jobs may exist before their handler is registered; a run whose
    /// handler is missing fails (and is retried).
    pub fn register_handler(&self, name: impl Into<String>, handler: Arc<dyn JobHandler>) {
        self.inner
            .handlers
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name.into(), handler);
    }

    /// Removes the handler registered as `name`; returns whether there was one.
    pub fn unregister_handler(&self, name: &str) -> bool {
        self.inner
            .handlers
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(name)
            .is_some()
    }

    /// Loads every job stored in the namespace, applies the misfire rules to what was missed,
    /// and starts firing. A stored job that cannot be read is logged and left alone. Calling it
    /// on a running scheduler is an [`Error::Invalid`].
    pub async fn start(&self) -> Result<()> {
        let running = self
            .inner
            .lock_task()
            .as_ref()
            .is_some_and(|task| !task.is_finished());
        if running {
            return Err(Error::invalid("scheduler start", "it is already running"));
        }
        let prefix = format!("{}job/", self.inner.config.namespace);
        let mut loaded = Vec::new();
        for key in self.inner.store.keys(&prefix).await? {
            match self.inner.store.get_json::<JobRecord>(&key).await {
                Ok(Some(record)) => match Definition::of_stored(&record.spec) {
                    Ok(definition) => loaded.push((record.spec.id, definition, record.state)),
                    Err(e) => tracing::error!(%key, error = %e, "stored job cannot be used"),
                },
                Ok(None) => {}
                Err(e) => tracing::error!(%key, error = %e, "stored job cannot be read"),
            }
        }
        {
            let mut jobs = self.inner.lock_jobs();
            for (id, definition, state) in loaded {
                jobs.insert(&id, definition, state);
            }
        }
        tracing::info!(node = %self.inner.config.node, "scheduler started");
        self.inner.stop.send_replace(false);
        *self.inner.lock_task() = Some(tokio::spawn(Arc::clone(&self.inner).run()));
        Ok(())
    }

    /// Stops firing and waits for the timing task to end. Runs already started finish on their
    /// own; their pending retries are dropped. A started scheduler runs until this is called:
    /// dropping its handles does not stop it. It may be started again afterwards.
    pub async fn shutdown(&self) {
        self.inner.stop.send_replace(true);
        let task = self.inner.lock_task().take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }

    /// Adds a job, or replaces the definition of the job with the same id. A replaced job keeps
    /// its progress (and pause) when its trigger is unchanged, so declaring the same jobs at
    /// every start-up (as a bot file does) neither resets nor repeats them. Works while running.
    pub async fn add(&self, spec: JobSpec) -> Result<JobInfo> {
        if spec.id.is_empty() {
            return Err(Error::invalid("job id", "it is empty"));
        }
        let schedule = spec.trigger.schedule()?;
        let now = self.inner.config.clock.now();
        let known = self
            .inner
            .lock_jobs()
            .get(&spec.id)
            .map(|job| (Arc::clone(&job.definition), job.state.clone()));
        let known = match known {
            Some((old, state)) => Some((old.spec()?, state)),
            None => self
                .inner
                .read_record(&spec.id)
                .await?
                .map(|record| (record.spec, record.state)),
        };
        let rescheduled = known
            .as_ref()
            .is_some_and(|(old, _)| old.trigger != spec.trigger);
        let state = match known {
            Some((old, state)) if old.trigger == spec.trigger => state,
            Some((_, state)) => JobState {
                paused: state.paused,
                next: schedule.first(now),
                last: None,
            },
            None => JobState {
                paused: false,
                next: schedule.first(now),
                last: None,
            },
        };
        let definition = Definition::new(&spec, schedule)?;
        let record = JobRecord { spec, state };
        self.inner
            .store
            .set_json(&self.inner.job_key(&record.spec.id), &record, None)
            .await?;
        if rescheduled {
            self.inner
                .store
                .delete(&self.inner.claim_key(&record.spec.id))
                .await?;
        }
        self.inner
            .lock_jobs()
            .insert(&record.spec.id, definition, record.state.clone());
        self.inner.wake.notify_one();
        Ok(JobInfo::new(record.spec, &record.state))
    }

    /// Removes a job and its claim record; returns whether it existed. Runs already started
    /// finish.
    pub async fn remove(&self, id: &str) -> Result<bool> {
        let known = self.inner.lock_jobs().remove(id);
        let stored = self.inner.store.delete(&self.inner.job_key(id)).await?;
        self.inner.store.delete(&self.inner.claim_key(id)).await?;
        Ok(known || stored)
    }

    /// Pauses a job: it does not fire until resumed. Returns whether it exists.
    pub async fn pause(&self, id: &str) -> Result<bool> {
        self.set_paused(id, true).await
    }

    /// Resumes a paused job from now on: fire times that passed while it was paused are not
    /// fired (a one-shot job whose time passed is finished). Returns whether it exists.
    pub async fn resume(&self, id: &str) -> Result<bool> {
        self.set_paused(id, false).await
    }

    async fn set_paused(&self, id: &str, paused: bool) -> Result<bool> {
        let now = self.inner.config.clock.now();
        let change = |state: &mut JobState, schedule: &super::Schedule| -> bool {
            if state.paused == paused {
                return false;
            }
            state.paused = paused;
            if !paused {
                state.next = state.next.and_then(|_| schedule.next_after(now));
            }
            true
        };
        let known = {
            let mut jobs = self.inner.lock_jobs();
            let found = jobs
                .get_mut(id)
                .map(|job| change(&mut job.state, &job.definition.schedule));
            jobs.requeue(id);
            found.is_some()
        };
        self.inner.wake.notify_one();
        let stored = self
            .inner
            .update_record(id, |record| match record.spec.trigger.schedule() {
                Ok(schedule) => change(&mut record.state, &schedule),
                Err(_) => false,
            })
            .await?;
        Ok(known || stored)
    }

    /// Runs a job now, once, on this scheduler, without changing its schedule (also when it is
    /// paused) or its claim. Returns whether it exists.
    pub async fn run_now(&self, id: &str) -> Result<bool> {
        let known = self
            .inner
            .lock_jobs()
            .get(id)
            .map(|job| Arc::clone(&job.definition));
        let spec = match known {
            Some(definition) => definition.spec()?,
            None => match self.inner.read_record(id).await? {
                Some(record) => record.spec,
                None => return Ok(false),
            },
        };
        let now = self.inner.config.clock.now();
        let inner = Arc::clone(&self.inner);
        tokio::spawn(async move {
            inner.fire(&spec, now, FiringReason::RunNow).await;
        });
        Ok(true)
    }

    /// Every job this scheduler knows, with its next fire time, soonest first (paused and
    /// finished jobs last, by id).
    pub fn list(&self) -> Vec<JobInfo> {
        let mut jobs: Vec<JobInfo> = self
            .inner
            .lock_jobs()
            .iter()
            .filter_map(|job| reported(job.info()))
            .collect();
        jobs.sort_by(|a, b| {
            let key = |job: &JobInfo| (job.next_fire.is_none(), job.next_fire);
            key(a).cmp(&key(b)).then_with(|| a.spec.id.cmp(&b.spec.id))
        });
        jobs
    }

    /// One job, if this scheduler knows it.
    pub fn get(&self, id: &str) -> Option<JobInfo> {
        reported(self.inner.lock_jobs().get(id)?.info())
    }
}

/// A job's report; a definition that no longer decodes (which [`Definition::new`] rules out)
/// is logged and left out.
fn reported(info: Result<JobInfo>) -> Option<JobInfo> {
    info.inspect_err(|e| tracing::error!(error = %e, "job cannot be reported"))
        .ok()
}

impl Inner {
    fn lock_jobs(&self) -> MutexGuard<'_, Jobs> {
        self.jobs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_task(&self) -> MutexGuard<'_, Option<JoinHandle<()>>> {
        self.task.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn job_key(&self, id: &str) -> String {
        format!("{}job/{id}", self.config.namespace)
    }

    fn claim_key(&self, id: &str) -> String {
        format!("{}claim/{id}", self.config.namespace)
    }

    async fn read_record(&self, id: &str) -> Result<Option<JobRecord>> {
        self.store.get_json(&self.job_key(id)).await
    }

    /// Applies `change` to the stored record of `id` with compare-and-set, retrying when another
    /// writer got there first. `change` returns whether it changed anything. Returns whether the
    /// record exists.
    async fn update_record(
        &self,
        id: &str,
        mut change: impl FnMut(&mut JobRecord) -> bool,
    ) -> Result<bool> {
        let key = self.job_key(id);
        for _ in 0..MAX_UPDATE_CONFLICTS {
            let Some(bytes) = self.store.get(&key).await? else {
                return Ok(false);
            };
            let mut record: JobRecord = serde_json::from_slice(&bytes)
                .map_err(|e| Error::Store(format!("stored job {key:?} cannot be read: {e}")))?;
            if !change(&mut record) {
                return Ok(true);
            }
            let updated = serde_json::to_vec(&record)
                .map_err(|e| Error::Store(format!("cannot encode job {key:?}: {e}")))?;
            if self
                .store
                .compare_and_set(&key, Some(bytes), updated, None)
                .await?
            {
                return Ok(true);
            }
        }
        Err(Error::Store(format!(
            "job {key:?} kept changing under {MAX_UPDATE_CONFLICTS} updates"
        )))
    }

    /// Claims the fire times of job `id` up to `through` for this scheduler: moves its claim
    /// record forward to `through` with compare-and-set, retrying when another writer got there
    /// first. Returns the fire time (Unix ms) the job was claimed through before: the times
    /// after it, up to `through`, are this scheduler's to run (none when it is `through` or
    /// later).
    async fn claim(&self, id: &str, through: DateTime<Utc>) -> Result<i64> {
        let key = self.claim_key(id);
        let through = through.timestamp_millis();
        for _ in 0..MAX_UPDATE_CONFLICTS {
            let current = self.store.get(&key).await?;
            let claimed = match &current {
                Some(bytes) => std::str::from_utf8(bytes)
                    .ok()
                    .and_then(|text| text.parse::<i64>().ok())
                    .ok_or_else(|| Error::Store(format!("claim {key:?} is not a time in ms")))?,
                None => i64::MIN,
            };
            if claimed >= through {
                return Ok(claimed);
            }
            let updated = through.to_string().into_bytes();
            if self
                .store
                .compare_and_set(&key, current, updated, None)
                .await?
            {
                return Ok(claimed);
            }
        }
        Err(Error::Store(format!(
            "claim {key:?} kept changing under {MAX_UPDATE_CONFLICTS} updates"
        )))
    }

    /// The timing loop.
    async fn run(self: Arc<Self>) {
        let mut stop = self.stop.subscribe();
        loop {
            if *stop.borrow_and_update() {
                break;
            }
            let now = self.config.clock.now();
            let (batches, wake_at) = {
                let mut jobs = self.lock_jobs();
                let batches: Vec<(Arc<str>, Batch)> = jobs
                    .pop_due(now)
                    .into_iter()
                    .filter_map(|id| plan_due(&mut jobs, &id, now).map(|batch| (id, batch)))
                    .collect();
                (batches, jobs.next_wake())
            };
            for (id, batch) in batches {
                let turn = self.turns.next(id);
                tokio::spawn(Arc::clone(&self).run_batch(batch, turn));
            }
            let sleep = async {
                match wake_at {
                    Some(at) => tokio::time::sleep_until(self.config.clock.instant_at(at)).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = sleep => {}
                _ = self.wake.notified() => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!(node = %self.config.node, "scheduler stopped");
    }

    /// Records a job's progress, claims its planned fire times (in the job's `turn`), then runs
    /// those it won in order.
    ///
    /// The stored record is the truth shared by replicas: when another scheduler on the store
    /// has removed or paused the job, or changed its trigger, this one adopts that instead of
    /// running; a changed action is run as stored.
    async fn run_batch(self: Arc<Self>, batch: Batch, mut turn: Turn) {
        let seen = match batch.definition.spec() {
            Ok(spec) => spec,
            Err(e) => {
                tracing::error!(error = %e, "job cannot be run");
                return;
            }
        };
        let id = seen.id.as_str();
        let progress = batch.state;
        let mut stored = None;
        let found = self
            .update_record(id, |record| {
                stored = Some(record.clone());
                let current = !record.state.paused && record.spec.trigger == seen.trigger;
                let forward = match (progress.next, record.state.next) {
                    (None, Some(_)) => true,
                    (Some(new), Some(old)) => new > old,
                    _ => false,
                };
                if current && forward {
                    record.state.next = progress.next;
                    record.state.last = progress.last;
                }
                current && forward
            })
            .await;
        let spec = match (found, stored) {
            (Err(e), _) => {
                tracing::error!(job = %id, error = %e, "could not record the job's progress");
                seen
            }
            (Ok(_), None) => {
                tracing::info!(job = %id, "job was removed by another scheduler");
                self.adopt(&batch.definition, &seen, None);
                return;
            }
            (Ok(_), Some(record)) => {
                let runnable = !record.state.paused && record.spec.trigger == seen.trigger;
                let spec = record.spec.clone();
                if !runnable || record.spec != seen {
                    self.adopt(&batch.definition, &seen, Some(record));
                }
                if !runnable {
                    tracing::info!(job = %id, "job was paused or rescheduled by another scheduler");
                    return;
                }
                spec
            }
        };
        let id = spec.id.as_str();
        let Some(&(through, _)) = batch.runs.last() else {
            return;
        };
        turn.wait().await;
        let claimed = self.claim(id, through).await;
        drop(turn);
        let claimed = match claimed {
            Ok(claimed) => claimed,
            Err(e) => {
                tracing::error!(job = %id, error = %e, "could not claim the fire times; not run");
                return;
            }
        };
        for (at, reason) in batch.runs {
            if at.timestamp_millis() > claimed {
                self.fire(&spec, at, reason).await;
            } else {
                tracing::debug!(job = %id, %at, "another scheduler ran this fire time");
            }
        }
    }

    /// Replaces this scheduler's view of a job with the stored `record` (`None`: removed),
    /// unless the job was changed here since `definition` (its spec: `seen`) was taken.
    fn adopt(&self, definition: &Arc<Definition>, seen: &JobSpec, record: Option<JobRecord>) {
        let mut jobs = self.lock_jobs();
        let id = seen.id.as_str();
        if !jobs
            .get(id)
            .is_some_and(|job| Arc::ptr_eq(&job.definition, definition))
        {
            return;
        }
        let Some(record) = record else {
            jobs.remove(id);
            return;
        };
        let keep_progress = record.spec.trigger == seen.trigger && !record.state.paused;
        let state = match jobs.get(id) {
            Some(job) if keep_progress => job.state.clone(),
            _ => record.state,
        };
        match Definition::of_stored(&record.spec) {
            Ok(definition) => jobs.insert(id, definition, state),
            Err(e) => tracing::error!(job = %id, error = %e, "stored job cannot be used"),
        }
    }

    /// Runs fire time `at` of a job, retrying per the job's policy.
    async fn fire(&self, spec: &JobSpec, at: DateTime<Utc>, reason: FiringReason) {
        let id = spec.id.as_str();
        let JobAction::Callback { handler, payload } = &spec.action;
        let mut stop = self.stop.subscribe();
        let attempts = spec.retry.retries.saturating_add(1);
        for attempt in 1..=attempts {
            let firing = Firing {
                job_id: id.to_owned(),
                scheduled_at: at,
                reason,
                attempt,
                payload: payload.clone(),
            };
            let error = match self.handler(handler) {
                Some(run) => match AssertUnwindSafe(run.run(firing)).catch_unwind().await {
                    Ok(Ok(())) => return,
                    Ok(Err(e)) => e.to_string(),
                    Err(_) => "the handler panicked".to_owned(),
                },
                None => format!("no job handler named {handler:?} is registered"),
            };
            if attempt == attempts {
                tracing::error!(job = %id, %at, attempt, %error, "job failed; no retries left");
                return;
            }
            let delay = spec.retry.delay_after(attempt);
            tracing::warn!(job = %id, %at, attempt, %error, ?delay, "job failed; will retry");
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = stop.wait_for(|stopped| *stopped) => return,
            }
        }
    }

    fn handler(&self, name: &str) -> Option<Arc<dyn JobHandler>> {
        self.handlers
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(name)
            .cloned()
    }
}

/// Plans the due job `id`: decides its fire times per its misfire rule and queues the next one.
fn plan_due(jobs: &mut Jobs, id: &str, now: DateTime<Utc>) -> Option<Batch> {
    let job = jobs.get_mut(id)?;
    let due = job.state.next?;
    let plan = misfire::plan(&job.definition.schedule, due, now, &job.definition.misfire);
    job.state.next = plan.next;
    job.state.last = plan.last.or(job.state.last);
    let runs = plan
        .missed
        .into_iter()
        .map(|at| (at, FiringReason::Missed))
        .chain(
            plan.on_time
                .into_iter()
                .map(|at| (at, FiringReason::OnTime)),
        )
        .collect();
    let batch = Batch {
        definition: Arc::clone(&job.definition),
        runs,
        state: job.state.clone(),
    };
    jobs.requeue(id);
    Some(batch)
}
