//! The terminal chat of `timbot run`: who speaks where, groups created or joined, and how what
//! a person receives is printed.

use std::sync::Arc;

use timbot::backend::local::LocalEngine;
use timbot::core::codes;
use timbot::core::event::Event;
use timbot::core::types::{ConvType, CustomElem, Elem, MergeElem, Message};
use timbot::testing::Person;
use timbot_host::terminal::{describe, Chat};

#[tokio::test(start_paused = true)]
async fn people_speak_one_to_one_and_in_groups_they_create_or_join() {
    let engine = LocalEngine::default();
    engine.create_user("helper_bot", "helper").unwrap();
    let mut bot = Person::login(&engine, "helper_bot").await;
    let mut chat = Chat::new(engine.clone(), vec!["helper_bot".to_owned()]);
    assert_eq!(chat.prompt(), "alice → c2c helper_bot");

    chat.handle_line("hello").await.unwrap();
    let first = bot.expect_reply("alice").await;
    assert_eq!(
        (first.conv_type, first.plain_text()),
        (ConvType::C2C, "hello".to_owned())
    );

    chat.handle_line("/group demo").await.unwrap();
    chat.handle_line("hi all").await.unwrap();
    let in_group = bot.expect_reply("alice").await;
    assert_eq!(in_group.conv_type, ConvType::Group);
    assert_eq!(in_group.conv_id, "demo");

    chat.handle_line("/as bob").await.unwrap();
    chat.handle_line("/group demo").await.unwrap();
    assert_eq!(chat.prompt(), "bob → group demo");
    chat.handle_line("bob here").await.unwrap();
    let from_bob = bot.expect_reply("bob").await;
    assert_eq!(from_bob.conv_id, "demo");
}

#[tokio::test(start_paused = true)]
async fn a_group_id_the_engine_refuses_is_an_error() {
    let engine = LocalEngine::default();
    engine.create_user("helper_bot", "helper").unwrap();
    let mut chat = Chat::new(engine, vec!["helper_bot".to_owned()]);
    let refused = chat.handle_line("/group @TGS#demo").await.unwrap_err();
    assert_eq!(refused.code(), Some(codes::GROUP_INVALID_GROUP_ID));
    assert_eq!(chat.prompt(), "alice → c2c helper_bot");
}

#[test]
fn received_messages_are_printed_with_their_place() {
    let mut message = Message::new(ConvType::Group, "demo", vec![Elem::text("welcome")]);
    message.sender = "helper_bot".to_owned();
    let event = Event::NewMessage(Arc::new(message.clone()));
    assert_eq!(
        describe("alice", &event).as_deref(),
        Some("[group demo → alice] helper_bot: welcome")
    );
    message.sender = "alice".to_owned();
    assert_eq!(
        describe("alice", &Event::NewMessage(Arc::new(message))),
        None
    );
}

#[test]
fn a_card_shows_its_description_and_a_transcript_its_title() {
    let card = CustomElem {
        data: r#"{"kind":"rating"}"#.to_owned(),
        desc: "How did we do? Rate 1-5".to_owned(),
        ..CustomElem::default()
    };
    let transcript = MergeElem {
        title: "Chat with support".to_owned(),
        compatible_text: "a transcript".to_owned(),
        ..MergeElem::default()
    };
    for (elem, shown) in [
        (
            Elem::Custom(card),
            "[c2c → alice] support_bot: How did we do? Rate 1-5",
        ),
        (
            Elem::Merge(transcript),
            "[c2c → alice] support_bot: [Chat History] Chat with support",
        ),
    ] {
        let mut message = Message::new(ConvType::C2C, "alice", vec![elem]);
        message.sender = "support_bot".to_owned();
        let event = Event::NewMessage(Arc::new(message));
        assert_eq!(describe("alice", &event).as_deref(), Some(shown));
    }
}
