//! Helpers shared by the runtime tests: an engine, people, bots and scripted test plugins.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::backend::{Backend, CreateGroupParams};
use timbot::core::event::{Event, EventStream};
use timbot::core::types::{ConvType, Elem, GroupType, Message};
use timbot::core::{Client, Result};
use timbot::runtime::{
    Bot, BotBuilder, BotConfig, BotHandle, Context, HandlerResult, Matcher, Plugin,
};

/// How long a test waits for something that should happen (virtual time).
pub const PATIENCE: Duration = Duration::from_secs(600);

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

/// A simulated person: a logged-in client and its events.
pub struct Person {
    pub id: String,
    pub client: Client,
    pub events: EventStream,
}

impl Person {
    /// Log `id` in to the engine.
    pub async fn login(engine: &LocalEngine, id: &str) -> Person {
        let client = Client::new(engine.backend());
        let sig = engine.user_sig(id).expect("sig");
        let events = client.login(id, &sig).await.expect("login");
        Person {
            id: id.to_owned(),
            client,
            events,
        }
    }

    /// Send `message`.
    pub async fn send(&self, message: Message) {
        self.client
            .messages()
            .expect("logged in")
            .send_message(message)
            .await
            .expect("send");
    }

    /// Say `text` to `user` one-to-one.
    pub async fn say_to(&self, user: &str, text: &str) {
        self.send(Message::new(ConvType::C2C, user, vec![Elem::text(text)]))
            .await;
    }

    /// Say `text` in `group`.
    pub async fn say_in(&self, group: &str, text: &str) {
        self.send(Message::new(ConvType::Group, group, vec![Elem::text(text)]))
            .await;
    }

    /// Say `text` in `group`, @-mentioning `users`.
    pub async fn say_in_at(&self, group: &str, text: &str, users: &[&str]) {
        let mut message = Message::new(ConvType::Group, group, vec![Elem::text(text)]);
        message.group_at_user_array = users.iter().map(|u| u.to_string()).collect();
        self.send(message).await;
    }

    /// The next message from `sender` (other events are skipped); panics after [`PATIENCE`].
    pub async fn next_from(&mut self, sender: &str) -> Arc<Message> {
        let wait = async {
            loop {
                match self.events.recv().await {
                    Some(Event::NewMessage(m)) if m.sender == sender => return m,
                    Some(_) => continue,
                    None => panic!("{}'s session ended", self.id),
                }
            }
        };
        tokio::time::timeout(PATIENCE, wait)
            .await
            .unwrap_or_else(|_| panic!("{} got nothing from {sender}", self.id))
    }

    /// The text of the next message from `sender`.
    pub async fn text_from(&mut self, sender: &str) -> String {
        self.next_from(sender).await.plain_text()
    }

    /// The texts of the messages from `sender` waiting now.
    pub fn waiting_from(&mut self, sender: &str) -> Vec<String> {
        let mut texts = Vec::new();
        while let Some(event) = self.events.try_recv() {
            if let Event::NewMessage(m) = event {
                if m.sender == sender {
                    texts.push(m.plain_text());
                }
            }
        }
        texts
    }
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
