//! Outbound flow control: the per-group budget (40 messages per second), the global budget per
//! send API, each conversation's order, retries of what the service rate-limited, and flow
//! control as every bot's default, configured in the bot file.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use futures::future::join_all;
use timbot::backend::local::LocalEngine;
use timbot::core::codes;
use timbot::core::types::{ConvType, Elem, Message};
use timbot::core::Error;
use timbot::runtime::{
    BotConfig, BotFile, BotHandle, Context, DirectOutbox, FlowControl, FlowLimits, HandlerResult,
    Outbox, Plugin, Runtime,
};
use tokio::time::Instant;

use crate::support::{bot_on, config, group, Person};

fn text(conv_type: ConvType, to: &str, text: impl Into<String>) -> Message {
    Message::new(conv_type, to, vec![Elem::text(text)])
}

fn numbered(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| i.to_string()).collect()
}

/// Receives `count` messages from `sender`, with the (virtual) time each arrived.
async fn receive(person: &mut Person, sender: &str, count: usize) -> Vec<(String, Instant)> {
    let mut got = Vec::new();
    while got.len() < count {
        let message = person.expect_reply(sender).await;
        got.push((message.plain_text(), Instant::now()));
    }
    got
}

/// The largest number of `times` (in order) inside any one-second window.
fn most_in_one_second(times: &[Instant]) -> usize {
    let mut most = 0;
    for (i, first) in times.iter().enumerate() {
        let within = times[i..]
            .iter()
            .take_while(|t| t.duration_since(*first) < Duration::from_secs(1))
            .count();
        most = most.max(within);
    }
    most
}

fn texts(got: &[(String, Instant)]) -> Vec<String> {
    got.iter().map(|(text, _)| text.clone()).collect()
}

fn times(got: &[(String, Instant)]) -> Vec<Instant> {
    got.iter().map(|(_, at)| *at).collect()
}

#[tokio::test(start_paused = true)]
async fn two_hundred_group_messages_leave_at_forty_per_second_in_order() {
    let engine = LocalEngine::default();
    let group = group(&engine, "bot", &["alice"]);
    let bot = Person::login(&engine, "bot").await;
    let mut alice = Person::login(&engine, "alice").await;
    let flow = FlowControl::new(FlowLimits::default());
    let start = Instant::now();

    // All 200 are handed over at once; each takes its conversation's turn on first poll, in order.
    let sends =
        (0..200).map(|i| flow.send(bot.client(), text(ConvType::Group, &group, i.to_string())));
    let (results, got) = tokio::join!(join_all(sends), receive(&mut alice, "bot", 200));

    assert!(results.iter().all(Result::is_ok), "none refused");
    assert_eq!(texts(&got), numbered(0..200), "all delivered, in order");
    assert_eq!(most_in_one_second(&times(&got)), 40);
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(4),
        "five seconds' worth of budget: 0 s, 1 s, … 4 s"
    );
}

#[tokio::test(start_paused = true)]
async fn without_flow_control_the_forty_first_message_in_a_second_is_refused_with_10023() {
    let engine = LocalEngine::default();
    let group = group(&engine, "bot", &["alice"]);
    let bot = Person::login(&engine, "bot").await;
    for i in 0..40 {
        DirectOutbox
            .send(bot.client(), text(ConvType::Group, &group, i.to_string()))
            .await
            .expect("within the budget");
    }
    let error = DirectOutbox
        .send(bot.client(), text(ConvType::Group, &group, "40"))
        .await
        .expect_err("over the budget");
    assert_eq!(error.code(), Some(codes::GROUP_SEND_FREQUENCY_LIMIT));
}

#[tokio::test(start_paused = true)]
async fn a_busy_group_delays_neither_another_group_nor_a_one_to_one_chat() {
    let engine = LocalEngine::default();
    let busy = group(&engine, "bot", &["alice"]);
    let calm = group(&engine, "bot", &["alice"]);
    let bot = Person::login(&engine, "bot").await;
    let flow = Arc::new(FlowControl::new(FlowLimits::default()));
    let start = Instant::now();
    let backlog = {
        let (flow, client) = (flow.clone(), bot.client().clone());
        tokio::spawn(async move {
            let sends =
                (0..200).map(|i| flow.send(&client, text(ConvType::Group, &busy, i.to_string())));
            join_all(sends).await
        })
    };
    // Let the backlog take the busy group's first second of budget and queue the rest.
    tokio::task::yield_now().await;

    flow.send(bot.client(), text(ConvType::Group, &calm, "meanwhile"))
        .await
        .expect("sent");
    flow.send(bot.client(), text(ConvType::C2C, "alice", "hello"))
        .await
        .expect("sent");
    assert_eq!(start.elapsed(), Duration::ZERO, "sent at once");
    assert!(!backlog.is_finished(), "the busy group is still waiting");

    let results = backlog.await.expect("backlog task");
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(start.elapsed(), Duration::from_secs(4));
}

/// Fills `group`'s budget for this second from `owner`, so that the service refuses the next
/// message to it with 10023.
async fn fill_the_group(owner: &Person, group: &str) {
    for i in 0..40 {
        owner.say_in(group, &format!("filler {i}")).await;
    }
}

#[tokio::test(start_paused = true)]
async fn a_rate_limited_send_is_retried_and_its_conversation_keeps_its_order() {
    let engine = LocalEngine::default();
    let group = group(&engine, "owner", &["bot", "alice"]);
    let owner = Person::login(&engine, "owner").await;
    let bot = Person::login(&engine, "bot").await;
    let mut alice = Person::login(&engine, "alice").await;
    fill_the_group(&owner, &group).await;
    let flow = FlowControl::new(FlowLimits::default());
    let start = Instant::now();

    let sends = ["first", "second", "third"]
        .map(|t| flow.send(bot.client(), text(ConvType::Group, &group, t)));
    let (results, got) = tokio::join!(join_all(sends), receive(&mut alice, "bot", 3));

    let sent: Vec<String> = results
        .into_iter()
        .map(|r| r.expect("retried until accepted").plain_text())
        .collect();
    assert_eq!(sent, ["first", "second", "third"]);
    assert_eq!(texts(&got), ["first", "second", "third"], "in order");
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(1),
        "refused at 0 s, sent again after the 1 s backoff"
    );
}

#[tokio::test(start_paused = true)]
async fn the_backoff_doubles_between_attempts() {
    let engine = LocalEngine::default();
    let group = group(&engine, "owner", &["bot", "alice"]);
    let owner = Person::login(&engine, "owner").await;
    let bot = Person::login(&engine, "bot").await;
    fill_the_group(&owner, &group).await;
    let limits = FlowLimits {
        retry_backoff_ms: 300,
        ..FlowLimits::default()
    };
    let start = Instant::now();

    FlowControl::new(limits)
        .send(bot.client(), text(ConvType::Group, &group, "late"))
        .await
        .expect("retried until accepted");

    // Attempts at 0, 0.3 and 0.9 s fall in the service's full second; the one at 2.1 s (after
    // 0.3 + 0.6 + 1.2 s) is accepted. A fixed 0.3 s backoff would have got through at 1.2 s.
    assert_eq!(start.elapsed(), Duration::from_millis(2100));
}

#[tokio::test(start_paused = true)]
async fn a_send_still_rate_limited_after_the_last_attempt_fails_with_10023() {
    let engine = LocalEngine::default();
    let group = group(&engine, "owner", &["bot"]);
    let owner = Person::login(&engine, "owner").await;
    let bot = Person::login(&engine, "bot").await;
    fill_the_group(&owner, &group).await;
    let limits: FlowLimits = toml::from_str("max_attempts = 2\nretry_backoff_ms = 100").unwrap();

    let error = FlowControl::new(limits)
        .send(bot.client(), text(ConvType::Group, &group, "late"))
        .await
        .expect_err("no attempt left");
    assert_eq!(error.code(), Some(codes::GROUP_SEND_FREQUENCY_LIMIT));
}

#[tokio::test(start_paused = true)]
async fn an_error_that_is_not_a_rate_limit_is_returned_at_once() {
    let engine = LocalEngine::default();
    let group = group(&engine, "owner", &["alice"]);
    let outsider = Person::login(&engine, "bot").await;
    let start = Instant::now();

    let error = FlowControl::new(FlowLimits::default())
        .send(
            outsider.client(),
            text(ConvType::Group, &group, "let me in"),
        )
        .await
        .expect_err("not a member");
    assert!(
        error
            .code()
            .is_some_and(|c| c != codes::GROUP_SEND_FREQUENCY_LIMIT),
        "{error}"
    );
    assert_eq!(start.elapsed(), Duration::ZERO, "no retry");
}

#[tokio::test(start_paused = true)]
async fn the_global_budget_holds_across_conversations_per_send_api() {
    let engine = LocalEngine::default();
    let users: Vec<String> = (0..5).map(|i| format!("user{i}")).collect();
    let member_refs: Vec<&str> = users.iter().map(String::as_str).collect();
    let groups: Vec<String> = (0..5)
        .map(|_| group(&engine, "bot", &member_refs))
        .collect();
    let bot = Person::login(&engine, "bot").await;
    let limits = FlowLimits {
        per_api: 10.try_into().unwrap(),
        ..FlowLimits::default()
    };
    let flow = FlowControl::new(limits);
    let start = Instant::now();
    let sent_at = |message: Message| {
        let flow = &flow;
        let client = bot.client();
        async move {
            flow.send(client, message).await.expect("sent");
            Instant::now()
        }
    };

    // 25 one-to-one messages to five people and 25 group messages to five groups.
    let c2c = (0..25).map(|i| sent_at(text(ConvType::C2C, &users[i % 5], i.to_string())));
    let in_groups = (0..25).map(|i| sent_at(text(ConvType::Group, &groups[i % 5], i.to_string())));
    let (c2c, in_groups) = tokio::join!(join_all(c2c), join_all(in_groups));

    for times in [c2c, in_groups] {
        assert_eq!(
            most_in_one_second(&times),
            10,
            "at most 10 a second per API"
        );
        assert_eq!(
            times.iter().max().map(|t| t.duration_since(start)),
            Some(Duration::from_secs(2))
        );
    }
}

/// Answers "burst N" with the messages "0" … "N-1" in the same conversation.
struct Burst;

#[async_trait]
impl Plugin for Burst {
    fn name(&self) -> &str {
        "burst"
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        let text = message.plain_text();
        let count: usize = text
            .strip_prefix("burst ")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| Error::invalid("burst", text.clone()))?;
        for i in 0..count {
            ctx.reply(i.to_string()).await?;
        }
        Ok(())
    }
}

/// A running [`Burst`] bot (account `bot`) with `config` in a group with alice; returns the
/// runtime (keep it), the bot, the group and alice.
async fn burst_bot(config: BotConfig) -> (Runtime, BotHandle, String, Person) {
    let engine = LocalEngine::default();
    let group = group(&engine, "owner", &["bot", "alice"]);
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot_on(&engine, engine.backend(), config)
            .plugin(Burst)
            .build()
            .unwrap(),
    );
    handle.running().await;
    let alice = Person::login(&engine, "alice").await;
    (runtime, handle, group, alice)
}

#[tokio::test(start_paused = true)]
async fn a_bot_built_by_the_runtime_sends_through_flow_control_by_default() {
    let (_runtime, handle, group, mut alice) = burst_bot(config("b", "bot")).await;

    // Alice's message is the group's first of the second, so the bot's 40th is refused (10023)
    // and sent again a second later: this passes only with both budget and retry in place.
    alice.say_in(&group, "burst 100").await;
    let got = receive(&mut alice, "bot", 100).await;

    assert_eq!(texts(&got), numbered(0..100), "none refused, in order");
    assert_eq!(most_in_one_second(&times(&got)), 40);
    let metrics = handle.wait_for_metrics(|m| m.in_flight() == 0).await;
    assert_eq!(metrics.failed, 0);
}

fn bot_file(flow: &str) -> BotFile {
    let text = format!(
        "[bot]\nname = \"b\"\nuser_id = \"bot\"\nhandler_timeout_secs = 30\n\n[bot.flow]\n{flow}\n"
    );
    BotFile::parse("bots/flow.toml", &text).unwrap()
}

#[tokio::test(start_paused = true)]
async fn the_bot_files_flow_table_sets_the_budget() {
    let config = bot_file("per_group = 10").bot_configs().remove(0);
    assert_eq!(config.flow.per_group.get(), 10);
    let (_runtime, _handle, group, mut alice) = burst_bot(config).await;

    alice.say_in(&group, "burst 30").await;
    let got = receive(&mut alice, "bot", 30).await;

    assert_eq!(texts(&got), numbered(0..30));
    assert_eq!(most_in_one_second(&times(&got)), 10);
}

#[tokio::test(start_paused = true)]
async fn flow_control_switched_off_in_the_bot_file_lets_the_service_refuse() {
    let config = bot_file("enabled = false").bot_configs().remove(0);
    let (_runtime, handle, group, mut alice) = burst_bot(config).await;

    alice.say_in(&group, "burst 40").await;
    let got = receive(&mut alice, "bot", 39).await;
    handle.wait_for_metrics(|m| m.failed == 1).await;

    // Alice's message was the group's first of the second: the bot's 40th is refused (10023).
    assert_eq!(texts(&got), numbered(0..39));
    assert!(alice.waiting_from("bot").is_empty());
}

#[test]
fn a_zero_budget_in_the_bot_file_is_refused_with_its_line() {
    let text = "[bot]\nname = \"b\"\nuser_id = \"bot\"\n\n[bot.flow]\nper_group = 0\n";
    let error = BotFile::parse("bots/flow.toml", text).expect_err("zero budget");
    match error {
        Error::Config {
            file,
            line,
            message,
        } => {
            assert_eq!(file, "bots/flow.toml");
            assert_eq!(line, 6);
            assert!(message.contains("nonzero"), "{message}");
        }
        other => panic!("not a config error: {other}"),
    }
}

/// Echoes every message; a message from "slowpoke" takes an hour first.
struct EchoSlowForOne;

#[async_trait]
impl Plugin for EchoSlowForOne {
    fn name(&self) -> &str {
        "echo-slow-for-one"
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        if message.sender == "slowpoke" {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        ctx.reply(message.plain_text()).await?;
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn a_thousand_replies_in_order_within_the_global_budget_while_another_chat_is_slow() {
    let engine = LocalEngine::default();
    let mut cfg = crate::support::config("b", "bot");
    cfg.handler_timeout_secs = 7200;
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot_on(&engine, engine.backend(), cfg)
            .plugin(EchoSlowForOne)
            .build()
            .unwrap(),
    );
    handle.running().await;
    let slowpoke = Person::login(&engine, "slowpoke").await;
    let mut alice = Person::login(&engine, "alice").await;
    let start = Instant::now();

    slowpoke.say_to("bot", "take your time").await;
    for i in 0..1000 {
        alice.say_to("bot", &i.to_string()).await;
    }
    let got = receive(&mut alice, "bot", 1000).await;

    assert_eq!(texts(&got), numbered(0..1000), "every reply, in order");
    assert!(
        most_in_one_second(&times(&got)) <= 200,
        "one-to-one sends stay within 200 a second"
    );
    assert!(
        start.elapsed() < Duration::from_secs(3600),
        "alice's replies did not wait for the slow handler"
    );
}
