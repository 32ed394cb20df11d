//! Dialogues: a plugin's typed state for one conversation (or one user in a group) that lasts
//! over several messages and ends by itself at a deadline.
//!
//! A handler opens one with [`Dialogue::start`] (state + timeout), reads it with
//! [`Dialogue::get`], moves it on with [`Dialogue::update`] (which gives the user another
//! timeout) and closes it with [`Dialogue::end`]. While it is open, the conversation's messages
//! that none of the plugin's matchers select still reach its `on_message` (with no
//! [`Context::hit`]): they are the answers. When the deadline passes unanswered, the plugin's
//! [`Plugin::on_dialogue_timeout`] runs at that moment (a timer, not the next message), with a
//! context in the dialogue's conversation and the dialogue's last state in [`ExpiredDialogue`].
//!
//! ```
//! use std::time::Duration;
//! use timbot::core::types::Message;
//! use timbot::runtime::{Command, Context, ExpiredDialogue, HandlerResult, Matcher, Plugin};
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! enum Intake {
//!     OrderNumber,
//!     Problem { order: String },
//! }
//!
//! struct Support;
//!
//! #[async_trait::async_trait]
//! impl Plugin for Support {
//!     fn name(&self) -> &str {
//!         "support"
//!     }
//!
//!     fn matchers(&self) -> Vec<Matcher> {
//!         vec![Matcher::command(Command::new("ticket"))]
//!     }
//!
//!     async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
//!         let intake = ctx.dialogue::<Intake>();
//!         if ctx.hit().is_some() {
//!             intake.start(Intake::OrderNumber, Duration::from_secs(300)).await?;
//!             ctx.reply("Your order number?").await?;
//!             return Ok(());
//!         }
//!         match intake.get().await? {
//!             Some(Intake::OrderNumber) => {
//!                 intake.update(Intake::Problem { order: message.plain_text() }).await?;
//!                 ctx.reply("What went wrong?").await?;
//!             }
//!             Some(Intake::Problem { order }) => {
//!                 intake.end().await?;
//!                 ctx.reply(format!("Ticket for {order}: {}", message.plain_text())).await?;
//!             }
//!             None => {}
//!         }
//!         Ok(())
//!     }
//!
//!     async fn on_dialogue_timeout(&self, ctx: &Context, _: &ExpiredDialogue) -> HandlerResult {
//!         ctx.reply("No answer for 5 minutes; send /ticket to start again.").await?;
//!         Ok(())
//!     }
//! }
//! ```
//!
//! **Scope.** [`Context::dialogue`] is shared by everyone in the conversation (a group's
//! dialogue takes any member's messages); [`Context::user_dialogue`] is the sender's own within
//! a group (one-to-one the two are the same). A plugin has at most one dialogue per scope key;
//! use one state type per plugin (an enum of its steps).
//!
//! **New commands.** A message that fires one of the plugin's own matchers reaches it with its
//! hit as usual, and the handler decides what the command does to the open dialogue (restart
//! it, end it, or take the command as an answer). For commands of other plugins (any message
//! starting with one of the bot's command prefixes that the plugin's matchers did not select)
//! the dialogue's [`OnCommand`] policy, chosen at [`Dialogue::start`], decides: keep the
//! dialogue and leave the command to its plugin (the default), cancel the dialogue, or join:
//! take the command as the dialogue's next answer too.
//!
//! **Persistence.** The state, its deadline (an absolute wall-clock time from the bot's
//! [`Clock`](crate::store::Clock)), the policy and the last message live in the bot's
//! [`Store`](crate::store::Store) under `dialogue/<bot>/<plugin>/<conversation>[/<user>]` as
//! JSON. When a plugin starts (the bot starts, or the plugin is enabled again) its dialogues'
//! timers are set again from the store, so with a [`FileStore`](crate::store::FileStore) a
//! dialogue survives a restart and its timeout still fires on time (at once, if the deadline
//! passed while the bot was down). A timeout fires once even with several replicas (the store's
//! compare-and-set decides). Disabling the plugin cancels its timers, not its dialogues: enabled
//! again, it gets the timeouts that fell due meanwhile at once.
//!
//! **Cost.** An open dialogue keeps its record in the store, its deadline in the bot's one timer
//! queue (one task per bot sleeps until the earliest deadline) and, when only this process can
//! reach the store ([`Store::local_id`](crate::store::Store::local_id)), its conversation in an
//! in-memory index: then a message in a conversation where the plugin has no dialogue is not
//! offered to the store at all. Replicas in several processes (a shared server store) read
//! the store for each message no matcher took.
//!
//! **Timing.** The timeout hook runs at the deadline, beside the conversation's queue of
//! messages. From the deadline on the dialogue reads as closed ([`Dialogue::get`] is `None`, its
//! messages are no longer claimed), so an answer that arrives late is never taken as on time.
//!
//! [`Plugin::on_dialogue_timeout`]: super::Plugin::on_dialogue_timeout

use std::marker::PhantomData;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::context::Context;
use super::dialogue_book::{DialogueKey, Record};
use crate::core::{Error, Result};

/// What a command of another plugin does to an open dialogue (see the [module docs](self)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnCommand {
    /// The dialogue stays open and does not see the command (its plugin handles it).
    #[default]
    Keep,
    /// The dialogue ends (without its timeout hook); the command runs as usual.
    Cancel,
    /// The dialogue takes the command as its next message, as well as the command's plugin.
    Join,
}

/// A plugin's dialogue in one conversation (or with one user in a group), with state `T`.
/// Made by [`Context::dialogue`] or [`Context::user_dialogue`].
pub struct Dialogue<'c, T> {
    ctx: &'c Context,
    key: DialogueKey,
    on_command: OnCommand,
    state: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Dialogue<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dialogue")
            .field("key", &self.key.store_key())
            .field("on_command", &self.on_command)
            .finish()
    }
}

impl Context {
    /// The plugin's dialogue in this conversation, shared by everyone in it.
    pub fn dialogue<T>(&self) -> Dialogue<'_, T> {
        Dialogue::new(self, None)
    }

    /// The plugin's dialogue with the sender in this group (in a one-to-one chat, or for an
    /// event without a sender, the same as [`Context::dialogue`]).
    pub fn user_dialogue<T>(&self) -> Dialogue<'_, T> {
        Dialogue::new(self, Some(self.sender()))
    }
}

impl<'c, T> Dialogue<'c, T> {
    fn new(ctx: &'c Context, user: Option<&str>) -> Self {
        let state = ctx.state();
        let key = DialogueKey::new(
            state.name(),
            ctx.plugin_name(),
            ctx.conversation(),
            user.filter(|user| ctx.group_id().is_some() && !user.is_empty()),
        );
        Dialogue {
            ctx,
            key,
            on_command: OnCommand::default(),
            state: PhantomData,
        }
    }

    /// What commands of other plugins do to the dialogue from [`Dialogue::start`] on (default
    /// [`OnCommand::Keep`]).
    pub fn on_command(mut self, policy: OnCommand) -> Self {
        self.on_command = policy;
        self
    }
}

impl<T: Serialize + DeserializeOwned> Dialogue<'_, T> {
    /// The dialogue's state, or `None` when no dialogue is open (never started, ended, or past
    /// its deadline). A stored state that does not decode as `T` is an [`Error::Store`].
    pub async fn get(&self) -> Result<Option<T>> {
        match self.open_record().await? {
            Some(record) => record.state().map(Some),
            None => Ok(None),
        }
    }

    /// Whether a dialogue is open.
    pub async fn is_open(&self) -> Result<bool> {
        Ok(self.open_record().await?.is_some())
    }

    /// When the open dialogue times out.
    pub async fn deadline(&self) -> Result<Option<DateTime<Utc>>> {
        Ok(self.open_record().await?.map(|record| record.deadline))
    }

    /// Open the dialogue with `state`, timing out `timeout` from now (replacing one that is
    /// open).
    pub async fn start(&self, state: T, timeout: Duration) -> Result<()> {
        let book = &self.ctx.state().dialogues;
        let record = Record::new(
            &self.key,
            book.clock().now(),
            timeout,
            self.on_command,
            encode(&state)?,
            self.ctx.message().cloned(),
        )?;
        book.write(self.ctx.plugin_index(), &self.key, &record)
            .await
    }

    /// Move the open dialogue on to `state`, timing out its timeout from now again. Fails when
    /// no dialogue is open (e.g. it has just timed out).
    pub async fn update(&self, state: T) -> Result<()> {
        let Some(mut record) = self.open_record().await? else {
            return Err(Error::invalid(
                "dialogue",
                format!("no dialogue open at {}", self.key.store_key()),
            ));
        };
        let book = &self.ctx.state().dialogues;
        record.advance(book.clock().now(), encode(&state)?)?;
        if let Some(message) = self.ctx.message() {
            record.message = Some(message.clone());
        }
        book.write(self.ctx.plugin_index(), &self.key, &record)
            .await
    }

    /// Close the dialogue (its timeout hook will not run); returns its last state, `None` when
    /// none was open.
    pub async fn end(&self) -> Result<Option<T>> {
        let record = self.open_record().await?;
        self.ctx.state().dialogues.remove(&self.key).await?;
        record.map(|record| record.state()).transpose()
    }

    async fn open_record(&self) -> Result<Option<Record>> {
        self.ctx.state().dialogues.open_record(&self.key).await
    }
}

/// A dialogue that reached its deadline, as [`Plugin::on_dialogue_timeout`] gets it.
///
/// [`Plugin::on_dialogue_timeout`]: super::Plugin::on_dialogue_timeout
#[derive(Debug, Clone)]
pub struct ExpiredDialogue {
    pub(crate) state: serde_json::Value,
    pub(crate) user: Option<String>,
    pub(crate) deadline: DateTime<Utc>,
}

impl ExpiredDialogue {
    /// The dialogue's last state. One that does not decode as `T` is an [`Error::Store`].
    pub fn state<T: DeserializeOwned>(&self) -> Result<T> {
        T::deserialize(&self.state)
            .map_err(|e| Error::Store(format!("a dialogue's state is not the type expected: {e}")))
    }

    /// The user of a per-user dialogue ([`Context::user_dialogue`] in a group).
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// When it timed out.
    pub fn deadline(&self) -> DateTime<Utc> {
        self.deadline
    }
}

fn encode<T: Serialize>(state: &T) -> Result<serde_json::Value> {
    serde_json::to_value(state)
        .map_err(|e| Error::Store(format!("cannot encode a dialogue's state: {e}")))
}
