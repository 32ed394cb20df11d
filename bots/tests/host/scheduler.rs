//! The bots `timbot run` starts have a scheduler: announcements scheduled from the chat are
//! posted by it.

use timbot::testing::Person;

use crate::support::Scene;

const FILE: &str = r#"
[bot]
name = "announcer"
user_id = "announcer_bot"

[plugins.announcements]
zone = "UTC"
"#;

#[tokio::test(start_paused = true)]
async fn an_announcement_added_in_chat_is_posted_by_the_scheduler() {
    let scene = Scene::start(FILE, &["alice"]).await;
    scene.group("news", "alice", &["announcer_bot"]);
    let mut alice = Person::login(&scene.engine, "alice").await;

    alice
        .say_in("news", "/announce add tea every 2h Time for tea")
        .await;
    let added = alice.expect_reply("announcer_bot").await.plain_text();
    assert!(added.starts_with("Announcement tea added"), "{added}");
    alice.say_in("news", "/announce run tea").await;
    let mut posted = Vec::new();
    for _ in 0..2 {
        posted.push(alice.expect_reply("announcer_bot").await.plain_text());
    }
    assert!(posted.contains(&"Time for tea".to_owned()), "{posted:?}");
}
