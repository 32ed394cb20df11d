//! Office hours: the out-of-hours reply, and no queue for a human while closed.

use chrono::{TimeZone, Utc};

use crate::support::{support_desk, Chat};

const CONFIG: &str = r#"
greeting = "Hi!"
knowledge = "../fixtures/faq.toml"
fallback = "Sorry, I don't know that one."

[office_hours]
timezone = "Asia/Shanghai"
days = ["mon", "tue", "wed", "thu", "fri"]
open = "09:00"
close = "18:00"
closed_reply = "We're closed now (weekdays 09:00–18:00 Beijing time); I can still answer FAQs."

[handoff]
agents_group = "agents"
agents = ["ann"]
"#;

const CLOSED: &str =
    "We're closed now (weekdays 09:00–18:00 Beijing time); I can still answer FAQs.";

#[tokio::test(start_paused = true)]
async fn out_of_hours_the_first_reply_says_so_and_faqs_are_still_answered() {
    // Saturday 2026-11-21, 12:00 in Shanghai.
    let saturday = Utc.with_ymd_and_hms(2026, 11, 21, 4, 0, 0).unwrap();
    let kit = support_desk(CONFIG, saturday, &["ann"]).await;
    let mut alice = kit.person("alice").await;
    alice.say("refund?").await;
    assert_eq!(alice.text().await, CLOSED, "instead of the greeting");
    assert_eq!(alice.text().await, "Refunds take 7 days.");
    // What the FAQ cannot answer gets the out-of-hours reply rather than the fallback.
    alice.say("my blender sings at night").await;
    assert_eq!(alice.text().await, CLOSED);
    // Nobody is queued for an agent while closed.
    alice.say("/agent").await;
    assert_eq!(alice.text().await, CLOSED);
    let mut ann = kit.person("ann").await;
    ann.say_in("agents", "/queue").await;
    assert_eq!(ann.text_in("agents").await, "Nobody is waiting.");
}

#[tokio::test(start_paused = true)]
async fn in_hours_the_greeting_and_the_fallback_are_used() {
    // Friday 2026-11-20, 17:59 in Shanghai.
    let friday = Utc.with_ymd_and_hms(2026, 11, 20, 9, 59, 0).unwrap();
    let kit = support_desk(CONFIG, friday, &["ann"]).await;
    let mut alice = kit.person("alice").await;
    alice.say("my blender sings at night").await;
    assert_eq!(alice.text().await, "Hi!");
    assert_eq!(alice.text().await, "Sorry, I don't know that one.");
}
