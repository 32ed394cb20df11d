//! The deadlines of one bot's dialogues, in one queue ordered by time: at most one per dialogue
//! (setting a new deadline replaces the old one), dropped when the dialogue ends or its plugin
//! stops. One task per bot waits on the queue ([`DialogueTimers::wait`]) and takes what is due
//! ([`DialogueTimers::due`]), so an idle dialogue costs two small queue entries, not a sleeping
//! task of its own.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use crate::store::Clock;

/// A deadline that has come: the dialogue's store key, its plugin and the deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Due {
    pub key: Arc<str>,
    pub plugin: usize,
    pub deadline: DateTime<Utc>,
}

/// The deadlines, by dialogue store key and by time.
#[derive(Default)]
pub(crate) struct DialogueTimers {
    queue: Mutex<Queue>,
    /// Wakes the waiting task when an earlier deadline was set.
    earlier: Notify,
}

#[derive(Default)]
struct Queue {
    /// Key → (deadline, plugin).
    by_key: HashMap<Arc<str>, (DateTime<Utc>, usize)>,
    /// (deadline, key), earliest first.
    by_time: BTreeSet<(DateTime<Utc>, Arc<str>)>,
}

impl Queue {
    fn remove(&mut self, key: &str) {
        if let Some((key, (deadline, _))) = self.by_key.remove_entry(key) {
            self.by_time.remove(&(deadline, key));
        }
    }

    fn earliest(&self) -> Option<DateTime<Utc>> {
        self.by_time.first().map(|(deadline, _)| *deadline)
    }
}

impl DialogueTimers {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The dialogue at `key` (of plugin `plugin`) times out at `deadline`, instead of when it
    /// was set to before.
    pub fn set(&self, key: &str, plugin: usize, deadline: DateTime<Utc>) {
        let mut queue = self.lock();
        queue.remove(key);
        let key: Arc<str> = Arc::from(key);
        let sooner = queue.earliest().is_none_or(|first| deadline < first);
        queue.by_key.insert(key.clone(), (deadline, plugin));
        queue.by_time.insert((deadline, key));
        drop(queue);
        if sooner {
            self.earlier.notify_waiters();
        }
    }

    /// Drop the deadline of `key` (its dialogue ended).
    pub fn cancel(&self, key: &str) {
        self.lock().remove(key);
    }

    /// Drop every deadline of plugin `plugin` (it is stopping).
    pub fn cancel_plugin(&self, plugin: usize) {
        let mut queue = self.lock();
        let Queue { by_key, by_time } = &mut *queue;
        by_key.retain(|key, (deadline, of)| {
            let keep = *of != plugin;
            if !keep {
                by_time.remove(&(*deadline, key.clone()));
            }
            keep
        });
    }

    /// Take the deadlines that are due at `now` (they are forgotten), earliest first.
    pub fn due(&self, now: DateTime<Utc>) -> Vec<Due> {
        let mut queue = self.lock();
        let mut due = Vec::new();
        while let Some((deadline, key)) = queue.by_time.first().cloned() {
            if deadline > now {
                break;
            }
            queue.by_time.pop_first();
            if let Some((_, plugin)) = queue.by_key.remove(&key) {
                due.push(Due {
                    key,
                    plugin,
                    deadline,
                });
            }
        }
        due
    }

    /// Wait until the earliest deadline (by `clock`), or until an earlier one is set; forever
    /// while there is none.
    pub async fn wait(&self, clock: &Clock) {
        // Made before the queue is read, so a deadline set from then on wakes it.
        let earlier = self.earlier.notified();
        let earliest = self.lock().earliest();
        match earliest {
            Some(deadline) => {
                tokio::select! {
                    _ = tokio::time::sleep_until(clock.instant_at(deadline)) => {}
                    _ = earlier => {}
                }
            }
            None => earlier.await,
        }
    }

    /// How many deadlines are set.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().by_key.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;
    use std::time::Duration;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + seconds, 0).expect("a time")
    }

    fn keys(due: &[Due]) -> Vec<&str> {
        due.iter().map(|due| &*due.key).collect()
    }

    #[test]
    fn a_new_deadline_replaces_the_old_and_plugins_cancel_theirs() {
        let timers = DialogueTimers::default();
        timers.set("a", 0, at(10));
        timers.set("a", 0, at(30));
        timers.set("b", 1, at(20));
        timers.set("c", 0, at(20));
        assert_eq!(timers.len(), 3);
        timers.cancel_plugin(1);
        timers.cancel("c");
        assert_eq!(timers.len(), 1);
        assert!(
            timers.due(at(29)).is_empty(),
            "the replaced deadline is gone"
        );
        let due = timers.due(at(30));
        assert_eq!(
            due,
            vec![Due {
                key: Arc::from("a"),
                plugin: 0,
                deadline: at(30)
            }]
        );
        assert_eq!(timers.len(), 0, "a due deadline is forgotten");
    }

    #[test]
    fn due_deadlines_come_earliest_first() {
        let timers = DialogueTimers::default();
        timers.set("late", 0, at(20));
        timers.set("early", 0, at(10));
        timers.set("later", 0, at(40));
        assert_eq!(keys(&timers.due(at(25))), ["early", "late"]);
        assert_eq!(keys(&timers.due(at(40))), ["later"]);
    }

    #[tokio::test(start_paused = true)]
    async fn wait_wakes_at_the_earliest_deadline_and_when_an_earlier_one_is_set() {
        let clock = Clock::starting_at(at(0));
        let timers = Arc::new(DialogueTimers::default());
        timers.set("a", 0, at(100));
        let start = tokio::time::Instant::now();
        timers.wait(&clock).await;
        assert_eq!(start.elapsed(), Duration::from_secs(100));
        assert_eq!(keys(&timers.due(clock.now())), ["a"]);

        timers.set("b", 0, clock.now() + TimeDelta::seconds(100));
        let waiting = tokio::spawn({
            let timers = timers.clone();
            async move { timers.wait(&clock).await }
        });
        tokio::time::sleep(Duration::from_secs(10)).await;
        timers.set("c", 0, clock.now() + TimeDelta::seconds(5));
        let start = tokio::time::Instant::now();
        waiting.await.expect("waited");
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "woken by the earlier deadline"
        );
    }
}
