//! Greeting, FAQ answers, "did you mean" and the fallback.

use std::time::Duration;

use crate::support::{support_desk, wednesday_10am, Chat, BOT};

const CONFIG: &str = r#"
greeting = "Hi! Ask me about passwords, orders or refunds."
knowledge = "../fixtures/faq.toml"
fallback = "Sorry, I don't know that one."
did_you_mean = "Did you mean:"
new_conversation_after = "30m"
"#;

#[tokio::test(start_paused = true)]
async fn a_new_conversation_is_greeted_then_answered_from_the_knowledge_file() {
    let kit = support_desk(CONFIG, wednesday_10am(), &[]).await;
    let mut alice = kit.person("alice").await;
    alice.say("I forgot password").await;
    assert_eq!(
        alice.text().await,
        "Hi! Ask me about passwords, orders or refunds."
    );
    assert_eq!(alice.text().await, "Settings → Account → Reset password.");
    // By regex, and no second greeting within the conversation.
    alice.say("Where's my parcel??").await;
    assert_eq!(alice.text().await, "Orders arrive in 3 to 5 days.");
    // A typo still finds the entry by similarity.
    alice.say("how do i get a refnud").await;
    assert_eq!(alice.text().await, "Refunds take 7 days.");
}

#[tokio::test(start_paused = true)]
async fn after_the_configured_silence_the_customer_is_greeted_again() {
    let kit = support_desk(CONFIG, wednesday_10am(), &[]).await;
    let mut alice = kit.person("alice").await;
    alice.say("refund").await;
    assert!(alice.text().await.starts_with("Hi!"));
    assert_eq!(alice.text().await, "Refunds take 7 days.");
    tokio::time::sleep(Duration::from_secs(29 * 60)).await;
    alice.say("refund").await;
    assert_eq!(alice.text().await, "Refunds take 7 days.");
    tokio::time::sleep(Duration::from_secs(31 * 60)).await;
    alice.say("refund").await;
    assert!(alice.text().await.starts_with("Hi!"));
    assert_eq!(alice.text().await, "Refunds take 7 days.");
}

#[tokio::test(start_paused = true)]
async fn an_unsure_match_lists_did_you_mean_and_nothing_close_gets_the_fallback() {
    let kit = support_desk(CONFIG, wednesday_10am(), &[]).await;
    let mut alice = kit.person("alice").await;
    // One keyword of each of two entries: the bot cannot tell which one is meant.
    alice.say("a refund, or tracking?").await;
    alice.text().await; // greeting
    assert_eq!(
        alice.text().await,
        "Did you mean:\n1. Where is my order?\n2. How do I get a refund?"
    );
    alice.say("qwxz").await;
    assert_eq!(alice.text().await, "Sorry, I don't know that one.");
}

#[tokio::test(start_paused = true)]
async fn group_messages_are_not_its_business() {
    let kit = support_desk(CONFIG, wednesday_10am(), &[]).await;
    let mut alice = kit.person("alice").await;
    let group = kit.group("alice", &[BOT]);
    alice.say_in(&group, "refund").await;
    alice.expect_no_reply(BOT).await;
}
