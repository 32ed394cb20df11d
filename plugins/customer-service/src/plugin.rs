//! The [`CustomerService`] plugin: greets a new conversation, answers from the knowledge base,
//! suggests entries when unsure, and says when the office is closed.
//!
//! Per one-to-one message (group messages are not its business):
//!
//! - the first message of a conversation (since the bot started) gets the greeting first, or,
//!   outside office hours, the out-of-hours reply instead;
//! - then the knowledge base answers, lists "did you mean" suggestions (numbered), or, when
//!   nothing fits, the fallback reply is sent (outside office hours: the out-of-hours reply,
//!   unless it was just sent as the conversation's first reply).
//!
//! It runs after the plugins with commands (priority 100), which stop the messages they handle.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use timbot::core::types::Message;
use timbot::runtime::{Context, HandlerResult, Matcher, Plugin, Setup};

use crate::knowledge::Lookup;
use crate::settings::Settings;

/// What the plugin reads the time from (office hours).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The customer-service plugin.
pub struct CustomerService {
    settings: Mutex<Option<Arc<Settings>>>,
    seen: Mutex<HashSet<String>>,
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
            seen: Mutex::new(HashSet::new()),
            clock,
        }
    }

    fn settings(&self) -> Option<Arc<Settings>> {
        self.settings.lock().ok()?.clone()
    }

    /// Whether this is the conversation's first message (and remember it).
    fn first_message(&self, peer: &str) -> bool {
        self.seen
            .lock()
            .map(|mut seen| seen.insert(peer.to_owned()))
            .unwrap_or(false)
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
        vec![Matcher::any().in_direct().id("question")]
    }

    async fn on_start(&self, setup: &Setup) -> HandlerResult {
        let settings = Settings::from_section(setup.section())?;
        tracing::info!(
            bot = setup.bot_name(),
            entries = settings.knowledge.entries().len(),
            "customer service ready"
        );
        if let Ok(mut slot) = self.settings.lock() {
            *slot = Some(Arc::new(settings));
        }
        Ok(())
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        let Some(settings) = self.settings() else {
            return Ok(());
        };
        let text = message.plain_text();
        if text.trim().is_empty() {
            return Ok(());
        }
        let closed_reply = settings
            .office_hours
            .as_ref()
            .filter(|hours| !hours.is_open((self.clock)()))
            .map(|hours| hours.closed_reply.as_str());
        let mut told_closed = false;
        if self.first_message(&message.sender) {
            if let Some(closed) = closed_reply {
                ctx.reply(closed).await?;
                told_closed = true;
            } else if !settings.greeting.is_empty() {
                ctx.reply(&settings.greeting).await?;
            }
        }
        match settings.knowledge.lookup(&text, settings.thresholds) {
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
