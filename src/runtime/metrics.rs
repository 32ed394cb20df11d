//! Counters of what a bot's dispatcher did with its events, readable from the runtime.
//!
//! Every event meant for plugins (messages, group tips and notices, signaling, before-send
//! questions; not session or conversation-list events) is counted once as `received`, then ends
//! in exactly one of: `handled` (every plugin that ran finished), `dropped` (not dispatched: the
//! bot's own echo, a duplicate; or left unfinished when the bot shut down), `failed` (a plugin
//! returned an error or panicked) or `timed_out` (a plugin ran past the handler timeout).
//! `echoes` and `duplicates` break `dropped` down further. The
//! tracing side (a span per event and per plugin) lives with the dispatcher.

use std::sync::atomic::{fence, AtomicU64, Ordering};

use tokio::sync::watch;

/// Live counters of one bot (shared by its dispatcher and workers).
#[derive(Debug)]
pub struct Metrics {
    changed: watch::Sender<()>,
    received: AtomicU64,
    handled: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicU64,
    timed_out: AtomicU64,
    echoes: AtomicU64,
    duplicates: AtomicU64,
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MetricsSnapshot {
    /// Events read from the account's event stream.
    pub received: u64,
    /// Events every plugin finished without error.
    pub handled: u64,
    /// Events not dispatched (own echoes, duplicates, shutting down).
    pub dropped: u64,
    /// Events on which a plugin returned an error or panicked.
    pub failed: u64,
    /// Events on which a plugin ran past its timeout.
    pub timed_out: u64,
    /// Of `dropped`: the bot's own messages echoed back.
    pub echoes: u64,
    /// Of `dropped`: messages delivered a second time.
    pub duplicates: u64,
}

/// How one event ended, for [`Metrics::finish`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every plugin that ran finished.
    Handled,
    /// A plugin returned an error or panicked.
    Failed,
    /// A plugin ran past its timeout.
    TimedOut,
}

/// Why an event was not dispatched, for [`Metrics::drop_event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// The bot's own message, echoed back.
    OwnEcho,
    /// A message id already handled.
    Duplicate,
    /// The bot is shutting down.
    ShuttingDown,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            changed: watch::Sender::new(()),
            received: AtomicU64::default(),
            handled: AtomicU64::default(),
            dropped: AtomicU64::default(),
            failed: AtomicU64::default(),
            timed_out: AtomicU64::default(),
            echoes: AtomicU64::default(),
            duplicates: AtomicU64::default(),
        }
    }
}

impl Metrics {
    /// Count a received event.
    pub fn receive(&self) {
        self.received.fetch_add(1, Ordering::Relaxed);
        self.notify();
    }

    /// Count an event that was not dispatched.
    pub fn drop_event(&self, reason: DropReason) {
        self.dropped.fetch_add(1, Ordering::Relaxed);
        match reason {
            DropReason::OwnEcho => self.echoes.fetch_add(1, Ordering::Relaxed),
            DropReason::Duplicate => self.duplicates.fetch_add(1, Ordering::Relaxed),
            DropReason::ShuttingDown => 0,
        };
        self.notify();
    }

    /// Count how a dispatched event ended.
    pub fn finish(&self, outcome: Outcome) {
        let counter = match outcome {
            Outcome::Handled => &self.handled,
            Outcome::Failed => &self.failed,
            Outcome::TimedOut => &self.timed_out,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        self.notify();
    }

    /// Wake the waiters of [`Metrics::wait_until`], if there are any. Waking costs several
    /// locks (the watch channel's), twice per event, so it is skipped when nobody waits; the
    /// fence pairs with the one in `wait_until`: a waiter subscribing meanwhile either reads
    /// the new count in its first snapshot or is woken.
    fn notify(&self) {
        fence(Ordering::SeqCst);
        if self.changed.receiver_count() > 0 {
            self.changed.send_replace(());
        }
    }

    /// Wait until the counters satisfy `condition` (checked now and after every change);
    /// returns the snapshot that did.
    pub async fn wait_until(
        &self,
        condition: impl Fn(&MetricsSnapshot) -> bool,
    ) -> MetricsSnapshot {
        let mut changes = self.changed.subscribe();
        fence(Ordering::SeqCst);
        loop {
            let snapshot = self.snapshot();
            if condition(&snapshot) {
                return snapshot;
            }
            // The sender lives as long as `self`, so this cannot fail while we borrow it.
            let _ = changes.changed().await;
        }
    }

    /// The counters now.
    pub fn snapshot(&self) -> MetricsSnapshot {
        MetricsSnapshot {
            received: self.received.load(Ordering::Relaxed),
            handled: self.handled.load(Ordering::Relaxed),
            dropped: self.dropped.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            timed_out: self.timed_out.load(Ordering::Relaxed),
            echoes: self.echoes.load(Ordering::Relaxed),
            duplicates: self.duplicates.load(Ordering::Relaxed),
        }
    }
}

impl MetricsSnapshot {
    /// Events received but not yet finished or dropped (in a queue or a handler).
    pub fn in_flight(&self) -> u64 {
        self.received
            .saturating_sub(self.handled + self.dropped + self.failed + self.timed_out)
    }
}

impl std::ops::Add for MetricsSnapshot {
    type Output = MetricsSnapshot;

    fn add(self, other: MetricsSnapshot) -> MetricsSnapshot {
        MetricsSnapshot {
            received: self.received + other.received,
            handled: self.handled + other.handled,
            dropped: self.dropped + other.dropped,
            failed: self.failed + other.failed,
            timed_out: self.timed_out + other.timed_out,
            echoes: self.echoes + other.echoes,
            duplicates: self.duplicates + other.duplicates,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_lands_in_one_bucket() {
        let m = Metrics::default();
        for _ in 0..5 {
            m.receive();
        }
        m.drop_event(DropReason::OwnEcho);
        m.drop_event(DropReason::Duplicate);
        m.finish(Outcome::Handled);
        m.finish(Outcome::Failed);
        let s = m.snapshot();
        assert_eq!((s.dropped, s.echoes, s.duplicates), (2, 1, 1));
        assert_eq!((s.handled, s.failed, s.timed_out), (1, 1, 0));
        assert_eq!(s.in_flight(), 1);
    }
}
