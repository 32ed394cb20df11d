//! Conversations: last message, unread counts, excluded-from-unread / -last-message, group @
//! information (@me, @all, both) and mark-read.

use timbot::backend::local::LocalEngine;
use timbot::core::types::{ConvType, Conversation, GroupAtType, GroupType, AT_ALL};

use crate::kit::{group, ids, login, text_in, text_to, User};

async fn conversation(user: &User, conv_id: &str) -> Conversation {
    user.session
        .conversations()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.conv_id == conv_id)
        .expect("conversation")
}

#[tokio::test]
async fn c2c_conversations_count_unread_and_keep_the_last_message() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let bob = login(&engine, "bob").await;
    alice
        .session
        .send_message(text_to("bob", "one"))
        .await
        .unwrap();
    alice
        .session
        .send_message(text_to("bob", "two"))
        .await
        .unwrap();
    let conv = conversation(&bob, "alice").await;
    assert_eq!(conv.conv_type, ConvType::C2C);
    assert_eq!(conv.unread_count, 2);
    assert_eq!(conv.last_msg.as_ref().unwrap().plain_text(), "two");
    assert_eq!(
        conversation(&alice, "bob").await.unread_count,
        0,
        "own messages are not unread"
    );
    bob.session.mark_read(ConvType::C2C, "alice").await.unwrap();
    assert_eq!(conversation(&bob, "alice").await.unread_count, 0);
}

#[tokio::test]
async fn excluded_messages_do_not_count_or_become_the_last_message() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let bob = login(&engine, "bob").await;
    alice
        .session
        .send_message(text_to("bob", "visible"))
        .await
        .unwrap();
    let mut quiet = text_to("bob", "quiet");
    quiet.excluded_from_unread_count = true;
    alice.session.send_message(quiet).await.unwrap();
    let mut hidden = text_to("bob", "hidden");
    hidden.excluded_from_last_message = true;
    alice.session.send_message(hidden).await.unwrap();
    let conv = conversation(&bob, "alice").await;
    assert_eq!(conv.unread_count, 2, "'quiet' is not counted");
    assert_eq!(
        conv.last_msg.unwrap().plain_text(),
        "quiet",
        "'hidden' is not the last message"
    );
}

#[tokio::test]
async fn group_unread_counts_and_mark_read() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["m"]);
    let owner = login(&engine, "owner").await;
    let m = login(&engine, "m").await;
    for text in ["a", "b", "c"] {
        owner.session.send_message(text_in(&g, text)).await.unwrap();
    }
    let mut quiet = text_in(&g, "tick");
    quiet.excluded_from_unread_count = true;
    owner.session.send_message(quiet).await.unwrap();
    assert_eq!(conversation(&m, &g).await.unread_count, 3);
    m.session.mark_read(ConvType::Group, &g).await.unwrap();
    assert_eq!(conversation(&m, &g).await.unread_count, 0);
    owner.session.send_message(text_in(&g, "d")).await.unwrap();
    assert_eq!(conversation(&m, &g).await.unread_count, 1);
}

#[tokio::test]
async fn online_only_group_messages_leave_unread_and_last_message_alone() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Work, "owner", &["m"]);
    let owner = login(&engine, "owner").await;
    let m = login(&engine, "m").await;
    owner
        .session
        .send_message(text_in(&g, "stored"))
        .await
        .unwrap();
    let mut online = text_in(&g, "typing");
    online.is_online_msg = true;
    owner.session.send_message(online).await.unwrap();
    let conv = conversation(&m, &g).await;
    assert_eq!(conv.unread_count, 1);
    assert_eq!(conv.last_msg.unwrap().plain_text(), "stored");
}

#[tokio::test]
async fn group_at_info_says_at_me_at_all_or_both() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["m", "n"]);
    let owner = login(&engine, "owner").await;
    let m = login(&engine, "m").await;
    let n = login(&engine, "n").await;
    let mut at_m = text_in(&g, "@m");
    at_m.group_at_user_array = ids(&["m"]);
    owner.session.send_message(at_m).await.unwrap();
    let mut at_all = text_in(&g, "@all");
    at_all.group_at_user_array = ids(&[AT_ALL]);
    owner.session.send_message(at_all).await.unwrap();
    let mut both = text_in(&g, "@all @m");
    both.group_at_user_array = ids(&[AT_ALL, "m"]);
    owner.session.send_message(both).await.unwrap();

    let types = |c: Conversation| {
        c.group_at_info_array
            .iter()
            .map(|a| a.at_type)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        types(conversation(&m, &g).await),
        [
            GroupAtType::AtMe,
            GroupAtType::AtAll,
            GroupAtType::AtAllAtMe
        ]
    );
    assert_eq!(
        types(conversation(&n, &g).await),
        [GroupAtType::AtAll, GroupAtType::AtAll]
    );
    assert!(
        types(conversation(&owner, &g).await).is_empty(),
        "the sender is not reminded of its own @"
    );
    m.session.mark_read(ConvType::Group, &g).await.unwrap();
    assert!(
        types(conversation(&m, &g).await).is_empty(),
        "mark-read clears @ info"
    );
}

#[tokio::test]
async fn conversations_are_ordered_newest_first() {
    let engine = LocalEngine::default();
    engine.create_user("b", "b").unwrap();
    engine.create_user("c", "c").unwrap();
    let a = login(&engine, "a").await;
    let g = group(&engine, GroupType::Work, "a", &["b"]);
    a.session.send_message(text_to("b", "x")).await.unwrap();
    tokio::time::pause();
    tokio::time::advance(std::time::Duration::from_secs(5)).await;
    a.session.send_message(text_in(&g, "y")).await.unwrap();
    tokio::time::advance(std::time::Duration::from_secs(5)).await;
    a.session.send_message(text_to("c", "z")).await.unwrap();
    let order: Vec<String> = a
        .session
        .conversations()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.conv_id)
        .collect();
    assert_eq!(order, ["c".to_owned(), g, "b".to_owned()]);
}
