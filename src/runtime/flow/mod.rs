//! Outbound flow control: the [`Outbox`] that keeps a bot within the service's send budgets.
//!
//! [`FlowControl`] holds each outgoing message until it fits the budgets of [`FlowLimits`],
//! instead of letting the service refuse it:
//!
//! - **per group**: at most [`FlowLimits::per_group`] messages to one group in any second (the
//!   service takes 40 and refuses more with `10023`);
//! - **global**: at most [`FlowLimits::per_api`] messages in any second over all conversations,
//!   counted per send API as REST counts them (one-to-one `sendmsg` and `send_group_msg`, 200
//!   calls per second each; `60007` past it).
//!
//! Messages of one conversation from one account leave in the order `send` was called: a
//! message waiting for its budget holds its conversation's place and later ones queue behind it,
//! while other conversations go on (a busy group delays nobody else). A send the service still
//! refuses for its rate ([`is_rate_limited`]: another sender filled the group, another process
//! shares the app's REST budget) is sent again after a doubling backoff, keeping its place, up to
//! [`FlowLimits::max_attempts`] attempts; any other error is returned at once.
//!
//! Every bot built by the runtime sends through a `FlowControl` made from its `[bot.flow]`
//! table ([`FlowLimits`], on by default). Bots that share a group or an app's REST budget can
//! share one flow control:
//!
//! ```
//! # use std::sync::Arc;
//! # use timbot::runtime::{BotBuilder, FlowControl, FlowLimits, Outbox};
//! # fn demo(support: BotBuilder, moderation: BotBuilder) -> (BotBuilder, BotBuilder) {
//! let shared: Arc<dyn Outbox> = Arc::new(FlowControl::new(FlowLimits::default()));
//! (support.outbox(shared.clone()), moderation.outbox(shared))
//! # }
//! ```

mod limits;
mod window;

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use self::window::Window;
use super::conv_key::ConvKey;
use super::outbox::{DirectOutbox, Outbox};
use crate::core::types::Message;
use crate::core::{Client, Result};

pub use limits::{
    is_rate_limited, FlowLimits, API_CALLS_PER_SECOND, GROUP_MESSAGES_PER_SECOND, MAX_BACKOFF,
};

/// How many conversations (and groups) are remembered before the idle ones are forgotten.
const IDLE_KEPT: usize = 1024;

/// An [`Outbox`] with per-group and global budgets, per-conversation order and retries.
#[derive(Debug)]
pub struct FlowControl {
    limits: FlowLimits,
    /// One turn-taking lock per sending account and conversation: the order of its messages.
    lanes: Table<(String, ConvKey), tokio::sync::Mutex<()>>,
    /// One budget per group, shared by every account sending through this flow control.
    groups: Table<String, Window>,
    /// The global budget of one-to-one sends.
    c2c_api: Window,
    /// The global budget of group sends.
    group_api: Window,
}

impl FlowControl {
    /// Flow control with `limits` (whose `enabled` it ignores: it is flow control).
    pub fn new(limits: FlowLimits) -> Self {
        FlowControl {
            c2c_api: Window::new(limits.per_api),
            group_api: Window::new(limits.per_api),
            lanes: Table::default(),
            groups: Table::default(),
            limits,
        }
    }

    /// The outbox `limits` ask for: flow control, or [`DirectOutbox`] when not `enabled`.
    pub fn outbox(limits: &FlowLimits) -> Arc<dyn Outbox> {
        if limits.enabled {
            Arc::new(FlowControl::new(limits.clone()))
        } else {
            Arc::new(DirectOutbox)
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &FlowLimits {
        &self.limits
    }

    /// Wait until `conversation` may send one more message under every budget, and count it.
    async fn admit(&self, conversation: &ConvKey) {
        match conversation.group_id() {
            Some(group) => {
                let per_group = self.limits.per_group;
                let budget =
                    self.groups
                        .get(group.to_owned(), || Window::new(per_group), Window::is_idle);
                budget.admit().await;
                self.group_api.admit().await;
            }
            None => self.c2c_api.admit().await,
        }
    }
}

#[async_trait]
impl Outbox for FlowControl {
    async fn send(&self, client: &Client, message: Message) -> Result<Message> {
        let conversation = ConvKey::of_message(&message);
        let sender = client.user_id().unwrap_or_default();
        let lane = self.lanes.get(
            (sender, conversation.clone()),
            tokio::sync::Mutex::default,
            |_| true,
        );
        // Held until this message is through: the conversation's later messages wait behind it.
        let _turn = lane.lock().await;
        let mut attempt = 1;
        loop {
            self.admit(&conversation).await;
            match client.messages()?.send_message(message.clone()).await {
                Err(error)
                    if is_rate_limited(&error) && attempt < self.limits.max_attempts.get() =>
                {
                    let wait = self.limits.backoff(attempt);
                    tracing::debug!(%conversation, attempt, ?wait, %error, "rate-limited; sending again after a backoff");
                    attempt += 1;
                    tokio::time::sleep(wait).await;
                }
                Err(error) if is_rate_limited(&error) => {
                    tracing::warn!(%conversation, attempt, %error, "still rate-limited after the last attempt");
                    return Err(error);
                }
                result => return result,
            }
        }
    }
}

/// Values shared by key. Once it holds [`IDLE_KEPT`] entries, adding one forgets those nobody
/// is using whose state `forgettable` says carries nothing; if most are still needed, the next
/// clean-up waits until the table has doubled (so a busy table is not scanned on every add).
#[derive(Debug)]
struct Table<K, V> {
    entries: Mutex<Entries<K, V>>,
}

#[derive(Debug)]
struct Entries<K, V> {
    map: HashMap<K, Arc<V>>,
    /// The size at which the next clean-up runs.
    clean_at: usize,
}

impl<K, V> Default for Table<K, V> {
    fn default() -> Self {
        Table {
            entries: Mutex::new(Entries {
                map: HashMap::new(),
                clean_at: IDLE_KEPT,
            }),
        }
    }
}

impl<K: Eq + Hash, V> Table<K, V> {
    fn get(&self, key: K, make: impl FnOnce() -> V, forgettable: impl Fn(&V) -> bool) -> Arc<V> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let Entries { map, clean_at } = &mut *entries;
        if map.len() >= *clean_at && !map.contains_key(&key) {
            // An entry only the table holds cannot be in use: the table's lock is held.
            map.retain(|_, value| Arc::strong_count(value) > 1 || !forgettable(value));
            *clean_at = IDLE_KEPT.max(map.len() * 2);
        }
        map.entry(key).or_insert_with(|| Arc::new(make())).clone()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_table_forgets_idle_entries_and_keeps_those_in_use_or_not_idle() {
        let table: Table<usize, bool> = Table::default();
        let held = table.get(0, || true, |idle| *idle);
        table.get(1, || false, |idle| *idle);
        for key in 2..IDLE_KEPT {
            table.get(key, || true, |idle| *idle);
        }
        assert_eq!(table.len(), IDLE_KEPT);
        table.get(IDLE_KEPT, || true, |idle| *idle);
        // Kept: 0 (still held), 1 (not idle) and the new one.
        assert_eq!(table.len(), 3);
        assert!(Arc::ptr_eq(&held, &table.get(0, || true, |idle| *idle)));
    }

    #[test]
    fn a_table_whose_entries_are_all_needed_waits_to_double_before_cleaning_again() {
        let table: Table<usize, bool> = Table::default();
        let busy = |_: &bool| false;
        for key in 0..=IDLE_KEPT {
            table.get(key, || false, busy);
        }
        // The clean-up at IDLE_KEPT kept everything; the next is due at twice that.
        let forgettable = |_: &bool| true;
        for key in IDLE_KEPT + 1..2 * IDLE_KEPT {
            table.get(key, || false, forgettable);
        }
        assert_eq!(
            table.len(),
            2 * IDLE_KEPT,
            "no clean-up before the table doubled"
        );
        table.get(2 * IDLE_KEPT, || false, forgettable);
        assert_eq!(table.len(), 1, "then everything idle goes");
    }
}
