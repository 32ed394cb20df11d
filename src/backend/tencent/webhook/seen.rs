//! A bounded set of keys that forget themselves after a while: what the receiver uses to
//! reject replayed requests and to handle a callback delivered twice only once.
//!
//! Memory is bounded: expired keys are swept when the set grows, and when it is full of
//! unexpired keys the oldest ones are dropped (a flood cannot grow it without limit).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Keys remembered for a fixed time, at most `capacity` of them.
#[derive(Debug)]
pub struct SeenSet {
    ttl_secs: i64,
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    expiry: HashMap<String, i64>,
    order: VecDeque<(i64, String)>,
}

impl SeenSet {
    /// A set remembering each key for `ttl_secs`, holding at most `capacity` keys.
    pub fn new(ttl_secs: u64, capacity: usize) -> Self {
        SeenSet {
            ttl_secs: i64::try_from(ttl_secs).unwrap_or(i64::MAX),
            capacity: capacity.max(1),
            state: Mutex::new(State::default()),
        }
    }

    /// Remembers `key` at time `now` (Unix seconds); `true` when it was not already known.
    pub fn insert(&self, key: &str, now: i64) -> bool {
        let mut state = match self.state.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        state.sweep(now, self.capacity);
        if state.expiry.get(key).is_some_and(|&until| until > now) {
            return false;
        }
        let until = now.saturating_add(self.ttl_secs);
        state.expiry.insert(key.to_owned(), until);
        state.order.push_back((until, key.to_owned()));
        true
    }
}

impl State {
    /// Drops expired keys, then the oldest ones while the set is full.
    fn sweep(&mut self, now: i64, capacity: usize) {
        while let Some((until, key)) = self.order.front() {
            let full = self.expiry.len() >= capacity;
            if *until > now && !full {
                break;
            }
            // A key re-inserted later has a later expiry; only drop the entry that matches.
            if self.expiry.get(key) == Some(until) {
                self.expiry.remove(key);
            }
            self.order.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_new_once_until_it_expires() {
        let seen = SeenSet::new(60, 100);
        assert!(seen.insert("a", 1000));
        assert!(!seen.insert("a", 1059));
        assert!(seen.insert("a", 1060));
    }

    #[test]
    fn the_set_never_holds_more_than_its_capacity() {
        let seen = SeenSet::new(3600, 2);
        assert!(seen.insert("a", 0));
        assert!(seen.insert("b", 1));
        assert!(seen.insert("c", 2));
        let state = seen.state.lock().expect("lock");
        assert_eq!(state.expiry.len(), 2);
        assert!(
            !state.expiry.contains_key("a"),
            "the oldest key was dropped"
        );
    }
}
