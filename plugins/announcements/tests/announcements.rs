//! The announcements plugin with the test kit (embedded engine, runtime and a scheduler on the
//! kit's paused clock): jobs from the bot file fire at their time, `/announce` manages them,
//! members are turned away, and jobs survive a restart in a file store.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use timbot::backend::local::{EngineConfig, LocalEngine};
use timbot::core::types::{Elem, GroupType, Message, AT_ALL};
use timbot::runtime::BotConfig;
use timbot::scheduler::{Scheduler, SchedulerConfig};
use timbot::store::{MemoryStore, Store};
use timbot::testing::{Person, TestKit};
use timbot_plugin_announcements::Announcements;

/// How long (of virtual time) a test waits for an announcement: two days.
const TWO_DAYS: Duration = Duration::from_secs(2 * 86_400);

/// Monday 2026-11-23, `h:m` UTC.
fn monday(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

/// A kit whose clock starts on Monday 2026-11-23 at 08:59 UTC, a minute before the 09:00 jobs.
fn kit() -> TestKit {
    TestKit::with_engine(LocalEngine::new(EngineConfig {
        start_unix_time: Some(monday(8, 59).timestamp()),
        ..EngineConfig::default()
    }))
}

/// A started scheduler on `store`, keeping the kit's time.
async fn scheduler(kit: &TestKit, store: Arc<dyn Store>) -> Scheduler {
    let config = SchedulerConfig {
        clock: kit.clock(),
        ..SchedulerConfig::default()
    };
    let scheduler = Scheduler::new(store, config);
    scheduler.start().await.unwrap();
    scheduler
}

/// Run the announcer bot (account `bot`) with `section` as its `[plugins.announcements]`.
async fn run_announcer(kit: &mut TestKit, section: &str, store: Arc<dyn Store>, s: &Scheduler) {
    let mut config = BotConfig::new("announcer", "bot");
    config
        .plugins
        .insert("announcements".into(), toml::from_str(section).unwrap());
    let bot = kit
        .bot_with(config)
        .plugin(Announcements)
        .store(store)
        .scheduler(s.clone());
    kit.run(bot).await;
}

/// The kit, a Public group of boss with the bot and alice, boss, and the bot's scheduler; the
/// bot's section is `section(group)`.
async fn setup(section: impl FnOnce(&str) -> String) -> (TestKit, String, Person, Scheduler) {
    let mut kit = kit();
    let group = kit.group_of(GroupType::Public, "boss", &["bot", "alice"]);
    let boss = kit.person("boss").await;
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let scheduler = scheduler(&kit, store.clone()).await;
    run_announcer(&mut kit, &section(&group), store, &scheduler).await;
    (kit, group, boss, scheduler)
}

/// Say `command` in `group` and return the text of the bot's answer.
async fn ask(person: &mut Person, group: &str, command: &str) -> String {
    person.say_in(group, command).await;
    person.expect_reply("bot").await.plain_text()
}

/// The next announcement, waiting up to two days.
async fn announcement(person: &mut Person) -> Message {
    person.expect_reply_within("bot", TWO_DAYS).await
}

#[tokio::test(start_paused = true)]
async fn bot_file_announcements_fire_at_their_time_as_text_at_all_card_and_digest() {
    let (kit, _group, mut boss, _scheduler) = setup(|group| {
        format!(
            r#"
            [[jobs]]
            id = "standup"
            cron = "0 0 9 * * Mon-Fri"
            groups = ["{group}"]
            text = "Stand-up now"
            at_all = true

            [[jobs]]
            id = "release"
            at = "2026-11-23T09:30:00Z"
            groups = ["{group}"]
            card = {{ title = "Release 2.0", text = "It is out", link = "https://example.com" }}

            [[jobs]]
            id = "weekly"
            at = "2026-11-23 18:00"
            zone = "Asia/Shanghai"
            groups = ["{group}"]
            digest = {{ title = "This week", items = ["Docs moved", "New FAQ"] }}
            "#
        )
    })
    .await;
    let clock = kit.clock();

    let standup = announcement(&mut boss).await;
    assert_eq!(clock.now(), monday(9, 0));
    assert_eq!(standup.group_at_user_array, [AT_ALL]);
    assert!(standup.plain_text().ends_with("Stand-up now"));

    let card = announcement(&mut boss).await;
    assert_eq!(clock.now(), monday(9, 30));
    let Elem::Custom(custom) = &card.elems[0] else {
        panic!("a custom card, got {card:?}");
    };
    let data: serde_json::Value = serde_json::from_str(&custom.data).unwrap();
    assert_eq!(data["businessID"], "announcement_card");
    assert_eq!(data["title"], "Release 2.0");
    assert_eq!(data["link"], "https://example.com");
    assert_eq!(custom.desc, "Release 2.0");

    // 18:00 in Shanghai is 10:00 UTC.
    let digest = announcement(&mut boss).await;
    assert_eq!(clock.now(), monday(10, 0));
    let Elem::Merge(merge) = &digest.elems[0] else {
        panic!("a merged digest, got {digest:?}");
    };
    assert_eq!(merge.title, "This week");
    let items: Vec<String> = merge.messages.iter().map(Message::plain_text).collect();
    assert_eq!(items, ["Docs moved", "New FAQ"]);

    // The cron job comes back the next weekday; the one-shot jobs do not.
    let next = announcement(&mut boss).await;
    assert_eq!(clock.now(), monday(9, 0) + chrono::TimeDelta::days(1));
    assert!(next.plain_text().ends_with("Stand-up now"));
}

#[tokio::test(start_paused = true)]
async fn a_group_that_fails_does_not_keep_the_others_from_their_announcement_nor_repeat_it() {
    let (_kit, _group, mut boss, _scheduler) = setup(|group| {
        format!(
            r#"
            [[jobs]]
            id = "both"
            at = "2026-11-23T09:00:00Z"
            groups = ["@TGS#nowhere", "{group}"]
            text = "Hello both"
            "#
        )
    })
    .await;
    assert_eq!(announcement(&mut boss).await.plain_text(), "Hello both");
    // A failed run would be retried after 10 s, then 20 s: nothing comes again.
    boss.expect_no_reply_within("bot", Duration::from_secs(3600))
        .await;
}

#[tokio::test(start_paused = true)]
async fn admins_add_list_pause_resume_run_and_remove_announcements_in_chat() {
    let (kit, group, mut boss, scheduler) = setup(|_| String::new()).await;
    let clock = kit.clock();

    let added = ask(&mut boss, &group, "/announce add news every 1h Hourly news").await;
    assert_eq!(
        added,
        "Announcement news added; next at 2026-11-23T09:59:00+00:00."
    );
    let once = ask(
        &mut boss,
        &group,
        "/announce add pizza in 10m @all Pizza is here",
    )
    .await;
    assert!(once.starts_with("Announcement pizza added"), "{once}");
    assert_eq!(
        ask(&mut boss, &group, "/announce list").await,
        "pizza (next 2026-11-23T09:09:00+00:00): @all Pizza is here\n\
         news (next 2026-11-23T09:59:00+00:00): Hourly news"
    );

    let pizza = announcement(&mut boss).await;
    assert_eq!(clock.now(), monday(9, 9));
    assert_eq!(pizza.group_at_user_array, [AT_ALL]);

    let paused = ask(&mut boss, &group, "/announce pause news").await;
    assert_eq!(paused, "Announcement news paused.");
    let listed = ask(&mut boss, &group, "/announce list").await;
    assert!(listed.contains("news (paused): Hourly news"), "{listed}");
    boss.expect_no_reply_within("bot", Duration::from_secs(3 * 3600))
        .await;

    let resumed = ask(&mut boss, &group, "/announce resume news").await;
    assert_eq!(resumed, "Announcement news resumed.");
    let run = ask(&mut boss, &group, "/announce run news").await;
    assert_eq!(run, "Announcement news posted now.");
    assert_eq!(announcement(&mut boss).await.plain_text(), "Hourly news");
    let resumed_at = clock.now();
    assert_eq!(announcement(&mut boss).await.plain_text(), "Hourly news");
    assert!(
        clock.now() > resumed_at,
        "the resumed job fires on its schedule"
    );

    let removed = ask(&mut boss, &group, "/announce remove news").await;
    assert_eq!(removed, "Announcement news removed.");
    assert_eq!(
        ask(&mut boss, &group, "/announce list").await,
        "pizza (done): @all Pizza is here"
    );
    assert_eq!(
        ask(&mut boss, &group, "/announce remove pizza").await,
        "Announcement pizza removed."
    );
    assert_eq!(
        ask(&mut boss, &group, "/announce list").await,
        "No announcements in this group."
    );
    assert_eq!(
        ask(&mut boss, &group, "/announce pause news").await,
        "There is no announcement \"news\" in this group."
    );
    assert!(scheduler.list().is_empty());
}

#[tokio::test(start_paused = true)]
async fn chat_digests_on_a_cron_in_the_sections_zone_and_mistakes_answered() {
    let (_kit, group, mut boss, scheduler) = setup(|_| "zone = \"Asia/Shanghai\"".to_owned()).await;
    let added = ask(
        &mut boss,
        &group,
        r#"/announce add lunch cron "0 0 12 * * *" digest Menu | Soup | Rice"#,
    )
    .await;
    // Noon in Shanghai is 04:00 UTC; today's has passed.
    assert_eq!(
        added,
        "Announcement lunch added; next at 2026-11-24T04:00:00+00:00."
    );
    let digest = announcement(&mut boss).await;
    let Elem::Merge(merge) = &digest.elems[0] else {
        panic!("a digest, got {digest:?}");
    };
    assert_eq!(merge.title, "Menu");
    assert_eq!(merge.messages.len(), 2);

    let bad = ask(&mut boss, &group, "/announce add x every soon hi").await;
    assert!(bad.contains(r#"duration: "soon""#), "{bad}");
    let no_title = ask(&mut boss, &group, "/announce add y every 1h digest").await;
    assert!(no_title.starts_with("invalid announcement"), "{no_title}");
    assert_eq!(scheduler.list().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn members_may_not_use_announce() {
    let (kit, group, mut boss, scheduler) = setup(|_| String::new()).await;
    let alice = kit.person("alice").await;
    alice
        .say_in(&group, "/announce add spam every 1m buy now")
        .await;
    let denied = boss.expect_reply("bot").await.plain_text();
    assert_eq!(denied, "You are not allowed to do that.");
    alice.say_in(&group, "/announce list").await;
    let denied = boss.expect_reply("bot").await.plain_text();
    assert_eq!(denied, "You are not allowed to do that.");
    assert!(scheduler.list().is_empty());
    boss.expect_no_reply_within("bot", TWO_DAYS).await;
}

#[tokio::test(start_paused = true)]
async fn announcements_added_in_chat_survive_a_restart_in_a_file_store() {
    let path = std::env::temp_dir().join(format!(
        "timbot-announcements-{}-{}.redb",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let mut kit = kit();
    let group = kit.group_of(GroupType::Public, "boss", &["bot"]);
    let mut boss = kit.person("boss").await;
    {
        let store = kit.file_store(&path);
        let scheduler = scheduler(&kit, store.clone()).await;
        run_announcer(&mut kit, "", store, &scheduler).await;
        let added = ask(&mut boss, &group, "/announce add later in 2h See you later").await;
        assert!(added.starts_with("Announcement later added"), "{added}");
        kit.shutdown().await;
        scheduler.shutdown().await;
    }
    // The bot is down for an hour, then comes back with a new scheduler on the same file.
    boss.expect_no_reply_within("bot", Duration::from_secs(3600))
        .await;
    let store = kit.file_store(&path);
    let scheduler = scheduler(&kit, store.clone()).await;
    run_announcer(&mut kit, "", store, &scheduler).await;
    assert_eq!(announcement(&mut boss).await.plain_text(), "See you later");
    assert_eq!(kit.clock().now(), monday(10, 59));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_bad_announcement_is_reported_with_the_file_line_and_id() {
    let text = "[bot]\nname = \"a\"\nuser_id = \"a\"\n\n[plugins.announcements]\n\n\
                [[plugins.announcements.jobs]]\nid = \"late\"\ncron = \"every day\"\n\
                groups = [\"g\"]\ntext = \"hi\"\n";
    let section = timbot::testing::plugin_section("bad.toml", text, "announcements");
    let message = timbot::testing::expect_config_error(
        timbot_plugin_announcements::validate(&section),
        "bad.toml",
        5,
    );
    assert!(message.contains("\"late\""), "{message}");
}

#[test]
fn the_announcer_bot_file_is_valid() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bots/announcer.toml");
    let file = timbot::runtime::BotFile::load(&path).unwrap();
    let bots = file.bot_configs();
    assert_eq!(bots.len(), 1);
    let section = file.plugin_sections(&bots[0]).for_plugin("announcements");
    timbot_plugin_announcements::validate(&section).unwrap();
    let config: timbot_plugin_announcements::AnnouncementsConfig = section.parse().unwrap();
    assert_eq!(config.job_specs("announcer").unwrap().len(), 4);
}
