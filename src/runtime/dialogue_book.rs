//! The dialogues of one bot: their records in the store, the claim that hands an open
//! dialogue's messages to its plugin, and the timers that run the timeout hooks at the deadlines
//! (set again from the store whenever a plugin starts). The API is in `dialogue.rs`.

use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tracing::Instrument;

use super::bot_state::BotState;
use super::claim::Claim;
use super::context::Context;
use super::conv_key::ConvKey;
use super::dialogue::{ExpiredDialogue, OnCommand};
use super::dialogue_timers::DialogueTimers;
use crate::core::event::Event;
use crate::core::types::{ConvType, Message};
use crate::core::{Error, Result};
use crate::store::{Clock, Store};

/// How long the marker of a timed-out dialogue stays in the store (it tells replicas and late
/// readers that the timeout has fired).
const ENDED_MARKER_TTL: Duration = Duration::from_secs(60);

/// Where one dialogue lives: its conversation, its user (per-user dialogues in a group) and
/// its store key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DialogueKey {
    conversation: ConvKey,
    user: Option<String>,
    store_key: String,
}

impl DialogueKey {
    /// The key of `plugin`'s dialogue of bot `bot` in `conversation` (with `user`, if per-user).
    pub fn new(bot: &str, plugin: &str, conversation: &ConvKey, user: Option<&str>) -> Self {
        let mut store_key = plugin_prefix(bot, plugin);
        store_key.push_str(&escape(&conversation.to_string()));
        if let Some(user) = user {
            store_key.push('/');
            store_key.push_str(&escape(user));
        }
        DialogueKey {
            conversation: conversation.clone(),
            user: user.map(str::to_owned),
            store_key,
        }
    }

    /// The store key.
    pub fn store_key(&self) -> &str {
        &self.store_key
    }
}

/// The store prefix of every dialogue of one plugin of one bot.
fn plugin_prefix(bot: &str, plugin: &str) -> String {
    format!("dialogue/{}/{}/", escape(bot), escape(plugin))
}

/// A key segment with `/` and `%` escaped, so segments never run into each other.
fn escape(segment: &str) -> String {
    segment.replace('%', "%25").replace('/', "%2F")
}

/// One dialogue as stored (JSON).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Record {
    conv_type: ConvType,
    conv_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    /// When it times out.
    pub deadline: DateTime<Utc>,
    /// How long each step may wait for an answer, in milliseconds.
    timeout_ms: u64,
    on_command: OnCommand,
    state: serde_json::Value,
    /// The last message the dialogue took (the timeout hook's context carries it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
    /// The timeout has fired: the dialogue is over.
    #[serde(default)]
    ended: bool,
}

impl Record {
    /// A new dialogue at `key` opened `now`.
    pub fn new(
        key: &DialogueKey,
        now: DateTime<Utc>,
        timeout: Duration,
        on_command: OnCommand,
        state: serde_json::Value,
        message: Option<Message>,
    ) -> Result<Self> {
        let timeout_ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        Ok(Record {
            conv_type: key.conversation.conv_type,
            conv_id: key.conversation.id.clone(),
            user: key.user.clone(),
            deadline: deadline_after(now, timeout_ms)?,
            timeout_ms,
            on_command,
            state,
            message,
            ended: false,
        })
    }

    /// Move on to `state` at `now`, with a fresh deadline.
    pub fn advance(&mut self, now: DateTime<Utc>, state: serde_json::Value) -> Result<()> {
        self.deadline = deadline_after(now, self.timeout_ms)?;
        self.state = state;
        Ok(())
    }

    /// The state, decoded.
    pub fn state<T: DeserializeOwned>(&self) -> Result<T> {
        self.expired().state()
    }

    fn is_open_at(&self, now: DateTime<Utc>) -> bool {
        !self.ended && self.deadline > now
    }

    fn conversation(&self) -> ConvKey {
        ConvKey {
            conv_type: self.conv_type,
            id: self.conv_id.clone(),
        }
    }

    fn expired(&self) -> ExpiredDialogue {
        ExpiredDialogue {
            state: self.state.clone(),
            user: self.user.clone(),
            deadline: self.deadline,
        }
    }

    fn encode(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self).map_err(|e| Error::Store(format!("cannot encode a dialogue: {e}")))
    }

    fn decode(key: &str, bytes: &[u8]) -> Result<Self> {
        serde_json::from_slice(bytes)
            .map_err(|e| Error::Store(format!("the dialogue at {key:?} does not decode: {e}")))
    }
}

fn deadline_after(now: DateTime<Utc>, timeout_ms: u64) -> Result<DateTime<Utc>> {
    i64::try_from(timeout_ms)
        .ok()
        .and_then(TimeDelta::try_milliseconds)
        .and_then(|delta| now.checked_add_signed(delta))
        .ok_or_else(|| Error::invalid("dialogue", "the timeout is too long"))
}

/// The dialogues of one bot.
pub(crate) struct DialogueBook {
    bot: String,
    store: Arc<dyn Store>,
    clock: Clock,
    timers: DialogueTimers,
    /// The bot, once built (timers make their contexts from it).
    state: OnceLock<Weak<BotState>>,
}

impl DialogueBook {
    /// The dialogues of bot `bot`, kept in `store`, timed by `clock`.
    pub fn new(bot: &str, store: Arc<dyn Store>, clock: Clock) -> Self {
        DialogueBook {
            bot: bot.to_owned(),
            store,
            clock,
            timers: DialogueTimers::default(),
            state: OnceLock::new(),
        }
    }

    /// Tie the book to its bot (once, when the bot is built).
    pub fn bind(&self, state: &Arc<BotState>) {
        let _ = self.state.set(Arc::downgrade(state));
    }

    /// The clock deadlines are kept by.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The dialogue at `key` when it is open now.
    pub async fn open_record(&self, key: &DialogueKey) -> Result<Option<Record>> {
        let Some(bytes) = self.store.get(key.store_key()).await? else {
            return Ok(None);
        };
        let record = Record::decode(key.store_key(), &bytes)?;
        Ok(record.is_open_at(self.clock.now()).then_some(record))
    }

    /// Store `record` at `key` for plugin `plugin` and set its timer.
    pub async fn write(&self, plugin: usize, key: &DialogueKey, record: &Record) -> Result<()> {
        self.store
            .set(key.store_key(), record.encode()?, None)
            .await?;
        self.arm(plugin, key.store_key().to_owned(), record.deadline);
        Ok(())
    }

    /// Remove the dialogue at `key` and stop its timer.
    pub async fn remove(&self, key: &DialogueKey) -> Result<()> {
        self.timers.cancel(key.store_key());
        self.store.delete(key.store_key()).await.map(|_| ())
    }

    /// Set the timers of every open dialogue of plugin `plugin` (it is starting), to be
    /// cancelled when it stops. A record that does not decode is logged and left alone.
    pub async fn resume(&self, plugin: usize) {
        let (Some(state), Some(weak)) = (self.bot(), self.state.get().cloned()) else {
            return;
        };
        let Some(slot) = state.plugins.get(plugin) else {
            return;
        };
        let name = slot.name.clone();
        slot.effects.on_dispose(move || {
            if let Some(state) = weak.upgrade() {
                state.dialogues.timers.cancel_plugin(plugin);
            }
        });
        let keys = match self.store.keys(&plugin_prefix(&self.bot, &name)).await {
            Ok(keys) => keys,
            Err(error) => {
                tracing::error!(bot = %self.bot, plugin = %name, %error, "cannot list the dialogues to resume");
                return;
            }
        };
        for key in keys {
            match self.store.get(&key).await {
                Ok(Some(bytes)) => match Record::decode(&key, &bytes) {
                    Ok(record) if !record.ended => self.arm(plugin, key, record.deadline),
                    Ok(_) => {}
                    Err(error) => tracing::warn!(bot = %self.bot, %error, "dialogue skipped"),
                },
                Ok(None) => {}
                Err(error) => {
                    tracing::warn!(bot = %self.bot, key, %error, "cannot read a dialogue")
                }
            }
        }
    }

    fn bot(&self) -> Option<Arc<BotState>> {
        self.state.get()?.upgrade()
    }

    /// Run the timeout of the dialogue at `key` at `deadline` (replacing its earlier timer),
    /// while plugin `plugin` runs.
    fn arm(&self, plugin: usize, key: String, deadline: DateTime<Utc>) {
        let (Some(state), Some(weak)) = (self.bot(), self.state.get().cloned()) else {
            return;
        };
        if !state
            .plugins
            .get(plugin)
            .is_some_and(|slot| slot.enabled.load(Ordering::SeqCst))
        {
            return;
        }
        let (clock, id, due_key) = (self.clock, self.timers.next_id(), key.clone());
        self.timers.start(key, plugin, id, async move {
            while clock.now() < deadline {
                tokio::time::sleep_until(clock.instant_at(deadline)).await;
            }
            let Some(state) = weak.upgrade() else {
                return;
            };
            if !state.dialogues.timers.take(&due_key, id) {
                return;
            }
            if let Err(error) = time_out(&state, plugin, &due_key, deadline).await {
                tracing::error!(bot = %state.name(), key = due_key, %error, "dialogue timeout failed");
            }
        });
    }
}

/// The deadline of the dialogue at `key` has come: unless it moved on or ended meanwhile,
/// mark it ended (once, across replicas) and run the plugin's timeout hook.
async fn time_out(
    state: &Arc<BotState>,
    plugin: usize,
    key: &str,
    deadline: DateTime<Utc>,
) -> Result<()> {
    let store = &state.dialogues.store;
    let Some(bytes) = store.get(key).await? else {
        return Ok(());
    };
    let record = Record::decode(key, &bytes)?;
    if record.ended || record.deadline != deadline {
        return Ok(());
    }
    let ended = Record {
        ended: true,
        ..record.clone()
    };
    let marked = store
        .compare_and_set(key, Some(bytes), ended.encode()?, Some(ENDED_MARKER_TTL))
        .await?;
    let Some(slot) = state.plugins.get(plugin) else {
        return Ok(());
    };
    let conversation = record.conversation();
    if !marked || !super::pipeline::runs_here(state, plugin, &conversation) {
        return Ok(());
    }
    let message = record.message.clone().unwrap_or_else(|| {
        let mut placeholder = Message::new(conversation.conv_type, conversation.id.clone(), vec![]);
        placeholder.sender = record.user.clone().unwrap_or_default();
        placeholder
    });
    let event = Arc::new(Event::NewMessage(Arc::new(message)));
    let ctx = Context::new(state.clone(), plugin, event, conversation.clone(), None);
    let expired = record.expired();
    let span = tracing::info_span!("dialogue_timeout", bot = %state.name(), conv = %conversation);
    super::pipeline::guarded(
        state,
        &slot.name,
        slot.plugin.on_dialogue_timeout(&ctx, &expired),
    )
    .instrument(span)
    .await;
    Ok(())
}

#[async_trait]
impl Claim for DialogueBook {
    /// A message of a conversation where `plugin` has a dialogue open (the conversation's, or
    /// the sender's in a group). A command of another plugin goes by the dialogue's
    /// [`OnCommand`].
    async fn claims(&self, plugin: &str, conversation: &ConvKey, message: &Message) -> bool {
        let Some(state) = self.bot() else {
            return false;
        };
        let sender = Some(message.sender.as_str())
            .filter(|sender| conversation.group_id().is_some() && !sender.is_empty());
        let keys = std::iter::once(DialogueKey::new(&self.bot, plugin, conversation, None))
            .chain(sender.map(|s| DialogueKey::new(&self.bot, plugin, conversation, Some(s))));
        let text = message.plain_text();
        let text = text.trim_start();
        let is_command = state
            .config
            .command_prefixes
            .iter()
            .any(|prefix| !prefix.is_empty() && text.starts_with(prefix.as_str()));
        for key in keys {
            let record = match self.open_record(&key).await {
                Ok(Some(record)) => record,
                Ok(None) => continue,
                Err(error) => {
                    tracing::warn!(bot = %self.bot, %error, "cannot read a dialogue");
                    continue;
                }
            };
            if !is_command {
                return true;
            }
            match record.on_command {
                OnCommand::Join => return true,
                OnCommand::Keep => {}
                OnCommand::Cancel => {
                    if let Err(error) = self.remove(&key).await {
                        tracing::warn!(bot = %self.bot, %error, "cannot cancel a dialogue");
                    }
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_segments_cannot_run_into_each_other() {
        let conv = ConvKey::group("g");
        let slashed = DialogueKey::new("bot", "a/b", &conv, None);
        let nested = DialogueKey::new("bot", "a", &ConvKey::group("b/group_g"), None);
        assert_eq!(slashed.store_key(), "dialogue/bot/a%2Fb/group_g");
        assert_ne!(slashed.store_key(), nested.store_key());
        assert!(!slashed.store_key().starts_with(&plugin_prefix("bot", "a")));
        let user = DialogueKey::new("bot", "a", &conv, Some("x%y"));
        assert_eq!(user.store_key(), "dialogue/bot/a/group_g/x%25y");
    }

    #[test]
    fn a_record_keeps_its_deadline_to_the_nanosecond() {
        let key = DialogueKey::new("bot", "p", &ConvKey::direct("alice"), None);
        let now = DateTime::from_timestamp(1_700_000_000, 123_456_789).expect("a time");
        let record = Record::new(
            &key,
            now,
            Duration::from_millis(1500),
            OnCommand::Join,
            serde_json::json!({ "step": 2 }),
            None,
        )
        .expect("a record");
        let bytes = record.encode().expect("encoded");
        let back = Record::decode(key.store_key(), &bytes).expect("decoded");
        assert_eq!(back.deadline, now + TimeDelta::milliseconds(1500));
        assert_eq!(back.on_command, OnCommand::Join);
        assert_eq!(back.state::<serde_json::Value>().expect("state")["step"], 2);
        let error = Record::decode("k", b"{}").expect_err("not a record");
        assert!(
            error.to_string().contains("\"k\" does not decode"),
            "{error}"
        );
    }
}
