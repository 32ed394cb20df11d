//! A test kit for bots: an embedded engine on tokio's paused clock, people who talk to the bots,
//! and assertions on what the bots answer.
//!
//! - [`TestKit`] owns an engine ([`LocalEngine`]) and a [`Runtime`]: it creates people
//!   ([`TestKit::person`]) and groups ([`TestKit::group`]), builds bots already signed in to the
//!   engine ([`TestKit::bot`], [`TestKit::bot_from_toml`]), runs them ([`TestKit::run`]), moves
//!   time ([`TestKit::advance`]) and stops them ([`TestKit::shutdown`]; the kit can then run
//!   bots again, e.g. to test a restart).
//! - [`Person`] is a simulated user: it says things one-to-one or in a group and asserts the
//!   bots' replies ([`Person::expect_reply`], [`Person::expect_no_reply`],
//!   [`Person::waiting_from`]) and call answers ([`Person::expect_signal_from`]).
//! - [`Tap`] stands between a bot and the engine and lets a test push events into the bot's
//!   stream that no person could cause: a before-send question whose verdict the test awaits
//!   ([`Tap::ask_before_send`]), a signaling invitation, the bot's own echo
//!   ([`Tap::inject`]). [`TestKit::tapped_bot`] builds a bot behind one.
//! - [`plugin_section`] and [`expect_config_error`] test a plugin's configuration checks: a
//!   section written inline, and the error with file and line it must give.
//! - [`RedisServer`] starts a throwaway `redis-server` for tests of a
//!   [`RedisStore`](crate::store::RedisStore) (several replicas sharing one state).
//!
//! Run the tests on a paused clock, `#[tokio::test(start_paused = true)]` (tokio's `test-util`
//! feature, in your `[dev-dependencies]`): then waiting costs no real time, a bounded wait of an
//! hour returns at once, and timers (dialogue deadlines, mutes, schedules) fire exactly when
//! virtual time reaches them. The kit itself needs no feature flag.
//!
//! Failed expectations panic with a message that says who waited for whom and what came
//! instead: this is test code.
//!
//! ```
//! use timbot::core::types::Message;
//! use timbot::runtime::{Context, HandlerResult, Plugin};
//! use timbot::testing::TestKit;
//!
//! struct Hello;
//!
//! #[async_trait::async_trait]
//! impl Plugin for Hello {
//!     fn name(&self) -> &str {
//!         "hello"
//!     }
//!
//!     async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
//!         if message.plain_text() == "hi" {
//!             ctx.reply(format!("hello, {}", ctx.sender())).await?;
//!         }
//!         Ok(())
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() {
//! // In a test: #[tokio::test(start_paused = true)] async fn greets() { … }
//! let mut kit = TestKit::new();
//! kit.run(kit.bot("greeter", "bot").plugin(Hello)).await;
//!
//! let mut alice = kit.person("alice").await;
//! alice.say_to("bot", "hi").await;
//! assert_eq!(alice.expect_reply("bot").await.plain_text(), "hello, alice");
//!
//! let team = kit.group("alice", &["bot", "bob"]);
//! alice.say_in(&team, "hi").await;
//! let reply = alice.expect_reply("bot").await;
//! assert_eq!(reply.conv_id, team);
//!
//! alice.say_to("bot", "how are you?").await;
//! alice.expect_no_reply("bot").await;
//! # }
//! ```

mod config_error;
mod person;
mod redis_server;
mod tap;

pub use config_error::{expect_config_error, plugin_section};
pub use person::Person;
pub use redis_server::RedisServer;
pub use tap::Tap;

use std::sync::Arc;
use std::time::Duration;

use chrono::DateTime;

use crate::backend::local::{EngineConfig, LocalEngine};
use crate::core::backend::{Backend, CreateGroupParams};
use crate::core::types::GroupType;
use crate::runtime::{Bot, BotBuilder, BotConfig, BotFile, BotHandle, Runtime, ShutdownReport};
use crate::store::{Clock, FileStore, Store};

/// How long [`Person::expect_reply`] waits for a reply, in virtual time.
pub const PATIENCE: Duration = Duration::from_secs(3600);

/// How long [`Person::expect_no_reply`] listens for a reply that should not come, in virtual
/// time.
pub const QUIET: Duration = Duration::from_secs(1);

/// An engine, its bots and a clock, for one test.
#[derive(Debug)]
pub struct TestKit {
    engine: LocalEngine,
    clock: Clock,
    runtime: Runtime,
}

impl Default for TestKit {
    fn default() -> Self {
        TestKit::new()
    }
}

impl TestKit {
    /// A kit on a fresh default engine.
    pub fn new() -> Self {
        TestKit::with_engine(LocalEngine::new(EngineConfig::default()))
    }

    /// A kit on `engine` (e.g. one made with a particular [`EngineConfig`]).
    pub fn with_engine(engine: LocalEngine) -> Self {
        let start = DateTime::from_timestamp(engine.now_unix(), 0).unwrap_or_default();
        TestKit {
            engine,
            clock: Clock::starting_at(start),
            runtime: Runtime::new(),
        }
    }

    /// The engine.
    pub fn engine(&self) -> &LocalEngine {
        &self.engine
    }

    /// The wall clock the kit's bots keep time by: the engine's time, moved by tokio's clock.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// The bots' runtime (metrics, handles).
    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// Create the account `id` (nickname `id`) and log it in as a [`Person`].
    pub async fn person(&self, id: &str) -> Person {
        if let Err(error) = self.engine.create_user(id, id) {
            panic!("cannot create the account {id:?}: {error}");
        }
        Person::login(&self.engine, id).await
    }

    /// A Work group owned by `owner` with `members` (accounts are created as needed); returns
    /// its id. Put the bot's account among the members for it to see the group's messages.
    pub fn group(&self, owner: &str, members: &[&str]) -> String {
        self.group_of(GroupType::Work, owner, members)
    }

    /// A group of `group_type` owned by `owner` with `members`; returns its id.
    pub fn group_of(&self, group_type: GroupType, owner: &str, members: &[&str]) -> String {
        for user in std::iter::once(&owner).chain(members) {
            if let Err(error) = self.engine.create_user(user, user) {
                panic!("cannot create the account {user:?}: {error}");
            }
        }
        let mut params = CreateGroupParams::new(group_type, "group");
        params.members = members.iter().map(|m| (*m).to_owned()).collect();
        self.engine
            .admin_create_group(owner, params)
            .unwrap_or_else(|error| panic!("cannot create a group of {owner:?}: {error}"))
    }

    /// A bot named `name` logging in as `user_id`, signed by the engine, on the kit's clock;
    /// add plugins, a store … and hand it to [`TestKit::run`].
    pub fn bot(&self, name: &str, user_id: &str) -> BotBuilder {
        self.bot_with(BotConfig::new(name, user_id))
    }

    /// A bot with `config` (superusers, prefixes, plugin sections …), signed by the engine.
    pub fn bot_with(&self, config: BotConfig) -> BotBuilder {
        self.bot_on(config, self.engine.backend())
    }

    /// A bot with `config` behind a [`Tap`] on the engine, and the tap: once the bot runs, the
    /// test can push events into its stream ([`Tap::inject`], [`Tap::ask_before_send`]).
    pub fn tapped_bot(&self, config: BotConfig) -> (BotBuilder, Arc<Tap>) {
        let tap = Tap::new(self.engine.backend());
        (self.bot_on(config, tap.clone()), tap)
    }

    /// A bot with `config` on `backend`, signed by the engine, on the kit's clock.
    fn bot_on(&self, config: BotConfig, backend: Arc<dyn Backend>) -> BotBuilder {
        let engine = self.engine.clone();
        Bot::builder(config, backend)
            .signer(move |user: &str| engine.user_sig(user))
            .clock(self.clock)
    }

    /// The one bot of a bot file's text (`[bot]` and its `[plugins.*]` / `[groups.*]`
    /// sections), signed by the engine. Panics when the text is not a one-bot file.
    pub fn bot_from_toml(&self, toml: &str) -> BotBuilder {
        let file = BotFile::parse("test bot file", toml)
            .unwrap_or_else(|error| panic!("bad test bot file: {error}"));
        let [config] = <[BotConfig; 1]>::try_from(file.bot_configs())
            .unwrap_or_else(|bots| panic!("the test bot file has {} bots, not 1", bots.len()));
        let sections = file.plugin_sections(&config);
        self.bot_with(config).sections(sections)
    }

    /// A file store at `path` on the kit's clock (for state that must survive a restart).
    pub fn file_store(&self, path: impl AsRef<std::path::Path>) -> Arc<dyn Store> {
        let path = path.as_ref();
        match FileStore::open_with_clock(path, self.clock) {
            Ok(store) => Arc::new(store),
            Err(error) => panic!("cannot open the file store {}: {error}", path.display()),
        }
    }

    /// Build `bot`, start it and wait until it is logged in and dispatching. Panics when it
    /// does not build or cannot log in.
    pub async fn run(&mut self, bot: BotBuilder) -> BotHandle {
        let bot = bot
            .build()
            .unwrap_or_else(|error| panic!("the bot does not build: {error}"));
        let handle = self.runtime.spawn(bot);
        let status = handle.running().await;
        assert!(
            status.is_running(),
            "bot {} did not start: {status:?}",
            handle.name()
        );
        handle
    }

    /// Let `by` of virtual time pass; every timer due meanwhile fires, in order.
    pub async fn advance(&self, by: Duration) {
        tokio::time::sleep(by).await;
    }

    /// Stop every running bot (handlers in flight get 5 seconds). The kit stays usable: people
    /// stay logged in and [`TestKit::run`] starts bots again.
    pub async fn shutdown(&mut self) -> ShutdownReport {
        let runtime = std::mem::take(&mut self.runtime);
        runtime.shutdown(Duration::from_secs(5)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::types::Message;
    use crate::runtime::{Context, HandlerResult, Plugin};

    /// Answers "ping" with "pong" half a second later.
    struct SlowPong;

    #[async_trait::async_trait]
    impl Plugin for SlowPong {
        fn name(&self) -> &str {
            "pong"
        }

        async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
            if message.plain_text() == "ping" {
                tokio::time::sleep(Duration::from_millis(500)).await;
                ctx.reply("pong").await?;
            }
            Ok(())
        }
    }

    async fn kit_with_pong() -> (TestKit, Person) {
        let mut kit = TestKit::new();
        kit.run(kit.bot("b", "bot").plugin(SlowPong)).await;
        let alice = kit.person("alice").await;
        (kit, alice)
    }

    #[tokio::test(start_paused = true)]
    async fn a_reply_is_waited_for_in_virtual_time() {
        let (_kit, mut alice) = kit_with_pong().await;
        let start = tokio::time::Instant::now();
        alice.say_to("bot", "ping").await;
        assert_eq!(alice.expect_reply("bot").await.plain_text(), "pong");
        assert_eq!(start.elapsed(), Duration::from_millis(500));
    }

    #[tokio::test(start_paused = true)]
    #[should_panic(expected = "alice expected a reply from bot within 100ms and got none")]
    async fn a_missing_reply_panics_after_the_patience() {
        let (_kit, mut alice) = kit_with_pong().await;
        alice.say_to("bot", "ping").await;
        alice
            .expect_reply_within("bot", Duration::from_millis(100))
            .await;
    }

    #[tokio::test(start_paused = true)]
    #[should_panic(expected = "alice expected no reply from bot within 1s but got \"pong\"")]
    async fn an_unwanted_reply_panics() {
        let (_kit, mut alice) = kit_with_pong().await;
        alice.say_to("bot", "ping").await;
        alice.expect_no_reply("bot").await;
    }

    #[tokio::test(start_paused = true)]
    async fn what_has_arrived_is_read_without_waiting() {
        let (_kit, mut alice) = kit_with_pong().await;
        alice.say_to("bot", "ping").await;
        assert!(
            alice.waiting_from("bot").is_empty(),
            "the pong takes half a second"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(alice.waiting_from("bot"), ["pong"]);
        assert!(alice.waiting_from("bot").is_empty(), "read once");
    }

    #[tokio::test(start_paused = true)]
    async fn a_signaling_event_is_awaited_by_its_actor() {
        let kit = TestKit::new();
        let alice = kit.person("alice").await;
        let mut bob = kit.person("bob").await;
        let invite = crate::core::backend::InviteParams {
            invitees: vec!["bob".to_owned()],
            data: "video".to_owned(),
            timeout_secs: 30,
            ..Default::default()
        };
        let invite_id = alice
            .client()
            .signaling()
            .unwrap()
            .invite(invite)
            .await
            .unwrap();
        let signal = bob.expect_signal_from("alice").await;
        assert_eq!(
            (signal.invite_id, signal.action),
            (invite_id, crate::core::types::SignalingActionType::Invite)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn bots_run_again_after_a_shutdown() {
        let (mut kit, mut alice) = kit_with_pong().await;
        let report = kit.shutdown().await;
        assert!(report.is_clean());
        alice.say_to("bot", "ping").await;
        alice.expect_no_reply_within("bot", PATIENCE).await;
        kit.run(kit.bot("b", "bot").plugin(SlowPong)).await;
        alice.say_to("bot", "ping").await;
        assert_eq!(alice.expect_reply("bot").await.plain_text(), "pong");
    }
}
