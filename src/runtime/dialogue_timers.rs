//! The running deadline timers of one bot's dialogues: at most one per dialogue (setting a new
//! deadline replaces the old timer), cancelled when the dialogue ends or its plugin stops.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use tokio::task::AbortHandle;

/// One running timer.
struct Timer {
    id: u64,
    plugin: usize,
    task: AbortHandle,
}

/// The timers, by dialogue store key.
#[derive(Default)]
pub(crate) struct DialogueTimers {
    running: Mutex<HashMap<String, Timer>>,
    next_id: AtomicU64,
}

impl DialogueTimers {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Timer>> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A fresh timer id, for [`DialogueTimers::start`] and [`DialogueTimers::take`].
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Run `task` as timer `id` of plugin `plugin` for the dialogue at `key`, aborting the
    /// timer it replaces. The task calls [`DialogueTimers::take`] when its deadline comes.
    pub fn start<F>(&self, key: String, plugin: usize, id: u64, task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let mut running = self.lock();
        let task = tokio::spawn(task).abort_handle();
        if let Some(old) = running.insert(key, Timer { id, plugin, task }) {
            old.task.abort();
        }
    }

    /// Timer `id` of `key` is due: forget it (so nothing aborts it while it runs the hook).
    /// `false` when another timer replaced it meanwhile.
    pub fn take(&self, key: &str, id: u64) -> bool {
        let mut running = self.lock();
        if running.get(key).is_some_and(|timer| timer.id == id) {
            running.remove(key);
            return true;
        }
        false
    }

    /// Stop the timer of `key` (its dialogue ended).
    pub fn cancel(&self, key: &str) {
        if let Some(timer) = self.lock().remove(key) {
            timer.task.abort();
        }
    }

    /// Stop every timer of plugin `plugin` (it is stopping).
    pub fn cancel_plugin(&self, plugin: usize) {
        self.lock().retain(|_, timer| {
            let keep = timer.plugin != plugin;
            if !keep {
                timer.task.abort();
            }
            keep
        });
    }

    /// How many timers are running.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    fn sleeper(timers: &Arc<DialogueTimers>, key: &str, plugin: usize, fired: &Arc<AtomicU64>) {
        let id = timers.next_id();
        let (timers2, key2, fired) = (timers.clone(), key.to_owned(), fired.clone());
        timers.start(key.to_owned(), plugin, id, async move {
            tokio::time::sleep(Duration::from_secs(10)).await;
            if timers2.take(&key2, id) {
                fired.fetch_add(1, Ordering::SeqCst);
            }
        });
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_deadline_replaces_the_timer_and_plugins_cancel_theirs() {
        let timers = Arc::new(DialogueTimers::default());
        let fired = Arc::new(AtomicU64::new(0));
        sleeper(&timers, "a", 0, &fired);
        tokio::time::sleep(Duration::from_secs(5)).await;
        sleeper(&timers, "a", 0, &fired);
        sleeper(&timers, "b", 1, &fired);
        assert_eq!(timers.len(), 2);
        timers.cancel_plugin(1);
        assert_eq!(timers.len(), 1);
        tokio::time::sleep(Duration::from_secs(20)).await;
        assert_eq!(
            fired.load(Ordering::SeqCst),
            1,
            "only the replacing timer fired"
        );
        assert_eq!(timers.len(), 0, "a fired timer is forgotten");
        sleeper(&timers, "c", 0, &fired);
        timers.cancel("c");
        tokio::time::sleep(Duration::from_secs(20)).await;
        assert_eq!(fired.load(Ordering::SeqCst), 1);
    }
}
