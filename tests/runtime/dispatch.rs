//! The dispatcher: order within a conversation, parallelism across conversations, isolation of
//! failing plugins, own echoes, duplicates, priority and stop, before-send verdicts.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::event::{Event, Verdict};
use timbot::core::types::{ConvType, Elem, Message};
use timbot::runtime::{Context, HandlerResult, Matcher, Plugin, Runtime};
use timbot::testing::Tap;
use tokio::time::Instant;

use crate::support::{bot, bot_on, config, Act, Log, Person, Scripted};

/// Logs every message; a message from "slowpoke" takes an hour.
struct SlowForOne(Log);

#[async_trait]
impl Plugin for SlowForOne {
    fn name(&self) -> &str {
        "slow-for-one"
    }

    async fn on_message(&self, _ctx: &Context, message: &Message) -> HandlerResult {
        if message.sender == "slowpoke" {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            self.0.push("slowpoke done");
        } else {
            self.0.push(message.plain_text());
        }
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn a_thousand_messages_in_order_while_another_conversation_is_slow() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let mut cfg = config("b", "bot");
    cfg.handler_timeout_secs = 7200;
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot_on(&engine, engine.backend(), cfg)
            .plugin(SlowForOne(log.clone()))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let slowpoke = Person::login(&engine, "slowpoke").await;
    let alice = Person::login(&engine, "alice").await;
    let start = Instant::now();
    slowpoke.say_to("bot", "take your time").await;
    for i in 0..1000 {
        alice.say_to("bot", &i.to_string()).await;
    }
    handle.wait_for_metrics(|m| m.handled == 1000).await;
    assert!(
        start.elapsed() < Duration::from_secs(3600),
        "alice's messages did not wait for the slow handler"
    );
    let entries = log.entries();
    assert!(!entries.contains(&"slowpoke done".to_owned()));
    let expected: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
    assert_eq!(entries, expected, "one conversation, in order");
    handle.wait_for_metrics(|m| m.handled == 1001).await;
    assert_eq!(
        log.entries().last().map(String::as_str),
        Some("slowpoke done")
    );
}

#[tokio::test(start_paused = true)]
async fn a_panicking_and_a_hanging_plugin_are_isolated() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "b", "bot")
            .plugin(Scripted::new("panics", Act::Panic, &log).matcher(Matcher::keywords(["boom"])))
            .plugin(Scripted::new("hangs", Act::Hang, &log).matcher(Matcher::keywords(["hang"])))
            .plugin(Scripted::new("records", Act::Record, &log).priority(1))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let alice = Person::login(&engine, "alice").await;
    let start = Instant::now();
    alice.say_to("bot", "boom").await;
    alice.say_to("bot", "hang").await;
    alice.say_to("bot", "fine").await;
    let metrics = handle
        .wait_for_metrics(|m| m.in_flight() == 0 && m.received == 3)
        .await;
    assert_eq!(
        (metrics.failed, metrics.timed_out, metrics.handled),
        (1, 1, 1)
    );
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(5),
        "the hanging handler was abandoned at the 5-second timeout"
    );
    assert_eq!(
        log.entries(),
        vec!["records:boom", "records:hang", "records:fine"],
        "the plugin after the failing ones still ran, and the bot went on"
    );
    assert!(handle.status().is_running());
}

#[tokio::test(start_paused = true)]
async fn the_bots_own_echo_is_ignored() {
    let engine = LocalEngine::default();
    let tap = Tap::new(engine.backend());
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot_on(&engine, tap.clone(), config("b", "bot"))
            .plugin(Scripted::new("records", Act::Record, &log))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let mut own = Message::new(ConvType::C2C, "alice", vec![Elem::text("said by me")]);
    own.sender = "bot".to_owned();
    own.msg_id = "own-1".to_owned();
    tap.inject(Event::NewMessage(Arc::new(own.clone())));
    own.sender = String::new();
    own.is_from_self = true;
    own.msg_id = "own-2".to_owned();
    tap.inject(Event::NewMessage(Arc::new(own)));
    let alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "from alice").await;
    let metrics = handle.wait_for_metrics(|m| m.handled == 1).await;
    assert_eq!((metrics.echoes, metrics.dropped), (2, 2));
    assert_eq!(log.entries(), vec!["records:from alice"]);
}

#[tokio::test(start_paused = true)]
async fn a_message_delivered_twice_is_handled_once() {
    let engine = LocalEngine::default();
    let tap = Tap::delivering_messages_twice(engine.backend());
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot_on(&engine, tap, config("b", "bot"))
            .plugin(Scripted::new("records", Act::Record, &log))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "once").await;
    alice.say_to("bot", "twice").await;
    let metrics = handle
        .wait_for_metrics(|m| m.received == 4 && m.in_flight() == 0)
        .await;
    assert_eq!((metrics.handled, metrics.duplicates), (2, 2));
    assert_eq!(log.entries(), vec!["records:once", "records:twice"]);
}

#[tokio::test(start_paused = true)]
async fn plugins_run_by_priority_and_one_may_stop_propagation() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "b", "bot")
            .plugin(Scripted::new("late", Act::Record, &log).priority(10))
            .plugin(Scripted::new("first", Act::RecordStopOn, &log).priority(-5))
            .plugin(Scripted::new("middle", Act::Record, &log))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "go").await;
    alice.say_to("bot", "stop here").await;
    handle.wait_for_metrics(|m| m.handled == 2).await;
    assert_eq!(
        log.entries(),
        vec!["first:go", "middle:go", "late:go", "first:stop here"]
    );
}

/// Answers every before-send question with a fixed verdict.
struct Judge(&'static str, i32, Verdict);

#[async_trait]
impl Plugin for Judge {
    fn name(&self) -> &str {
        self.0
    }
    fn priority(&self) -> i32 {
        self.1
    }
    async fn before_send(&self, _ctx: &Context, _message: &Message) -> Verdict {
        self.2.clone()
    }
}

#[tokio::test(start_paused = true)]
async fn the_first_verdict_that_is_not_allow_decides_before_send() {
    let engine = LocalEngine::default();
    let tap = Tap::new(engine.backend());
    let mut runtime = Runtime::new();
    let rewrite = Verdict::Rewrite(vec![Elem::text("***")]);
    let handle = runtime.spawn(
        bot_on(&engine, tap.clone(), config("b", "bot"))
            .plugin(Judge("blocks", 3, Verdict::Block))
            .plugin(Judge("allows", 1, Verdict::Allow))
            .plugin(Judge("rewrites", 2, rewrite.clone()))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let message = Message::new(ConvType::Group, "g", vec![Elem::text("bad word")]);
    assert_eq!(tap.ask_before_send(message).await, rewrite);
}

/// Waits until its gate opens, then logs the message.
struct Gated(tokio::sync::watch::Receiver<bool>, Log);

#[async_trait]
impl Plugin for Gated {
    fn name(&self) -> &str {
        "gated"
    }

    async fn on_message(&self, _ctx: &Context, message: &Message) -> HandlerResult {
        self.0.clone().wait_for(|open| *open).await?;
        self.1.push(message.plain_text());
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn a_full_queue_holds_the_dispatcher_back_instead_of_buffering() {
    let engine = LocalEngine::default();
    let (gate, gated) = tokio::sync::watch::channel(false);
    let log = Log::default();
    let mut cfg = config("b", "bot");
    cfg.queue_capacity = 2;
    cfg.handler_timeout_secs = 3600;
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot_on(&engine, engine.backend(), cfg)
            .plugin(Gated(gated, log.clone()))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let alice = Person::login(&engine, "alice").await;
    for i in 0..10 {
        alice.say_to("bot", &i.to_string()).await;
    }
    tokio::time::sleep(Duration::from_secs(60)).await;
    // One in the handler, two in the queue, one in the dispatcher's hands; the rest unread.
    assert_eq!(handle.metrics().received, 4);
    gate.send_replace(true);
    handle.wait_for_metrics(|m| m.handled == 10).await;
    let expected: Vec<String> = (0..10).map(|i| i.to_string()).collect();
    assert_eq!(log.entries(), expected);
}
