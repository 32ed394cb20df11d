//! The [`CustomerService`] plugin: greets a new conversation, answers from the knowledge base,
//! suggests entries when unsure, says when the office is closed, and hands customers over to
//! human agents.
//!
//! Per one-to-one message, in this order:
//!
//! 1. the commands: `/agent` (alias `/human`) asks for a human, `/end` ends the chat with an
//!    agent or leaves the queue; in the agents' group `/take [customer]` and `/queue`
//!    ([`crate::handoff`]);
//! 2. a message of a customer or agent with an open case is passed on to the other side;
//! 3. while the intake dialogue ([`crate::intake`]) is open, the message answers its question;
//!    a question left unanswered for the intake's timeout ends it with the timeout reply;
//! 4. the answer to the satisfaction card of the case that just ended is thanked;
//! 5. a message starting a new conversation (the customer's first, or the first after a
//!    silence, see [`crate::new_conversation`]; commands and relayed messages count as activity
//!    too) gets the greeting first, or, outside office hours, the out-of-hours reply instead;
//! 6. one of the hand-off phrases asks for a human (as `/agent`);
//! 7. otherwise the knowledge base answers, lists "did you mean" suggestions (numbered), or,
//!    when nothing fits, the fallback reply is sent (outside office hours: the out-of-hours
//!    reply, unless it was just sent as the conversation's first reply).
//!
//! Asking for a human starts the intake when one is configured (the customer joins the queue
//! when it is confirmed), else joins the queue at once. Outside office hours nobody is queued:
//! asking for a human gets the out-of-hours reply.
//! It runs after the plugins with commands of their own (priority 100).

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use timbot::core::types::Message;
use timbot::runtime::{
    Arg, BoxError, Command, Context, ExpiredDialogue, HandlerResult, Matcher, Plugin, Setup,
};

use crate::handoff::Handoff;
use crate::intake::{IntakeState, Progress};
use crate::knowledge::Lookup;
use crate::new_conversation::starts_conversation;
use crate::settings::Settings;

/// What the plugin reads the time from (office hours).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The reply to `/agent` when no hand-off is configured.
const NO_AGENTS: &str = "Sorry, there are no human agents here; I can only answer questions.";

/// The customer-service plugin.
pub struct CustomerService {
    settings: Mutex<Option<Arc<Settings>>>,
    clock: Clock,
}

impl Default for CustomerService {
    fn default() -> Self {
        CustomerService::new()
    }
}

impl CustomerService {
    /// The plugin, configured from its section when the bot starts, reading the system clock.
    pub fn new() -> Self {
        CustomerService::with_clock(Arc::new(Utc::now))
    }

    /// The plugin reading the time from `clock` (for tests and simulations).
    pub fn with_clock(clock: Clock) -> Self {
        CustomerService {
            settings: Mutex::new(None),
            clock,
        }
    }

    fn settings(&self) -> Option<Arc<Settings>> {
        self.settings.lock().ok()?.clone()
    }

    fn handoff<'a>(&self, settings: &'a Settings) -> Option<Handoff<'a>> {
        settings.handoff.as_ref().map(Handoff::new)
    }

    /// The out-of-hours reply, when the office is closed now.
    fn closed_reply<'a>(&self, settings: &'a Settings) -> Option<&'a str> {
        settings
            .office_hours
            .as_ref()
            .filter(|hours| !hours.is_open((self.clock)()))
            .map(|hours| hours.closed_reply.as_str())
    }

    /// The customer asks for a human agent.
    async fn ask_for_agent(&self, ctx: &Context, settings: &Settings) -> HandlerResult {
        if let Some(closed) = self.closed_reply(settings) {
            ctx.reply(closed).await?;
            return Ok(());
        }
        let Some(handoff) = self.handoff(settings) else {
            ctx.reply(NO_AGENTS).await?;
            return Ok(());
        };
        match &settings.intake {
            Some(intake) if !handoff.has_case(ctx, ctx.sender()).await? => {
                let (state, questions) = intake.begin();
                ctx.dialogue::<IntakeState>()
                    .start(state, intake.timeout)
                    .await?;
                ctx.reply(questions).await?;
            }
            _ => handoff.request(ctx, Vec::new()).await?,
        }
        Ok(())
    }

    /// Take `text` as the answer to the open intake question; `false` when no intake is open.
    async fn intake_answer(
        &self,
        ctx: &Context,
        settings: &Settings,
        text: &str,
    ) -> Result<bool, BoxError> {
        let (Some(intake), Some(handoff)) = (&settings.intake, self.handoff(settings)) else {
            return Ok(false);
        };
        let dialogue = ctx.dialogue::<IntakeState>();
        let Some(state) = dialogue.get().await? else {
            return Ok(false);
        };
        match intake.answer(&state, text) {
            Progress::Continue { reply, state } => {
                dialogue.update(state).await?;
                ctx.reply(reply).await?;
            }
            Progress::Done { summary } => {
                dialogue.end().await?;
                handoff.request(ctx, summary).await?;
            }
            Progress::Cancelled { reply } => {
                dialogue.end().await?;
                ctx.reply(reply).await?;
            }
        }
        Ok(true)
    }

    /// A command of the plugin; `false` when the message is no command.
    async fn command(&self, ctx: &Context, settings: &Settings) -> Result<bool, BoxError> {
        let Some(command) = ctx.hit().map(|hit| hit.matcher.clone()) else {
            return Ok(false);
        };
        let handoff = self.handoff(settings);
        match (command.as_str(), handoff) {
            ("agent", _) => self.ask_for_agent(ctx, settings).await?,
            ("end", Some(handoff)) => {
                if self.intake_answer(ctx, settings, "/cancel").await? {
                    return Ok(true);
                }
                if !handoff.end(ctx).await? {
                    ctx.reply("There is no chat with an agent to end.").await?;
                }
            }
            ("take", Some(handoff)) => {
                let customer = Some(ctx.arg_text("customer")).filter(|c| !c.is_empty());
                handoff.take(ctx, customer).await?;
            }
            ("queue", Some(handoff)) => handoff.list_queue(ctx).await?,
            ("end" | "take" | "queue", None) => {
                ctx.reply(NO_AGENTS).await?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Greeting, hand-off phrases and the knowledge base.
    async fn answer(
        &self,
        ctx: &Context,
        settings: &Settings,
        text: &str,
        new_conversation: bool,
    ) -> HandlerResult {
        let closed_reply = self.closed_reply(settings);
        let mut told_closed = false;
        if new_conversation {
            if let Some(closed) = closed_reply {
                ctx.reply(closed).await?;
                told_closed = true;
            } else if !settings.greeting.is_empty() {
                ctx.reply(&settings.greeting).await?;
            }
        }
        if self
            .handoff(settings)
            .is_some_and(|handoff| handoff.asks_for_human(text))
        {
            if !told_closed {
                self.ask_for_agent(ctx, settings).await?;
            }
            return Ok(());
        }
        match settings.knowledge.lookup(text, settings.thresholds) {
            Lookup::Answer(entry) => {
                ctx.reply(&entry.answer).await?;
            }
            Lookup::DidYouMean(entries) => {
                let mut reply = settings.did_you_mean.clone();
                for (n, entry) in entries.iter().enumerate() {
                    reply.push_str(&format!("\n{}. {}", n + 1, entry.question));
                }
                ctx.reply(reply).await?;
            }
            Lookup::Unknown => match closed_reply {
                Some(_) if told_closed => {}
                Some(closed) => {
                    ctx.reply(closed).await?;
                }
                None => {
                    ctx.reply(&settings.fallback).await?;
                }
            },
        }
        Ok(())
    }
}

#[async_trait]
impl Plugin for CustomerService {
    fn name(&self) -> &str {
        crate::NAME
    }

    fn priority(&self) -> i32 {
        100
    }

    fn matchers(&self) -> Vec<Matcher> {
        vec![
            Matcher::command(
                Command::new("agent")
                    .alias("human")
                    .about("talk to a human agent"),
            )
            .in_direct(),
            Matcher::command(
                Command::new("end").about("end the chat with the agent, or leave the queue"),
            )
            .in_direct(),
            Matcher::command(
                Command::new("take")
                    .arg(Arg::word("customer").optional())
                    .about("(agents' group) take the next waiting customer, or the one named"),
            )
            .in_groups(),
            Matcher::command(
                Command::new("queue").about("(agents' group) list the waiting customers"),
            )
            .in_groups(),
            Matcher::any().in_direct().id("question"),
        ]
    }

    async fn on_start(&self, setup: &Setup) -> HandlerResult {
        let settings = Settings::from_section(setup.section())?;
        tracing::info!(
            bot = setup.bot_name(),
            entries = settings.knowledge.entries().len(),
            handoff = settings.handoff.is_some(),
            "customer service ready"
        );
        if let Some(handoff) = self.handoff(&settings) {
            if let Err(error) = handoff.prepare_group(setup.client()).await {
                tracing::warn!(
                    bot = setup.bot_name(),
                    %error,
                    "the agents' group is not usable; hand-off notices will fail"
                );
            }
        }
        if let Ok(mut slot) = self.settings.lock() {
            *slot = Some(Arc::new(settings));
        }
        Ok(())
    }

    async fn on_dialogue_timeout(&self, ctx: &Context, _: &ExpiredDialogue) -> HandlerResult {
        if let Some(intake) = self.settings().and_then(|s| s.intake.clone()) {
            ctx.reply(intake.timeout_reply()).await?;
        }
        Ok(())
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        let Some(settings) = self.settings() else {
            return Ok(());
        };
        // Every one-to-one message (commands and relayed ones too) keeps the conversation going.
        let new_conversation = match ctx.group_id() {
            Some(_) => false,
            None => {
                starts_conversation(
                    ctx.store().as_ref(),
                    ctx.bot_name(),
                    ctx.sender(),
                    settings.new_conversation_after,
                )
                .await?
            }
        };
        if self.command(ctx, &settings).await? {
            return Ok(());
        }
        let text = message.plain_text();
        if let Some(handoff) = self.handoff(&settings) {
            if handoff.relay(ctx, message).await?
                || self.intake_answer(ctx, &settings, &text).await?
                || handoff.rating(ctx, message).await?
            {
                return Ok(());
            }
        }
        if text.trim().is_empty() {
            return Ok(());
        }
        self.answer(ctx, &settings, &text, new_conversation).await
    }
}
