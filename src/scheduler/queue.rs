//! The scheduler's in-memory view of its jobs: each job's definition and progress, and a heap of
//! fire times so the next due job is found in O(log n) without scanning.
//!
//! Changing a job (pause, resume, replace, remove) does not search the heap: the job gets a new
//! ticket, and heap entries carrying an old ticket are dropped when they reach the top.
//!
//! # Memory
//!
//! A scheduler may hold 100,000 jobs, so a job keeps decoded only what timing needs (its
//! [`Schedule`] and misfire rule, in one shared [`Definition`], and its progress); the rest of
//! its [`JobSpec`] is kept as compact JSON text and decoded when the job is reported or run.
//! Decoded, a `JobSpec` costs far more: its payload map alone takes about 650 bytes. The id is
//! held once, shared by the map and the heap, and cron expressions are shared through a
//! [`CronTable`]. The map's entries stay small (the definition is behind one pointer) because a
//! hash map holds up to twice as many slots as entries.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::job::{JobInfo, JobSpec, JobState};
use super::misfire::Misfire;
use super::trigger::{CronTable, Schedule};
use crate::core::{Error, Result};

/// A job's definition as the scheduler holds it, fixed until the job is replaced.
#[derive(Debug)]
pub(crate) struct Definition {
    pub schedule: Schedule,
    pub misfire: Misfire,
    /// The [`JobSpec`] as compact JSON.
    spec: Box<str>,
}

impl Definition {
    /// The definition of `spec`, whose checked trigger is `schedule`. A spec that cannot be
    /// decoded once encoded (a payload nested too deeply) is an [`Error::Invalid`].
    pub fn new(spec: &JobSpec, schedule: Schedule) -> Result<Self> {
        let text = serde_json::to_string(spec)
            .map_err(|e| Error::invalid("job", format!("{:?} cannot be encoded: {e}", spec.id)))?;
        let definition = Definition {
            schedule,
            misfire: spec.misfire,
            spec: text.into(),
        };
        definition.spec()?;
        Ok(definition)
    }

    /// The definition of a stored `spec`, its trigger checked here.
    pub fn of_stored(spec: &JobSpec) -> Result<Self> {
        Self::new(spec, spec.trigger.schedule()?)
    }

    /// The job's spec, decoded.
    pub fn spec(&self) -> Result<JobSpec> {
        serde_json::from_str(&self.spec)
            .map_err(|e| Error::invalid("job", format!("it cannot be decoded again: {e}")))
    }
}

/// One job as the scheduler holds it.
#[derive(Debug)]
pub(crate) struct Job {
    /// Shared with the batches of runs planned from it, so a change made meanwhile shows as a
    /// different definition ([`Arc::ptr_eq`]).
    pub definition: Arc<Definition>,
    pub state: JobState,
    ticket: u64,
}

impl Job {
    pub fn info(&self) -> Result<JobInfo> {
        Ok(JobInfo::new(self.definition.spec()?, &self.state))
    }
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Queued {
    at: DateTime<Utc>,
    ticket: u64,
    id: Arc<str>,
}

/// All jobs of one scheduler, and when each fires next.
#[derive(Debug, Default)]
pub(crate) struct Jobs {
    by_id: HashMap<Arc<str>, Job>,
    heap: BinaryHeap<Reverse<Queued>>,
    crons: CronTable,
    tickets: u64,
}

impl Jobs {
    /// Adds or replaces the job `id` and queues its next fire time.
    pub fn insert(&mut self, id: &str, definition: Definition, state: JobState) {
        let definition = Definition {
            schedule: self.crons.share(definition.schedule),
            ..definition
        };
        let job = Job {
            definition: Arc::new(definition),
            state,
            ticket: 0,
        };
        self.by_id.insert(Arc::from(id), job);
        self.requeue(id);
    }

    /// Removes the job `id`; returns whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        self.by_id.remove(id).is_some()
    }

    pub fn get(&self, id: &str) -> Option<&Job> {
        self.by_id.get(id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Job> {
        self.by_id.get_mut(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Job> {
        self.by_id.values()
    }

    /// Queues the job's current next fire time (none if paused or finished), dropping any
    /// earlier queue entry for it.
    pub fn requeue(&mut self, id: &str) {
        self.tickets += 1;
        let ticket = self.tickets;
        let Some((id, job)) = self.by_id.get_key_value(id) else {
            return;
        };
        let id = Arc::clone(id);
        let at = job.state.next.filter(|_| !job.state.paused);
        if let Some(job) = self.by_id.get_mut(&id) {
            job.ticket = ticket;
        }
        if let Some(at) = at {
            self.heap.push(Reverse(Queued { at, ticket, id }));
        }
    }

    /// Takes the ids of the jobs due at `now`.
    pub fn pop_due(&mut self, now: DateTime<Utc>) -> Vec<Arc<str>> {
        let mut due = Vec::new();
        while let Some(Reverse(top)) = self.heap.peek() {
            if top.at > now {
                break;
            }
            if let Some(Reverse(queued)) = self.heap.pop() {
                if self.is_current(&queued) {
                    due.push(queued.id);
                }
            }
        }
        due
    }

    /// The earliest queued fire time.
    pub fn next_wake(&mut self) -> Option<DateTime<Utc>> {
        while let Some(Reverse(top)) = self.heap.peek() {
            if self.is_current(top) {
                return Some(top.at);
            }
            self.heap.pop();
        }
        None
    }

    fn is_current(&self, queued: &Queued) -> bool {
        self.by_id
            .get(&queued.id)
            .is_some_and(|job| job.ticket == queued.ticket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::{JobAction, Trigger};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn add(jobs: &mut Jobs, id: &str, expr: &str, zone: &str) {
        let trigger = Trigger::cron(expr, zone).unwrap();
        let schedule = trigger.schedule().unwrap();
        let spec = JobSpec::new(id, trigger, JobAction::callback("h", serde_json::json!({})));
        let state = JobState {
            paused: false,
            next: None,
            last: None,
        };
        jobs.insert(id, Definition::new(&spec, schedule).unwrap(), state);
    }

    fn next(jobs: &Jobs, id: &str, after: &str) -> Option<DateTime<Utc>> {
        let job = jobs.get(id).unwrap();
        job.definition.schedule.next_after(utc(after))
    }

    #[test]
    fn jobs_sharing_an_expression_keep_their_own_zone_and_others_keep_their_own_expression() {
        let mut jobs = Jobs::default();
        add(&mut jobs, "shanghai", "0 0 9 * * *", "Asia/Shanghai");
        add(&mut jobs, "berlin", "0 0 9 * * *", "Europe/Berlin");
        add(&mut jobs, "later", "0 30 9 * * *", "Asia/Shanghai");
        assert_eq!(
            jobs.crons.in_use(),
            2,
            "one parsed expression per distinct text"
        );
        let after = "2026-01-05T00:00:00Z";
        assert_eq!(
            next(&jobs, "shanghai", after),
            Some(utc("2026-01-05T01:00:00Z"))
        );
        assert_eq!(
            next(&jobs, "berlin", after),
            Some(utc("2026-01-05T08:00:00Z"))
        );
        assert_eq!(
            next(&jobs, "later", after),
            Some(utc("2026-01-05T01:30:00Z"))
        );

        // Rescheduling one job of a shared expression leaves the other on it.
        add(&mut jobs, "berlin", "0 0 18 * * *", "Europe/Berlin");
        assert_eq!(
            next(&jobs, "shanghai", after),
            Some(utc("2026-01-05T01:00:00Z"))
        );
        assert_eq!(
            next(&jobs, "berlin", after),
            Some(utc("2026-01-05T17:00:00Z"))
        );
        assert_eq!(jobs.crons.in_use(), 3);
    }

    #[test]
    fn an_expression_is_dropped_with_its_last_job() {
        let mut jobs = Jobs::default();
        add(&mut jobs, "a", "0 0 9 * * *", "Asia/Shanghai");
        add(&mut jobs, "b", "0 0 9 * * *", "Asia/Shanghai");
        assert!(jobs.remove("a"));
        assert_eq!(jobs.crons.in_use(), 1, "b still uses it");
        assert!(jobs.remove("b"));
        assert_eq!(jobs.crons.in_use(), 0);
        assert!(!jobs.remove("b"));
    }

    #[test]
    fn a_job_reports_the_definition_it_was_given() {
        let mut jobs = Jobs::default();
        let trigger = Trigger::every(std::time::Duration::from_secs(60)).unwrap();
        let spec = JobSpec::new(
            "tick",
            trigger.clone(),
            JobAction::callback("h", serde_json::json!({ "group": "@TGS#1", "n": [1, 2.5] })),
        );
        let state = JobState {
            paused: true,
            next: Some(utc("2026-01-05T00:00:00Z")),
            last: None,
        };
        let definition = Definition::new(&spec, trigger.schedule().unwrap()).unwrap();
        jobs.insert("tick", definition, state);
        let info = jobs.get("tick").unwrap().info().unwrap();
        assert_eq!(info.spec, spec);
        assert!(info.paused);
        assert_eq!(info.next_fire, None, "a paused job has no next fire time");
    }
}
