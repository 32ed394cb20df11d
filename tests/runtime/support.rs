//! Helpers shared by the runtime tests: an engine, people, bots and scripted test plugins.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::backend::{Backend, CreateGroupParams};
use timbot::core::types::{GroupType, Message};
use timbot::core::Result;
use timbot::runtime::{
    Bot, BotBuilder, BotConfig, BotHandle, Context, HandlerResult, Matcher, Plugin,
};
pub use timbot::testing::Person;

/// A signer that asks the engine for a valid UserSig.
pub fn engine_signer(engine: &LocalEngine) -> impl Fn(&str) -> Result<String> + Send + Sync {
    let engine = engine.clone();
    move |user: &str| engine.user_sig(user)
}

/// A bot builder on `backend`, signing with the engine, with a short handler timeout.
pub fn bot_on(engine: &LocalEngine, backend: Arc<dyn Backend>, config: BotConfig) -> BotBuilder {
    Bot::builder(config, backend).signer(engine_signer(engine))
}

/// A bot builder on the engine.
pub fn bot(engine: &LocalEngine, name: &str, user: &str) -> BotBuilder {
    bot_on(engine, engine.backend(), config(name, user))
}

/// A bot configuration with a 5-second handler timeout.
pub fn config(name: &str, user: &str) -> BotConfig {
    let mut config = BotConfig::new(name, user);
    config.handler_timeout_secs = 5;
    config
}

/// Let a freshly started bot take the events waiting at login (group tips of groups created
/// before it logged in …); returns how many events it has received.
pub async fn settled(handle: &BotHandle) -> u64 {
    tokio::time::sleep(Duration::from_secs(1)).await;
    handle
        .wait_for_metrics(|m| m.in_flight() == 0)
        .await
        .received
}

/// A group of Work type owned by `owner`, with `members`; every account is created.
pub fn group(engine: &LocalEngine, owner: &str, members: &[&str]) -> String {
    group_of(engine, GroupType::Work, owner, members)
}

/// A group of `group_type` owned by `owner`, with `members`; every account is created.
pub fn group_of(
    engine: &LocalEngine,
    group_type: GroupType,
    owner: &str,
    members: &[&str],
) -> String {
    for user in std::iter::once(&owner).chain(members) {
        engine.create_user(user, user).expect("user");
    }
    let mut params = CreateGroupParams::new(group_type, "g");
    params.members = members.iter().map(|m| m.to_string()).collect();
    engine.admin_create_group(owner, params).expect("group")
}

/// A shared, ordered log of what plugins saw.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn push(&self, entry: impl Into<String>) {
        self.0.lock().unwrap().push(entry.into());
    }

    pub fn entries(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// What a [`Scripted`] plugin does with a message.
#[derive(Clone, Copy)]
pub enum Act {
    /// Log `<plugin>:<text>`.
    Record,
    /// Log, then stop propagation when the text contains "stop".
    RecordStopOn,
    /// Reply with what the function makes of the context and message (and log it).
    Reply(fn(&Context, &Message) -> String),
    /// Panic.
    Panic,
    /// Never finish.
    Hang,
}

/// A plugin whose behaviour is data: a name, a priority, matchers and an act.
pub struct Scripted {
    pub name: &'static str,
    pub priority: i32,
    pub matchers: Vec<Matcher>,
    pub act: Act,
    pub log: Log,
}

impl Scripted {
    pub fn new(name: &'static str, act: Act, log: &Log) -> Self {
        Scripted {
            name,
            priority: 0,
            matchers: Vec::new(),
            act,
            log: log.clone(),
        }
    }

    pub fn priority(mut self, priority: i32) -> Self {
        self.priority = priority;
        self
    }

    pub fn matcher(mut self, matcher: Matcher) -> Self {
        self.matchers.push(matcher);
        self
    }
}

#[async_trait]
impl Plugin for Scripted {
    fn name(&self) -> &str {
        self.name
    }

    fn priority(&self) -> i32 {
        self.priority
    }

    fn matchers(&self) -> Vec<Matcher> {
        self.matchers.clone()
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        let text = message.plain_text();
        match self.act {
            Act::Record => self.log.push(format!("{}:{text}", self.name)),
            Act::RecordStopOn => {
                self.log.push(format!("{}:{text}", self.name));
                if text.contains("stop") {
                    ctx.stop();
                }
            }
            Act::Reply(make) => {
                let reply = make(ctx, message);
                self.log.push(format!("{}:{reply}", self.name));
                ctx.reply(reply).await?;
            }
            Act::Panic => panic!("scripted panic"),
            Act::Hang => std::future::pending::<()>().await,
        }
        Ok(())
    }
}
