//! Permissions, per-group switches and configuration, cooldowns, disposal of what a plugin
//! registered, and the bot file.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::backend::ModifyMemberParams;
use timbot::core::types::{GroupType, MemberRole, Message};
use timbot::core::Error;
use timbot::runtime::{
    BotFile, BotHandle, Command, Context, HandlerResult, Matcher, Permission, Plugin, Runtime,
    Setup,
};
use timbot::scheduler::{handler_fn, JobAction, JobSpec, Scheduler, SchedulerConfig, Trigger};
use timbot::store::MemoryStore;

use crate::support::{bot, bot_on, config, group, group_of, settled, Act, Log, Person, Scripted};

async fn replies_after(handle: &BotHandle, person: &mut Person, n: u64) -> Vec<String> {
    handle
        .wait_for_metrics(|m| m.received == n && m.in_flight() == 0)
        .await;
    person.waiting_from("bot")
}

#[tokio::test(start_paused = true)]
async fn a_non_admin_is_denied_an_admin_command() {
    let engine = LocalEngine::default();
    let g = group_of(
        &engine,
        GroupType::Public,
        "olga",
        &["bot", "alice", "adam", "sue"],
    );
    let olga = Person::login(&engine, "olga").await;
    olga.client()
        .groups()
        .unwrap()
        .modify_member(ModifyMemberParams {
            group_id: g.clone(),
            user_id: "adam".into(),
            role: Some(MemberRole::Admin),
            ..ModifyMemberParams::default()
        })
        .await
        .unwrap();
    let log = Log::default();
    let plugin = Scripted::new(
        "admin",
        Act::Reply(|ctx, _| format!("ok {}", ctx.sender())),
        &log,
    )
    .matcher(Matcher::command(Command::new("kick")).permission(Permission::GroupAdmin));
    let mut cfg = config("b", "bot");
    cfg.superusers = vec!["sue".into()];
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot_on(&engine, engine.backend(), cfg)
            .plugin(plugin)
            .build()
            .unwrap(),
    );
    handle.running().await;

    let mut alice = Person::login(&engine, "alice").await;
    let adam = Person::login(&engine, "adam").await;
    let sue = Person::login(&engine, "sue").await;
    alice.say_in(&g, "/kick").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "You are not allowed to do that."
    );
    adam.say_in(&g, "/kick").await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "ok adam");
    sue.say_in(&g, "/kick").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "ok sue",
        "a superuser passes"
    );
    olga.say_in(&g, "/kick").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "ok olga",
        "the owner is above admin"
    );
    assert_eq!(
        log.entries(),
        vec!["admin:ok adam", "admin:ok sue", "admin:ok olga"]
    );
}

#[tokio::test(start_paused = true)]
async fn a_denial_reply_can_be_set_per_matcher_or_silenced() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let plugin = Scripted::new("owner-only", Act::Record, &log)
        .matcher(
            Matcher::command(Command::new("sudo"))
                .permission(Permission::Superuser)
                .denied_reply("Only my owners can."),
        )
        .matcher(
            Matcher::command(Command::new("quiet"))
                .permission(Permission::Superuser)
                .denied_reply(""),
        );
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(bot(&engine, "b", "bot").plugin(plugin).build().unwrap());
    handle.running().await;
    let mut alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "/sudo").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "Only my owners can."
    );
    alice.say_to("bot", "/quiet").await;
    assert!(replies_after(&handle, &mut alice, 2).await.is_empty());
    assert!(log.entries().is_empty());
}

/// Replies with its configured greeting.
struct Greeter;

#[derive(serde::Deserialize)]
struct Greeting {
    greeting: String,
}

#[async_trait]
impl Plugin for Greeter {
    fn name(&self) -> &str {
        "greeter"
    }

    async fn on_message(&self, ctx: &Context, _message: &Message) -> HandlerResult {
        let config: Greeting = ctx.config()?;
        ctx.reply(config.greeting).await?;
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn per_group_switches_and_config_from_the_bot_file() {
    let engine = LocalEngine::default();
    let quiet = group(&engine, "olga", &["bot", "alice"]);
    let team = group(&engine, "olga", &["bot", "alice"]);
    let other = group(&engine, "olga", &["bot", "alice"]);
    let text = format!(
        r#"
[bot]
name = "b"
user_id = "bot"

[plugins.greeter]
greeting = "hello"

[groups."{quiet}"]
disabled = ["greeter"]

[groups."{team}".plugins.greeter]
greeting = "hi team"
"#
    );
    let file = BotFile::parse("bots/test.toml", &text).unwrap();
    let configs = file.bot_configs();
    assert_eq!(configs.len(), 1);
    let sections = file.plugin_sections(&configs[0]);
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot_on(&engine, engine.backend(), configs[0].clone())
            .sections(sections)
            .plugin(Greeter)
            .build()
            .unwrap(),
    );
    handle.running().await;
    let base = settled(&handle).await;
    let mut alice = Person::login(&engine, "alice").await;
    alice.say_in(&quiet, "anyone?").await;
    assert!(
        replies_after(&handle, &mut alice, base + 1)
            .await
            .is_empty(),
        "disabled in this group"
    );
    alice.say_in(&team, "anyone?").await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "hi team");
    alice.say_in(&other, "anyone?").await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "hello");
    alice.say_to("bot", "anyone?").await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "hello");

    assert!(!handle.is_enabled_in_group("greeter", &quiet));
    handle.enable_in_group("greeter", &quiet);
    handle.disable_in_group("greeter", &other);
    alice.say_in(&quiet, "now?").await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "hello");
    alice.say_in(&other, "now?").await;
    assert!(replies_after(&handle, &mut alice, base + 6)
        .await
        .is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_cooldown_is_per_user() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let plugin = Scripted::new(
        "dice",
        Act::Reply(|_, m| format!("rolled for {}", m.sender)),
        &log,
    )
    .matcher(Matcher::command(Command::new("roll")).cooldown(Duration::from_secs(60)));
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(bot(&engine, "b", "bot").plugin(plugin).build().unwrap());
    handle.running().await;
    let mut alice = Person::login(&engine, "alice").await;
    let mut bob = Person::login(&engine, "bob").await;
    alice.say_to("bot", "/roll").await;
    alice.say_to("bot", "/roll").await;
    bob.say_to("bot", "/roll").await;
    assert_eq!(
        replies_after(&handle, &mut alice, 3).await,
        vec!["rolled for alice"]
    );
    assert_eq!(bob.waiting_from("bot"), vec!["rolled for bob"]);
    tokio::time::sleep(Duration::from_secs(60)).await;
    alice.say_to("bot", "/roll").await;
    assert_eq!(
        alice.expect_reply("bot").await.plain_text(),
        "rolled for alice"
    );
}

/// Registers a ticking task and an undo action at start; answers `/ping`.
struct Ticker {
    ticks: Arc<AtomicU32>,
    disposed: Arc<AtomicBool>,
    starts: Arc<AtomicU32>,
}

#[async_trait]
impl Plugin for Ticker {
    fn name(&self) -> &str {
        "ticker"
    }

    fn matchers(&self) -> Vec<Matcher> {
        vec![Matcher::command(Command::new("ping"))]
    }

    async fn on_start(&self, setup: &Setup) -> HandlerResult {
        self.starts.fetch_add(1, Ordering::SeqCst);
        self.disposed.store(false, Ordering::SeqCst);
        let ticks = self.ticks.clone();
        setup.effects().spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                ticks.fetch_add(1, Ordering::SeqCst);
            }
        });
        let disposed = self.disposed.clone();
        setup
            .effects()
            .on_dispose(move || disposed.store(true, Ordering::SeqCst));
        Ok(())
    }

    async fn on_message(&self, ctx: &Context, _message: &Message) -> HandlerResult {
        ctx.reply("pong").await?;
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn disabling_a_plugin_disposes_everything_it_registered() {
    let engine = LocalEngine::default();
    let ticks = Arc::new(AtomicU32::new(0));
    let disposed = Arc::new(AtomicBool::new(false));
    let starts = Arc::new(AtomicU32::new(0));
    let ticker = Ticker {
        ticks: ticks.clone(),
        disposed: disposed.clone(),
        starts: starts.clone(),
    };
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(bot(&engine, "b", "bot").plugin(ticker).build().unwrap());
    handle.running().await;
    let mut alice = Person::login(&engine, "alice").await;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(ticks.load(Ordering::SeqCst), 3);
    alice.say_to("bot", "/ping").await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "pong");

    handle.disable_plugin("ticker").await.unwrap();
    assert!(disposed.load(Ordering::SeqCst));
    assert!(!handle.plugin_enabled("ticker"));
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(
        ticks.load(Ordering::SeqCst),
        3,
        "the timer went with the plugin"
    );
    alice.say_to("bot", "/ping").await;
    assert!(
        replies_after(&handle, &mut alice, 2).await.is_empty(),
        "its matcher went too"
    );

    handle.enable_plugin("ticker").await.unwrap();
    assert_eq!(starts.load(Ordering::SeqCst), 2);
    alice.say_to("bot", "/ping").await;
    assert_eq!(alice.expect_reply("bot").await.plain_text(), "pong");
    assert!(matches!(
        handle.disable_plugin("nope").await,
        Err(Error::Invalid { .. })
    ));
}

#[test]
fn bot_file_errors_name_the_file_and_line() {
    let err = BotFile::parse("bots/a.toml", "[bot]\nname = \"a\"\nuser_id = 7\n").unwrap_err();
    match err {
        Error::Config { file, line, .. } => assert_eq!((file.as_str(), line), ("bots/a.toml", 3)),
        other => panic!("{other}"),
    }
    let text = "[[bots]]\nname = \"a\"\nuser_id = \"a\"\n\n[plugins.greeter]\ngreeting = 5\n";
    let file = BotFile::parse("bots/b.toml", text).unwrap();
    let config = &file.bot_configs()[0];
    let section = file.plugin_sections(config).for_plugin("greeter");
    match section.parse::<Greeting>() {
        Err(Error::Config {
            file,
            line,
            message,
        }) => {
            assert_eq!((file.as_str(), line), ("bots/b.toml", 5));
            assert!(message.contains("string"), "{message}");
        }
        Ok(_) => panic!("a number is not a greeting"),
        Err(other) => panic!("{other}"),
    }
    let both = "[bot]\nname=\"a\"\nuser_id=\"a\"\n[[bots]]\nname=\"b\"\nuser_id=\"b\"\n";
    assert!(matches!(
        BotFile::parse("c.toml", both),
        Err(Error::Config { line: 1, .. })
    ));
    let typo = "[bot]\nname=\"a\"\nuser_id=\"a\"\nsuperuser=[\"x\"]\n";
    assert!(matches!(
        BotFile::parse("d.toml", typo),
        Err(Error::Config { line: 4, .. })
    ));
}

/// Registers the job handler "announce" while it runs.
struct Announcer(Arc<AtomicU32>);

#[async_trait]
impl Plugin for Announcer {
    fn name(&self) -> &str {
        "announcer"
    }

    async fn on_start(&self, setup: &Setup) -> HandlerResult {
        let fired = self.0.clone();
        setup.register_job_handler(
            "announce",
            handler_fn(move |_firing| {
                let fired = fired.clone();
                async move {
                    fired.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                }
            }),
        )?;
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn a_job_handler_goes_with_its_plugin() {
    let engine = LocalEngine::default();
    let scheduler = Scheduler::new(Arc::new(MemoryStore::new()), SchedulerConfig::default());
    scheduler.start().await.unwrap();
    let fired = Arc::new(AtomicU32::new(0));
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "b", "bot")
            .scheduler(scheduler.clone())
            .plugin(Announcer(fired.clone()))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let every = Trigger::every(Duration::from_secs(10)).unwrap();
    let action = JobAction::callback("announce", serde_json::json!({}));
    scheduler
        .add(JobSpec::new("tick", every, action))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(10_500)).await;
    assert_eq!(fired.load(Ordering::SeqCst), 1);

    handle.disable_plugin("announcer").await.unwrap();
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!(fired.load(Ordering::SeqCst), 1, "no handler while disabled");
    assert!(
        !scheduler.unregister_handler("announce"),
        "already unregistered"
    );

    handle.enable_plugin("announcer").await.unwrap();
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert!(fired.load(Ordering::SeqCst) > 1, "back with the plugin");
}
