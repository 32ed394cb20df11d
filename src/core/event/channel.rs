//! The channel that carries an account's events from the backend to whoever reads them.
//!
//! Unbounded and first in, first out, with any number of [`EventSender`]s and one
//! [`EventStream`]. A send is one short critical section on the session's queue: push the event,
//! and take the reader's waker if the reader is parked on an empty queue. The reader is woken
//! only then, so a burst of sends to a busy reader (a group message fanned out to 10,000
//! sessions, most of them not yet waiting) costs a lock and a push per session, with no atomic
//! wake-up and no allocation once the queue has grown.
//!
//! The channel is closed for the reader when every sender is gone (it still gets what was
//! queued), and for the senders when the stream is dropped (what was queued is dropped with it,
//! so a before-send question nobody will read is answered by its closed responder).

use std::collections::VecDeque;
use std::fmt;
use std::future::poll_fn;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{ready, Context, Poll, Waker};

use super::Event;

/// Queue capacity, in events, that a new channel starts with (512 bytes): enough for a reader
/// a few messages behind without growing the queue.
const INITIAL_CAPACITY: usize = 16;

/// Queue capacity, in events, that an idle reader keeps; a burst's larger queue is given back
/// when the reader has caught up.
const IDLE_CAPACITY: usize = 64;

/// What the senders and the stream share.
struct Shared {
    state: Mutex<State>,
    /// Live [`EventSender`]s.
    senders: AtomicUsize,
}

struct State {
    events: VecDeque<Event>,
    /// The reader's waker while it waits on an empty queue.
    waiting: Option<Waker>,
    /// The stream was dropped: sends fail.
    reader_gone: bool,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock (a failed allocation aborts), so a poisoned
        // queue is still consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The sending half of an account's event channel, held by the backend.
pub struct EventSender(Arc<Shared>);

impl EventSender {
    /// Push an event; returns `false` when the reader has gone away.
    pub fn send(&self, event: Event) -> bool {
        let waiting = {
            let mut state = self.0.state();
            if state.reader_gone {
                return false;
            }
            state.events.push_back(event);
            state.waiting.take()
        };
        if let Some(reader) = waiting {
            reader.wake();
        }
        true
    }

    /// Whether the reader has gone away.
    pub fn is_closed(&self) -> bool {
        self.0.state().reader_gone
    }
}

impl Clone for EventSender {
    fn clone(&self) -> Self {
        self.0.senders.fetch_add(1, Ordering::Relaxed);
        EventSender(Arc::clone(&self.0))
    }
}

impl Drop for EventSender {
    fn drop(&mut self) {
        if self.0.senders.fetch_sub(1, Ordering::AcqRel) == 1 {
            let waiting = self.0.state().waiting.take();
            if let Some(reader) = waiting {
                reader.wake();
            }
        }
    }
}

impl fmt::Debug for EventSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventSender")
            .field("closed", &self.is_closed())
            .finish()
    }
}

/// The receiving half of an account's event channel.
pub struct EventStream(Arc<Shared>);

impl EventStream {
    /// The next event, or `None` when the session is over and every event was read.
    pub async fn recv(&mut self) -> Option<Event> {
        poll_fn(|cx| self.poll_recv(cx)).await
    }

    /// The next event if one is already waiting.
    pub fn try_recv(&mut self) -> Option<Event> {
        self.0.state().events.pop_front()
    }

    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<Event>> {
        // Like tokio's own channels, a read spends the task's budget, so a reader that always
        // finds an event still yields to the runtime now and then.
        let budget = ready!(tokio::task::coop::poll_proceed(cx));
        let mut state = self.0.state();
        if let Some(event) = state.events.pop_front() {
            budget.made_progress();
            return Poll::Ready(Some(event));
        }
        if self.0.senders.load(Ordering::Acquire) == 0 {
            budget.made_progress();
            return Poll::Ready(None);
        }
        if state.events.capacity() > IDLE_CAPACITY {
            state.events.shrink_to(IDLE_CAPACITY);
        }
        if !state
            .waiting
            .as_ref()
            .is_some_and(|waker| waker.will_wake(cx.waker()))
        {
            state.waiting = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        let unread = {
            let mut state = self.0.state();
            state.reader_gone = true;
            state.waiting = None;
            std::mem::take(&mut state.events)
        };
        // Dropped once the lock is released: an unread before-send question's responder closes.
        drop(unread);
    }
}

impl fmt::Debug for EventStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("queued", &self.0.state().events.len())
            .finish()
    }
}

/// A new event channel.
pub fn event_channel() -> (EventSender, EventStream) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            events: VecDeque::with_capacity(INITIAL_CAPACITY),
            waiting: None,
            reader_gone: false,
        }),
        senders: AtomicUsize::new(1),
    });
    (EventSender(Arc::clone(&shared)), EventStream(shared))
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::pin;

    use futures::task::{waker, ArcWake};

    use super::*;
    use crate::core::event::{BeforeSend, ReadReceipt};
    use crate::core::types::{ConvType, Message};

    /// A waker that counts its wake-ups.
    #[derive(Default)]
    struct Wakes(AtomicUsize);

    impl ArcWake for Wakes {
        fn wake_by_ref(arc_self: &Arc<Self>) {
            arc_self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn receipt(time: i64) -> Event {
        Event::ReadReceipt(ReadReceipt {
            reader: "peer".into(),
            time,
        })
    }

    fn time_of(event: Option<Event>) -> Option<i64> {
        match event {
            Some(Event::ReadReceipt(receipt)) => Some(receipt.time),
            _ => None,
        }
    }

    #[test]
    fn events_from_every_sender_come_out_in_the_order_they_were_sent() {
        let (first, mut stream) = event_channel();
        let second = first.clone();
        assert!(first.send(receipt(1)));
        assert!(second.send(receipt(2)));
        assert!(first.send(receipt(3)));
        let times: Vec<i64> = std::iter::from_fn(|| time_of(stream.try_recv())).collect();
        assert_eq!(times, [1, 2, 3]);
        assert!(stream.try_recv().is_none());
    }

    #[test]
    fn a_waiting_reader_is_woken_by_a_send_and_a_busy_one_is_not() {
        let (sender, mut stream) = event_channel();
        let wakes = Arc::new(Wakes::default());
        let waker = waker(Arc::clone(&wakes));
        let mut cx = Context::from_waker(&waker);

        {
            let mut waiting = pin!(stream.recv());
            assert!(waiting.as_mut().poll(&mut cx).is_pending());
            sender.send(receipt(1));
            assert_eq!(wakes.0.load(Ordering::SeqCst), 1);
            // Not waiting any more: this send only queues.
            sender.send(receipt(2));
            assert_eq!(wakes.0.load(Ordering::SeqCst), 1);
            let woken = waiting.as_mut().poll(&mut cx);
            assert_eq!(woken.map(time_of), Poll::Ready(Some(1)));
        }
        assert_eq!(time_of(stream.try_recv()), Some(2));
    }

    #[tokio::test]
    async fn the_reader_gets_what_was_queued_then_none_once_every_sender_is_gone() {
        let (sender, mut stream) = event_channel();
        let clone = sender.clone();
        sender.send(receipt(1));
        drop(sender);
        clone.send(receipt(2));
        let reader = tokio::spawn(async move {
            let mut times = Vec::new();
            while let Some(event) = stream.recv().await {
                times.extend(time_of(Some(event)));
            }
            times
        });
        // The reader drains the queue and parks; dropping the last sender wakes it.
        tokio::task::yield_now().await;
        assert!(!reader.is_finished());
        drop(clone);
        assert_eq!(reader.await.unwrap(), [1, 2]);
    }

    #[tokio::test]
    async fn dropping_the_stream_closes_the_senders_and_drops_what_was_unread() {
        let (sender, stream) = event_channel();
        let message = Arc::new(Message::new(ConvType::C2C, "peer", Vec::new()));
        let (question, answer) = BeforeSend::new(message);
        assert!(sender.send(Event::BeforeSend(question)));
        assert!(!sender.is_closed());
        drop(stream);
        assert!(sender.is_closed());
        assert!(!sender.send(receipt(1)));
        assert!(
            answer.await.is_err(),
            "the unread question's responder is dropped"
        );
    }
}
