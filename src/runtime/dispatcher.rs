//! The dispatcher: events to per-conversation workers, in order within a conversation and in
//! parallel across conversations.
//!
//! Each conversation with work has one worker task and one bounded queue
//! (`queue_capacity`). When a queue is full the dispatcher waits for room, and since it is the
//! bot's only reader of the event stream, the whole bot slows down instead of buffering without
//! bound (backpressure). A worker that has been idle for [`WORKER_IDLE`] closes its queue, runs
//! what is still in it, takes itself out of the dispatcher's worker map (so a bot holds nothing
//! for conversations gone quiet) and ends; the next event of that conversation starts a new
//! worker that first waits for the old one, so order holds across the hand-over.
//!
//! Before queueing, the dispatcher drops the bot's own messages echoed back to it and messages
//! whose id it has already seen within its dedup window. Before-send questions skip the queues:
//! the service is waiting for the answer, so they must not sit behind a slow handler.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;

use super::bot_state::BotState;
use super::conv_key::ConvKey;
use super::dedup::DedupWindow;
use super::metrics::DropReason;
use super::pipeline::run_event;
use crate::core::event::Event;

/// How long a worker waits for more events of its conversation before it ends.
pub const WORKER_IDLE: Duration = Duration::from_secs(30);

/// Sweep finished workers out of the map after this many new workers (a backstop: a retiring
/// worker takes itself out, unless the dispatcher held its entry at that moment).
const SWEEP_EVERY: u64 = 256;

struct Worker {
    /// Tells this worker from its successors in the same conversation.
    id: u64,
    queue: mpsc::Sender<Arc<Event>>,
    task: JoinHandle<()>,
}

/// The live workers by conversation, shared with the workers so that each can take its own
/// entry out when it retires.
type Workers = Mutex<HashMap<ConvKey, Worker>>;

fn lock(workers: &Workers) -> MutexGuard<'_, HashMap<ConvKey, Worker>> {
    workers.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One bot's dispatcher.
pub(crate) struct Dispatcher {
    state: Arc<BotState>,
    workers: Arc<Workers>,
    dedup: DedupWindow,
    direct: JoinSet<()>,
    spawned: u64,
}

impl Dispatcher {
    /// A dispatcher for the bot `state`.
    pub fn new(state: Arc<BotState>) -> Self {
        let dedup = DedupWindow::new(state.config.dedup_window);
        Dispatcher {
            state,
            workers: Arc::new(Mutex::new(HashMap::new())),
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
            let held = lock(&self.workers).remove(&conv);
            let worker = match held {
                Some(worker) => worker,
                None => self.spawn_worker(conv.clone(), None),
            };
            match worker.queue.send(event).await {
                Ok(()) => {
                    lock(&self.workers).insert(conv, worker);
                    return;
                }
                Err(mpsc::error::SendError(returned)) => {
                    // The worker went idle and closed its queue: hand over to a new one that
                    // waits for the old one to finish what it holds.
                    event = returned;
                    let next = self.spawn_worker(conv.clone(), Some(worker.task));
                    lock(&self.workers).insert(conv.clone(), next);
                }
            }
        }
    }

    fn spawn_worker(&mut self, conv: ConvKey, previous: Option<JoinHandle<()>>) -> Worker {
        self.spawned += 1;
        if self.spawned % SWEEP_EVERY == 0 {
            lock(&self.workers).retain(|_, worker| !worker.task.is_finished());
        }
        let (queue, events) = mpsc::channel(self.state.config.queue_capacity.max(1));
        let retire = Retire {
            workers: Arc::downgrade(&self.workers),
            id: self.spawned,
        };
        let task = tokio::spawn(work(self.state.clone(), conv, events, previous, retire));
        Worker {
            id: self.spawned,
            queue,
            task,
        }
    }

    /// Stop taking events: close every queue, let the workers finish what they hold, and wait
    /// for them up to `bound`; whatever is still running or queued then is aborted and counted
    /// as dropped. Returns whether everything finished in time.
    pub async fn shut_down(mut self, bound: Duration) -> bool {
        let workers: Vec<Worker> = lock(&self.workers).drain().map(|(_, w)| w).collect();
        let mut tasks: Vec<JoinHandle<()>> = Vec::with_capacity(workers.len());
        for worker in workers {
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

/// A conversation's worker: runs its events one by one, after its predecessor finished, and
/// ends once it has been idle for [`WORKER_IDLE`].
///
/// The idle timer is armed once and pushed back only when it fires early (to [`WORKER_IDLE`]
/// after the last event), rather than a fresh timer per event. Each event's run is boxed: the
/// run's state then lives on the heap only while it runs, and an idle worker's task stays small
/// (its share of an idle conversation went from 4,075 to about 1,500 bytes, BENCHMARKS.md).
async fn work(
    state: Arc<BotState>,
    conv: ConvKey,
    mut events: mpsc::Receiver<Arc<Event>>,
    previous: Option<JoinHandle<()>>,
    retire: Retire,
) {
    if let Some(previous) = previous {
        let _ = previous.await;
    }
    let idle = tokio::time::sleep(WORKER_IDLE);
    tokio::pin!(idle);
    let mut last_done = Instant::now();
    loop {
        tokio::select! {
            biased;
            event = events.recv() => match event {
                Some(event) => {
                    Box::pin(run_event(state.clone(), event, conv.clone())).await;
                    last_done = Instant::now();
                }
                None => return,
            },
            () = &mut idle => {
                let deadline = last_done + WORKER_IDLE;
                if deadline > Instant::now() {
                    idle.as_mut().reset(deadline);
                    continue;
                }
                events.close();
                while let Ok(event) = events.try_recv() {
                    Box::pin(run_event(state.clone(), event, conv.clone())).await;
                }
                retire.leave(&conv);
                return;
            }
        }
    }
}

/// How a retiring worker takes its entry out of the dispatcher's map.
struct Retire {
    workers: Weak<Workers>,
    id: u64,
}

impl Retire {
    /// Remove the entry of `conv` if it is still this worker's (not a successor's, nor held by
    /// the dispatcher right now).
    fn leave(&self, conv: &ConvKey) {
        let Some(workers) = self.workers.upgrade() else {
            return;
        };
        let mut workers = lock(&workers);
        if workers.get(conv).is_some_and(|worker| worker.id == self.id) {
            workers.remove(conv);
        }
    }
}
