//! What the tests share: an engine, a support bot configured from TOML, and people.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use timbot::backend::local::LocalEngine;
use timbot::core::event::{Event, EventStream};
use timbot::core::types::{ConvType, Elem, Message};
use timbot::core::Client;
use timbot::runtime::{Bot, BotConfig, PluginSection, PluginSections, Runtime};
use timbot_plugin_customer_service::CustomerService;

/// How long a test waits for something that should happen (virtual time).
pub const PATIENCE: Duration = Duration::from_secs(600);

/// The bot's account.
pub const BOT: &str = "support_bot";

/// A bot file the sections pretend to come from, so that `knowledge = "fixtures/faq.toml"`
/// is found next to it.
pub fn bot_file() -> String {
    format!("{}/tests/bot.toml", env!("CARGO_MANIFEST_DIR"))
}

/// The `[plugins.customer-service]` section written as `toml`, from [`bot_file`] line 1.
pub fn section(toml: &str) -> PluginSection {
    let value: toml::Value = toml::from_str(toml).expect("test TOML");
    PluginSection {
        value,
        file: bot_file(),
        line: 1,
    }
}

/// A Wednesday, 10:00 UTC.
pub fn wednesday_10am() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 10, 0, 0).unwrap()
}

/// A running support bot and the engine it runs on.
pub struct Desk {
    pub engine: LocalEngine,
    _runtime: Runtime,
}

impl Desk {
    /// A support bot configured by `toml`, its clock stopped at `now`; `people` get accounts
    /// before it starts (e.g. the agents of a group it creates).
    pub async fn start(toml: &str, now: DateTime<Utc>, people: &[&str]) -> Desk {
        let engine = LocalEngine::default();
        engine.create_user(BOT, "Support").unwrap();
        for person in people {
            engine.create_user(person, person).unwrap();
        }
        let mut sections = PluginSections::default();
        sections.insert(timbot_plugin_customer_service::NAME, section(toml));
        let signing = engine.clone();
        let plugin = CustomerService::with_clock(Arc::new(move || now));
        let bot = Bot::builder(BotConfig::new("support", BOT), engine.backend())
            .signer(move |user: &str| signing.user_sig(user))
            .sections(sections)
            .plugin(plugin)
            .build()
            .unwrap();
        let mut runtime = Runtime::new();
        let handle = runtime.spawn(bot);
        assert!(!handle.running().await.is_stopped(), "the bot started");
        Desk {
            engine,
            _runtime: runtime,
        }
    }

    /// `id` logged in.
    pub async fn person(&self, id: &str) -> Person {
        let _ = self.engine.create_user(id, id);
        let client = Client::new(self.engine.backend());
        let sig = self.engine.user_sig(id).unwrap();
        let events = client.login(id, &sig).await.unwrap();
        Person {
            id: id.to_owned(),
            client,
            events,
        }
    }
}

/// A simulated person: a logged-in client and its events.
pub struct Person {
    pub id: String,
    pub client: Client,
    pub events: EventStream,
}

impl Person {
    /// Say `text` to the bot one-to-one.
    pub async fn say(&self, text: &str) {
        self.send(Message::new(ConvType::C2C, BOT, vec![Elem::text(text)]))
            .await;
    }

    /// Say `text` in `group`.
    pub async fn say_in(&self, group: &str, text: &str) {
        self.send(Message::new(ConvType::Group, group, vec![Elem::text(text)]))
            .await;
    }

    /// Send `message`.
    pub async fn send(&self, message: Message) {
        self.client
            .messages()
            .unwrap()
            .send_message(message)
            .await
            .unwrap();
    }

    /// The next message from the bot in a one-to-one chat (others are skipped).
    pub async fn next(&mut self) -> Arc<Message> {
        self.next_where(|m| m.conv_type == ConvType::C2C).await
    }

    /// The text of the next message from the bot in a one-to-one chat.
    pub async fn text(&mut self) -> String {
        self.next().await.plain_text()
    }

    /// The text of the next message from the bot in `group`.
    pub async fn text_in(&mut self, group: &str) -> String {
        self.next_where(|m| m.conv_type == ConvType::Group && m.conv_id == group)
            .await
            .plain_text()
    }

    async fn next_where(&mut self, wanted: impl Fn(&Message) -> bool) -> Arc<Message> {
        let wait = async {
            loop {
                match self.events.recv().await {
                    Some(Event::NewMessage(m)) if m.sender == BOT && wanted(&m) => return m,
                    Some(_) => continue,
                    None => panic!("{}'s session ended", self.id),
                }
            }
        };
        tokio::time::timeout(PATIENCE, wait)
            .await
            .unwrap_or_else(|_| panic!("{} got nothing more from the bot", self.id))
    }

    /// Whether nothing from the bot is waiting (after the bot had time to answer).
    pub async fn heard_nothing(&mut self) -> bool {
        tokio::time::sleep(Duration::from_secs(5)).await;
        std::iter::from_fn(|| self.events.try_recv())
            .all(|e| !matches!(e, Event::NewMessage(m) if m.sender == BOT))
    }
}
