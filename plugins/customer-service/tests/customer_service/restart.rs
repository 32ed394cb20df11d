//! The desk is kept in the bot's store: after a restart with the file store the queue is intact
//! in order, an open case still relays both ways, and its transcript holds what was said before
//! the restart.

use timbot::testing::TestKit;

use crate::support::{store_path, support_bot, transcript_lines, wednesday_10am, Chat};

const CONFIG: &str = r#"
[handoff]
agents_group = "agents"
agents = ["ann", "bob"]
"#;

/// Stop the kit's bot and start it again on the file store at `path`.
async fn restart(kit: &mut TestKit, path: &std::path::Path) {
    assert!(kit.shutdown().await.is_clean());
    let store = kit.file_store(path);
    kit.run(support_bot(kit, CONFIG, wednesday_10am()).store(store))
        .await;
}

/// A kit running the support bot on the file store at `path`, with agents ann and bob.
async fn desk_on_file(path: &std::path::Path) -> TestKit {
    let mut kit = TestKit::new();
    for agent in ["ann", "bob"] {
        kit.engine().create_user(agent, agent).unwrap();
    }
    let store = kit.file_store(path);
    kit.run(support_bot(&kit, CONFIG, wednesday_10am()).store(store))
        .await;
    kit
}

#[tokio::test(start_paused = true)]
async fn the_queue_survives_a_restart_in_order() {
    let path = store_path("queue");
    let mut kit = desk_on_file(&path).await;
    let mut ann = kit.person("ann").await;
    for customer in ["alice", "carol", "dave"] {
        let mut person = kit.person(customer).await;
        person.say("/agent").await;
        assert!(person.text().await.contains("in the queue"));
        ann.text_in("agents").await; // the notice
    }

    restart(&mut kit, &path).await;

    ann.say_in("agents", "/queue").await;
    assert_eq!(
        ann.text_in("agents").await,
        "Waiting:\n1. alice\n2. carol\n3. dave"
    );
    let mut carol = kit.person("carol").await;
    carol.say("/agent").await;
    assert_eq!(
        carol.text().await,
        "An agent will be with you soon: you are number 2 in the queue. I'll pass on what you \
         write."
    );
    let mut erin = kit.person("erin").await;
    erin.say("/agent").await;
    assert!(
        erin.text().await.contains("(case #4). You are number 4"),
        "case numbers go on"
    );
    ann.text_in("agents").await; // erin's notice
    ann.say_in("agents", "/take").await;
    assert_eq!(
        ann.text_in("agents").await,
        "ann took case #1 (alice). 3 still waiting."
    );
    let _ = std::fs::remove_dir_all(path.parent().expect("a directory"));
}

#[tokio::test(start_paused = true)]
async fn an_open_case_survives_a_restart_relays_and_keeps_its_transcript() {
    let path = store_path("case");
    let mut kit = desk_on_file(&path).await;
    let mut ann = kit.person("ann").await;
    let mut alice = kit.person("alice").await;
    alice.say("/agent").await;
    alice.text().await; // queued
    ann.text_in("agents").await; // notice
    alice.say("it arrived broken").await;
    alice.text().await; // still waiting
    ann.say_in("agents", "/take").await;
    ann.text_in("agents").await; // taken
    ann.text().await; // brief
    assert_eq!(ann.text().await, "alice: it arrived broken");
    alice.text().await; // hello
    alice.say("the lid is cracked").await;
    assert_eq!(ann.text().await, "alice: the lid is cracked");

    restart(&mut kit, &path).await;

    ann.say("Sorry! A new one ships today.").await;
    assert_eq!(alice.text().await, "ann: Sorry! A new one ships today.");
    alice.say("thanks").await;
    assert_eq!(ann.text().await, "alice: thanks");
    ann.say("/end").await;
    assert_eq!(
        alice.text().await,
        "ann has closed the chat. Thank you for contacting us!"
    );
    assert_eq!(ann.text().await, "Case #1 with alice is closed.");
    assert_eq!(
        transcript_lines(&ann.next().await),
        [
            "alice: it arrived broken",
            "alice: the lid is cracked",
            "ann: Sorry! A new one ships today.",
            "alice: thanks",
        ]
    );
    alice.next().await; // the rating card
    alice.say("5").await;
    assert_eq!(alice.text().await, "Thank you for rating us 5/5!");
    let _ = std::fs::remove_dir_all(path.parent().expect("a directory"));
}
