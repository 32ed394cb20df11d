//! Message limits: content size (80002), @ targets (30), merged messages (300 messages,
//! 5 abstracts, 100 levels: 8005), elements only the service creates (6016), blocked words
//! (80001), and 40 messages per second per group with lower priorities dropped first (10023).

use std::time::Duration;

use timbot::backend::local::{EngineConfig, LocalEngine};
use timbot::core::codes;
use timbot::core::types::{Elem, GroupTipsElem, GroupType, MergeElem, Message, MsgPriority};
use timbot::core::Error;

use crate::kit::{code, group, login, text_in, text_to};

#[tokio::test]
async fn content_over_8000_bytes_fails_80002() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "bob").unwrap();
    let alice = login(&engine, "alice").await;
    assert!(alice
        .session
        .send_message(text_to("bob", &"x".repeat(8_000)))
        .await
        .is_ok());
    assert_eq!(
        code(
            alice
                .session
                .send_message(text_to("bob", &"x".repeat(8_001)))
                .await
        ),
        codes::BODY_SIZE_LIMIT
    );
}

#[tokio::test]
async fn more_than_30_at_targets_is_refused() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &[]);
    let owner = login(&engine, "owner").await;
    let mut message = text_in(&g, "@everyone");
    message.group_at_user_array = (0..30).map(|i| format!("u{i}")).collect();
    assert!(owner.session.send_message(message.clone()).await.is_ok());
    message.group_at_user_array.push("u30".into());
    let result = owner.session.send_message(message).await;
    assert!(
        matches!(
            result,
            Err(Error::Limit {
                max: 30,
                actual: 31,
                ..
            })
        ),
        "{result:?}"
    );
}

fn merged(messages: Vec<Message>, abstracts: usize) -> Elem {
    Elem::Merge(MergeElem {
        title: "history".into(),
        abstract_list: (0..abstracts).map(|i| format!("line {i}")).collect(),
        compatible_text: "upgrade".into(),
        messages,
        ..MergeElem::default()
    })
}

fn nested(depth: usize) -> Elem {
    let mut elem = merged(vec![text_to("x", "leaf")], 1);
    for _ in 1..depth {
        elem = merged(
            vec![Message::new(
                timbot::core::types::ConvType::C2C,
                "x",
                vec![elem],
            )],
            1,
        );
    }
    elem
}

#[tokio::test]
async fn merged_messages_have_count_abstract_and_depth_limits() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "bob").unwrap();
    let alice = login(&engine, "alice").await;
    let send = |elem: Elem| {
        alice.session.send_message(Message::new(
            timbot::core::types::ConvType::C2C,
            "bob",
            vec![elem],
        ))
    };
    assert!(send(merged(vec![text_to("x", "m"); 300], 5)).await.is_ok());
    assert!(matches!(
        send(merged(vec![text_to("x", "m"); 301], 1)).await,
        Err(Error::Limit { max: 300, .. })
    ));
    assert!(matches!(
        send(merged(vec![text_to("x", "m")], 6)).await,
        Err(Error::Limit { max: 5, .. })
    ));
    assert!(send(nested(100)).await.is_ok());
    assert_eq!(
        code(send(nested(101)).await),
        codes::MERGED_MESSAGE_TOO_DEEP
    );
    let tips = Message::new(
        timbot::core::types::ConvType::C2C,
        "x",
        vec![Elem::GroupTips(GroupTipsElem::default())],
    );
    assert_eq!(
        code(send(merged(vec![tips], 1)).await),
        codes::INVALID_MESSAGE_ELEM
    );
}

#[tokio::test]
async fn users_cannot_send_service_elements_or_empty_messages_6016() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "bob").unwrap();
    let alice = login(&engine, "alice").await;
    let tip = Message::new(
        timbot::core::types::ConvType::C2C,
        "bob",
        vec![Elem::GroupTips(GroupTipsElem::default())],
    );
    assert_eq!(
        code(alice.session.send_message(tip).await),
        codes::INVALID_MESSAGE_ELEM
    );
    let empty = Message::new(timbot::core::types::ConvType::C2C, "bob", vec![]);
    assert_eq!(
        code(alice.session.send_message(empty).await),
        codes::INVALID_MESSAGE_ELEM
    );
}

#[tokio::test]
async fn blocked_words_in_text_fail_80001() {
    let engine = LocalEngine::new(EngineConfig {
        sensitive_words: vec!["forbidden".into()],
        ..EngineConfig::default()
    });
    engine.create_user("bob", "bob").unwrap();
    let alice = login(&engine, "alice").await;
    assert_eq!(
        code(
            alice
                .session
                .send_message(text_to("bob", "a forbidden word"))
                .await
        ),
        codes::SENSITIVE_TEXT
    );
    assert!(alice
        .session
        .send_message(text_to("bob", "fine"))
        .await
        .is_ok());
}

fn with_priority(group: &str, priority: MsgPriority) -> Message {
    let mut message = text_in(group, "m");
    message.priority = priority;
    message
}

#[tokio::test(start_paused = true)]
async fn a_group_takes_40_messages_per_second_10023() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::AVChatRoom, "owner", &[]);
    let owner = login(&engine, "owner").await;
    for _ in 0..40 {
        owner.session.send_message(text_in(&g, "m")).await.unwrap();
    }
    assert_eq!(
        code(owner.session.send_message(text_in(&g, "m")).await),
        codes::GROUP_SEND_FREQUENCY_LIMIT
    );
    tokio::time::advance(Duration::from_secs(1)).await;
    assert!(
        owner.session.send_message(text_in(&g, "m")).await.is_ok(),
        "a new second"
    );
}

#[tokio::test(start_paused = true)]
async fn over_the_limit_lower_priorities_are_dropped_first() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &[]);
    let owner = login(&engine, "owner").await;
    for _ in 0..40 {
        owner
            .session
            .send_message(with_priority(&g, MsgPriority::Low))
            .await
            .unwrap();
    }
    assert_eq!(
        code(
            owner
                .session
                .send_message(with_priority(&g, MsgPriority::Lowest))
                .await
        ),
        codes::GROUP_SEND_FREQUENCY_LIMIT
    );
    assert_eq!(
        code(
            owner
                .session
                .send_message(with_priority(&g, MsgPriority::Low))
                .await
        ),
        codes::GROUP_SEND_FREQUENCY_LIMIT
    );
    for _ in 0..40 {
        owner
            .session
            .send_message(with_priority(&g, MsgPriority::High))
            .await
            .unwrap();
    }
    assert_eq!(
        code(
            owner
                .session
                .send_message(with_priority(&g, MsgPriority::High))
                .await
        ),
        codes::GROUP_SEND_FREQUENCY_LIMIT
    );
    assert_eq!(
        code(
            owner
                .session
                .send_message(with_priority(&g, MsgPriority::Normal))
                .await
        ),
        codes::GROUP_SEND_FREQUENCY_LIMIT
    );
}

#[tokio::test(start_paused = true)]
async fn the_group_rate_is_configurable_and_per_group() {
    let engine = LocalEngine::new(EngineConfig {
        group_messages_per_second: 2,
        ..EngineConfig::default()
    });
    let g1 = group(&engine, GroupType::Work, "owner", &[]);
    let g2 = group(&engine, GroupType::Work, "owner", &[]);
    let owner = login(&engine, "owner").await;
    for _ in 0..2 {
        owner.session.send_message(text_in(&g1, "m")).await.unwrap();
    }
    assert_eq!(
        code(owner.session.send_message(text_in(&g1, "m")).await),
        codes::GROUP_SEND_FREQUENCY_LIMIT
    );
    assert!(owner.session.send_message(text_in(&g2, "m")).await.is_ok());
}
