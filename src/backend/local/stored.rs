//! The stored messages of one conversation (a pair of users or a group): oldest first, pruned
//! as new ones arrive by age (the service keeps history 7 days by default, seed-002-part1 §2.14
//! L3584–L3592) and by count (a memory bound of the engine, configurable).

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::Arc;

use crate::core::types::Message;

/// How long and how many messages a conversation keeps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Retention {
    /// Messages older than this many seconds are dropped.
    pub max_age_secs: i64,
    /// At most this many messages are kept.
    pub max_count: usize,
}

/// One conversation's stored messages.
#[derive(Debug, Default)]
pub(crate) struct MessageStore {
    messages: VecDeque<Arc<Message>>,
}

impl MessageStore {
    /// Store `message` (sent at `now`), dropping what the retention no longer keeps.
    pub(crate) fn push(&mut self, message: Arc<Message>, now: i64, retention: Retention) {
        self.messages.push_back(message);
        let oldest_kept = now.saturating_sub(retention.max_age_secs);
        while self
            .messages
            .front()
            .is_some_and(|m| m.server_time < oldest_kept)
            || self.messages.len() > retention.max_count
        {
            self.messages.pop_front();
        }
    }

    /// The number of stored messages.
    pub(crate) fn len(&self) -> usize {
        self.messages.len()
    }

    /// The index of the first message for which `before` is false (messages are in order).
    pub(crate) fn partition_point(&self, before: impl FnMut(&Arc<Message>) -> bool) -> usize {
        self.messages.partition_point(before)
    }

    /// The message with `msg_id` and its index, searching from the newest.
    pub(crate) fn find(&self, msg_id: &str) -> Option<(usize, Arc<Message>)> {
        let index = self.messages.iter().rposition(|m| m.msg_id == msg_id)?;
        Some((index, Arc::clone(&self.messages[index])))
    }

    /// Put `message` in place of the one at `index`.
    pub(crate) fn replace(&mut self, index: usize, message: Arc<Message>) {
        if let Some(slot) = self.messages.get_mut(index) {
            *slot = message;
        }
    }

    /// The messages in `range`, newest first.
    pub(crate) fn newest_first(&self, range: Range<usize>) -> impl Iterator<Item = &Arc<Message>> {
        self.messages.range(range).rev()
    }

    /// The messages with a seq above `seq`, oldest first.
    pub(crate) fn after_seq(&self, seq: u64) -> impl Iterator<Item = &Arc<Message>> {
        let start = self.messages.partition_point(|m| m.seq <= seq);
        self.messages.range(start..)
    }
}
