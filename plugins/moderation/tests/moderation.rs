//! The moderation plugin on the embedded engine with the runtime (paused time, no sleeps):
//! the ladder, admin commands, welcomes, join requests and before-send verdicts.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::backend::{
    Backend, CreateGroupParams, LoggedIn, LoginRequest, ModifyMemberParams,
};
use timbot::core::event::{event_channel, BeforeSend, Event, EventSender, EventStream, Verdict};
use timbot::core::types::{ConvType, Elem, GroupType, MemberRole, Message};
use timbot::core::{Client, Result};
use timbot::runtime::{Bot, BotConfig, BotHandle, Runtime};
use timbot::store::{MemoryStore, Store};
use timbot_plugin_moderation::{audit_log, Moderation};

const PATIENCE: Duration = Duration::from_secs(600);

/// A logged-in person and their events.
struct Person {
    client: Client,
    events: EventStream,
}

impl Person {
    async fn login(engine: &LocalEngine, id: &str) -> Person {
        let client = Client::new(engine.backend());
        let events = client
            .login(id, &engine.user_sig(id).unwrap())
            .await
            .unwrap();
        Person { client, events }
    }

    async fn try_say(&self, group: &str, text: &str, at: &[&str]) -> Result<Message> {
        let mut message = Message::new(ConvType::Group, group, vec![Elem::text(text)]);
        message.group_at_user_array = at.iter().map(|u| u.to_string()).collect();
        self.client.messages()?.send_message(message).await
    }

    async fn say(&self, group: &str, text: &str, at: &[&str]) -> Message {
        self.try_say(group, text, at).await.unwrap()
    }

    /// The next event matching `pick`, skipping others; panics after [`PATIENCE`].
    async fn next<T>(&mut self, mut pick: impl FnMut(Event) -> Option<T>) -> T {
        let wait = async {
            loop {
                let event = self.events.recv().await.expect("session open");
                if let Some(found) = pick(event) {
                    return found;
                }
            }
        };
        tokio::time::timeout(PATIENCE, wait)
            .await
            .expect("the awaited event came")
    }

    /// Whether the bot said anything that is already delivered (after letting it work).
    fn heard_from_bot(&mut self) -> bool {
        let mut heard = false;
        while let Some(event) = self.events.try_recv() {
            heard |= matches!(event, Event::NewMessage(m) if m.sender == "bot");
        }
        heard
    }

    /// The text of the next message the bot sends.
    async fn text_from_bot(&mut self) -> String {
        self.next(|e| match e {
            Event::NewMessage(m) if m.sender == "bot" => Some(m.plain_text()),
            _ => None,
        })
        .await
    }
}

/// A Public group owned by `boss` with the bot as admin, and alice and ann as members.
async fn group(engine: &LocalEngine, boss: &Person) -> String {
    for user in ["bot", "alice", "ann", "newbie"] {
        engine.create_user(user, user).unwrap();
    }
    let mut params = CreateGroupParams::new(GroupType::Public, "demo");
    params.members = ["bot", "alice", "ann"].map(String::from).to_vec();
    let group = engine.admin_create_group("boss", params).unwrap();
    boss.client
        .groups()
        .unwrap()
        .modify_member(ModifyMemberParams {
            group_id: group.clone(),
            user_id: "bot".into(),
            role: Some(MemberRole::Admin),
            ..ModifyMemberParams::default()
        })
        .await
        .unwrap();
    group
}

/// Start the bot with moderation configured by `section` on `backend`.
fn start(
    engine: &LocalEngine,
    backend: Arc<dyn Backend>,
    section: &str,
    store: Arc<dyn Store>,
) -> (Runtime, BotHandle) {
    let mut config = BotConfig::new("moderator", "bot");
    config
        .plugins
        .insert("moderation".into(), toml::from_str(section).unwrap());
    let engine = engine.clone();
    let bot = Bot::builder(config, backend)
        .signer(move |user: &str| engine.user_sig(user))
        .plugin(Moderation::new())
        .store(store)
        .build()
        .unwrap();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(bot);
    (runtime, handle)
}

async fn setup(section: &str) -> (LocalEngine, Runtime, Arc<dyn Store>, Person, String) {
    let engine = LocalEngine::default();
    engine.create_user("boss", "boss").unwrap();
    let mut boss = Person::login(&engine, "boss").await;
    let group = group(&engine, &boss).await;
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let (runtime, handle) = start(&engine, engine.backend(), section, store.clone());
    handle.running().await;
    while boss.events.try_recv().is_some() {}
    (engine, runtime, store, boss, group)
}

/// How many seconds `user` stays muted in `group`, as the engine sees it (0: not muted).
async fn muted_for(engine: &LocalEngine, boss: &Person, group: &str, user: &str) -> i64 {
    let members = boss.client.groups().unwrap().members(group).await.unwrap();
    let member = members.iter().find(|m| m.identifier == user).unwrap();
    let until = i64::try_from(member.shutup_time).unwrap();
    (until - engine.now_unix()).max(0)
}

fn actions(entries: &[timbot_plugin_moderation::AuditEntry]) -> Vec<String> {
    entries.iter().map(|e| e.action.clone()).collect()
}

#[tokio::test(start_paused = true)]
async fn a_banned_word_climbs_the_ladder_from_warning_to_recall_to_mute() {
    let (engine, _runtime, store, mut boss, group) =
        setup(r#"banned_words = ["scam", "free money"]"#).await;
    let alice = Person::login(&engine, "alice").await;

    alice.say(&group, "this is a SCAM", &[]).await;
    assert!(boss
        .text_from_bot()
        .await
        .starts_with("@alice warning: banned word \"scam\""));

    let second = alice.say(&group, "free money here", &[]).await;
    let recalled = boss
        .next(|e| match e {
            Event::MessageRevoked(r) => Some(r),
            _ => None,
        })
        .await;
    assert_eq!(recalled.msg_id, second.msg_id);
    assert_eq!(recalled.revoker, "bot");
    assert!(boss.text_from_bot().await.contains("(strike 2)"));

    alice.say(&group, "scam again", &[]).await;
    assert_eq!(
        boss.text_from_bot().await,
        "@alice muted for 600s: banned word \"scam\" (strike 3)"
    );
    assert!(alice.try_say(&group, "can I talk?", &[]).await.is_err());
    assert_eq!(muted_for(&engine, &boss, &group, "alice").await, 600);

    let log = audit_log(&store, &group).await.unwrap();
    assert_eq!(actions(&log), ["warn", "recall", "warn", "recall", "mute"]);
    assert_eq!(log[4].reason, "600s: banned word \"scam\" (strike 3)");
    assert!(log.iter().all(|e| e.by == "bot" && e.target == "alice"));
}

#[tokio::test(start_paused = true)]
async fn links_off_the_allow_list_and_floods_are_violations() {
    let (engine, _runtime, store, mut boss, group) = setup(
        r#"
        links = { block = true, allow = ["example.com"] }
        flood = { messages = 3, seconds = 10 }
        ladder = ["warn"]
        "#,
    )
    .await;
    let alice = Person::login(&engine, "alice").await;
    alice
        .say(&group, "docs at https://www.example.com/a", &[])
        .await;
    alice.say(&group, "buy at https://evil.net/x", &[]).await;
    assert!(boss.text_from_bot().await.contains("link to evil.net"));
    let ann = Person::login(&engine, "ann").await;
    for i in 0..4 {
        ann.say(&group, &format!("hi {i}"), &[]).await;
    }
    assert!(boss
        .text_from_bot()
        .await
        .starts_with("@ann warning: flooding"));
    let log = audit_log(&store, &group).await.unwrap();
    let targets: Vec<&str> = log.iter().map(|e| e.target.as_str()).collect();
    assert_eq!(targets, ["alice", "ann"]);
}

#[tokio::test(start_paused = true)]
async fn the_same_text_again_and_again_is_repeated_spam() {
    let (engine, _runtime, store, mut boss, group) = setup(r#"repeat = { count = 3 }"#).await;
    let alice = Person::login(&engine, "alice").await;
    alice.say(&group, "join my channel", &[]).await;
    alice.say(&group, "join my channel", &[]).await;
    alice.say(&group, "something else", &[]).await;
    alice.say(&group, "join my channel", &[]).await;
    alice.say(&group, "join my channel", &[]).await;
    alice.say(&group, "join my channel", &[]).await;
    assert!(boss
        .text_from_bot()
        .await
        .starts_with("@alice warning: repeated spam (strike 1)"));
    // Only the third in a row was a strike: two in a row, or a broken run, are not spam.
    let log = audit_log(&store, &group).await.unwrap();
    assert_eq!(actions(&log), ["warn"]);
    assert_eq!(log[0].reason, "repeated spam (strike 1)");
}

#[tokio::test(start_paused = true)]
async fn a_group_can_have_its_own_ladder() {
    let engine = LocalEngine::default();
    engine.create_user("boss", "boss").unwrap();
    let mut boss = Person::login(&engine, "boss").await;
    let strict = group(&engine, &boss).await;
    let mut params = CreateGroupParams::new(GroupType::Public, "relaxed");
    params.members = ["bot", "alice"].map(String::from).to_vec();
    let relaxed = engine.admin_create_group("boss", params).unwrap();
    let mut config = BotConfig::new("moderator", "bot");
    config.plugins.insert(
        "moderation".into(),
        toml::from_str(r#"banned_words = ["scam"]"#).unwrap(),
    );
    config.groups.insert(
        strict.clone(),
        toml::from_str(r#"plugins.moderation = { ladder = ["mute:1d"] }"#).unwrap(),
    );
    let signer = engine.clone();
    let bot = Bot::builder(config, engine.backend())
        .signer(move |user: &str| signer.user_sig(user))
        .plugin(Moderation::new())
        .build()
        .unwrap();
    let mut runtime = Runtime::new();
    runtime.spawn(bot).running().await;
    boss.heard_from_bot();
    let alice = Person::login(&engine, "alice").await;

    alice.say(&relaxed, "a scam", &[]).await;
    assert!(boss.text_from_bot().await.starts_with("@alice warning"));
    assert_eq!(muted_for(&engine, &boss, &relaxed, "alice").await, 0);

    alice.say(&strict, "a scam", &[]).await;
    assert_eq!(
        boss.text_from_bot().await,
        "@alice muted for 86400s: banned word \"scam\" (strike 1)"
    );
    assert_eq!(muted_for(&engine, &boss, &strict, "alice").await, 86_400);
}

#[tokio::test(start_paused = true)]
async fn admin_commands_are_denied_to_members_and_obeyed_for_the_owner() {
    let (engine, _runtime, store, mut boss, group) = setup("").await;
    let alice = Person::login(&engine, "alice").await;
    let ann = Person::login(&engine, "ann").await;

    alice.say(&group, "/mute @ann 10m", &["ann"]).await;
    assert_eq!(
        boss.text_from_bot().await,
        "You are not allowed to do that."
    );
    ann.say(&group, "still talking", &[]).await;
    assert!(audit_log(&store, &group).await.unwrap().is_empty());

    boss.say(&group, "/mute @alice 2h", &["alice"]).await;
    assert_eq!(boss.text_from_bot().await, "Muted alice for 7200s.");
    assert!(alice.try_say(&group, "hello?", &[]).await.is_err());
    assert_eq!(muted_for(&engine, &boss, &group, "alice").await, 7200);
    boss.say(&group, "/unmute @alice", &["alice"]).await;
    assert_eq!(boss.text_from_bot().await, "Unmuted alice.");
    alice.say(&group, "thanks", &[]).await;
    assert_eq!(muted_for(&engine, &boss, &group, "alice").await, 0);

    boss.say(&group, "/mute-all on", &[]).await;
    assert_eq!(boss.text_from_bot().await, "Everyone but admins is muted.");
    assert!(ann.try_say(&group, "hm", &[]).await.is_err());

    boss.say(&group, "/kick @ann spamming", &["ann"]).await;
    assert_eq!(boss.text_from_bot().await, "Removed ann.");
    let members = boss.client.groups().unwrap().members(&group).await.unwrap();
    assert!(members.iter().all(|m| m.identifier != "ann"));

    let log = audit_log(&store, &group).await.unwrap();
    assert_eq!(actions(&log), ["mute", "unmute", "mute_all", "kick"]);
    assert!(log.iter().all(|e| e.by == "boss"));
    assert_eq!(log[3].reason, "spamming");
}

#[tokio::test(start_paused = true)]
async fn a_newcomer_is_welcomed() {
    let (engine, _runtime, store, mut boss, group) =
        setup(r#"welcome = "Welcome {user}! Please read the rules.""#).await;
    engine
        .admin_add_members(&group, &["newbie".into()])
        .unwrap();
    assert_eq!(
        boss.text_from_bot().await,
        "Welcome @newbie! Please read the rules."
    );
    let log = audit_log(&store, &group).await.unwrap();
    assert_eq!(actions(&log), ["welcome"]);
    assert_eq!(log[0].target, "newbie");
}

#[tokio::test(start_paused = true)]
async fn join_requests_are_decided_by_the_rules() {
    let (engine, _runtime, store, _boss, group) = setup(
        r#"
        join_requests = { require_words = ["rust"], refuse_reason = "Say what you code in." }
        "#,
    )
    .await;
    engine.create_user("lurker", "lurker").unwrap();
    let mut lurker = Person::login(&engine, "lurker").await;
    let newbie = Person::login(&engine, "newbie").await;
    let groups = newbie.client.groups().unwrap();
    groups
        .join_group(&group, "I write Rust daily")
        .await
        .unwrap();
    lurker
        .client
        .groups()
        .unwrap()
        .join_group(&group, "let me in")
        .await
        .unwrap();
    let refusal = lurker
        .next(|e| match e {
            Event::GroupSystemNotice(n) => Some(n),
            _ => None,
        })
        .await;
    assert_eq!(refusal.msg, "Say what you code in.");
    let members = groups.members(&group).await.unwrap();
    assert!(members.iter().any(|m| m.identifier == "newbie"));
    assert!(members.iter().all(|m| m.identifier != "lurker"));
    let log = audit_log(&store, &group).await.unwrap();
    assert_eq!(actions(&log), ["join_accept", "join_refuse"]);
}

/// A backend in front of the engine that lets the test push events into the bot's stream.
struct Tap {
    inner: Arc<dyn Backend>,
    sender: Mutex<Option<EventSender>>,
}

impl Tap {
    fn inject(&self, event: Event) {
        let sender = self.sender.lock().unwrap().clone().expect("logged in");
        assert!(sender.send(event));
    }
}

#[async_trait]
impl Backend for Tap {
    fn name(&self) -> &'static str {
        "tap"
    }

    async fn login(&self, request: LoginRequest) -> Result<LoggedIn> {
        let LoggedIn {
            session,
            mut events,
        } = self.inner.login(request).await?;
        let (sender, stream) = event_channel();
        *self.sender.lock().unwrap() = Some(sender.clone());
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if !sender.send(event) {
                    return;
                }
            }
        });
        Ok(LoggedIn {
            session,
            events: stream,
        })
    }
}

async fn verdict(tap: &Tap, group: &str, text: &str) -> Verdict {
    let message = Message::new(ConvType::Group, group, vec![Elem::text(text)]);
    let (question, answer) = BeforeSend::new(Arc::new(message));
    tap.inject(Event::BeforeSend(question));
    answer.await.unwrap()
}

#[tokio::test(start_paused = true)]
async fn before_send_masks_banned_words_or_blocks_where_configured() {
    let engine = LocalEngine::default();
    engine.create_user("bot", "bot").unwrap();
    let tap = Arc::new(Tap {
        inner: engine.backend(),
        sender: Mutex::new(None),
    });
    let mut config = BotConfig::new("moderator", "bot");
    config.plugins.insert(
        "moderation".into(),
        toml::from_str(r#"banned_words = ["darn"]"#).unwrap(),
    );
    config.groups.insert(
        "strict".into(),
        toml::from_str(r#"plugins.moderation = { before_send = "block" }"#).unwrap(),
    );
    let signer = engine.clone();
    let bot = Bot::builder(config, tap.clone())
        .signer(move |user: &str| signer.user_sig(user))
        .plugin(Moderation::new())
        .build()
        .unwrap();
    let mut runtime = Runtime::new();
    runtime.spawn(bot).running().await;

    assert_eq!(
        verdict(&tap, "relaxed", "oh DARN it").await,
        Verdict::Rewrite(vec![Elem::text("oh **** it")])
    );
    assert_eq!(verdict(&tap, "relaxed", "all good").await, Verdict::Allow);
    assert_eq!(verdict(&tap, "strict", "darn").await, Verdict::Block);
}

#[test]
fn the_moderator_bot_file_configures_moderation_everywhere_and_in_the_demo_group() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bots/moderator.toml");
    let file = timbot::runtime::BotFile::load(&path).unwrap();
    let bots = file.bot_configs();
    assert_eq!(bots.len(), 1);
    let sections = file.plugin_sections(&bots[0]);
    timbot_plugin_moderation::validate(&sections.for_plugin("moderation")).unwrap();
    let demo_section = sections.for_group("moderation", "@TGS#demo");
    timbot_plugin_moderation::validate(&demo_section).unwrap();
    let demo: timbot_plugin_moderation::ModerationConfig = demo_section.parse().unwrap();
    let rules = timbot_plugin_moderation::Rules::compile(demo).unwrap();
    assert_eq!(rules.step(3), timbot_plugin_moderation::Step::Kick);
    assert_eq!(rules.banned_word("a SCAM"), Some("scam".to_owned()));
}

#[test]
fn a_bad_ladder_step_is_reported_with_the_file_and_line() {
    let text = "[bot]\nname = \"m\"\nuser_id = \"m\"\n\n[plugins.moderation]\nladder = [\"warn\", \"ban\"]\n";
    let file = timbot::runtime::BotFile::parse("bad.toml", text).unwrap();
    let bots = file.bot_configs();
    let section = file.plugin_sections(&bots[0]).for_plugin("moderation");
    match timbot_plugin_moderation::validate(&section) {
        Err(timbot::core::Error::Config {
            file,
            line,
            message,
        }) => {
            assert_eq!((file.as_str(), line), ("bad.toml", 5));
            assert!(message.contains("\"ban\""), "{message}");
        }
        other => panic!("expected a located error, got {other:?}"),
    }
}
