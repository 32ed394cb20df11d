//! A bot's life around its plugins and its session: start and stop hooks in priority order, a
//! plugin that fails to start, and re-login that gives up (after its doubling waits, or when the
//! signer fails after a UserSig expiry).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::types::Message;
use timbot::core::{Client, Error, Result};
use timbot::runtime::{
    Bot, BotStatus, Context, HandlerResult, KickedOfflinePolicy, Plugin, Runtime, Setup, StopReason,
};
use tokio::time::Instant;

use crate::support::{bot, config, Log, Person};

/// Logs `start:<name>` and `stop:<name>`; fails to start when `refuse_start`.
struct Hooks {
    name: &'static str,
    priority: i32,
    refuse_start: bool,
    log: Log,
}

impl Hooks {
    fn new(name: &'static str, priority: i32, log: &Log) -> Self {
        Hooks {
            name,
            priority,
            refuse_start: false,
            log: log.clone(),
        }
    }
}

#[async_trait]
impl Plugin for Hooks {
    fn name(&self) -> &str {
        self.name
    }

    fn priority(&self) -> i32 {
        self.priority
    }

    async fn on_start(&self, _setup: &Setup) -> HandlerResult {
        if self.refuse_start {
            return Err("no database".into());
        }
        self.log.push(format!("start:{}", self.name));
        Ok(())
    }

    async fn on_stop(&self, _setup: &Setup) -> HandlerResult {
        self.log.push(format!("stop:{}", self.name));
        Ok(())
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        ctx.reply(format!("{}: {}", self.name, message.plain_text()))
            .await?;
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn plugins_start_in_priority_order_and_stop_in_reverse_at_shutdown() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "b", "bot")
            .plugin(Hooks::new("late", 10, &log))
            .plugin(Hooks::new("early", -10, &log))
            .build()
            .unwrap(),
    );
    handle.running().await;
    assert_eq!(log.entries(), ["start:early", "start:late"]);

    let report = runtime.shutdown(Duration::from_secs(1)).await;
    assert!(report.is_clean());
    assert_eq!(
        log.entries(),
        ["start:early", "start:late", "stop:late", "stop:early"]
    );
}

#[tokio::test(start_paused = true)]
async fn a_plugin_that_fails_to_start_stays_disabled_and_the_others_run() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let broken = Hooks {
        refuse_start: true,
        ..Hooks::new("broken", 0, &log)
    };
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "b", "bot")
            .plugin(broken)
            .plugin(Hooks::new("fine", 1, &log))
            .build()
            .unwrap(),
    );
    assert!(handle.running().await.is_running());
    assert!(!handle.plugin_enabled("broken"));
    assert!(handle.plugin_enabled("fine"));

    let mut alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "hi").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "fine: hi",
        "only the plugin that started"
    );
    let metrics = handle.wait_for_metrics(|m| m.in_flight() == 0).await;
    assert_eq!(metrics.failed, 0);

    runtime.shutdown(Duration::from_secs(1)).await;
    assert_eq!(
        log.entries(),
        ["start:fine", "stop:fine"],
        "a plugin that never started is not stopped"
    );
}

/// When a signer was asked for a UserSig, in order.
type Asked = Arc<Mutex<Vec<Instant>>>;

/// A signer whose first UserSig is `first`; every later call is refused. Notes each call in
/// `asked`.
fn failing_after_first(
    asked: &Asked,
    first: impl Fn(&str) -> Result<String> + Send + Sync + 'static,
) -> impl Fn(&str) -> Result<String> + Send + Sync {
    let asked = asked.clone();
    move |user: &str| {
        let mut asked = asked.lock().unwrap();
        asked.push(Instant::now());
        if asked.len() == 1 {
            first(user)
        } else {
            Err(Error::invalid("signer", "the key service is down"))
        }
    }
}

#[tokio::test(start_paused = true)]
async fn the_relogin_policy_doubles_its_wait_and_gives_up_after_its_attempts() {
    let engine = LocalEngine::default();
    let signing = engine.clone();
    let asked = Asked::default();
    let signer = failing_after_first(&asked, move |user| signing.user_sig(user));
    let mut cfg = config("b", "bot");
    cfg.kicked_offline = KickedOfflinePolicy::Relogin {
        backoff_secs: 5,
        max_attempts: 3,
    };
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        Bot::builder(cfg, engine.backend())
            .signer(signer)
            .build()
            .unwrap(),
    );
    handle.running().await;
    let intruder = Client::new(engine.backend());
    let _events = intruder
        .login("bot", &engine.user_sig("bot").unwrap())
        .await
        .unwrap();
    let kicked = Instant::now();

    let stopped = handle.wait_for_status(BotStatus::is_stopped).await;
    assert_eq!(stopped, BotStatus::Stopped(StopReason::KickedOffline));
    let attempts: Vec<Duration> = asked.lock().unwrap()[1..]
        .iter()
        .map(|at| at.duration_since(kicked))
        .collect();
    assert_eq!(
        attempts,
        [5, 15, 35].map(Duration::from_secs),
        "three attempts, after waits of 5, 10 and 20 s"
    );
}

#[tokio::test(start_paused = true)]
async fn a_user_sig_expiry_with_a_failing_signer_stops_the_bot_with_login_failed() {
    let engine = LocalEngine::default();
    let signing = engine.clone();
    let asked = Asked::default();
    let signer = failing_after_first(&asked, move |user| signing.user_sig_expiring(user, 60));
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        Bot::builder(config("b", "bot"), engine.backend())
            .signer(signer)
            .build()
            .unwrap(),
    );
    handle.running().await;
    let started = Instant::now();

    let stopped = handle.wait_for_status(BotStatus::is_stopped).await;
    // The UserSig lives 60 s, counted in whole seconds of its issue time.
    let at = started.elapsed();
    assert!(
        (Duration::from_secs(60)..=Duration::from_secs(61)).contains(&at),
        "stopped at the expiry, not later: {at:?}"
    );
    match stopped {
        BotStatus::Stopped(StopReason::LoginFailed(why)) => {
            assert!(why.contains("the key service is down"), "{why}");
        }
        other => panic!("stopped for another reason: {other:?}"),
    }
    assert_eq!(
        asked.lock().unwrap().len(),
        2,
        "one fresh UserSig asked for, once"
    );
}
