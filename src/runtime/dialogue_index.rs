//! Which conversations may have an open dialogue, per plugin, kept in memory: a message in any
//! other conversation is not offered to the store (the dialogue claim's fast path).
//!
//! **Why it can be trusted.** The index holds every open dialogue of one bot in one store (and
//! maybe some whose deadline has passed but whose timeout has not run yet):
//!
//! - A dialogue is entered before its record is written, and taken out after its record was
//!   deleted or marked ended. Each of these pairs (and the reading of a record at start-up)
//!   runs under the index's write lock ([`DialogueIndex::lock`]), so an end and a new write of
//!   the same dialogue cannot interleave: whichever runs last leaves both the record and the
//!   index as it wants them. (One lock for all of a bot's dialogue writes costs little: a
//!   memory store's write takes microseconds, and the file store runs one write transaction
//!   at a time anyway.)
//! - Dialogues written before the index existed (before a restart) are entered when their
//!   plugin starts and lists them from the store; until that listing is done, the index says
//!   "maybe" for every conversation of that plugin ([`DialogueIndex::listed`]).
//! - Every writer must keep it: so there is an index only for a store that only this process
//!   can reach ([`Store::local_id`]), and one index per store and bot name, shared by every bot
//!   of that name on that store in this process (replicas in one process). Replicas in several
//!   processes share a store that has no local id (a server such as Redis): they get no index
//!   and read the store for every message, since another process may have opened a dialogue.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, Weak};

use super::conv_key::ConvKey;
use crate::store::Store;

/// The open dialogues of one bot in one store.
#[derive(Default)]
pub(crate) struct DialogueIndex {
    plugins: Mutex<HashMap<String, PluginIndex>>,
    /// Held while a record is written or removed together with its entry here.
    writing: tokio::sync::Mutex<()>,
}

/// One plugin's dialogues.
#[derive(Default)]
struct PluginIndex {
    /// Its dialogues were listed from the store: the index holds all of them.
    listed: bool,
    /// By conversation, its dialogues: the conversation's own (no user) and users'.
    open: HashMap<ConvKey, Vec<Option<Box<str>>>>,
}

/// The indexes in use, by store id and bot name.
type Shared = HashMap<(u64, String), Weak<DialogueIndex>>;

impl DialogueIndex {
    /// The index of bot `bot`'s dialogues in `store`, shared with every other bot of that name
    /// on the same store; `None` when other processes may write the store.
    pub fn of(store: &dyn Store, bot: &str) -> Option<Arc<DialogueIndex>> {
        static SHARED: LazyLock<Mutex<Shared>> = LazyLock::new(Mutex::default);
        let id = store.local_id()?;
        let mut shared = SHARED.lock().unwrap_or_else(|p| p.into_inner());
        let key = (id, bot.to_owned());
        if let Some(index) = shared.get(&key).and_then(Weak::upgrade) {
            return Some(index);
        }
        shared.retain(|_, index| index.strong_count() > 0);
        let index = Arc::new(DialogueIndex::default());
        shared.insert(key, Arc::downgrade(&index));
        Some(index)
    }

    fn plugins(&self) -> MutexGuard<'_, HashMap<String, PluginIndex>> {
        self.plugins.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The write lock: hold it while a record is written or removed and its entry changed.
    pub async fn lock(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.writing.lock().await
    }

    /// Whether `plugin` may have a dialogue open in `conversation` (`true` until its
    /// dialogues were listed).
    pub fn may_have(&self, plugin: &str, conversation: &ConvKey) -> bool {
        self.plugins()
            .get(plugin)
            .is_none_or(|index| !index.listed || index.open.contains_key(conversation))
    }

    /// `plugin`'s dialogues were all listed from the store (and entered).
    pub fn listed(&self, plugin: &str) {
        self.plugins().entry(plugin.to_owned()).or_default().listed = true;
    }

    /// Enter a dialogue of `plugin` (before its record is written).
    pub fn enter(&self, plugin: &str, conversation: &ConvKey, user: Option<&str>) {
        let mut plugins = self.plugins();
        let index = match plugins.get_mut(plugin) {
            Some(index) => index,
            None => plugins.entry(plugin.to_owned()).or_default(),
        };
        let users = match index.open.get_mut(conversation) {
            Some(users) => users,
            None => index.open.entry(conversation.clone()).or_default(),
        };
        if !users.iter().any(|entered| entered.as_deref() == user) {
            users.push(user.map(Box::from));
        }
    }

    /// Take a dialogue of `plugin` out (its record was deleted or marked ended).
    pub fn close(&self, plugin: &str, conversation: &ConvKey, user: Option<&str>) {
        let mut plugins = self.plugins();
        let Some(index) = plugins.get_mut(plugin) else {
            return;
        };
        let Some(users) = index.open.get_mut(conversation) else {
            return;
        };
        users.retain(|entered| entered.as_deref() != user);
        if users.is_empty() {
            index.open.remove(conversation);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    #[test]
    fn unlisted_plugins_may_have_any_dialogue() {
        let index = DialogueIndex::default();
        let alice = ConvKey::direct("alice");
        assert!(index.may_have("p", &alice));
        index.enter("p", &ConvKey::direct("bob"), None);
        assert!(index.may_have("p", &alice), "not listed yet");
        index.listed("p");
        assert!(!index.may_have("p", &alice));
        assert!(index.may_have("p", &ConvKey::direct("bob")));
        assert!(index.may_have("q", &alice));
    }

    #[test]
    fn a_conversation_stays_while_one_of_its_dialogues_is_open() {
        let index = DialogueIndex::default();
        index.listed("p");
        let team = ConvKey::group("team");
        index.enter("p", &team, Some("alice"));
        index.enter("p", &team, None);
        index.enter("p", &team, Some("alice"));
        index.close("p", &team, None);
        assert!(index.may_have("p", &team), "alice's is still open");
        index.close("p", &team, Some("alice"));
        assert!(!index.may_have("p", &team));
    }

    #[test]
    fn bots_of_one_name_on_one_local_store_share_an_index() {
        let store = MemoryStore::new();
        let a = DialogueIndex::of(&store, "bot").expect("a local store");
        let b = DialogueIndex::of(&store, "bot").expect("a local store");
        assert!(Arc::ptr_eq(&a, &b));
        let other = DialogueIndex::of(&store, "other").expect("a local store");
        assert!(!Arc::ptr_eq(&a, &other));
        let elsewhere = DialogueIndex::of(&MemoryStore::new(), "bot").expect("a local store");
        assert!(!Arc::ptr_eq(&a, &elsewhere));
    }
}
