//! The dispatcher: events to per-conversation workers, in order within a conversation and in
//! parallel across conversations.
//!
//! Each conversation with work has one worker task and one bounded queue
//! (`queue_capacity`). When a queue is full the dispatcher waits for room, and since it is the
//! bot's only reader of the event stream, the whole bot slows down instead of buffering without
//! bound (backpressure). A worker that has been idle for [`WORKER_IDLE`] closes its queue, runs
//! what is still in it and ends; the next event of that conversation starts a new worker that
//! first waits for the old one, so order holds across the hand-over.
//!
//! Before queueing, the dispatcher drops the bot's own messages echoed back to it and messages
//! whose id it has already seen within its dedup window. Before-send questions skip the queues:
//! the service is waiting for the answer, so they must not sit behind a slow handler.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::{JoinHandle, JoinSet};

use super::bot_state::BotState;
use super::conv_key::ConvKey;
use super::dedup::DedupWindow;
use super::metrics::DropReason;
use super::pipeline::run_event;
use crate::core::event::Event;

/// How long a worker waits for more events of its conversation before it ends.
pub const WORKER_IDLE: Duration = Duration::from_secs(30);

/// Sweep finished workers out of the map after this many new workers.
const SWEEP_EVERY: usize = 256;

struct Worker {
    queue: mpsc::Sender<Arc<Event>>,
    task: JoinHandle<()>,
}

/// One bot's dispatcher.
pub(crate) struct Dispatcher {
    state: Arc<BotState>,
    workers: HashMap<ConvKey, Worker>,
    dedup: DedupWindow,
    direct: JoinSet<()>,
    spawned: usize,
}

impl Dispatcher {
    /// A dispatcher for the bot `state`.
    pub fn new(state: Arc<BotState>) -> Self {
        let dedup = DedupWindow::new(state.config.dedup_window);
        Dispatcher {
            state,
            workers: HashMap::new(),
            dedup,
            direct: JoinSet::new(),
            spawned: 0,
        }
    }

    /// Route one event; waits while the event's conversation queue is full.
    pub async fn dispatch(&mut self, event: Event) {
        let Some(conv) = ConvKey::of_event(&event) else {
            return;
        };
        self.state.metrics.receive();
        if let Event::NewMessage(message) = &event {
            if message.is_from_self || message.sender == self.state.user_id() {
                self.state.metrics.drop_event(DropReason::OwnEcho);
                return;
            }
            if !message.msg_id.is_empty() && !self.dedup.first_time(&message.msg_id) {
                tracing::debug!(bot = %self.state.name(), msg_id = %message.msg_id, "duplicate message dropped");
                self.state.metrics.drop_event(DropReason::Duplicate);
                return;
            }
        }
        let event = Arc::new(event);
        if matches!(*event, Event::BeforeSend(_)) {
            while self.direct.try_join_next().is_some() {}
            self.direct
                .spawn(run_event(self.state.clone(), event, conv));
            return;
        }
        self.enqueue(conv, event).await;
    }

    async fn enqueue(&mut self, conv: ConvKey, mut event: Arc<Event>) {
        loop {
            let worker = match self.workers.remove(&conv) {
                Some(worker) => worker,
                None => self.spawn_worker(conv.clone(), None),
            };
            match worker.queue.send(event).await {
                Ok(()) => {
                    self.workers.insert(conv, worker);
                    return;
                }
                Err(mpsc::error::SendError(returned)) => {
                    // The worker went idle and closed its queue: hand over to a new one that
                    // waits for the old one to finish what it holds.
                    event = returned;
                    let next = self.spawn_worker(conv.clone(), Some(worker.task));
                    self.workers.insert(conv.clone(), next);
                }
            }
        }
    }

    fn spawn_worker(&mut self, conv: ConvKey, previous: Option<JoinHandle<()>>) -> Worker {
        self.spawned += 1;
        if self.spawned % SWEEP_EVERY == 0 {
            self.workers.retain(|_, worker| !worker.task.is_finished());
        }
        let (queue, events) = mpsc::channel(self.state.config.queue_capacity.max(1));
        let task = tokio::spawn(work(self.state.clone(), conv, events, previous));
        Worker { queue, task }
    }

    /// Stop taking events: close every queue, let the workers finish what they hold, and wait
    /// for them up to `bound`; whatever is still running or queued then is aborted and counted
    /// as dropped. Returns whether everything finished in time.
    pub async fn shut_down(mut self, bound: Duration) -> bool {
        let mut tasks: Vec<JoinHandle<()>> = Vec::with_capacity(self.workers.len());
        for (_, worker) in self.workers.drain() {
            drop(worker.queue);
            tasks.push(worker.task);
        }
        let aborts: Vec<_> = tasks.iter().map(JoinHandle::abort_handle).collect();
        let all = async {
            for task in tasks {
                let _ = task.await;
            }
            while self.direct.join_next().await.is_some() {}
        };
        let finished = tokio::time::timeout(bound, all).await.is_ok();
        if !finished {
            tracing::warn!(bot = %self.state.name(), ?bound, "handlers still running at the shutdown bound; aborted");
            for abort in aborts {
                abort.abort();
            }
            self.direct.abort_all();
            for _ in 0..self.state.metrics.snapshot().in_flight() {
                self.state.metrics.drop_event(DropReason::ShuttingDown);
            }
        }
        finished
    }
}

/// A conversation's worker: runs its events one by one, after its predecessor finished.
async fn work(
    state: Arc<BotState>,
    conv: ConvKey,
    mut events: mpsc::Receiver<Arc<Event>>,
    previous: Option<JoinHandle<()>>,
) {
    if let Some(previous) = previous {
        let _ = previous.await;
    }
    loop {
        match tokio::time::timeout(WORKER_IDLE, events.recv()).await {
            Ok(Some(event)) => run_event(state.clone(), event, conv.clone()).await,
            Ok(None) => return,
            Err(_idle) => {
                events.close();
                while let Ok(event) = events.try_recv() {
                    run_event(state.clone(), event, conv.clone()).await;
                }
                return;
            }
        }
    }
}
