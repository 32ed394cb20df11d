//! [`Context`]: what a handler gets with each event.
//!
//! The event itself, the bot's [`Client`], what the plugin's matcher extracted ([`Context::hit`],
//! [`Context::args`], [`Context::captures`]), reply helpers that answer in the event's
//! conversation (all through the bot's [`Outbox`](super::Outbox)), the plugin's configuration as
//! it applies in this group, its effects, the bot's extensions (the store, the scheduler, the
//! dialogues are reached through them), and [`Context::stop`] to keep the event from the
//! plugins after this one.

use std::any::Any;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::bot_state::BotState;
use super::command::Args;
use super::config::PluginSection;
use super::conv_key::ConvKey;
use super::effects::Effects;
use super::handle::BotHandle;
use super::matcher::{Hit, HitDetail};
use super::regex_bank::Captures;
use crate::core::event::Event;
use crate::core::types::{Elem, Message};
use crate::core::{Client, Error, Result};
use crate::message::QuoteRef;
use crate::scheduler::Scheduler;
use crate::store::Store;

/// The context of one plugin handling one event.
pub struct Context {
    state: Arc<BotState>,
    plugin: usize,
    effects: Arc<Effects>,
    event: Arc<Event>,
    conversation: ConvKey,
    hit: Option<Hit>,
    stopped: AtomicBool,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("bot", &self.state.name())
            .field("plugin", &self.plugin_name())
            .field("conversation", &self.conversation)
            .field("hit", &self.hit)
            .finish_non_exhaustive()
    }
}

impl Context {
    pub(crate) fn new(
        state: Arc<BotState>,
        plugin: usize,
        event: Arc<Event>,
        conversation: ConvKey,
        hit: Option<Hit>,
    ) -> Self {
        let effects = state
            .plugins
            .get(plugin)
            .map(|slot| slot.effects.clone())
            .unwrap_or_default();
        Context {
            state,
            plugin,
            effects,
            event,
            conversation,
            hit,
            stopped: AtomicBool::new(false),
        }
    }

    /// The bot's shared state (for sibling modules such as the dialogues).
    pub(crate) fn state(&self) -> &Arc<BotState> {
        &self.state
    }

    /// The index of the plugin handling the event.
    pub(crate) fn plugin_index(&self) -> usize {
        self.plugin
    }

    /// The event being handled.
    pub fn event(&self) -> &Event {
        &self.event
    }

    /// The message, when the event is a new message (or a before-send question).
    pub fn message(&self) -> Option<&Message> {
        match &*self.event {
            Event::NewMessage(message) => Some(message),
            Event::BeforeSend(question) => Some(&question.message),
            _ => None,
        }
    }

    /// The conversation the event belongs to.
    pub fn conversation(&self) -> &ConvKey {
        &self.conversation
    }

    /// The group, for an event in a group.
    pub fn group_id(&self) -> Option<&str> {
        self.conversation.group_id()
    }

    /// Who sent the message (empty for events without a sender).
    pub fn sender(&self) -> &str {
        self.message().map_or("", |m| m.sender.as_str())
    }

    /// The bot's client.
    pub fn client(&self) -> &Client {
        &self.state.client
    }

    /// The bot's account.
    pub fn self_id(&self) -> &str {
        self.state.user_id()
    }

    /// The bot's name.
    pub fn bot_name(&self) -> &str {
        self.state.name()
    }

    /// The name of the plugin handling the event.
    pub fn plugin_name(&self) -> &str {
        self.state
            .plugins
            .get(self.plugin)
            .map_or("", |slot| slot.name.as_str())
    }

    /// A handle on the bot (metrics, per-group switches, enabling and disabling plugins).
    pub fn bot(&self) -> BotHandle {
        BotHandle::new(self.state.clone())
    }

    /// Which of the plugin's matchers fired (`None` for a plugin without matchers, and for
    /// events other than messages).
    pub fn hit(&self) -> Option<&Hit> {
        self.hit.as_ref()
    }

    /// The parsed arguments, when a command matcher fired.
    pub fn args(&self) -> Option<&Args> {
        match &self.hit.as_ref()?.detail {
            HitDetail::Command { args, .. } => Some(args),
            _ => None,
        }
    }

    /// The text of argument `name` of the command that fired (a word, choice or rest-of-text
    /// argument), or `""` when it was not given.
    pub fn arg_text(&self, name: &str) -> &str {
        self.args().and_then(|args| args.text(name)).unwrap_or("")
    }

    /// The captures, when a regex matcher fired.
    pub fn captures(&self) -> Option<&Captures> {
        match &self.hit.as_ref()?.detail {
            HitDetail::Regex(captures) => Some(captures),
            _ => None,
        }
    }

    /// The plugin's configuration section as it applies here (the group's over the bot's).
    pub fn section(&self) -> PluginSection {
        self.state
            .scope
            .section(self.plugin_name(), self.group_id())
    }

    /// The plugin's configuration as it applies here, deserialized into its own type.
    pub fn config<T: DeserializeOwned>(&self) -> Result<T> {
        self.section().parse()
    }

    /// The plugin's effects: background work spawned here is disposed when the plugin stops.
    pub fn effects(&self) -> &Effects {
        &self.effects
    }

    /// The bot's store (memory unless the bot was built with another).
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.state.store
    }

    /// The bot's scheduler, when it was built with one.
    pub fn scheduler(&self) -> Option<&Scheduler> {
        self.state.scheduler.as_ref()
    }

    /// A value of type `T` the bot was built with ([`BotBuilder::extension`]), e.g. a store.
    ///
    /// [`BotBuilder::extension`]: super::BotBuilder::extension
    pub fn extension<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        let value = self
            .state
            .extensions
            .get(&std::any::TypeId::of::<T>())?
            .clone();
        value.downcast::<T>().ok()
    }

    /// Keep this event from the plugins after this one.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
    }

    /// Whether [`Context::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Send `message` through the bot's outbox.
    pub async fn send(&self, message: Message) -> Result<Message> {
        self.state.send(message).await
    }

    /// Send `elems` to the event's conversation.
    pub async fn send_here(&self, elems: Vec<Elem>) -> Result<Message> {
        let message = Message::new(
            self.conversation.conv_type,
            self.conversation.id.clone(),
            elems,
        );
        self.send(message).await
    }

    /// Answer in the event's conversation with `text`.
    pub async fn reply(&self, text: impl Into<String>) -> Result<Message> {
        self.send_here(vec![Elem::text(text)]).await
    }

    /// Answer with `text`, @-mentioning the sender in a group (shown by group name card, else
    /// nickname, else user id); a plain reply one-to-one.
    pub async fn reply_at(&self, text: impl Into<String>) -> Result<Message> {
        let text = text.into();
        let sender = self.sender().to_owned();
        if self.group_id().is_none() || sender.is_empty() {
            return self.reply(text).await;
        }
        let shown = self
            .message()
            .map_or(sender.as_str(), Message::sender_display_name);
        let mut message = Message::new(
            self.conversation.conv_type,
            self.conversation.id.clone(),
            vec![Elem::text(format!("@{shown} {text}"))],
        );
        message.group_at_user_array = vec![sender];
        self.send(message).await
    }

    /// Answer with `text` quoting the message being handled, the way the IM's UI kits do: the
    /// reference goes in the reply's cloud custom data (`messageReply`, see [`QuoteRef`]). For
    /// richer replies build the message with [`crate::message::MessageBuilder`] and
    /// [`Context::send`] it.
    pub async fn quote_reply(&self, text: impl Into<String>) -> Result<Message> {
        let quoted = self
            .message()
            .ok_or_else(|| Error::invalid("quote reply", "the event carries no message"))?;
        let mut cloud_custom = serde_json::Map::new();
        QuoteRef::of(quoted)?.write_into(&mut cloud_custom);
        let mut message = Message::new(
            self.conversation.conv_type,
            self.conversation.id.clone(),
            vec![Elem::text(text)],
        );
        message.cloud_custom_str = serde_json::Value::Object(cloud_custom).to_string();
        self.send(message).await
    }
}
