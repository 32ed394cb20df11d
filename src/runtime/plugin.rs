//! The [`Plugin`] trait: one async method per event kind, each doing nothing by default.
//!
//! An echo bot:
//!
//! ```
//! use timbot::core::types::Message;
//! use timbot::runtime::{Arg, Command, Context, HandlerResult, Matcher, Plugin};
//!
//! struct Echo;
//!
//! #[async_trait::async_trait]
//! impl Plugin for Echo {
//!     fn name(&self) -> &str {
//!         "echo"
//!     }
//!
//!     fn matchers(&self) -> Vec<Matcher> {
//!         vec![Matcher::command(Command::new("echo").arg(Arg::rest("text")))]
//!     }
//!
//!     async fn on_message(&self, ctx: &Context, _message: &Message) -> HandlerResult {
//!         ctx.reply(ctx.arg_text("text")).await?;
//!         Ok(())
//!     }
//! }
//! ```
//!
//! **Which messages reach `on_message`.** A plugin that declares no [`Matcher`]s gets every
//! message; otherwise only messages one of its matchers fires on (the first in declaration
//! order, readable as [`Context::hit`]), after the matcher's permission and cooldown passed.
//! A command whose arguments do not parse is answered with its usage line and does not reach
//! the handler.
//!
//! **Order and propagation.** Plugins run one after another in [`Plugin::priority`] order
//! (lower first; equal priorities keep registration order). A handler calls [`Context::stop`]
//! to keep the event from the plugins after it.
//!
//! **Failures.** A handler's error, panic or overrun of the bot's handler timeout is logged with
//! the event's ids, counted, and the next plugin still runs: one plugin cannot take a bot down.
//!
//! **Lifecycle.** [`Plugin::on_start`] runs when the bot starts (and when the plugin is enabled
//! again), [`Plugin::on_stop`] when it stops (or the plugin is disabled). Background work spawned
//! through [`Setup::effects`] or [`Context::effects`], and job handlers registered with
//! [`Setup::register_job_handler`], are disposed when the plugin stops.

use std::sync::Arc;

use async_trait::async_trait;

use super::config::PluginSection;
use super::context::Context;
use super::dialogue::ExpiredDialogue;
use super::effects::Effects;
use super::matcher::Matcher;
use crate::core::event::{SignalingEvent, Verdict};
use crate::core::types::{GroupReportElem, GroupTipsElem, Message};
use crate::core::{Client, Error, Result};
use crate::scheduler::{JobHandler, Scheduler};
use crate::store::Store;

/// Any error a handler may return (`?` works on every error type).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What an event handler returns.
pub type HandlerResult = std::result::Result<(), BoxError>;

/// A bot's behaviour, one method per event kind.
#[async_trait]
pub trait Plugin: Send + Sync + 'static {
    /// The plugin's name: its configuration section (`[plugins.<name>]`), logs and metrics.
    fn name(&self) -> &str;

    /// Where it runs among the bot's plugins: lower runs first. Default 0.
    fn priority(&self) -> i32 {
        0
    }

    /// The matchers that select its messages (none: every message). Read once, when the bot is
    /// built.
    fn matchers(&self) -> Vec<Matcher> {
        Vec::new()
    }

    /// The bot started (or the plugin was enabled again).
    async fn on_start(&self, setup: &Setup) -> HandlerResult {
        let _ = setup;
        Ok(())
    }

    /// The bot is stopping (or the plugin is being disabled).
    async fn on_stop(&self, setup: &Setup) -> HandlerResult {
        let _ = setup;
        Ok(())
    }

    /// A message (C2C or group) that one of its matchers fired on.
    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        let _ = (ctx, message);
        Ok(())
    }

    /// A group tip (member joined, quit, kicked, admin changed, group info changed …).
    async fn on_group_tips(&self, ctx: &Context, tips: &GroupTipsElem) -> HandlerResult {
        let _ = (ctx, tips);
        Ok(())
    }

    /// A group system notice for the bot (join request, invitation, kicked, dismissed …).
    async fn on_group_system_notice(
        &self,
        ctx: &Context,
        notice: &GroupReportElem,
    ) -> HandlerResult {
        let _ = (ctx, notice);
        Ok(())
    }

    /// The bot was invited to a call (signaling invitation).
    async fn on_invitation(&self, ctx: &Context, invitation: &SignalingEvent) -> HandlerResult {
        let _ = (ctx, invitation);
        Ok(())
    }

    /// The inviter cancelled an invitation the bot received.
    async fn on_invitation_cancelled(
        &self,
        ctx: &Context,
        invitation: &SignalingEvent,
    ) -> HandlerResult {
        let _ = (ctx, invitation);
        Ok(())
    }

    /// An invitation the bot received timed out.
    async fn on_invitation_timeout(
        &self,
        ctx: &Context,
        invitation: &SignalingEvent,
    ) -> HandlerResult {
        let _ = (ctx, invitation);
        Ok(())
    }

    /// One of its dialogues ([`Context::dialogue`]) reached its deadline unanswered. Runs at
    /// the deadline, in the dialogue's conversation: [`Context::message`] is the last message the
    /// dialogue took, `expired` holds its last state. The dialogue is over by then; the hook may
    /// start a new one.
    async fn on_dialogue_timeout(&self, ctx: &Context, expired: &ExpiredDialogue) -> HandlerResult {
        let _ = (ctx, expired);
        Ok(())
    }

    /// The service asks, before delivering `message`, what to do with it (Tencent Cloud's
    /// before-send callback). The first plugin (by priority) answering something other than
    /// [`Verdict::Allow`] decides. Keep it fast: the service waits for the answer.
    async fn before_send(&self, ctx: &Context, message: &Message) -> Verdict {
        let _ = (ctx, message);
        Verdict::Allow
    }
}

/// What a plugin gets at start and stop: its configuration, the bot's client and its effects.
pub struct Setup {
    pub(crate) bot_name: String,
    pub(crate) client: Client,
    pub(crate) section: PluginSection,
    pub(crate) effects: Arc<Effects>,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) scheduler: Option<Scheduler>,
}

impl std::fmt::Debug for Setup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Setup")
            .field("bot_name", &self.bot_name)
            .finish_non_exhaustive()
    }
}

impl Setup {
    /// The bot's name.
    pub fn bot_name(&self) -> &str {
        &self.bot_name
    }

    /// The bot's client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The plugin's bot-level configuration section.
    pub fn section(&self) -> &PluginSection {
        &self.section
    }

    /// The plugin's bot-level configuration, deserialized into its own type.
    pub fn config<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        self.section.parse()
    }

    /// Register background work and undo actions, disposed when the plugin stops.
    pub fn effects(&self) -> &Effects {
        &self.effects
    }

    /// The bot's store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The bot's scheduler, when it was built with one.
    pub fn scheduler(&self) -> Option<&Scheduler> {
        self.scheduler.as_ref()
    }

    /// Register a job handler with the bot's scheduler for as long as the plugin runs: it is
    /// unregistered when the plugin stops or is disabled. The jobs themselves stay in the store
    /// (they survive restarts); while the handler is gone their runs fail and are retried as
    /// the scheduler's policy says. Fails when the bot has no scheduler.
    pub fn register_job_handler(
        &self,
        name: impl Into<String>,
        handler: Arc<dyn JobHandler>,
    ) -> Result<()> {
        let scheduler = self
            .scheduler
            .clone()
            .ok_or_else(|| Error::invalid("job handler", "the bot has no scheduler"))?;
        let name = name.into();
        scheduler.register_handler(name.clone(), handler);
        self.effects.on_dispose(move || {
            scheduler.unregister_handler(&name);
        });
        Ok(())
    }
}
