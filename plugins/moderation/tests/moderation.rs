//! The moderation plugin with the test kit (embedded engine and runtime on a paused clock): the
//! ladder, links, floods, repeats, per-group ladders, admin commands, welcomes, join requests,
//! the audit log and before-send verdicts.

use std::sync::Arc;

use timbot::core::backend::{HistoryQuery, ModifyMemberParams};
use timbot::core::event::{Event, Verdict};
use timbot::core::types::{ConvType, Elem, GroupType, MemberRole, Message, MsgStatus};
use timbot::core::{Client, Result};
use timbot::runtime::BotConfig;
use timbot::store::{MemoryStore, Store};
use timbot::testing::{Person, Tap, TestKit};
use timbot_plugin_moderation::{audit_log, AuditEntry, Moderation};

/// A Public group owned by boss with the bot as admin, and alice and ann as members.
async fn group(kit: &TestKit, boss: &Person) -> String {
    let group = kit.group_of(GroupType::Public, "boss", &["bot", "alice", "ann"]);
    boss.client()
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

/// Run the moderator bot (account `bot`) with `config` and `store`.
async fn run_moderator(kit: &mut TestKit, config: BotConfig, store: Arc<dyn Store>) {
    let bot = kit.bot_with(config).plugin(Moderation::new()).store(store);
    kit.run(bot).await;
}

/// The moderator's configuration with `section` as its `[plugins.moderation]`.
fn config(section: &str) -> BotConfig {
    let mut config = BotConfig::new("moderator", "bot");
    config
        .plugins
        .insert("moderation".into(), toml::from_str(section).unwrap());
    config
}

/// The kit, its store, boss (the group's owner) and the group, with moderation configured by
/// `section`.
async fn setup(section: &str) -> (TestKit, Arc<dyn Store>, Person, String) {
    let mut kit = TestKit::new();
    let boss = kit.person("boss").await;
    let group = group(&kit, &boss).await;
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    run_moderator(&mut kit, config(section), store.clone()).await;
    (kit, store, boss, group)
}

/// The text of the bot's next message.
async fn bot_says(person: &mut Person) -> String {
    person.expect_reply("bot").await.plain_text()
}

/// How many seconds `user` stays muted in `group`, as the engine sees it (0: not muted).
async fn muted_for(kit: &TestKit, boss: &Person, group: &str, user: &str) -> i64 {
    let members = boss
        .client()
        .groups()
        .unwrap()
        .members(group)
        .await
        .unwrap();
    let member = members.iter().find(|m| m.identifier == user).unwrap();
    let until = i64::try_from(member.shutup_time).unwrap();
    (until - kit.engine().now_unix()).max(0)
}

/// Whether `sent` is recalled, as `reader` sees the group's history.
async fn recalled(reader: &Person, sent: &Message) -> bool {
    let history = reader
        .client()
        .messages()
        .unwrap()
        .history(HistoryQuery {
            conv_type: ConvType::Group,
            conv_id: sent.conv_id.clone(),
            count: 50,
            before: None,
        })
        .await
        .unwrap();
    let found = history.iter().find(|m| m.msg_id == sent.msg_id).unwrap();
    found.status == MsgStatus::Revoked
}

/// Send `text` in `group` as `person`, returning the engine's answer (a muted member is refused).
async fn try_say(person: &Person, group: &str, text: &str) -> Result<Message> {
    let message = Message::new(ConvType::Group, group, vec![Elem::text(text)]);
    person.client().messages()?.send_message(message).await
}

fn actions(entries: &[AuditEntry]) -> Vec<String> {
    entries.iter().map(|e| e.action.clone()).collect()
}

#[tokio::test(start_paused = true)]
async fn a_banned_word_climbs_the_ladder_from_warning_to_recall_to_mute() {
    let (kit, store, mut boss, group) = setup(r#"banned_words = ["scam", "free money"]"#).await;
    let alice = kit.person("alice").await;

    let first = alice.say_in(&group, "this is a SCAM").await;
    let warning = bot_says(&mut boss).await;
    assert!(
        warning.starts_with("@alice warning: banned word \"scam\" (strike 1)"),
        "{warning}"
    );
    assert!(!recalled(&boss, &first).await, "strike 1 only warns");

    let second = alice.say_in(&group, "free money here").await;
    assert!(bot_says(&mut boss).await.contains("(strike 2)"));
    assert!(recalled(&boss, &second).await, "strike 2 recalls");

    alice.say_in(&group, "scam again").await;
    assert_eq!(
        bot_says(&mut boss).await,
        "@alice muted for 600s: banned word \"scam\" (strike 3)"
    );
    assert!(try_say(&alice, &group, "can I talk?").await.is_err());
    assert_eq!(muted_for(&kit, &boss, &group, "alice").await, 600);

    let log = audit_log(&store, &group).await.unwrap();
    assert_eq!(actions(&log), ["warn", "recall", "warn", "recall", "mute"]);
    assert!(log.iter().all(|e| e.by == "bot" && e.target == "alice"));
    assert_eq!(log[4].reason, "600s: banned word \"scam\" (strike 3)");
}

#[tokio::test(start_paused = true)]
async fn links_off_the_allow_list_and_floods_are_violations() {
    let (kit, store, mut boss, group) = setup(
        r#"
        links = { block = true, allow = ["example.com"] }
        flood = { messages = 3, seconds = 10 }
        ladder = ["warn"]
        "#,
    )
    .await;
    let alice = kit.person("alice").await;
    alice
        .say_in(&group, "docs at https://www.example.com/a")
        .await;
    boss.expect_no_reply("bot").await;
    alice.say_in(&group, "buy at https://evil.net/x").await;
    assert!(bot_says(&mut boss).await.contains("link to evil.net"));

    let ann = kit.person("ann").await;
    for i in 0..3 {
        ann.say_in(&group, &format!("hi {i}")).await;
    }
    boss.expect_no_reply("bot").await;
    ann.say_in(&group, "hi 3").await;
    assert!(bot_says(&mut boss)
        .await
        .starts_with("@ann warning: flooding"));
    let log = audit_log(&store, &group).await.unwrap();
    let targets: Vec<&str> = log.iter().map(|e| e.target.as_str()).collect();
    assert_eq!(targets, ["alice", "ann"]);
}

#[tokio::test(start_paused = true)]
async fn the_same_text_again_and_again_is_repeated_spam() {
    let (kit, store, mut boss, group) = setup(r#"repeat = { count = 3 }"#).await;
    let alice = kit.person("alice").await;
    for text in ["join my channel", "join my channel", "something else"] {
        alice.say_in(&group, text).await;
    }
    alice.say_in(&group, "join my channel").await;
    alice.say_in(&group, "join my channel").await;
    boss.expect_no_reply("bot").await;
    alice.say_in(&group, "join my channel").await;
    assert!(bot_says(&mut boss)
        .await
        .starts_with("@alice warning: repeated spam (strike 1)"));
    let log = audit_log(&store, &group).await.unwrap();
    assert_eq!(actions(&log), ["warn"]);
}

#[tokio::test(start_paused = true)]
async fn a_group_can_have_its_own_ladder() {
    let mut kit = TestKit::new();
    let mut boss = kit.person("boss").await;
    let strict = group(&kit, &boss).await;
    let relaxed = kit.group_of(GroupType::Public, "boss", &["bot", "alice"]);
    let mut config = config(r#"banned_words = ["scam"]"#);
    config.groups.insert(
        strict.clone(),
        toml::from_str(r#"plugins.moderation = { ladder = ["mute:1d"] }"#).unwrap(),
    );
    run_moderator(&mut kit, config, Arc::new(MemoryStore::new())).await;
    let alice = kit.person("alice").await;

    alice.say_in(&relaxed, "a scam").await;
    assert!(bot_says(&mut boss).await.starts_with("@alice warning"));
    assert_eq!(muted_for(&kit, &boss, &relaxed, "alice").await, 0);

    alice.say_in(&strict, "a scam").await;
    assert_eq!(
        bot_says(&mut boss).await,
        "@alice muted for 86400s: banned word \"scam\" (strike 1)"
    );
    assert_eq!(muted_for(&kit, &boss, &strict, "alice").await, 86_400);
}

#[tokio::test(start_paused = true)]
async fn admin_commands_are_denied_to_members_and_obeyed_for_the_owner() {
    let (kit, store, mut boss, group) = setup("").await;
    let alice = kit.person("alice").await;
    let ann = kit.person("ann").await;

    alice.say_in_at(&group, "/mute @ann 10m", &["ann"]).await;
    assert_eq!(bot_says(&mut boss).await, "You are not allowed to do that.");
    assert_eq!(muted_for(&kit, &boss, &group, "ann").await, 0);
    ann.say_in(&group, "still talking").await;
    assert!(audit_log(&store, &group).await.unwrap().is_empty());

    boss.say_in_at(&group, "/mute @alice 2h", &["alice"]).await;
    assert_eq!(bot_says(&mut boss).await, "Muted alice for 7200s.");
    assert!(try_say(&alice, &group, "hello?").await.is_err());
    assert_eq!(muted_for(&kit, &boss, &group, "alice").await, 7200);
    boss.say_in_at(&group, "/unmute @alice", &["alice"]).await;
    assert_eq!(bot_says(&mut boss).await, "Unmuted alice.");
    alice.say_in(&group, "thanks").await;
    assert_eq!(muted_for(&kit, &boss, &group, "alice").await, 0);

    boss.say_in(&group, "/mute-all on").await;
    assert_eq!(bot_says(&mut boss).await, "Everyone but admins is muted.");
    assert!(try_say(&ann, &group, "hm").await.is_err());

    boss.say_in_at(&group, "/kick @ann spamming", &["ann"])
        .await;
    assert_eq!(bot_says(&mut boss).await, "Removed ann.");
    let members = boss
        .client()
        .groups()
        .unwrap()
        .members(&group)
        .await
        .unwrap();
    assert!(members.iter().all(|m| m.identifier != "ann"));

    let log = audit_log(&store, &group).await.unwrap();
    assert_eq!(actions(&log), ["mute", "unmute", "mute_all", "kick"]);
    assert!(log.iter().all(|e| e.by == "boss"));
    assert_eq!(log[3].reason, "spamming");
}

#[tokio::test(start_paused = true)]
async fn a_newcomer_is_welcomed() {
    let (kit, store, mut boss, group) =
        setup(r#"welcome = "Welcome {user}! Please read the rules.""#).await;
    kit.engine().create_user("newbie", "newbie").unwrap();
    kit.engine()
        .admin_add_members(&group, &["newbie".into()])
        .unwrap();
    assert_eq!(
        bot_says(&mut boss).await,
        "Welcome @newbie! Please read the rules."
    );
    let log = audit_log(&store, &group).await.unwrap();
    assert_eq!(actions(&log), ["welcome"]);
    assert_eq!(log[0].target, "newbie");
}

#[tokio::test(start_paused = true)]
async fn join_requests_are_accepted_or_refused_by_the_rules() {
    let (kit, store, _boss, group) = setup(
        r#"
        join_requests = { require_words = ["rust"], refuse_reason = "Say what you code in." }
        "#,
    )
    .await;
    // The applicants log in on their own clients to read the system notices they get.
    let engine = kit.engine();
    let mut notices = Vec::new();
    for (user, request) in [("newbie", "I write Rust daily"), ("lurker", "let me in")] {
        engine.create_user(user, user).unwrap();
        let client = Client::new(engine.backend());
        let events = client
            .login(user, &engine.user_sig(user).unwrap())
            .await
            .unwrap();
        client
            .groups()
            .unwrap()
            .join_group(&group, request)
            .await
            .unwrap();
        notices.push((client, events));
    }
    let (_, lurker_events) = &mut notices[1];
    let refusal = tokio::time::timeout(timbot::testing::PATIENCE, async {
        loop {
            if let Some(Event::GroupSystemNotice(notice)) = lurker_events.recv().await {
                return notice;
            }
        }
    })
    .await
    .expect("the refusal came");
    assert_eq!(refusal.msg, "Say what you code in.");
    let members = notices[0]
        .0
        .groups()
        .unwrap()
        .members(&group)
        .await
        .unwrap();
    assert!(members.iter().any(|m| m.identifier == "newbie"));
    assert!(members.iter().all(|m| m.identifier != "lurker"));
    let log = audit_log(&store, &group).await.unwrap();
    assert_eq!(actions(&log), ["join_accept", "join_refuse"]);
    assert_eq!(log[1].target, "lurker");
}

/// The verdict the bot gives on `text` about to be said in `group`.
async fn verdict(tap: &Tap, group: &str, text: &str) -> Verdict {
    let message = Message::new(ConvType::Group, group, vec![Elem::text(text)]);
    tap.ask_before_send(message).await
}

#[tokio::test(start_paused = true)]
async fn before_send_masks_banned_words_or_blocks_where_configured() {
    let mut kit = TestKit::new();
    kit.engine().create_user("bot", "bot").unwrap();
    let mut config = BotConfig::new("moderator", "bot");
    config.plugins.insert(
        "moderation".into(),
        toml::from_str(r#"banned_words = ["darn"]"#).unwrap(),
    );
    config.groups.insert(
        "strict".into(),
        toml::from_str(r#"plugins.moderation = { before_send = "block" }"#).unwrap(),
    );
    let (bot, tap) = kit.tapped_bot(config);
    kit.run(bot.plugin(Moderation::new())).await;

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
    let demo_section = sections.for_group("moderation", "demo");
    timbot_plugin_moderation::validate(&demo_section).unwrap();
    let demo: timbot_plugin_moderation::ModerationConfig = demo_section.parse().unwrap();
    let rules = timbot_plugin_moderation::Rules::compile(demo).unwrap();
    assert_eq!(rules.step(3), timbot_plugin_moderation::Step::Kick);
    assert_eq!(rules.banned_word("a SCAM"), Some("scam".to_owned()));
}

#[test]
fn a_bad_ladder_step_is_reported_with_the_file_and_line() {
    let text = "[bot]\nname = \"m\"\nuser_id = \"m\"\n\n[plugins.moderation]\nladder = [\"warn\", \"ban\"]\n";
    let section = timbot::testing::plugin_section("bad.toml", text, "moderation");
    let message = timbot::testing::expect_config_error(
        timbot_plugin_moderation::validate(&section),
        "bad.toml",
        5,
    );
    assert!(message.contains("\"ban\""), "{message}");
}
