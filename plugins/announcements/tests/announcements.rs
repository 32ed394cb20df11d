//! The announcements plugin on the embedded engine with the runtime and a scheduler, under
//! paused time: jobs from the bot file fire at their time, `/announce` manages them, members are
//! turned away, and jobs survive a restart in a file store.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use timbot::backend::local::LocalEngine;
use timbot::core::backend::CreateGroupParams;
use timbot::core::event::{Event, EventStream};
use timbot::core::types::{ConvType, Elem, GroupType, Message, AT_ALL};
use timbot::core::Client;
use timbot::runtime::{Bot, BotConfig, Runtime};
use timbot::scheduler::{Clock, Scheduler, SchedulerConfig};
use timbot::store::{FileStore, MemoryStore, Store};
use timbot_plugin_announcements::Announcements;

/// How long (of paused time) a test waits for the bot before failing: two days.
const PATIENCE: Duration = Duration::from_secs(2 * 86_400);

/// Monday 2026-11-23, 08:59 UTC: a minute before the 09:00 jobs.
fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 59, 0).unwrap()
}

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

    async fn say(&self, group: &str, text: &str) {
        let message = Message::new(ConvType::Group, group, vec![Elem::text(text)]);
        self.client
            .messages()
            .unwrap()
            .send_message(message)
            .await
            .unwrap();
    }

    /// The next message from the bot; panics after [`PATIENCE`] (of paused time).
    async fn next_from_bot(&mut self) -> Message {
        let wait = async {
            loop {
                match self.events.recv().await.expect("session open") {
                    Event::NewMessage(m) if m.sender == "bot" => return Message::clone(&m),
                    _ => {}
                }
            }
        };
        tokio::time::timeout(PATIENCE, wait)
            .await
            .expect("a message from the bot came")
    }

    /// Say `command` and return the text of the bot's answer.
    async fn ask(&mut self, group: &str, command: &str) -> String {
        self.say(group, command).await;
        self.next_from_bot().await.plain_text()
    }

    /// Whether the bot said anything that is already delivered.
    fn heard_next_from_bot(&mut self) -> bool {
        let mut heard = false;
        while let Some(event) = self.events.try_recv() {
            heard |= matches!(event, Event::NewMessage(m) if m.sender == "bot");
        }
        heard
    }
}

/// The engine with a Public group owned by boss, with the bot and alice in it.
fn engine_and_group() -> (LocalEngine, String) {
    let engine = LocalEngine::default();
    for user in ["boss", "bot", "alice"] {
        engine.create_user(user, user).unwrap();
    }
    let mut params = CreateGroupParams::new(GroupType::Public, "news");
    params.members = ["bot", "alice"].map(String::from).to_vec();
    let group = engine.admin_create_group("boss", params).unwrap();
    (engine, group)
}

/// A started scheduler on `store` whose wall clock reads `now`.
async fn scheduler(store: Arc<dyn Store>, now: DateTime<Utc>) -> Scheduler {
    let config = SchedulerConfig {
        clock: Clock::starting_at(now),
        ..SchedulerConfig::default()
    };
    let scheduler = Scheduler::new(store, config);
    scheduler.start().await.unwrap();
    scheduler
}

/// The announcer bot with `section` as its `[plugins.announcements]`, running.
async fn announcer(
    engine: &LocalEngine,
    section: &str,
    store: Arc<dyn Store>,
    scheduler: &Scheduler,
) -> Runtime {
    let mut config = BotConfig::new("announcer", "bot");
    config
        .plugins
        .insert("announcements".into(), toml::from_str(section).unwrap());
    let signer = engine.clone();
    let bot = Bot::builder(config, engine.backend())
        .signer(move |user: &str| signer.user_sig(user))
        .plugin(Announcements)
        .store(store)
        .scheduler(scheduler.clone())
        .build()
        .unwrap();
    let mut runtime = Runtime::new();
    runtime.spawn(bot).running().await;
    runtime
}

struct Setup {
    engine: LocalEngine,
    group: String,
    scheduler: Scheduler,
    boss: Person,
    _runtime: Runtime,
}

async fn setup(section: impl FnOnce(&str) -> String) -> Setup {
    let (engine, group) = engine_and_group();
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let scheduler = scheduler(store.clone(), start_time()).await;
    let boss = Person::login(&engine, "boss").await;
    let runtime = announcer(&engine, &section(&group), store, &scheduler).await;
    Setup {
        engine,
        group,
        scheduler,
        boss,
        _runtime: runtime,
    }
}

#[tokio::test(start_paused = true)]
async fn bot_file_announcements_fire_at_their_time_as_text_at_all_card_and_digest() {
    let mut s = setup(|group| {
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
    let clock = s.scheduler.clock();
    let standup = s.boss.next_from_bot().await;
    assert_eq!(
        clock.now(),
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
    );
    assert_eq!(standup.group_at_user_array, [AT_ALL]);
    assert!(standup.plain_text().ends_with("Stand-up now"));

    let card = s.boss.next_from_bot().await;
    assert_eq!(
        clock.now(),
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
    );
    let Elem::Custom(custom) = &card.elems[0] else {
        panic!("a custom card, got {card:?}");
    };
    let data: serde_json::Value = serde_json::from_str(&custom.data).unwrap();
    assert_eq!(data["businessID"], "announcement_card");
    assert_eq!(data["title"], "Release 2.0");
    assert_eq!(data["link"], "https://example.com");
    assert_eq!(custom.desc, "Release 2.0");

    // 18:00 in Shanghai is 10:00 UTC.
    let digest = s.boss.next_from_bot().await;
    assert_eq!(
        clock.now(),
        Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
    );
    let Elem::Merge(merge) = &digest.elems[0] else {
        panic!("a merged digest, got {digest:?}");
    };
    assert_eq!(merge.title, "This week");
    let items: Vec<String> = merge.messages.iter().map(Message::plain_text).collect();
    assert_eq!(items, ["Docs moved", "New FAQ"]);

    // The cron job comes back the next weekday, the one-shot jobs do not.
    let next = s.boss.next_from_bot().await;
    assert_eq!(
        clock.now(),
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    );
    assert!(next.plain_text().ends_with("Stand-up now"));
    let _ = &s.engine;
}

#[tokio::test(start_paused = true)]
async fn admins_add_list_pause_resume_run_and_remove_announcements_in_chat() {
    let mut s = setup(|_| String::new()).await;
    let group = s.group.clone();
    let clock = s.scheduler.clock();

    let added = s
        .boss
        .ask(&group, "/announce add news every 1h Hourly news")
        .await;
    assert_eq!(
        added,
        "Announcement news added; next at 2026-11-23T09:59:00+00:00."
    );
    let once = s
        .boss
        .ask(&group, "/announce add pizza in 10m @all Pizza is here")
        .await;
    assert!(once.starts_with("Announcement pizza added"), "{once}");
    assert_eq!(
        s.boss.ask(&group, "/announce list").await,
        "pizza (next 2026-11-23T09:09:00+00:00): @all Pizza is here\n\
         news (next 2026-11-23T09:59:00+00:00): Hourly news"
    );

    let pizza = s.boss.next_from_bot().await;
    assert_eq!(
        clock.now(),
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 9, 0).unwrap()
    );
    assert_eq!(pizza.group_at_user_array, [AT_ALL]);

    assert_eq!(
        s.boss.ask(&group, "/announce pause news").await,
        "Announcement news paused."
    );
    assert!(s
        .boss
        .ask(&group, "/announce list")
        .await
        .contains("news (paused): Hourly news"));
    tokio::time::advance(Duration::from_secs(3 * 3600)).await;
    assert!(
        !s.boss.heard_next_from_bot(),
        "a paused announcement stays quiet"
    );

    assert_eq!(
        s.boss.ask(&group, "/announce resume news").await,
        "Announcement news resumed."
    );
    assert_eq!(
        s.boss.ask(&group, "/announce run news").await,
        "Announcement news posted now."
    );
    assert_eq!(s.boss.next_from_bot().await.plain_text(), "Hourly news");
    let resumed_at = clock.now();
    assert_eq!(s.boss.next_from_bot().await.plain_text(), "Hourly news");
    assert!(
        clock.now() > resumed_at,
        "the resumed job fires on its schedule"
    );

    assert_eq!(
        s.boss.ask(&group, "/announce remove news").await,
        "Announcement news removed."
    );
    assert_eq!(
        s.boss.ask(&group, "/announce list").await,
        "pizza (done): @all Pizza is here"
    );
    assert_eq!(
        s.boss.ask(&group, "/announce remove pizza").await,
        "Announcement pizza removed."
    );
    assert_eq!(
        s.boss.ask(&group, "/announce list").await,
        "No announcements in this group."
    );
    assert_eq!(
        s.boss.ask(&group, "/announce pause news").await,
        "There is no announcement \"news\" in this group."
    );
    assert!(s
        .scheduler
        .list()
        .iter()
        .all(|job| !job.spec.id.ends_with("/news")));
}

#[tokio::test(start_paused = true)]
async fn chat_cards_digests_and_mistakes() {
    let mut s = setup(|_| "zone = \"Asia/Shanghai\"".to_owned()).await;
    let group = s.group.clone();
    let added = s
        .boss
        .ask(
            &group,
            r#"/announce add lunch cron "0 0 12 * * *" digest Menu | Soup | Rice"#,
        )
        .await;
    // Noon in Shanghai is 04:00 UTC; 09:00 UTC has passed today.
    assert_eq!(
        added,
        "Announcement lunch added; next at 2026-11-24T04:00:00+00:00."
    );
    let digest = s.boss.next_from_bot().await;
    let Elem::Merge(merge) = &digest.elems[0] else {
        panic!("a digest, got {digest:?}");
    };
    assert_eq!(merge.title, "Menu");
    assert_eq!(merge.messages.len(), 2);

    let bad = s.boss.ask(&group, "/announce add x every soon hi").await;
    assert!(bad.starts_with("invalid"), "{bad}");
    let no_title = s.boss.ask(&group, "/announce add y every 1h digest").await;
    assert!(no_title.starts_with("invalid"), "{no_title}");
    assert_eq!(s.scheduler.list().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn members_may_not_use_announce() {
    let mut s = setup(|_| String::new()).await;
    let group = s.group.clone();
    let alice = Person::login(&s.engine, "alice").await;
    alice
        .say(&group, "/announce add spam every 1m buy now")
        .await;
    assert_eq!(
        s.boss.next_from_bot().await.plain_text(),
        "You are not allowed to do that."
    );
    alice.say(&group, "/announce list").await;
    assert_eq!(
        s.boss.next_from_bot().await.plain_text(),
        "You are not allowed to do that."
    );
    assert!(s.scheduler.list().is_empty());
}

#[tokio::test(start_paused = true)]
async fn announcements_added_in_chat_survive_a_restart_in_a_file_store() {
    let path = std::env::temp_dir().join(format!(
        "timbot-announcements-{}-{}.redb",
        std::process::id(),
        rand_suffix()
    ));
    let (engine, group) = engine_and_group();
    let mut boss = Person::login(&engine, "boss").await;
    {
        let clock = Clock::starting_at(start_time());
        let store: Arc<dyn Store> = Arc::new(FileStore::open_with_clock(&path, clock).unwrap());
        let scheduler = scheduler(store.clone(), start_time()).await;
        let runtime = announcer(&engine, "", store, &scheduler).await;
        let added = boss
            .ask(&group, "/announce add later in 2h See you later")
            .await;
        assert!(added.starts_with("Announcement later added"), "{added}");
        runtime.shutdown(Duration::from_secs(5)).await;
        scheduler.shutdown().await;
    }
    // An hour later the bot comes back, with a new scheduler on the same file.
    tokio::time::advance(Duration::from_secs(3600)).await;
    let now = start_time() + chrono::TimeDelta::hours(1);
    let store: Arc<dyn Store> =
        Arc::new(FileStore::open_with_clock(&path, Clock::starting_at(now)).unwrap());
    let scheduler = scheduler(store.clone(), now).await;
    let _runtime = announcer(&engine, "", store, &scheduler).await;
    boss.heard_next_from_bot();
    assert_eq!(boss.next_from_bot().await.plain_text(), "See you later");
    assert_eq!(
        scheduler.clock().now(),
        Utc.with_ymd_and_hms(2026, 11, 23, 10, 59, 0).unwrap()
    );
    let _ = std::fs::remove_file(&path);
}

/// A suffix that keeps concurrent test runs apart.
fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

#[test]
fn a_bad_announcement_is_reported_with_the_file_line_and_id() {
    let text = "[bot]\nname = \"a\"\nuser_id = \"a\"\n\n[plugins.announcements]\n\n\
                [[plugins.announcements.jobs]]\nid = \"late\"\ncron = \"every day\"\n\
                groups = [\"g\"]\ntext = \"hi\"\n";
    let file = timbot::runtime::BotFile::parse("bad.toml", text).unwrap();
    let bots = file.bot_configs();
    let section = file.plugin_sections(&bots[0]).for_plugin("announcements");
    match timbot_plugin_announcements::validate(&section) {
        Err(timbot::core::Error::Config {
            file,
            line,
            message,
        }) => {
            assert_eq!((file.as_str(), line), ("bad.toml", 5));
            assert!(message.contains("\"late\""), "{message}");
        }
        other => panic!("expected a located error, got {other:?}"),
    }
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
    assert!(config.job_specs("announcer").unwrap().len() >= 3);
}
