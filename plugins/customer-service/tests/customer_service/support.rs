//! What the tests share: a support bot configured from TOML on the test kit, and short ways for
//! its people to talk to it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use timbot::core::types::{ConvType, Message};
use timbot::message::merge::open_message;
use timbot::runtime::{BotBuilder, PluginSection, PluginSections};
use timbot::testing::{Person, TestKit};
use timbot_plugin_customer_service::CustomerService;

/// The bot's account.
pub const BOT: &str = "support_bot";

/// The lines of a case transcript (a merged message), each `sender: text`.
pub fn transcript_lines(transcript: &Message) -> Vec<String> {
    open_message(transcript)
        .expect("a merged message")
        .entries
        .iter()
        .map(|e| format!("{}: {}", e.message.sender, e.message.plain_text()))
        .collect()
}

/// A bot file the sections pretend to come from, so that `knowledge = "../fixtures/faq.toml"`
/// is found next to it.
pub fn bot_file() -> String {
    format!(
        "{}/tests/customer_service/bot.toml",
        env!("CARGO_MANIFEST_DIR")
    )
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

/// A test kit running one support bot configured by `toml`, its office clock stopped at
/// `now`; `people` get accounts before it starts (e.g. the agents of a group it creates).
pub async fn support_desk(toml: &str, now: DateTime<Utc>, people: &[&str]) -> TestKit {
    let mut kit = TestKit::new();
    for person in people {
        kit.engine().create_user(person, person).unwrap();
    }
    kit.run(support_bot(&kit, toml, now)).await;
    kit
}

/// The support bot configured by `toml` on `kit`, its office clock stopped at `now`, not yet
/// started (give it a store, then run it).
pub fn support_bot(kit: &TestKit, toml: &str, now: DateTime<Utc>) -> BotBuilder {
    let mut sections = PluginSections::default();
    sections.insert(timbot_plugin_customer_service::NAME, section(toml));
    kit.bot("support", BOT)
        .sections(sections)
        .plugin(CustomerService::with_clock(Arc::new(move || now)))
}

/// A fresh file-store path for the test `test`.
pub fn store_path(test: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "timbot-customer-service-{test}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("store.redb")
}

/// Talking to the support bot.
pub trait Chat {
    /// Say `text` to the bot one-to-one.
    async fn say(&self, text: &str);
    /// The next message from the bot, in any conversation.
    async fn next(&mut self) -> Message;
    /// The text of the bot's next one-to-one message.
    async fn text(&mut self) -> String;
    /// The text of the bot's next message, which must be in `group`.
    async fn text_in(&mut self, group: &str) -> String;
}

impl Chat for Person {
    async fn say(&self, text: &str) {
        self.say_to(BOT, text).await;
    }

    async fn next(&mut self) -> Message {
        self.expect_reply(BOT).await
    }

    async fn text(&mut self) -> String {
        let message = self.next().await;
        assert_eq!(message.conv_type, ConvType::C2C, "{message:?}");
        message.plain_text()
    }

    async fn text_in(&mut self, group: &str) -> String {
        let message = self.next().await;
        assert_eq!(
            (message.conv_type, message.conv_id.as_str()),
            (ConvType::Group, group),
            "{message:?}"
        );
        message.plain_text()
    }
}
