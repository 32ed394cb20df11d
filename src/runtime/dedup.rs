//! A bounded window of recently seen message ids, so that a message delivered twice is handled
//! once. The window keeps the newest `capacity` ids; memory grows with the ids seen and never past
//! the window (nothing is reserved up front: a bot's default window of 4,096 ids reserved
//! 300 KB per bot before it saw a message, BENCHMARKS.md).

use std::collections::{HashSet, VecDeque};

/// The most recent message ids.
#[derive(Debug)]
pub struct DedupWindow {
    capacity: usize,
    seen: HashSet<String>,
    order: VecDeque<String>,
}

impl DedupWindow {
    /// A window remembering the last `capacity` ids (at least one).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        DedupWindow {
            capacity,
            seen: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    /// Record `id`; returns `false` when it was already in the window (a duplicate).
    pub fn first_time(&mut self, id: &str) -> bool {
        if self.seen.contains(id) {
            return false;
        }
        if self.order.len() == self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.seen.remove(&oldest);
            }
        }
        self.seen.insert(id.to_owned());
        self.order.push_back(id.to_owned());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_only_the_window() {
        let mut window = DedupWindow::new(2);
        assert!(window.first_time("a"));
        assert!(!window.first_time("a"));
        assert!(window.first_time("b"));
        assert!(window.first_time("c"));
        assert!(window.first_time("a"), "a fell out of the window");
        assert!(!window.first_time("c"));
    }
}
