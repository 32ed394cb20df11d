//! The hand-off: queue, agents' group, /take, relay both ways, the transcript as a merged
//! message, the rating card and its answer.

use timbot::core::types::{ConvType, Elem, Message};
use timbot::message::merge::open_message;
use timbot::message::{parse_payload, CustomMessage};
use timbot_plugin_customer_service::{RatingAnswer, RatingCard};

use timbot::testing::{Person, TestKit};

use crate::support::{support_desk, transcript_lines, wednesday_10am, Chat, BOT};

const CONFIG: &str = r#"
greeting = "Hi!"
knowledge = "../fixtures/faq.toml"

[handoff]
agents_group = "agents"
agents = ["ann", "bob"]
phrases = ["human", "real person"]
rating_labels = ["bad", "okay", "good"]
"#;

/// A desk where alice asked for an agent and ann took the case; the greeting, queue, notice
/// and brief are checked on the way.
async fn alice_with_ann() -> (TestKit, Person, Person) {
    let kit = support_desk(CONFIG, wednesday_10am(), &["ann", "bob"]).await;
    let mut ann = kit.person("ann").await;
    let mut alice = kit.person("alice").await;
    alice.say("/agent").await;
    assert_eq!(
        alice.text().await,
        "I've asked a human agent to help you (case #1). You are number 1 in the queue; type \
         /end to leave it."
    );
    assert_eq!(
        ann.text_in("agents").await,
        "Case #1: alice is waiting for an agent (1 waiting).\nType /take to take the first \
         case, or /take alice."
    );
    alice.say("it arrived broken").await;
    assert!(alice.text().await.contains("number 1 in the queue"));
    ann.say_in("agents", "/take").await;
    assert_eq!(
        ann.text_in("agents").await,
        "ann took case #1 (alice). 0 still waiting."
    );
    assert!(ann.text().await.starts_with("You have case #1 with alice."));
    assert_eq!(
        ann.text().await,
        "alice: it arrived broken",
        "what alice wrote while waiting"
    );
    assert!(alice
        .text()
        .await
        .starts_with("Hi, this is ann, a human agent."));
    (kit, alice, ann)
}

#[tokio::test(start_paused = true)]
async fn an_agent_takes_the_case_messages_go_both_ways_and_the_transcript_is_merged() {
    let (_kit, mut alice, mut ann) = alice_with_ann().await;
    alice.say("the lid is cracked").await;
    assert_eq!(ann.text().await, "alice: the lid is cracked");
    ann.say("Sorry! A new one ships today.").await;
    assert_eq!(alice.text().await, "ann: Sorry! A new one ships today.");
    // A FAQ keyword from a customer with an agent goes to the agent, not to the FAQ.
    alice.say("no refund then?").await;
    assert_eq!(ann.text().await, "alice: no refund then?");

    ann.say("/end").await;
    assert_eq!(
        alice.text().await,
        "ann has closed the chat. Thank you for contacting us!"
    );
    assert_eq!(ann.text().await, "Case #1 with alice is closed.");
    let transcript = ann.next().await;
    let opened = open_message(&transcript).expect("a merged message");
    assert_eq!(opened.title, "Case #1 with alice");
    assert!(opened.complete);
    assert_eq!(
        transcript_lines(&transcript),
        [
            "alice: it arrived broken",
            "alice: the lid is cracked",
            "ann: Sorry! A new one ships today.",
            "alice: no refund then?",
        ]
    );
    // The chat is over: alice's next question is the FAQ's again.
    alice.next().await; // the rating card, read in the next test
    alice.say("hello?").await;
    let reply = alice.text().await;
    assert!(reply.starts_with("Sorry, I don't know"), "{reply}");
}

fn card_of(message: &Message) -> RatingCard {
    let Some(Elem::Custom(custom)) = message.elems.first() else {
        panic!("not a custom message: {message:?}");
    };
    parse_payload::<RatingCard>(custom)
        .unwrap()
        .expect("a rating card")
}

#[tokio::test(start_paused = true)]
async fn the_customer_gets_a_rating_card_and_a_typed_score_is_thanked_and_reported() {
    let (_kit, mut alice, mut ann) = alice_with_ann().await;
    alice.say("/end").await;
    alice.text().await; // closed
    let card = card_of(&alice.next().await);
    assert_eq!(card.case, 1);
    assert_eq!(card.agent, "ann");
    assert_eq!(card.title, "How satisfied are you with ann's help?");
    let labels: Vec<(u8, &str)> = card
        .options
        .iter()
        .map(|o| (o.score, o.label.as_str()))
        .collect();
    assert_eq!(labels, [(1, "bad"), (2, "okay"), (3, "good")]);
    alice.say("3").await;
    assert_eq!(alice.text().await, "Thank you for rating us 3/3!");
    assert_eq!(ann.text().await, "Case #1 with alice is closed.");
    assert!(open_message(&ann.next().await).is_some(), "the transcript");
    assert_eq!(
        ann.text_in("agents").await,
        "alice rated case #1 (ann): 3/3."
    );
    // Rated once: a second "3" is a question again.
    alice.say("3").await;
    let reply = alice.text().await;
    assert!(reply.starts_with("Sorry, I don't know"), "{reply}");
}

#[tokio::test(start_paused = true)]
async fn a_card_answer_rates_and_anything_else_forgoes_the_rating() {
    let (kit, mut alice, ann) = alice_with_ann().await;
    alice.say("/end").await;
    alice.text().await;
    let card = card_of(&alice.next().await);
    let answer = CustomMessage::payload(&RatingAnswer {
        case: card.case,
        score: 2,
    })
    .unwrap();
    alice
        .send(Message::new(ConvType::C2C, BOT, vec![answer.into_elem()]))
        .await;
    assert_eq!(alice.text().await, "Thank you for rating us 2/3!");

    // carol's case ends; she asks a question instead of rating: answered, no thanks.
    let mut carol = kit.person("carol").await;
    carol.say("I want a real person").await;
    assert_eq!(carol.text().await, "Hi!");
    assert!(carol.text().await.contains("case #2"));
    ann.say_in("agents", "/take carol").await;
    assert!(carol.text().await.starts_with("Hi, this is ann"));
    carol.say("/end").await;
    carol.text().await; // closed
    card_of(&carol.next().await);
    carol.say("how do I get a refund").await;
    assert_eq!(carol.text().await, "Refunds take 7 days.");
    carol.expect_no_reply(BOT).await;
}

#[tokio::test(start_paused = true)]
async fn the_queue_is_first_come_first_served_and_a_customer_may_leave_it() {
    let kit = support_desk(CONFIG, wednesday_10am(), &["ann", "bob"]).await;
    let mut ann = kit.person("ann").await;
    let mut alice = kit.person("alice").await;
    let mut carol = kit.person("carol").await;
    alice.say("/agent").await;
    alice.text().await; // queued
    carol.say("/human").await;
    assert!(carol.text().await.contains("number 2 in the queue"));
    ann.say_in("agents", "/queue").await;
    ann.text_in("agents").await; // alice's notice
    ann.text_in("agents").await; // carol's notice
    assert_eq!(ann.text_in("agents").await, "Waiting:\n1. alice\n2. carol");
    alice.say("/end").await;
    assert_eq!(
        alice.text().await,
        "You have left the queue. Ask for an agent again at any time."
    );
    ann.say_in("agents", "/take").await;
    assert_eq!(
        ann.text_in("agents").await,
        "ann took case #2 (carol). 0 still waiting."
    );
    assert!(ann.text().await.starts_with("You have case #2 with carol."));
    ann.say_in("agents", "/take").await;
    assert_eq!(
        ann.text_in("agents").await,
        "@ann You already have a case with carol; /end it first."
    );
}

#[tokio::test(start_paused = true)]
async fn cases_are_taken_only_in_the_agents_group() {
    let kit = support_desk(CONFIG, wednesday_10am(), &["ann", "bob", "mallory"]).await;
    let mut mallory = kit.person("mallory").await;
    let other = kit.group("mallory", &[BOT]);
    let mut alice = kit.person("alice").await;
    alice.say("/agent").await;
    alice.text().await;
    mallory.say_in(&other, "/take").await;
    assert_eq!(
        mallory.text_in(&other).await,
        "Cases are taken in the agents' group (agents)."
    );
    alice.say("still there?").await;
    assert!(alice.text().await.contains("number 1 in the queue"));
}

#[tokio::test(start_paused = true)]
async fn without_a_handoff_table_there_are_no_agents_and_end_has_nothing_to_end() {
    let kit = support_desk(
        "knowledge = \"../fixtures/faq.toml\"",
        wednesday_10am(),
        &[],
    )
    .await;
    let mut alice = kit.person("alice").await;
    alice.say("/agent").await;
    assert_eq!(
        alice.text().await,
        "Sorry, there are no human agents here; I can only answer questions."
    );
    let kit = support_desk(CONFIG, wednesday_10am(), &["ann", "bob"]).await;
    let mut alice = kit.person("alice").await;
    alice.say("/end").await;
    assert_eq!(alice.text().await, "There is no chat with an agent to end.");
}
