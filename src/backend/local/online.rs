//! A group's online sessions: the event senders of its members' logged-in sessions, in one
//! array, which is what a group message or tip fans out to.
//!
//! The array is kept up to date as sessions log in and end (logout, kick, expiry) and as members
//! join and leave, so that sending to a group of 10,000 online members is one pass over 10,000
//! senders, with no lookup per member. Each session is in the array of every group its account
//! is a member of.

use rustc_hash::FxHashMap;

use crate::core::event::{Event, EventSender};

/// The online sessions of one group's members.
#[derive(Debug, Default)]
pub(crate) struct OnlineSessions {
    /// Each session's engine-wide id and its event sender, in no particular order.
    slots: Vec<(u64, EventSender)>,
    /// Where each session's slot is in `slots`.
    index: FxHashMap<u64, usize>,
}

impl OnlineSessions {
    /// Add `session` (nothing happens if it is already in).
    pub(crate) fn insert(&mut self, session: u64, events: &EventSender) {
        if self.index.contains_key(&session) {
            return;
        }
        self.index.insert(session, self.slots.len());
        self.slots.push((session, events.clone()));
    }

    /// Take `session` out (nothing happens if it is not in).
    pub(crate) fn remove(&mut self, session: u64) {
        let Some(at) = self.index.remove(&session) else {
            return;
        };
        self.slots.swap_remove(at);
        if let Some((moved, _)) = self.slots.get(at) {
            self.index.insert(*moved, at);
        }
    }

    /// Send `event` to every session for which `skip` is false.
    pub(crate) fn send(&self, event: &Event, skip: impl Fn(u64) -> bool) {
        for (session, events) in &self.slots {
            if !skip(*session) {
                events.send(event.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::{event_channel, EventStream};

    fn received(stream: &mut EventStream) -> usize {
        std::iter::from_fn(|| stream.try_recv()).count()
    }

    #[test]
    fn a_removed_session_gets_nothing_and_the_others_get_each_event_once() {
        let mut online = OnlineSessions::default();
        let mut streams: Vec<EventStream> = (1..=4)
            .map(|id| {
                let (events, stream) = event_channel();
                online.insert(id, &events);
                online.insert(id, &events);
                stream
            })
            .collect();
        // Session 2's slot is taken by the last one (4), which is then removed from its new place.
        online.remove(2);
        online.remove(4);
        online.remove(9);
        online.send(&Event::KickedOffline, |_| false);
        let counts: Vec<usize> = streams.iter_mut().map(received).collect();
        assert_eq!(counts, [1, 0, 1, 0]);
    }

    #[test]
    fn skipped_sessions_get_nothing() {
        let mut online = OnlineSessions::default();
        let (first, mut first_stream) = event_channel();
        let (second, mut second_stream) = event_channel();
        online.insert(1, &first);
        online.insert(2, &second);
        online.send(&Event::KickedOffline, |id| id == 1);
        assert_eq!(received(&mut first_stream), 0);
        assert_eq!(received(&mut second_stream), 1);
    }
}
