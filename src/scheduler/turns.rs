//! The order in which one scheduler claims a job's batches of fire times.
//!
//! A job's claim record only moves forward (see the [runner's docs](super::runner)), so a
//! batch claimed after a later batch of the same job would find its times taken. Batches are
//! planned in order, but each runs in its own task; so each batch gets a [`Turn`] when it is
//! planned, and waits for the previous batch's turn to end before claiming. Only jobs with a
//! batch between planning and claiming have an entry here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::oneshot;

/// The turns of one scheduler's jobs.
#[derive(Debug, Default)]
pub(crate) struct Turns {
    inner: Arc<Mutex<Latest>>,
}

/// Per job, the latest turn handed out, while it is not over.
#[derive(Debug, Default)]
struct Latest {
    by_job: HashMap<Arc<str>, (u64, oneshot::Receiver<()>)>,
    handed_out: u64,
}

/// A batch's place in its job's claims. It ends when dropped.
#[derive(Debug)]
pub(crate) struct Turn {
    latest: Arc<Mutex<Latest>>,
    job: Arc<str>,
    number: u64,
    previous: Option<oneshot::Receiver<()>>,
    _over: oneshot::Sender<()>,
}

impl Turns {
    /// The next turn of job `job`, after every turn handed out before it.
    pub fn next(&self, job: Arc<str>) -> Turn {
        let (over, ended) = oneshot::channel();
        let mut latest = lock(&self.inner);
        latest.handed_out += 1;
        let number = latest.handed_out;
        let previous = latest
            .by_job
            .insert(Arc::clone(&job), (number, ended))
            .map(|(_, ended)| ended);
        Turn {
            latest: Arc::clone(&self.inner),
            job,
            number,
            previous,
            _over: over,
        }
    }
}

impl Turn {
    /// Waits until the previous turn of the job is over.
    pub async fn wait(&mut self) {
        if let Some(previous) = &mut self.previous {
            // An error only says the previous turn was dropped, which is how it ends.
            let _ = previous.await;
            self.previous = None;
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut latest = lock(&self.latest);
        if latest
            .by_job
            .get(&self.job)
            .is_some_and(|(number, _)| *number == self.number)
        {
            latest.by_job.remove(&self.job);
        }
    }
}

fn lock(latest: &Mutex<Latest>) -> MutexGuard<'_, Latest> {
    latest.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    #[tokio::test]
    async fn a_turn_waits_for_the_previous_turn_of_its_job_only() {
        let turns = Turns::default();
        let first = turns.next("a".into());
        let mut second = turns.next("a".into());
        let mut other = turns.next("b".into());
        assert!(other.wait().now_or_never().is_some(), "another job's turn");
        assert!(
            second.wait().now_or_never().is_none(),
            "a's first turn is not over"
        );
        drop(first);
        assert!(second.wait().now_or_never().is_some());
        drop((second, other));
        assert!(
            lock(&turns.inner).by_job.is_empty(),
            "ended turns leave nothing"
        );
    }
}
