//! The scheduler's in-memory view of its jobs: each job's definition and progress, and a heap of
//! fire times so the next due job is found in O(log n) without scanning.
//!
//! Changing a job (pause, resume, replace, remove) does not search the heap: the job gets a new
//! ticket, and heap entries carrying an old ticket are dropped when they reach the top.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::job::{JobInfo, JobSpec, JobState};
use super::trigger::Schedule;

/// One job as the scheduler holds it.
#[derive(Debug)]
pub(crate) struct Job {
    id: Arc<str>,
    pub spec: Arc<JobSpec>,
    pub schedule: Arc<Schedule>,
    pub state: JobState,
    ticket: u64,
}

impl Job {
    pub fn new(spec: JobSpec, schedule: Schedule, state: JobState) -> Self {
        Job {
            id: Arc::from(spec.id.as_str()),
            spec: Arc::new(spec),
            schedule: Arc::new(schedule),
            state,
            ticket: 0,
        }
    }

    pub fn info(&self) -> JobInfo {
        JobInfo {
            spec: (*self.spec).clone(),
            paused: self.state.paused,
            next_fire: self.state.next.filter(|_| !self.state.paused),
            last_fire: self.state.last,
        }
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
    tickets: u64,
}

impl Jobs {
    /// Adds or replaces a job and queues its next fire time.
    pub fn insert(&mut self, job: Job) {
        let id = Arc::clone(&job.id);
        self.by_id.insert(Arc::clone(&id), job);
        self.requeue(&id);
    }

    pub fn remove(&mut self, id: &str) -> Option<Job> {
        self.by_id.remove(id)
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
        let Some(job) = self.by_id.get_mut(id) else {
            return;
        };
        job.ticket = ticket;
        if let Some(at) = job.state.next.filter(|_| !job.state.paused) {
            let id = Arc::clone(&job.id);
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
