//! Bots and the runtime: many bots, login, re-login on UserSig expiry, the kicked-offline
//! policy, graceful shutdown.

use std::time::Duration;

use timbot::backend::local::LocalEngine;
use timbot::core::event::Event;
use timbot::core::Client;
use timbot::runtime::{Bot, BotStatus, KickedOfflinePolicy, Runtime, StopReason};
use tokio::sync::watch;

use crate::support::{bot, config, engine_signer, Act, Log, Person, Scripted};

fn echo(log: &Log) -> Scripted {
    Scripted::new(
        "echo",
        Act::Reply(|ctx, m| format!("{}: {}", ctx.bot_name(), m.plain_text())),
        log,
    )
}

#[tokio::test(start_paused = true)]
async fn two_bots_in_one_runtime_each_answer_their_own_chats() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let mut runtime = Runtime::new();
    let one = runtime.spawn(
        bot(&engine, "one", "bot1")
            .plugin(echo(&log))
            .build()
            .unwrap(),
    );
    let two = runtime.spawn(
        bot(&engine, "two", "bot2")
            .plugin(echo(&log))
            .build()
            .unwrap(),
    );
    assert_eq!(one.running().await, BotStatus::Running);
    assert_eq!(two.running().await, BotStatus::Running);

    let mut alice = Person::login(&engine, "alice").await;
    alice.say_to("bot1", "hi").await;
    alice.say_to("bot2", "yo").await;
    assert_eq!(alice.expect_reply("bot1").await.plain_text(), "one: hi");
    assert_eq!(alice.expect_reply("bot2").await.plain_text(), "two: yo");

    let metrics = runtime.metrics();
    assert_eq!(metrics.len(), 2);
    assert!(metrics
        .iter()
        .all(|(_, m)| m.received == 1 && m.handled == 1));
    assert_eq!(runtime.total_metrics().handled, 2);

    let report = runtime.shutdown(Duration::from_secs(5)).await;
    assert!(report.is_clean());
    assert_eq!(
        report.bots,
        vec![
            ("one".to_owned(), Some(StopReason::Shutdown)),
            ("two".to_owned(), Some(StopReason::Shutdown)),
        ]
    );
    assert!(!one.client().is_logged_in(), "logged out at stop");
}

#[tokio::test(start_paused = true)]
async fn a_bot_without_a_signer_is_refused() {
    let engine = LocalEngine::default();
    let err = Bot::builder(config("x", "bot"), engine.backend())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("no signer"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn a_failed_login_stops_the_bot_and_says_why() {
    let engine = LocalEngine::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        Bot::builder(config("x", "bot"), engine.backend())
            .signer(|_: &str| Ok("not a user sig".to_owned()))
            .build()
            .unwrap(),
    );
    match handle.running().await {
        BotStatus::Stopped(StopReason::LoginFailed(why)) => assert!(!why.is_empty()),
        other => panic!("expected a failed login, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn relogs_in_with_a_fresh_user_sig_when_it_expires() {
    let engine = LocalEngine::default();
    let (calls, mut seen) = watch::channel(0u32);
    let signer_engine = engine.clone();
    let signer = move |user: &str| {
        let first = *calls.borrow() == 0;
        calls.send_modify(|n| *n += 1);
        if first {
            signer_engine.user_sig_expiring(user, 60)
        } else {
            signer_engine.user_sig(user)
        }
    };
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        Bot::builder(config("b", "bot"), engine.backend())
            .signer(signer)
            .plugin(echo(&log))
            .build()
            .unwrap(),
    );
    handle.running().await;
    assert_eq!(*seen.borrow_and_update(), 1);

    tokio::time::sleep(Duration::from_secs(61)).await;
    seen.wait_for(|n| *n == 2).await.unwrap();
    assert!(handle.running().await.is_running());

    let mut alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "still there?").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "b: still there?"
    );
}

#[tokio::test(start_paused = true)]
async fn kicked_offline_with_the_stop_policy_stops_and_reports() {
    let engine = LocalEngine::default();
    let mut cfg = config("b", "bot");
    cfg.kicked_offline = KickedOfflinePolicy::Stop;
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        Bot::builder(cfg, engine.backend())
            .signer(engine_signer(&engine))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let intruder = Client::new(engine.backend());
    let _events = intruder
        .login("bot", &engine.user_sig("bot").unwrap())
        .await
        .unwrap();
    let status = handle.wait_for_status(BotStatus::is_stopped).await;
    assert_eq!(status, BotStatus::Stopped(StopReason::KickedOffline));
    let report = runtime.shutdown(Duration::from_secs(1)).await;
    assert_eq!(
        report.bots,
        vec![("b".to_owned(), Some(StopReason::KickedOffline))]
    );
}

#[tokio::test(start_paused = true)]
async fn kicked_offline_with_the_relogin_policy_logs_in_again_after_the_backoff() {
    let engine = LocalEngine::default();
    let mut cfg = config("b", "bot");
    cfg.kicked_offline = KickedOfflinePolicy::Relogin {
        backoff_secs: 5,
        max_attempts: 3,
    };
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        Bot::builder(cfg, engine.backend())
            .signer(engine_signer(&engine))
            .plugin(echo(&log))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let intruder = Client::new(engine.backend());
    let mut intruder_events = intruder
        .login("bot", &engine.user_sig("bot").unwrap())
        .await
        .unwrap();
    let relogging = handle
        .wait_for_status(|s| matches!(s, BotStatus::Relogging { .. }))
        .await;
    assert_eq!(relogging, BotStatus::Relogging { attempt: 1 });
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        handle.status(),
        BotStatus::Relogging { attempt: 1 },
        "still waiting at 4 s"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(handle.status().is_running(), "logged in again after 5 s");
    assert!(matches!(
        intruder_events.recv().await,
        Some(Event::KickedOffline)
    ));

    let mut alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "back?").await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "b: back?");
}

#[tokio::test(start_paused = true)]
async fn shutdown_lets_a_handler_in_flight_finish_within_the_bound() {
    struct Slow(Log);
    #[async_trait::async_trait]
    impl timbot::runtime::Plugin for Slow {
        fn name(&self) -> &str {
            "slow"
        }
        async fn on_message(
            &self,
            _ctx: &timbot::runtime::Context,
            message: &timbot::core::types::Message,
        ) -> timbot::runtime::HandlerResult {
            tokio::time::sleep(Duration::from_secs(3)).await;
            self.0.push(message.plain_text());
            Ok(())
        }
    }
    let engine = LocalEngine::default();
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "b", "bot")
            .plugin(Slow(log.clone()))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "finish me").await;
    handle.wait_for_metrics(|m| m.received == 1).await;
    let report = runtime.shutdown(Duration::from_secs(10)).await;
    assert!(report.is_clean());
    assert_eq!(log.entries(), vec!["finish me".to_owned()]);
    assert_eq!(handle.metrics().handled, 1);
}

#[tokio::test(start_paused = true)]
async fn shutdown_abandons_handlers_still_running_at_the_bound() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let mut cfg = config("b", "bot");
    cfg.handler_timeout_secs = 3600;
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        crate::support::bot_on(&engine, engine.backend(), cfg)
            .plugin(Scripted::new("hangs", Act::Hang, &log))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "never answered").await;
    handle.wait_for_metrics(|m| m.received == 1).await;
    let start = tokio::time::Instant::now();
    let report = runtime.shutdown(Duration::from_secs(2)).await;
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(2),
        "waited exactly the bound"
    );
    assert_eq!(
        report.bots,
        vec![("b".to_owned(), Some(StopReason::Shutdown))]
    );
    let metrics = handle.metrics();
    assert_eq!(
        (metrics.dropped, metrics.in_flight()),
        (1, 0),
        "the abandoned event counts as dropped"
    );
}
