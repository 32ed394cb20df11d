//! The intake dialogue before the queue: questions, a checked answer, confirmation, the
//! answers passed to the agent, cancelling, and the timeout at its moment.

use std::time::Duration;

use timbot::message::merge::open_message;

use crate::support::{support_desk, wednesday_10am, Chat, BOT};

const CONFIG: &str = r#"
greeting = "Hi!"
knowledge = "../fixtures/faq.toml"
fallback = "Sorry, I don't know that one."

[handoff]
agents_group = "agents"
agents = ["ann"]

[intake]
timeout = "5m"
intro = "A few questions first."

[[intake.steps]]
label = "Order"
ask = "What is your order number?"
pattern = "^[A-Z]-?\\d{5}$"
retry = "An order number is a letter and 5 digits, e.g. A-12345."

[[intake.steps]]
label = "Problem"
ask = "What went wrong?"
"#;

#[tokio::test(start_paused = true)]
async fn the_answers_are_checked_confirmed_and_passed_to_the_agent() {
    let kit = support_desk(CONFIG, wednesday_10am(), &["ann"]).await;
    let mut ann = kit.person("ann").await;
    let mut alice = kit.person("alice").await;
    alice.say("/agent").await;
    assert_eq!(
        alice.text().await,
        "A few questions first.\nWhat is your order number?"
    );
    alice.say("42").await;
    assert_eq!(
        alice.text().await,
        "An order number is a letter and 5 digits, e.g. A-12345.\nWhat is your order number?"
    );
    // An answer that looks like a FAQ question is still an answer.
    alice.say("A-12345").await;
    assert_eq!(alice.text().await, "What went wrong?");
    alice.say("I want a refund").await;
    assert_eq!(
        alice.text().await,
        "Is this right? (yes / no)\nOrder: A-12345\nProblem: I want a refund"
    );
    alice.say("yes").await;
    assert!(alice.text().await.contains("number 1 in the queue"));
    assert_eq!(
        ann.text_in("agents").await,
        "Case #1: alice is waiting for an agent (1 waiting).\nOrder: A-12345\nProblem: I want a \
         refund\nType /take to take the first case, or /take alice."
    );
    ann.say_in("agents", "/take").await;
    ann.text_in("agents").await;
    assert_eq!(
        ann.text().await,
        "You have case #1 with alice.\nOrder: A-12345\nProblem: I want a refund\nWhat you write \
         to me here goes to alice; type /end to close the case."
    );
    alice.text().await; // the agent's hello
    ann.say("/end").await;
    ann.text().await; // closed
    let transcript = open_message(&ann.next().await).expect("merged");
    let first = &transcript.entries[0].message;
    assert_eq!(first.sender, BOT);
    assert_eq!(
        first.plain_text(),
        "Order: A-12345\nProblem: I want a refund"
    );
}

#[tokio::test(start_paused = true)]
async fn no_starts_over_and_end_cancels() {
    let kit = support_desk(CONFIG, wednesday_10am(), &["ann"]).await;
    let mut alice = kit.person("alice").await;
    alice.say("/agent").await;
    alice.text().await;
    alice.say("B12345").await;
    alice.text().await;
    alice.say("late").await;
    alice.text().await;
    alice.say("no").await;
    assert_eq!(
        alice.text().await,
        "Let's start again.\nWhat is your order number?"
    );
    alice.say("/end").await;
    assert_eq!(
        alice.text().await,
        "OK, I won't call an agent. Ask me anything else at any time."
    );
    alice.say("refund").await;
    assert_eq!(alice.text().await, "Refunds take 7 days.");
}

#[tokio::test(start_paused = true)]
async fn an_unanswered_question_times_out_at_its_deadline() {
    let kit = support_desk(CONFIG, wednesday_10am(), &["ann"]).await;
    let mut alice = kit.person("alice").await;
    alice.say("/agent").await;
    alice.text().await;
    // Each answer gives another 5 minutes.
    kit.advance(Duration::from_secs(4 * 60)).await;
    alice.say("C-99999").await;
    assert_eq!(alice.text().await, "What went wrong?");
    kit.advance(Duration::from_secs(4 * 60)).await;
    alice
        .expect_no_reply_within(BOT, Duration::from_secs(30))
        .await;
    // The timeout reply comes by itself, at the deadline, without another message.
    let start = tokio::time::Instant::now();
    assert_eq!(
        alice.text().await,
        "I didn't hear from you for 5m, so I stopped your request. Type /agent to start again."
    );
    let waited = start.elapsed();
    assert!(
        waited <= Duration::from_secs(31),
        "the reply came {waited:?} after the last check"
    );
    // The intake is over: the next message is a question for the FAQ again.
    alice.say("refund").await;
    assert_eq!(alice.text().await, "Refunds take 7 days.");
}
