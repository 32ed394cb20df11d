//! What a plugin registers while it runs (tasks, timers, jobs), disposed of together when the
//! plugin is disabled or stopped, Koishi-style.
//!
//! A plugin spawns its background work through [`Effects::spawn`] (a timer loop, a poller) and
//! registers any other undo action with [`Effects::on_dispose`] (e.g. cancelling a scheduler
//! job). [`Effects::dispose`] aborts the tasks and runs the undo actions; anything registered
//! after that is disposed at once, so a late registration cannot leak.

use std::future::Future;
use std::sync::Mutex;

use tokio::task::AbortHandle;

type Disposer = Box<dyn FnOnce() + Send>;

/// The effects of one plugin on one bot.
#[derive(Default)]
pub struct Effects {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    tasks: Vec<AbortHandle>,
    disposers: Vec<Disposer>,
    disposed: bool,
}

impl std::fmt::Debug for Effects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.lock();
        f.debug_struct("Effects")
            .field("tasks", &inner.tasks.len())
            .field("disposers", &inner.disposers.len())
            .field("disposed", &inner.disposed)
            .finish()
    }
}

impl Effects {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Run `task` in the background until it ends or the plugin is disposed.
    pub fn spawn<F>(&self, task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let mut inner = self.lock();
        if inner.disposed {
            return;
        }
        inner.tasks.retain(|t| !t.is_finished());
        inner.tasks.push(tokio::spawn(task).abort_handle());
    }

    /// Run `undo` when the plugin is disposed (at once if it already is).
    pub fn on_dispose<F>(&self, undo: F)
    where
        F: FnOnce() + Send + 'static,
    {
        let mut inner = self.lock();
        if inner.disposed {
            drop(inner);
            undo();
            return;
        }
        inner.disposers.push(Box::new(undo));
    }

    /// How many spawned tasks are still running.
    pub fn running_tasks(&self) -> usize {
        self.lock()
            .tasks
            .iter()
            .filter(|t| !t.is_finished())
            .count()
    }

    /// Abort every task and run every undo action (newest first).
    pub fn dispose(&self) {
        let (tasks, disposers) = {
            let mut inner = self.lock();
            inner.disposed = true;
            (
                std::mem::take(&mut inner.tasks),
                std::mem::take(&mut inner.disposers),
            )
        };
        for task in tasks {
            task.abort();
        }
        for undo in disposers.into_iter().rev() {
            undo();
        }
    }

    /// Accept registrations again (the plugin is being enabled again).
    pub fn reopen(&self) {
        self.lock().disposed = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    #[tokio::test(start_paused = true)]
    async fn dispose_aborts_tasks_and_runs_undo() {
        let effects = Effects::default();
        effects.spawn(std::future::pending());
        let undone = Arc::new(AtomicBool::new(false));
        let flag = undone.clone();
        effects.on_dispose(move || flag.store(true, Ordering::SeqCst));
        tokio::task::yield_now().await;
        assert_eq!(effects.running_tasks(), 1);
        effects.dispose();
        tokio::task::yield_now().await;
        assert_eq!(effects.running_tasks(), 0);
        assert!(undone.load(Ordering::SeqCst));
        let late = Arc::new(AtomicBool::new(false));
        let flag = late.clone();
        effects.on_dispose(move || flag.store(true, Ordering::SeqCst));
        assert!(
            late.load(Ordering::SeqCst),
            "late registration disposed at once"
        );
    }
}
