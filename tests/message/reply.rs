//! Quote-replies in the UI kits' `messageReply` format.

use std::sync::Arc;

use timbot::core::rest::RestMessage;
use timbot::core::types::{Elem, GroupType, Message, MsgStatus, UserProfile};
use timbot::core::Error;
use timbot::message::{quote_of, Incoming, MessageBuilder, QuoteRef, Target};

use crate::over_the_wire;

fn original() -> Message {
    Message {
        msg_id: "144115-1700000000-42".into(),
        sender: "alice".into(),
        sender_profile: Some(Arc::new(UserProfile {
            identifier: "alice".into(),
            nick_name: "Alice".into(),
            ..UserProfile::default()
        })),
        status: MsgStatus::Sent,
        elems: vec![Elem::text("when is the release?")],
        ..Message::default()
    }
}

#[test]
fn a_reply_carries_the_ui_kits_reference() {
    let reply = MessageBuilder::new(Target::group("@TGS#g", GroupType::Public))
        .text("Friday")
        .reply_to(&QuoteRef::of(&original()).expect("sent message"))
        .build()
        .expect("valid");
    let cloud: serde_json::Value =
        serde_json::from_str(&reply.cloud_custom_str).expect("JSON cloud custom data");
    assert_eq!(
        cloud,
        serde_json::json!({"messageReply": {
            "messageID": "144115-1700000000-42",
            "messageAbstract": "when is the release?",
            "messageSender": "Alice",
            "messageType": 1,
            "version": 1
        }})
    );
    let received = over_the_wire(&reply);
    let quote = received.quote().expect("a quote-reply");
    assert_eq!(quote.message_id, "144115-1700000000-42");
    assert_eq!(quote.sender, "Alice");
    assert_eq!(quote.root_id, None);
    assert_eq!(received.plain_text(), "Friday");
}

#[test]
fn a_reply_keeps_other_cloud_custom_data() {
    let reply = MessageBuilder::new(Target::user("alice"))
        .cloud_custom("ticket", serde_json::json!(7))
        .text("ok")
        .reply_to(&QuoteRef::of(&original()).expect("sent"))
        .build()
        .expect("valid");
    let cloud: serde_json::Value = serde_json::from_str(&reply.cloud_custom_str).expect("JSON");
    assert_eq!(cloud["ticket"], 7);
    assert_eq!(cloud["messageReply"]["messageID"], "144115-1700000000-42");
}

#[test]
fn a_thread_reply_carries_the_root_id() {
    let quote = QuoteRef::of(&original()).expect("sent").in_thread("root-1");
    let reply = MessageBuilder::new(Target::user("alice"))
        .text("+1")
        .reply_to(&quote)
        .build()
        .expect("valid");
    assert_eq!(
        quote_of(&reply).and_then(|q| q.root_id),
        Some("root-1".to_owned())
    );
}

#[test]
fn an_unsent_message_cannot_be_quoted() {
    let unsent = Message {
        msg_id: String::new(),
        ..original()
    };
    assert!(matches!(QuoteRef::of(&unsent), Err(Error::Invalid { .. })));
}

#[test]
fn the_quoted_type_is_the_v2_element_type_and_the_sender_falls_back_to_the_id() {
    let image = Message {
        sender_profile: None,
        elems: vec![Elem::Image(Default::default())],
        ..original()
    };
    let quote = QuoteRef::of(&image).expect("sent");
    assert_eq!(quote.message_type, 3);
    assert_eq!(quote.abstract_text, "[Image]");
    assert_eq!(quote.sender, "alice");
}

#[test]
fn references_the_ui_kits_would_ignore_are_ignored() {
    let with = |cloud: &str| Message {
        cloud_custom_str: cloud.into(),
        ..Message::default()
    };
    assert_eq!(quote_of(&with("")), None);
    assert_eq!(quote_of(&with("not json")), None);
    assert_eq!(quote_of(&with(r#"{"other":1}"#)), None);
    // No version, or a newer one: the UI kits skip it.
    assert_eq!(
        quote_of(&with(r#"{"messageReply":{"messageID":"m"}}"#)),
        None
    );
    assert_eq!(
        quote_of(&with(r#"{"messageReply":{"messageID":"m","version":2}}"#)),
        None
    );
    // Strings where numbers were meant (the iOS kit's comment writes "version":"1").
    let old = quote_of(&with(
        r#"{"messageReply":{"messageID":"m","version":"1","messageType":"3"}}"#,
    ))
    .expect("readable");
    assert_eq!((old.version, old.message_type), (1, 3));
}

#[test]
fn the_reference_reaches_the_rest_api_as_cloud_custom_data() {
    let reply = MessageBuilder::new(Target::user("alice"))
        .text("Friday")
        .reply_to(&QuoteRef::of(&original()).expect("sent"))
        .build()
        .expect("valid");
    let rest = RestMessage::from_message(&reply).expect("REST form");
    let cloud: serde_json::Value = serde_json::from_str(&rest.cloud_custom_data).expect("JSON");
    assert_eq!(cloud["messageReply"]["messageID"], "144115-1700000000-42");
}
