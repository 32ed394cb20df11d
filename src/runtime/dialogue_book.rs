//! The dialogues of one bot: their records in the store, the claim that hands an open
//! dialogue's messages to its plugin, and the task that runs the timeout hooks at the deadlines
//! (set again from the store whenever a plugin starts). The API is in `dialogue.rs`.

use std::sync::atomic::Ordering;
use std::sync::{Arc, LazyLock, OnceLock, Weak};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize, Serializer};
use tokio::task::AbortHandle;
use tracing::Instrument;

use super::bot_state::BotState;
use super::claim::Claim;
use super::context::Context;
use super::conv_key::ConvKey;
use super::dialogue::{ExpiredDialogue, OnCommand};
use super::dialogue_index::DialogueIndex;
use super::dialogue_timers::{DialogueTimers, Due};
use crate::core::event::Event;
use crate::core::types::{ConvType, GroupMemberInfo, Message, OfflinePushConfig, UserProfile};
use crate::core::{Error, Result};
use crate::store::{Clock, Store};

/// How long the marker of a timed-out dialogue stays in the store (it tells replicas and late
/// readers that the timeout has fired).
const ENDED_MARKER_TTL: Duration = Duration::from_secs(60);

/// Where one dialogue lives: its plugin, its conversation, its user (per-user dialogues in a
/// group) and its store key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DialogueKey {
    plugin: String,
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
            plugin: plugin.to_owned(),
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "compact_message"
    )]
    pub message: Option<Message>,
    /// The timeout has fired: the dialogue is over.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
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

/// A message as JSON without the fields that hold their default value, in the message and in
/// its sender's profile, group member info and push settings (each of these types reads a
/// missing field as its default, so the message decodes the same): most fields are defaults,
/// and the JSON of the memory benchmark's one-line text message is 1,757 bytes, 405 without them.
fn compact_message<S: Serializer>(
    message: &Option<Message>,
    to: S,
) -> std::result::Result<S::Ok, S::Error> {
    static DEFAULTS: LazyLock<[(&str, serde_json::Value); 4]> = LazyLock::new(|| {
        fn json<T: Serialize>(value: T) -> serde_json::Value {
            serde_json::to_value(value).unwrap_or_default()
        }
        [
            ("message_sender_profile", json(UserProfile::default())),
            (
                "message_sender_group_member_info",
                json(GroupMemberInfo::default()),
            ),
            (
                "message_offline_push_config",
                json(OfflinePushConfig::default()),
            ),
            ("", json(Message::default())),
        ]
    });
    let Some(message) = message else {
        return to.serialize_none();
    };
    let mut value = serde_json::to_value(message).map_err(serde::ser::Error::custom)?;
    for (field, defaults) in DEFAULTS.iter() {
        let part = match *field {
            "" => Some(&mut value),
            field => value.get_mut(field),
        };
        if let (Some(serde_json::Value::Object(fields)), serde_json::Value::Object(defaults)) =
            (part, defaults)
        {
            fields.retain(|name, field| defaults.get(name) != Some(field));
        }
    }
    value.serialize(to)
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
    timers: Arc<DialogueTimers>,
    /// The task that runs the timeouts as they fall due (started with the first deadline).
    ticker: OnceLock<AbortHandle>,
    /// Which conversations have dialogues open, when the store is this process's alone.
    index: Option<Arc<DialogueIndex>>,
    /// The bot, once built (timeouts make their contexts from it).
    state: OnceLock<Weak<BotState>>,
}

impl Drop for DialogueBook {
    fn drop(&mut self) {
        if let Some(ticker) = self.ticker.get() {
            ticker.abort();
        }
    }
}

impl DialogueBook {
    /// The dialogues of bot `bot`, kept in `store`, timed by `clock`.
    pub fn new(bot: &str, store: Arc<dyn Store>, clock: Clock) -> Self {
        DialogueBook {
            bot: bot.to_owned(),
            index: DialogueIndex::of(store.as_ref(), bot),
            store,
            clock,
            timers: Arc::default(),
            ticker: OnceLock::new(),
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
        let bytes = record.encode()?;
        let writing = self.lock().await;
        self.enter(&key.plugin, &key.conversation, key.user.as_deref());
        self.store.set(key.store_key(), bytes, None).await?;
        drop(writing);
        self.arm(plugin, key.store_key(), record.deadline);
        Ok(())
    }

    /// Remove the dialogue at `key` and stop its timer.
    pub async fn remove(&self, key: &DialogueKey) -> Result<()> {
        self.timers.cancel(key.store_key());
        let _writing = self.lock().await;
        self.store.delete(key.store_key()).await?;
        self.close(&key.plugin, &key.conversation, key.user.as_deref());
        Ok(())
    }

    /// Set the timers of every open dialogue of plugin `plugin` (it is starting), to be
    /// cancelled when it stops, and enter them in the index. A record that does not decode is
    /// logged and left alone.
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
        let mut all_read = true;
        for key in keys {
            let _writing = self.lock().await;
            match self.store.get(&key).await {
                Ok(Some(bytes)) => match Record::decode(&key, &bytes) {
                    Ok(record) if !record.ended => {
                        self.enter(&name, &record.conversation(), record.user.as_deref());
                        self.arm(plugin, &key, record.deadline);
                    }
                    Ok(_) => {}
                    Err(error) => tracing::warn!(bot = %self.bot, %error, "dialogue skipped"),
                },
                Ok(None) => {}
                Err(error) => {
                    all_read = false;
                    tracing::warn!(bot = %self.bot, key, %error, "cannot read a dialogue");
                }
            }
        }
        if let (Some(index), true) = (&self.index, all_read) {
            index.listed(&name);
        }
    }

    /// The index's write lock (none without an index): hold it while a record is written or
    /// removed and its entry changed.
    async fn lock(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match &self.index {
            Some(index) => Some(index.lock().await),
            None => None,
        }
    }

    /// Enter a dialogue in the index (before its record is written).
    fn enter(&self, plugin: &str, conversation: &ConvKey, user: Option<&str>) {
        if let Some(index) = &self.index {
            index.enter(plugin, conversation, user);
        }
    }

    /// Take a dialogue out of the index (after its record was deleted or marked ended).
    fn close(&self, plugin: &str, conversation: &ConvKey, user: Option<&str>) {
        if let Some(index) = &self.index {
            index.close(plugin, conversation, user);
        }
    }

    fn bot(&self) -> Option<Arc<BotState>> {
        self.state.get()?.upgrade()
    }

    /// Run the timeout of the dialogue at `key` at `deadline` (instead of its earlier one),
    /// while plugin `plugin` runs.
    fn arm(&self, plugin: usize, key: &str, deadline: DateTime<Utc>) {
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
        self.timers.set(key, plugin, deadline);
        self.ticker.get_or_init(|| {
            tokio::spawn(tick(self.timers.clone(), self.clock, weak)).abort_handle()
        });
    }
}

/// Run each dialogue's timeout as its deadline comes, until the bot is gone.
async fn tick(timers: Arc<DialogueTimers>, clock: Clock, bot: Weak<BotState>) {
    loop {
        for due in timers.due(clock.now()) {
            let Some(state) = bot.upgrade() else {
                return;
            };
            tokio::spawn(async move {
                let Due {
                    key,
                    plugin,
                    deadline,
                } = due;
                if let Err(error) = time_out(&state, plugin, &key, deadline).await {
                    tracing::error!(bot = %state.name(), key = &*key, %error, "dialogue timeout failed");
                }
            });
        }
        timers.wait(&clock).await;
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
    let book = &state.dialogues;
    let Some(slot) = state.plugins.get(plugin) else {
        return Ok(());
    };
    let writing = book.lock().await;
    let Some(bytes) = book.store.get(key).await? else {
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
    let marked = book
        .store
        .compare_and_set(key, Some(bytes), ended.encode()?, Some(ENDED_MARKER_TTL))
        .await?;
    let conversation = record.conversation();
    if marked {
        book.close(&slot.name, &conversation, record.user.as_deref());
    }
    drop(writing);
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
    ///
    /// With an index (see `dialogue_index.rs` for why it holds every open dialogue), a
    /// conversation where the plugin has none is answered without reading the store.
    async fn claims(&self, plugin: &str, conversation: &ConvKey, message: &Message) -> bool {
        if let Some(index) = &self.index {
            if !index.may_have(plugin, conversation) {
                return false;
            }
        }
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
    use crate::core::types::{Elem, MemberRole};

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

    #[test]
    fn a_record_keeps_its_message_whole_without_storing_its_defaults() {
        let key = DialogueKey::new("bot", "p", &ConvKey::group("g"), Some("alice"));
        let mut message = Message::new(ConvType::Group, "g", vec![Elem::text("A-42")]);
        message.sender = "alice".to_owned();
        message.msg_id = "m-1".to_owned();
        message.is_from_self = true;
        message.sender_profile = Some(Arc::new(UserProfile {
            identifier: "alice".to_owned(),
            nick_name: "Alice".to_owned(),
            ..UserProfile::default()
        }));
        message.sender_group_member_info = Some(Box::new(GroupMemberInfo {
            member_role: MemberRole::Admin,
            ..GroupMemberInfo::default()
        }));
        message.offline_push_config = Some(Box::default());
        let now = DateTime::from_timestamp(1_700_000_000, 0).expect("a time");
        let state = serde_json::json!("step");
        let record = Record::new(
            &key,
            now,
            Duration::from_secs(60),
            OnCommand::Keep,
            state,
            Some(message.clone()),
        )
        .expect("a record");
        let bytes = record.encode().expect("encoded");
        let back = Record::decode(key.store_key(), &bytes).expect("decoded");
        assert_eq!(back.message, Some(message.clone()), "the same message");
        let full = serde_json::to_vec(&message).expect("json").len();
        assert!(
            bytes.len() < full / 3,
            "{} bytes, the message alone {full}",
            bytes.len()
        );
    }
}
