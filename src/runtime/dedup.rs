//! A bounded window of recently seen message ids, so that a message delivered twice is handled
//! once. The window keeps the newest `capacity` ids; memory never grows past it.

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
            seen: HashSet::with_capacity(capacity),
            order: VecDeque::with_capacity(capacity),
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
