//! Which bot accounts are logged in, and where their events go.
//!
//! Tencent sends every callback of the app to one URL; the receiver hands each event to the
//! sessions it concerns (see [`super::receiver`] for the routing rules). Logging an account in
//! again replaces its previous session, which is told it was kicked offline.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

use crate::core::event::{Event, EventSender};

/// The logged-in accounts and their event senders.
#[derive(Debug, Default)]
pub struct Registry {
    sessions: RwLock<HashMap<String, Entry>>,
    next_id: AtomicU64,
}

#[derive(Debug)]
struct Entry {
    id: u64,
    events: EventSender,
}

impl Registry {
    /// Registers `user_id`'s session and returns its registration id; a previous session of
    /// the same account is kicked.
    pub fn register(&self, user_id: &str, events: EventSender) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let previous = self
            .write()
            .insert(user_id.to_owned(), Entry { id, events });
        if let Some(previous) = previous {
            previous.events.send(Event::KickedOffline);
        }
        id
    }

    /// Removes `user_id`'s session if it is still registration `id` (a newer login of the same
    /// account stays). Its event stream ends once the sender is dropped.
    pub fn unregister(&self, user_id: &str, id: u64) {
        let mut sessions = self.write();
        if sessions.get(user_id).is_some_and(|entry| entry.id == id) {
            sessions.remove(user_id);
        }
    }

    /// The sender of `user_id`'s session, if it is logged in.
    pub fn get(&self, user_id: &str) -> Option<EventSender> {
        self.read().get(user_id).map(|entry| entry.events.clone())
    }

    /// Every logged-in account, with its sender.
    pub fn all(&self) -> Vec<(String, EventSender)> {
        self.matching(|_| true)
    }

    /// Every logged-in account except `except` (e.g. a message's sender), with its sender.
    pub fn all_except(&self, except: &str) -> Vec<(String, EventSender)> {
        self.matching(|user| user != except)
    }

    fn matching(&self, keep: impl Fn(&str) -> bool) -> Vec<(String, EventSender)> {
        self.read()
            .iter()
            .filter(|(user, entry)| keep(user) && !entry.events.is_closed())
            .map(|(user, entry)| (user.clone(), entry.events.clone()))
            .collect()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Entry>> {
        match self.sessions.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Entry>> {
        match self.sessions.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::event_channel;

    #[test]
    fn a_second_login_kicks_the_first_and_the_first_logout_leaves_it() {
        let registry = Registry::default();
        let (first_sender, mut first) = event_channel();
        let (second_sender, _second) = event_channel();
        let first_id = registry.register("bot", first_sender);
        let second_id = registry.register("bot", second_sender);
        assert!(matches!(first.try_recv(), Some(Event::KickedOffline)));

        registry.unregister("bot", first_id);
        assert!(registry.get("bot").is_some(), "the newer session stays");
        registry.unregister("bot", second_id);
        assert!(registry.get("bot").is_none());
    }

    #[test]
    fn closed_sessions_and_the_excluded_account_are_skipped() {
        let registry = Registry::default();
        let (a, _a_stream) = event_channel();
        let (b, b_stream) = event_channel();
        registry.register("a", a);
        registry.register("b", b);
        assert_eq!(registry.all().len(), 2);
        assert!(registry.all_except("a").iter().all(|(user, _)| user == "b"));
        drop(b_stream);
        assert_eq!(registry.all().len(), 1);
    }
}
