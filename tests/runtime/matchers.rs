//! Each matcher kind end to end: commands with aliases and typed arguments (and the usage
//! reply), regexes with captures under both strategies, keywords, mentions, message kinds,
//! conversation kinds, group and user filters; and claims.

use std::sync::Arc;
use timbot::backend::local::LocalEngine;
use timbot::core::types::{ConvType, Elem, ElemType, FaceElem, Message};

use timbot::runtime::{Arg, BotHandle, Claim, Command, ConvKey, Matcher, RegexStrategy, Runtime};
use timbot::testing::TestKit;

use crate::support::{bot, bot_on, config, group, settled, Act, Log, Person, Scripted};

async fn run(engine: &LocalEngine, plugin: Scripted) -> (Runtime, BotHandle) {
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(bot(engine, "b", "bot").plugin(plugin).build().unwrap());
    handle.running().await;
    (runtime, handle)
}

/// Wait until the bot finished `n` events; then return what `person` got from it.
async fn replies_after(handle: &BotHandle, person: &mut Person, n: u64) -> Vec<String> {
    handle
        .wait_for_metrics(|m| m.received == n && m.in_flight() == 0)
        .await;
    person.waiting_from("bot")
}

fn mute_command() -> Matcher {
    Matcher::command(
        Command::new("mute")
            .alias("shutup")
            .arg(Arg::user("who"))
            .arg(Arg::duration("for")),
    )
}

#[tokio::test(start_paused = true)]
async fn a_command_with_an_alias_and_typed_arguments() {
    let engine = LocalEngine::default();
    let g = group(&engine, "olga", &["bot", "alice", "bob"]);
    let log = Log::default();
    let plugin = Scripted::new(
        "mod",
        Act::Reply(|ctx, _| {
            let args = ctx.args().expect("a command fired");
            format!(
                "{} muted {} for {}s",
                ctx.hit().unwrap().matcher,
                args.user("who").unwrap(),
                args.duration("for").unwrap().as_secs()
            )
        }),
        &log,
    )
    .matcher(mute_command());
    let (_rt, handle) = run(&engine, plugin).await;
    let base = settled(&handle).await;
    let mut alice = Person::login(&engine, "alice").await;

    alice.say_in_at(&g, "/shutup @bob 10m", &["bob"]).await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "mute muted bob for 600s"
    );
    alice.say_in(&g, "/MUTE carol 1h30m").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "mute muted carol for 5400s"
    );
    alice.say_in(&g, "/unmute bob").await;
    alice.say_in(&g, "mute bob 1m").await;
    assert!(
        replies_after(&handle, &mut alice, base + 4)
            .await
            .is_empty(),
        "no such command, no prefix"
    );
}

#[tokio::test(start_paused = true)]
async fn bad_arguments_get_the_usage_line_and_skip_the_handler() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let plugin = Scripted::new("mod", Act::Record, &log).matcher(mute_command());
    let (_rt, _handle) = run(&engine, plugin).await;
    let mut alice = Person::login(&engine, "alice").await;

    alice.say_to("bot", "/mute bob soon").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "<for> should be duration, not \"soon\"\nUsage: /mute <who:@user> <for:duration>"
    );
    alice.say_to("bot", "/mute").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "missing <who>\nUsage: /mute <who:@user> <for:duration>"
    );
    assert!(log.entries().is_empty(), "the handler never ran");
}

async fn regex_captures_with(strategy: RegexStrategy) {
    let engine = LocalEngine::default();
    let log = Log::default();
    let plugin = Scripted::new(
        "orders",
        Act::Reply(|ctx, _| {
            let caps = ctx.captures().expect("a regex fired");
            format!(
                "order {} ({})",
                caps.name("id").unwrap(),
                caps.get(0).unwrap()
            )
        }),
        &log,
    )
    .matcher(Matcher::regex(r"(?i)order #?(?P<id>\d+)"));
    let mut cfg = config("b", "bot");
    cfg.regex_strategy = strategy;
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot_on(&engine, engine.backend(), cfg)
            .plugin(plugin)
            .build()
            .unwrap(),
    );
    handle.running().await;
    let mut alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "where is Order #42?").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "order 42 (Order #42)"
    );
    alice.say_to("bot", "where is my parcel?").await;
    assert!(replies_after(&handle, &mut alice, 2).await.is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_regex_with_captures_sequential() {
    regex_captures_with(RegexStrategy::Sequential).await;
}

#[tokio::test(start_paused = true)]
async fn a_regex_with_captures_regex_set() {
    regex_captures_with(RegexStrategy::Set).await;
}

#[tokio::test(start_paused = true)]
async fn keywords_match_anywhere_ignoring_ascii_case() {
    let mut kit = TestKit::new();
    let plugin = Scripted::new(
        "refunds",
        Act::Reply(|ctx, _| format!("{:?}", ctx.hit().unwrap().detail)),
        &Log::default(),
    )
    .matcher(Matcher::keywords(["refund", "退款"]));
    kit.run(kit.bot("b", "bot").plugin(plugin)).await;
    let mut alice = kit.person("alice").await;
    alice.say_to("bot", "I want a REFUND now").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "Keyword(\"refund\")"
    );
    alice.say_to("bot", "我要退款").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "Keyword(\"退款\")"
    );
    alice.say_to("bot", "thanks").await;
    alice.expect_no_reply("bot").await;
}

#[tokio::test(start_paused = true)]
async fn a_mention_matcher_fires_only_when_the_bot_is_mentioned() {
    let engine = LocalEngine::default();
    let g = group(&engine, "olga", &["bot", "alice", "bob"]);
    let log = Log::default();
    let plugin = Scripted::new("hello", Act::Reply(|_, _| "you called?".into()), &log)
        .matcher(Matcher::mentioned());
    let (_rt, handle) = run(&engine, plugin).await;
    let mut alice = Person::login(&engine, "alice").await;
    let base = settled(&handle).await;
    alice.say_in(&g, "hello all").await;
    alice.say_in_at(&g, "@bob hi", &["bob"]).await;
    assert!(replies_after(&handle, &mut alice, base + 2)
        .await
        .is_empty());
    alice.say_in_at(&g, "@bot hi", &["bot"]).await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "you called?");
}

#[tokio::test(start_paused = true)]
async fn a_message_kind_matcher_fires_on_that_element_kind() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let plugin = Scripted::new("faces", Act::Reply(|_, _| "nice face".into()), &log)
        .matcher(Matcher::kind(ElemType::Face));
    let (_rt, handle) = run(&engine, plugin).await;
    let mut alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "just text").await;
    assert!(replies_after(&handle, &mut alice, 1).await.is_empty());
    let face = Elem::Face(FaceElem {
        index: 3,
        buf: String::new(),
    });
    alice
        .send(Message::new(ConvType::C2C, "bot", vec![face]))
        .await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "nice face");
}

#[tokio::test(start_paused = true)]
async fn conversation_group_and_user_filters() {
    let engine = LocalEngine::default();
    let g1 = group(&engine, "olga", &["bot", "alice", "bob"]);
    let g2 = group(&engine, "olga", &["bot", "alice"]);
    let log = Log::default();
    let plugin = Scripted::new("filtered", Act::Record, &log)
        .matcher(
            Matcher::any()
                .id("alice-in-g1")
                .in_groups()
                .only_groups([g1.clone()])
                .only_users(["alice"]),
        )
        .matcher(Matcher::any().id("direct").in_direct());
    let (_rt, handle) = run(&engine, plugin).await;
    let base = settled(&handle).await;
    let alice = Person::login(&engine, "alice").await;
    let bob = Person::login(&engine, "bob").await;
    alice.say_in(&g1, "a in g1").await;
    alice.say_in(&g2, "a in g2").await;
    bob.say_in(&g1, "b in g1").await;
    alice.say_to("bot", "a direct").await;
    handle
        .wait_for_metrics(|m| m.received == base + 4 && m.in_flight() == 0)
        .await;
    let mut entries = log.entries();
    entries.sort();
    assert_eq!(entries, vec!["filtered:a direct", "filtered:a in g1"]);
}

/// Claims every message alice sends to the "quiz" plugin.
struct AliceIsAnswering;

#[async_trait::async_trait]
impl Claim for AliceIsAnswering {
    async fn claims(&self, plugin: &str, _conversation: &ConvKey, message: &Message) -> bool {
        plugin == "quiz" && message.sender == "alice"
    }
}

#[tokio::test(start_paused = true)]
async fn a_claim_hands_a_plugin_messages_its_matchers_did_not_select() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let quiz = Scripted::new(
        "quiz",
        Act::Reply(|ctx, m| match ctx.hit() {
            Some(hit) => format!("command {}", hit.matcher),
            None => format!("answer {}", m.plain_text()),
        }),
        &log,
    )
    .matcher(Matcher::command(Command::new("quiz")));
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "b", "bot")
            .plugin(quiz)
            .claim(Arc::new(AliceIsAnswering))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let mut alice = Person::login(&engine, "alice").await;
    let mut bob = Person::login(&engine, "bob").await;
    alice.say_to("bot", "/quiz").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "command quiz",
        "a command still fires"
    );
    alice.say_to("bot", "42").await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "answer 42");
    bob.say_to("bot", "42").await;
    assert!(
        replies_after(&handle, &mut bob, 3).await.is_empty(),
        "not claimed for bob"
    );
}

/// Answers "at me" with an @-reply and "quote me" with a quote-reply.
struct Replier;

#[async_trait::async_trait]
impl timbot::runtime::Plugin for Replier {
    fn name(&self) -> &str {
        "replier"
    }

    async fn on_message(
        &self,
        ctx: &timbot::runtime::Context,
        message: &Message,
    ) -> timbot::runtime::HandlerResult {
        match message.plain_text().as_str() {
            "at me" => ctx.reply_at("here you are").await?,
            _ => ctx.quote_reply("quoting you").await?,
        };
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn reply_helpers_mention_and_quote_the_sender() {
    let mut kit = TestKit::new();
    let g = kit.group("olga", &["bot", "alice"]);
    kit.run(kit.bot("b", "bot").plugin(Replier)).await;
    let mut alice = kit.person("alice").await;
    alice.say_in(&g, "at me").await;
    let at = alice.expect_reply("bot").await;
    assert_eq!(at.group_at_user_array, vec!["alice".to_owned()]);
    assert!(
        at.plain_text().ends_with("here you are"),
        "{}",
        at.plain_text()
    );
    assert!(at.plain_text().starts_with('@'));

    let sent = alice.say_in(&g, "quote me").await;
    let quoted = alice.expect_reply("bot").await;
    let quote = timbot::message::quote_of(&quoted).expect("a quote reference");
    assert_eq!(quote.message_id, sent.msg_id);
    assert_eq!(quoted.plain_text(), "quoting you");
}
