//! Dialogues end to end, through the test kit: a three-step intake, per-user and
//! per-conversation scope, the timeout hook at the deadline, state and deadlines across a
//! restart with the file store, what a new command does (keep, cancel, join), and the
//! in-memory index that spares the store for conversations without a dialogue (kept right
//! across a restart and between replicas).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use timbot::core::types::Message;
use timbot::runtime::{
    BotHandle, Command, Context, ExpiredDialogue, HandlerResult, Matcher, OnCommand, Plugin,
};
use timbot::store::{MemoryStore, Store};
use timbot::testing::{Person, TestKit};
use tokio::time::Instant;

const TIMEOUT: Duration = Duration::from_secs(300);

/// The steps of a support ticket's intake.
#[derive(Debug, Serialize, Deserialize)]
enum Intake {
    OrderNumber,
    Problem { order: String },
    Confirm { order: String, problem: String },
}

/// `/ticket` starts an intake (order number → problem → confirm), `/cancel` ends it; a timeout
/// says at which step it stopped.
struct Support {
    per_user: bool,
    on_command: OnCommand,
}

impl Support {
    fn new() -> Self {
        Support {
            per_user: false,
            on_command: OnCommand::Keep,
        }
    }
}

#[async_trait]
impl Plugin for Support {
    fn name(&self) -> &str {
        "support"
    }

    fn matchers(&self) -> Vec<Matcher> {
        vec![
            Matcher::command(Command::new("ticket")),
            Matcher::command(Command::new("cancel")),
        ]
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        let intake = if self.per_user {
            ctx.user_dialogue::<Intake>()
        } else {
            ctx.dialogue::<Intake>()
        }
        .on_command(self.on_command);
        let text = message.plain_text();
        let reply = match (
            ctx.hit().map(|hit| hit.matcher.as_str()),
            intake.get().await?,
        ) {
            (Some("ticket"), _) => {
                intake.start(Intake::OrderNumber, TIMEOUT).await?;
                "Your order number?".to_owned()
            }
            (Some(_), open) => {
                intake.end().await?;
                format!("cancelled: {}", open.is_some())
            }
            (None, Some(Intake::OrderNumber)) => {
                let reply = format!("What went wrong with {text}?");
                intake.update(Intake::Problem { order: text }).await?;
                reply
            }
            (None, Some(Intake::Problem { order })) => {
                let reply = format!("Open a ticket for {order}: {text}? (yes/no)");
                let problem = text;
                intake.update(Intake::Confirm { order, problem }).await?;
                reply
            }
            (None, Some(Intake::Confirm { order, problem })) => {
                intake.end().await?;
                match text.as_str() {
                    "yes" => format!("Ticket opened for {order}: {problem}"),
                    _ => "Nothing opened.".to_owned(),
                }
            }
            (None, None) => return Ok(()),
        };
        ctx.reply(reply).await?;
        Ok(())
    }

    async fn on_dialogue_timeout(&self, ctx: &Context, expired: &ExpiredDialogue) -> HandlerResult {
        let step: Intake = expired.state()?;
        ctx.reply(format!("{} timed out at {step:?}", ctx.sender()))
            .await?;
        Ok(())
    }
}

/// `/help` answers with a line.
struct Help;

#[async_trait]
impl Plugin for Help {
    fn name(&self) -> &str {
        "help"
    }

    fn matchers(&self) -> Vec<Matcher> {
        vec![Matcher::command(Command::new("help"))]
    }

    async fn on_message(&self, ctx: &Context, _message: &Message) -> HandlerResult {
        ctx.reply("help: /ticket").await?;
        Ok(())
    }
}

/// `person` says `text` to the bot; returns the bot's reply.
async fn said(person: &mut Person, text: &str) -> String {
    person.say_to("bot", text).await;
    reply(person).await
}

/// The text of the bot's next message to `person`.
async fn reply(person: &mut Person) -> String {
    person.expect_reply("bot").await.plain_text()
}

/// A kit running the [`Support`] bot (account `bot`), its handle, and alice.
async fn support_with_alice() -> (TestKit, BotHandle, Person) {
    let mut kit = TestKit::new();
    let bot = kit.run(kit.bot("b", "bot").plugin(Support::new())).await;
    let alice = kit.person("alice").await;
    (kit, bot, alice)
}

#[tokio::test(start_paused = true)]
async fn a_dialogue_over_three_messages() {
    let (_kit, _bot, mut alice) = support_with_alice().await;

    assert_eq!(said(&mut alice, "/ticket").await, "Your order number?");
    assert_eq!(said(&mut alice, "A-42").await, "What went wrong with A-42?");
    assert_eq!(
        said(&mut alice, "broken lid").await,
        "Open a ticket for A-42: broken lid? (yes/no)"
    );
    assert_eq!(
        said(&mut alice, "yes").await,
        "Ticket opened for A-42: broken lid"
    );
    alice.say_to("bot", "thanks").await;
    alice.expect_no_reply("bot").await;
    alice.expect_no_reply_within("bot", TIMEOUT * 2).await;
}

#[tokio::test(start_paused = true)]
async fn a_per_user_dialogue_takes_only_its_user_in_a_group() {
    let mut kit = TestKit::new();
    let team = kit.group("olga", &["bot", "alice", "bob"]);
    let support = Support {
        per_user: true,
        ..Support::new()
    };
    kit.run(kit.bot("b", "bot").plugin(support)).await;
    let mut alice = kit.person("alice").await;
    let bob = kit.person("bob").await;

    alice.say_in(&team, "/ticket").await;
    assert_eq!(reply(&mut alice).await, "Your order number?");
    bob.say_in(&team, "B-7").await;
    alice.expect_no_reply("bot").await;
    alice.say_in(&team, "A-42").await;
    let reply = alice.expect_reply("bot").await;
    assert_eq!(reply.plain_text(), "What went wrong with A-42?");
    assert_eq!(reply.conv_id, team);
}

#[tokio::test(start_paused = true)]
async fn a_conversation_dialogue_takes_everyone_in_the_group() {
    let mut kit = TestKit::new();
    let team = kit.group("olga", &["bot", "alice", "bob"]);
    kit.run(kit.bot("b", "bot").plugin(Support::new())).await;
    let mut alice = kit.person("alice").await;
    let bob = kit.person("bob").await;

    alice.say_in(&team, "/ticket").await;
    assert_eq!(reply(&mut alice).await, "Your order number?");
    bob.say_in(&team, "B-7").await;
    assert_eq!(reply(&mut alice).await, "What went wrong with B-7?");
}

#[tokio::test(start_paused = true)]
async fn the_timeout_hook_runs_at_the_deadline_and_each_answer_moves_it() {
    let (kit, _bot, mut alice) = support_with_alice().await;

    assert_eq!(said(&mut alice, "/ticket").await, "Your order number?");
    let opened = Instant::now();
    let timed_out = alice.expect_reply("bot").await;
    assert_eq!(opened.elapsed(), TIMEOUT, "fired at the deadline itself");
    assert_eq!(timed_out.plain_text(), "alice timed out at OrderNumber");
    alice.say_to("bot", "A-42").await;
    alice.expect_no_reply("bot").await;

    assert_eq!(said(&mut alice, "/ticket").await, "Your order number?");
    kit.advance(TIMEOUT - Duration::from_secs(10)).await;
    assert_eq!(said(&mut alice, "A-42").await, "What went wrong with A-42?");
    let answered = Instant::now();
    kit.advance(TIMEOUT - Duration::from_secs(1)).await;
    alice
        .expect_no_reply_within("bot", Duration::from_millis(999))
        .await;
    assert_eq!(
        reply(&mut alice).await,
        "alice timed out at Problem { order: \"A-42\" }"
    );
    assert_eq!(answered.elapsed(), TIMEOUT);
}

/// A fresh directory for a file store.
fn store_path(test: &str) -> std::path::PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "timbot-dialogue-{test}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("store.redb")
}

#[tokio::test(start_paused = true)]
async fn state_and_deadlines_survive_a_restart_with_the_file_store() {
    let path = store_path("restart");
    let mut kit = TestKit::new();
    let store = kit.file_store(&path);
    kit.run(kit.bot("b", "bot").plugin(Support::new()).store(store))
        .await;
    let mut alice = kit.person("alice").await;
    let mut bob = kit.person("bob").await;
    assert_eq!(said(&mut bob, "/ticket").await, "Your order number?");
    let bob_opened = Instant::now();
    assert_eq!(said(&mut alice, "/ticket").await, "Your order number?");
    assert_eq!(said(&mut alice, "A-42").await, "What went wrong with A-42?");

    kit.advance(Duration::from_secs(100)).await;
    assert!(kit.shutdown().await.is_clean());
    kit.advance(Duration::from_secs(50)).await;
    let store = kit.file_store(&path);
    kit.run(kit.bot("b", "bot").plugin(Support::new()).store(store))
        .await;

    assert_eq!(
        said(&mut alice, "broken lid").await,
        "Open a ticket for A-42: broken lid? (yes/no)",
        "the state survived"
    );
    assert_eq!(reply(&mut bob).await, "bob timed out at OrderNumber");
    assert_eq!(bob_opened.elapsed(), TIMEOUT, "the deadline survived");
    let _ = std::fs::remove_dir_all(path.parent().expect("a directory"));
}

#[tokio::test(start_paused = true)]
async fn a_deadline_passed_while_the_bot_was_down_fires_at_start() {
    let path = store_path("overdue");
    let mut kit = TestKit::new();
    let store = kit.file_store(&path);
    kit.run(kit.bot("b", "bot").plugin(Support::new()).store(store))
        .await;
    let mut alice = kit.person("alice").await;
    assert_eq!(said(&mut alice, "/ticket").await, "Your order number?");
    assert!(kit.shutdown().await.is_clean());
    kit.advance(TIMEOUT * 2).await;
    alice.expect_no_reply("bot").await;

    let store = kit.file_store(&path);
    let restarted = Instant::now();
    kit.run(kit.bot("b", "bot").plugin(Support::new()).store(store))
        .await;
    assert_eq!(reply(&mut alice).await, "alice timed out at OrderNumber");
    assert_eq!(restarted.elapsed(), Duration::ZERO);
    let _ = std::fs::remove_dir_all(path.parent().expect("a directory"));
}

/// Open an intake under `policy` with a help plugin beside it, and send `/help` in it.
async fn help_during_intake(policy: OnCommand) -> (TestKit, Person) {
    let mut kit = TestKit::new();
    let support = Support {
        on_command: policy,
        ..Support::new()
    };
    kit.run(kit.bot("b", "bot").plugin(Help).plugin(support))
        .await;
    let mut alice = kit.person("alice").await;
    assert_eq!(said(&mut alice, "/ticket").await, "Your order number?");
    assert_eq!(said(&mut alice, "/help").await, "help: /ticket");
    (kit, alice)
}

#[tokio::test(start_paused = true)]
async fn a_command_of_another_plugin_keeps_the_dialogue_by_default() {
    let (_kit, mut alice) = help_during_intake(OnCommand::Keep).await;
    alice.expect_no_reply("bot").await;
    assert_eq!(said(&mut alice, "A-42").await, "What went wrong with A-42?");
}

#[tokio::test(start_paused = true)]
async fn a_command_of_another_plugin_cancels_a_cancelling_dialogue() {
    let (_kit, mut alice) = help_during_intake(OnCommand::Cancel).await;
    alice.say_to("bot", "A-42").await;
    alice.expect_no_reply_within("bot", TIMEOUT * 2).await;
}

#[tokio::test(start_paused = true)]
async fn a_command_of_another_plugin_joins_a_joining_dialogue() {
    let (_kit, mut alice) = help_during_intake(OnCommand::Join).await;
    assert_eq!(reply(&mut alice).await, "What went wrong with /help?");
}

#[tokio::test(start_paused = true)]
async fn the_plugins_own_command_reaches_it_and_it_decides() {
    let (_kit, _bot, mut alice) = support_with_alice().await;
    assert_eq!(said(&mut alice, "/ticket").await, "Your order number?");
    assert_eq!(said(&mut alice, "/cancel").await, "cancelled: true");
    alice.say_to("bot", "A-42").await;
    alice.expect_no_reply_within("bot", TIMEOUT * 2).await;
}

#[tokio::test(start_paused = true)]
async fn disabling_the_plugin_stops_its_timers_and_enabling_sets_them_again() {
    let (_kit, bot, mut alice) = support_with_alice().await;
    assert_eq!(said(&mut alice, "/ticket").await, "Your order number?");
    bot.disable_plugin("support").await.expect("disable");
    alice.expect_no_reply_within("bot", TIMEOUT * 2).await;

    let enabled = Instant::now();
    bot.enable_plugin("support").await.expect("enable");
    assert_eq!(
        reply(&mut alice).await,
        "alice timed out at OrderNumber",
        "the overdue timeout fires once the plugin runs again"
    );
    assert_eq!(enabled.elapsed(), Duration::ZERO);
}

/// A [`MemoryStore`] seen through a handle that counts its reads and either forwards its
/// [`Store::local_id`] or, like a server that other processes share, has none.
struct Handle {
    inner: Arc<MemoryStore>,
    local: bool,
    reads: AtomicU64,
}

impl Handle {
    fn new(inner: &Arc<MemoryStore>, local: bool) -> Arc<Handle> {
        Arc::new(Handle {
            inner: inner.clone(),
            local,
            reads: AtomicU64::new(0),
        })
    }
}

#[async_trait]
impl Store for Handle {
    async fn get(&self, key: &str) -> timbot::core::Result<Option<Vec<u8>>> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.get(key).await
    }
    async fn set(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> timbot::core::Result<()> {
        self.inner.set(key, value, ttl).await
    }
    async fn delete(&self, key: &str) -> timbot::core::Result<bool> {
        self.inner.delete(key).await
    }
    async fn compare_and_set(
        &self,
        key: &str,
        expected: Option<Vec<u8>>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> timbot::core::Result<bool> {
        self.inner.compare_and_set(key, expected, value, ttl).await
    }
    async fn increment(
        &self,
        key: &str,
        by: i64,
        ttl: Option<Duration>,
    ) -> timbot::core::Result<i64> {
        self.inner.increment(key, by, ttl).await
    }
    async fn keys(&self, prefix: &str) -> timbot::core::Result<Vec<String>> {
        self.inner.keys(prefix).await
    }
    async fn acquire_lease(
        &self,
        key: &str,
        owner: &str,
        ttl: Duration,
    ) -> timbot::core::Result<bool> {
        self.inner.acquire_lease(key, owner, ttl).await
    }
    async fn renew_lease(
        &self,
        key: &str,
        owner: &str,
        ttl: Duration,
    ) -> timbot::core::Result<bool> {
        self.inner.renew_lease(key, owner, ttl).await
    }
    async fn release_lease(&self, key: &str, owner: &str) -> timbot::core::Result<bool> {
        self.inner.release_lease(key, owner).await
    }
    fn local_id(&self) -> Option<u64> {
        self.local.then(|| self.inner.local_id()).flatten()
    }
}

/// Two replicas of bot `b` (accounts `bot1` and `bot2`) on `stores`, and alice.
async fn replicas(stores: [Arc<dyn Store>; 2]) -> (TestKit, Person) {
    let mut kit = TestKit::new();
    for (account, store) in ["bot1", "bot2"].into_iter().zip(stores) {
        kit.run(kit.bot("b", account).plugin(Support::new()).store(store))
            .await;
    }
    let alice = kit.person("alice").await;
    (kit, alice)
}

/// Alice opens an intake with `bot1` and answers `bot2`: the replica that did not open the
/// dialogue must still take the answer.
async fn answer_through_the_other_replica(alice: &mut Person) {
    alice.say_to("bot1", "/ticket").await;
    assert_eq!(
        alice.expect_reply("bot1").await.plain_text(),
        "Your order number?"
    );
    alice.say_to("bot2", "A-42").await;
    assert_eq!(
        alice.expect_reply("bot2").await.plain_text(),
        "What went wrong with A-42?"
    );
}

#[tokio::test(start_paused = true)]
async fn replicas_in_one_process_share_the_index_of_open_dialogues() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let (_kit, mut alice) = replicas([store.clone(), store]).await;
    answer_through_the_other_replica(&mut alice).await;
}

#[tokio::test(start_paused = true)]
async fn replicas_on_a_store_other_processes_share_read_it_for_every_message() {
    let shared = Arc::new(MemoryStore::new());
    let (_kit, mut alice) =
        replicas([Handle::new(&shared, false), Handle::new(&shared, false)]).await;
    answer_through_the_other_replica(&mut alice).await;
}

#[tokio::test(start_paused = true)]
async fn a_message_in_a_conversation_without_a_dialogue_does_not_read_the_store() {
    let mut kit = TestKit::new();
    let store = Handle::new(&Arc::new(MemoryStore::new()), true);
    kit.run(
        kit.bot("b", "bot")
            .plugin(Support::new())
            .store(store.clone()),
    )
    .await;
    let mut alice = kit.person("alice").await;
    let mut bob = kit.person("bob").await;
    assert_eq!(said(&mut alice, "/ticket").await, "Your order number?");

    let reads = store.reads.load(Ordering::SeqCst);
    bob.say_to("bot", "hello").await;
    bob.expect_no_reply("bot").await;
    assert_eq!(
        store.reads.load(Ordering::SeqCst),
        reads,
        "bob has no dialogue"
    );
    assert_eq!(said(&mut alice, "A-42").await, "What went wrong with A-42?");
    assert_eq!(said(&mut bob, "/ticket").await, "Your order number?");
}
