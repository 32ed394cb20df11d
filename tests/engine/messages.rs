//! Messages: identity, delivery, storage for offline users, echoes to the sender's other
//! sessions, online-only, recall, history paging, read receipts, blocklist and friendship.

use std::time::Duration;

use timbot::backend::local::{EngineConfig, LocalEngine};
use timbot::core::backend::HistoryQuery;
use timbot::core::codes;
use timbot::core::event::Event;
use timbot::core::types::{ConvType, GroupType, MsgStatus, Platform};

use crate::kit::{code, group, ids, login, login_on, text_in, text_to};

#[tokio::test]
async fn a_sent_message_gets_seq_random_time_and_id() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "Bob").unwrap();
    let alice = login(&engine, "alice").await;
    let first = alice
        .session
        .send_message(text_to("bob", "one"))
        .await
        .unwrap();
    let second = alice
        .session
        .send_message(text_to("bob", "two"))
        .await
        .unwrap();
    assert_eq!(first.status, MsgStatus::Sent);
    assert_eq!(first.sender, "alice");
    assert!(first.is_from_self);
    assert_eq!((first.seq, second.seq), (1, 2));
    assert_ne!(first.rand, 0);
    assert_eq!(first.server_time, engine.now_unix());
    assert!(!first.msg_id.is_empty());
    assert_ne!(first.msg_id, second.msg_id);
}

#[tokio::test]
async fn a_c2c_message_reaches_every_online_session_of_the_receiver() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let mut bob_phone = login_on(&engine, "bob", Platform::Android).await;
    let mut bob_desk = login_on(&engine, "bob", Platform::Windows).await;
    alice
        .session
        .send_message(text_to("bob", "hi"))
        .await
        .unwrap();
    for bob in [&mut bob_phone, &mut bob_desk] {
        let got = bob.messages();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].plain_text(), "hi");
        assert_eq!(
            got[0].conv_id, "alice",
            "the receiver's conversation is the sender"
        );
        assert!(!got[0].is_from_self);
    }
}

#[tokio::test]
async fn the_senders_other_sessions_see_the_message_as_their_own() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "Bob").unwrap();
    let mut phone = login_on(&engine, "alice", Platform::Android).await;
    let mut desk = login_on(&engine, "alice", Platform::Windows).await;
    phone
        .session
        .send_message(text_to("bob", "hi"))
        .await
        .unwrap();
    assert!(
        phone.messages().is_empty(),
        "the sending session gets no echo"
    );
    let echo = desk.messages();
    assert_eq!(echo.len(), 1);
    assert!(echo[0].is_from_self);
    assert_eq!(echo[0].conv_id, "bob");
}

#[tokio::test]
async fn offline_receivers_get_stored_messages_at_their_next_login() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "Bob").unwrap();
    let alice = login(&engine, "alice").await;
    alice
        .session
        .send_message(text_to("bob", "while you were out"))
        .await
        .unwrap();
    let mut bob = login(&engine, "bob").await;
    let got = bob.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].plain_text(), "while you were out");
}

#[tokio::test]
async fn online_only_messages_are_neither_stored_nor_kept_for_offline_users() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "Bob").unwrap();
    let alice = login(&engine, "alice").await;
    let mut typing = text_to("bob", "typing…");
    typing.is_online_msg = true;
    alice.session.send_message(typing.clone()).await.unwrap();
    let mut bob = login(&engine, "bob").await;
    assert!(
        bob.messages().is_empty(),
        "not kept for the offline receiver"
    );
    alice.session.send_message(typing).await.unwrap();
    assert_eq!(bob.messages().len(), 1, "delivered to the online receiver");
    let history = bob
        .session
        .history(query(ConvType::C2C, "alice", 10))
        .await
        .unwrap();
    assert!(history.is_empty(), "never stored");
}

fn query(conv_type: ConvType, conv_id: &str, count: u32) -> HistoryQuery {
    HistoryQuery {
        conv_type,
        conv_id: conv_id.to_owned(),
        count,
        before: None,
    }
}

#[tokio::test]
async fn c2c_history_pages_newest_first() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "Bob").unwrap();
    let alice = login(&engine, "alice").await;
    for n in 1..=5 {
        alice
            .session
            .send_message(text_to("bob", &n.to_string()))
            .await
            .unwrap();
    }
    let page = alice
        .session
        .history(query(ConvType::C2C, "bob", 2))
        .await
        .unwrap();
    let texts: Vec<String> = page.iter().map(|m| m.plain_text()).collect();
    assert_eq!(texts, ["5", "4"]);
    let mut next = query(ConvType::C2C, "bob", 2);
    next.before = page.last().cloned();
    let texts: Vec<String> = alice
        .session
        .history(next)
        .await
        .unwrap()
        .iter()
        .map(|m| m.plain_text())
        .collect();
    assert_eq!(texts, ["3", "2"]);
}

#[tokio::test]
async fn group_history_starts_at_joining_except_in_meeting_groups() {
    for (group_type, expected) in [(GroupType::Work, 0), (GroupType::Meeting, 1)] {
        let engine = LocalEngine::default();
        let g = group(&engine, group_type, "owner", &[]);
        let owner = login(&engine, "owner").await;
        owner
            .session
            .send_message(text_in(&g, "before"))
            .await
            .unwrap();
        engine.create_user("late", "Late").unwrap();
        engine.admin_add_members(&g, &ids(&["late"])).unwrap();
        let late = login(&engine, "late").await;
        let seen = late
            .session
            .history(query(ConvType::Group, &g, 10))
            .await
            .unwrap();
        assert_eq!(seen.len(), expected, "{group_type:?}");
    }
}

#[tokio::test]
async fn group_messages_go_to_online_members_and_wait_for_offline_ones() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Work, "owner", &["ann", "ben"]);
    let owner = login(&engine, "owner").await;
    let mut ann = login(&engine, "ann").await;
    owner
        .session
        .send_message(text_in(&g, "hello all"))
        .await
        .unwrap();
    let got = ann.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].conv_id, g);
    assert_eq!(got[0].seq, 1);
    let mut ben = login(&engine, "ben").await;
    assert_eq!(ben.messages().len(), 1, "stored for the offline member");
}

#[tokio::test]
async fn avchatroom_keeps_no_history_and_nothing_for_offline_members() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::AVChatRoom, "owner", &[]);
    let owner = login(&engine, "owner").await;
    let viewer = login(&engine, "viewer").await;
    viewer.session.join_group(&g, "").await.unwrap();
    viewer.session.logout().await.unwrap();
    owner
        .session
        .send_message(text_in(&g, "live"))
        .await
        .unwrap();
    let mut viewer = login(&engine, "viewer").await;
    assert!(viewer.messages().is_empty(), "no catch-up in an AVChatRoom");
    let history = viewer
        .session
        .history(query(ConvType::Group, &g, 10))
        .await
        .unwrap();
    assert!(history.is_empty(), "no history in an AVChatRoom");
}

#[tokio::test]
async fn one_group_message_is_shared_by_all_recipients() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["ann", "ben"]);
    let owner = login(&engine, "owner").await;
    let mut ann = login(&engine, "ann").await;
    let mut ben = login(&engine, "ben").await;
    owner
        .session
        .send_message(text_in(&g, "shared"))
        .await
        .unwrap();
    let (a, b) = (ann.messages(), ben.messages());
    assert!(
        std::sync::Arc::ptr_eq(&a[0], &b[0]),
        "one Arc for the whole fan-out"
    );
}

#[tokio::test]
async fn a_non_member_cannot_send_to_a_group_10007() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &[]);
    let stranger = login(&engine, "stranger").await;
    assert_eq!(
        code(stranger.session.send_message(text_in(&g, "hi")).await),
        codes::GROUP_PERMISSION_DENIED
    );
    assert_eq!(
        code(stranger.session.send_message(text_in("nope", "hi")).await),
        codes::GROUP_NOT_FOUND
    );
}

#[tokio::test(start_paused = true)]
async fn recall_works_inside_the_window_and_tells_the_others() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let mut bob = login(&engine, "bob").await;
    let sent = alice
        .session
        .send_message(text_to("bob", "oops"))
        .await
        .unwrap();
    bob.drain();
    tokio::time::advance(Duration::from_secs(120)).await;
    alice.session.revoke_message(&sent).await.unwrap();
    let revoked: Vec<_> = bob
        .drain()
        .into_iter()
        .filter_map(|e| match e {
            Event::MessageRevoked(r) => Some(*r),
            _ => None,
        })
        .collect();
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].msg_id, sent.msg_id);
    assert_eq!(revoked[0].conv_id, "alice");
    assert_eq!(revoked[0].revoker, "alice");
    let history = bob
        .session
        .history(query(ConvType::C2C, "alice", 1))
        .await
        .unwrap();
    assert_eq!(history[0].status, MsgStatus::Revoked);
    assert_eq!(
        code(alice.session.revoke_message(&sent).await),
        codes::MESSAGE_ALREADY_RECALLED
    );
}

#[tokio::test(start_paused = true)]
async fn recall_after_the_window_fails_20016_c2c_and_10031_group() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Work, "alice", &["bob"]);
    let alice = login(&engine, "alice").await;
    let c2c = alice
        .session
        .send_message(text_to("bob", "old"))
        .await
        .unwrap();
    let in_group = alice
        .session
        .send_message(text_in(&g, "old"))
        .await
        .unwrap();
    tokio::time::advance(Duration::from_secs(121)).await;
    assert_eq!(
        code(alice.session.revoke_message(&c2c).await),
        codes::MESSAGE_RECALL_TIME_LIMIT
    );
    assert_eq!(
        code(alice.session.revoke_message(&in_group).await),
        codes::GROUP_RECALL_TIME_LIMIT
    );
}

#[tokio::test(start_paused = true)]
async fn the_recall_window_is_configurable() {
    let engine = LocalEngine::new(EngineConfig {
        recall_window: Duration::from_secs(10),
        ..EngineConfig::default()
    });
    engine.create_user("bob", "Bob").unwrap();
    let alice = login(&engine, "alice").await;
    let sent = alice
        .session
        .send_message(text_to("bob", "x"))
        .await
        .unwrap();
    tokio::time::advance(Duration::from_secs(11)).await;
    assert_eq!(
        code(alice.session.revoke_message(&sent).await),
        codes::MESSAGE_RECALL_TIME_LIMIT
    );
}

#[tokio::test]
async fn only_the_sender_or_a_group_admin_recalls() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["ann", "ben"]);
    let owner = login(&engine, "owner").await;
    let ann = login(&engine, "ann").await;
    let ben = login(&engine, "ben").await;
    let sent = ann.session.send_message(text_in(&g, "mine")).await.unwrap();
    assert_eq!(
        code(ben.session.revoke_message(&sent).await),
        codes::GROUP_PERMISSION_DENIED
    );
    owner.session.revoke_message(&sent).await.unwrap();
    let c2c = ann
        .session
        .send_message(text_to("ben", "mine"))
        .await
        .unwrap();
    let mut as_ben = c2c.clone();
    as_ben.conv_id = "ann".into();
    assert_eq!(
        code(ben.session.revoke_message(&as_ben).await),
        codes::INVALID_OPERATION
    );
    assert_eq!(
        code(
            ann.session
                .revoke_message(&timbot::core::types::Message {
                    msg_id: "x".into(),
                    ..c2c
                })
                .await
        ),
        codes::MESSAGE_RECALL_NOT_FOUND
    );
}

#[tokio::test]
async fn avchatroom_messages_cannot_be_recalled_10033() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::AVChatRoom, "owner", &[]);
    let owner = login(&engine, "owner").await;
    let sent = owner
        .session
        .send_message(text_in(&g, "live"))
        .await
        .unwrap();
    assert_eq!(
        code(owner.session.revoke_message(&sent).await),
        codes::GROUP_RECALL_NOT_SUPPORTED
    );
}

#[tokio::test]
async fn marking_a_c2c_conversation_read_sends_a_receipt_to_the_peer() {
    let engine = LocalEngine::default();
    let mut alice = login(&engine, "alice").await;
    let bob = login(&engine, "bob").await;
    alice
        .session
        .send_message(text_to("bob", "read me"))
        .await
        .unwrap();
    bob.session.mark_read(ConvType::C2C, "alice").await.unwrap();
    let receipts: Vec<_> = alice
        .drain()
        .into_iter()
        .filter_map(|e| match e {
            Event::ReadReceipt(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0].reader, "bob");
    assert_eq!(receipts[0].time, engine.now_unix());
}

#[tokio::test]
async fn a_blocked_sender_is_told_it_was_sent_but_nothing_arrives() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let mut bob = login(&engine, "bob").await;
    bob.session
        .add_to_blacklist(&ids(&["alice"]))
        .await
        .unwrap();
    assert!(alice
        .session
        .send_message(text_to("bob", "hello?"))
        .await
        .is_ok());
    assert!(bob.messages().is_empty());
    bob.session
        .remove_from_blacklist(&ids(&["alice"]))
        .await
        .unwrap();
    alice
        .session
        .send_message(text_to("bob", "again"))
        .await
        .unwrap();
    assert_eq!(bob.messages().len(), 1, "unblocking resumes delivery");
}

#[tokio::test]
async fn with_the_blocklist_check_on_a_blocked_send_fails_20007() {
    let engine = LocalEngine::new(EngineConfig {
        blocklist_fails_send: true,
        ..EngineConfig::default()
    });
    let alice = login(&engine, "alice").await;
    let bob = login(&engine, "bob").await;
    bob.session
        .add_to_blacklist(&ids(&["alice"]))
        .await
        .unwrap();
    assert_eq!(
        code(alice.session.send_message(text_to("bob", "x")).await),
        codes::MESSAGE_IN_PEER_BLACKLIST
    );
    assert!(
        bob.session
            .send_message(text_to("alice", "x"))
            .await
            .is_ok(),
        "one-way block"
    );
}

#[tokio::test]
async fn with_the_relationship_check_on_only_friends_chat_20009() {
    let engine = LocalEngine::new(EngineConfig {
        c2c_requires_friendship: true,
        ..EngineConfig::default()
    });
    let alice = login(&engine, "alice").await;
    let _bob = login(&engine, "bob").await;
    assert_eq!(
        code(alice.session.send_message(text_to("bob", "x")).await),
        codes::MESSAGE_NOT_FRIENDS
    );
    alice.session.add_friend("bob", "hi").await.unwrap();
    assert!(alice
        .session
        .send_message(text_to("bob", "x"))
        .await
        .is_ok());
}

#[tokio::test]
async fn a_message_to_an_unknown_user_fails_20003() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    assert_eq!(
        code(alice.session.send_message(text_to("ghost", "x")).await),
        codes::MESSAGE_INVALID_USER_ID
    );
}

#[tokio::test]
async fn a_session_whose_events_were_dropped_counts_as_offline() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let bob = login_on(&engine, "bob", Platform::Android).await;
    drop(bob.events);
    alice
        .session
        .send_message(text_to("bob", "kept"))
        .await
        .unwrap();
    let mut bob = login_on(&engine, "bob", Platform::Windows).await;
    assert_eq!(bob.messages().len(), 1, "kept for the next login");
}

#[tokio::test(start_paused = true)]
async fn history_keeps_messages_for_the_retention_period_and_up_to_the_cap() {
    let engine = LocalEngine::new(EngineConfig {
        history_retention: Duration::from_secs(7 * 86_400),
        max_stored_messages: 3,
        ..EngineConfig::default()
    });
    engine.create_user("bob", "Bob").unwrap();
    let alice = login(&engine, "alice").await;
    alice
        .session
        .send_message(text_to("bob", "old"))
        .await
        .unwrap();
    tokio::time::advance(Duration::from_secs(7 * 86_400 + 1)).await;
    alice
        .session
        .send_message(text_to("bob", "new"))
        .await
        .unwrap();
    let texts = |page: Vec<timbot::core::types::Message>| {
        page.iter().map(|m| m.plain_text()).collect::<Vec<_>>()
    };
    assert_eq!(
        texts(
            alice
                .session
                .history(query(ConvType::C2C, "bob", 10))
                .await
                .unwrap()
        ),
        ["new"]
    );
    for n in 1..=3 {
        alice
            .session
            .send_message(text_to("bob", &n.to_string()))
            .await
            .unwrap();
    }
    assert_eq!(
        texts(
            alice
                .session
                .history(query(ConvType::C2C, "bob", 10))
                .await
                .unwrap()
        ),
        ["3", "2", "1"]
    );
}

#[tokio::test]
async fn members_added_while_online_and_members_back_online_get_live_messages() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Work, "owner", &["back"]);
    let owner = login(&engine, "owner").await;
    let mut added = login(&engine, "added").await;
    owner
        .session
        .invite_members(&g, &ids(&["added"]))
        .await
        .unwrap();
    let back = login(&engine, "back").await;
    back.session.logout().await.unwrap();
    let mut back = login(&engine, "back").await;
    back.drain();
    owner
        .session
        .send_message(text_in(&g, "live"))
        .await
        .unwrap();
    assert_eq!(added.messages().len(), 1);
    assert_eq!(back.messages().len(), 1);
}

#[tokio::test]
async fn a_group_message_reaches_each_live_session_once_and_not_ended_or_departed_ones() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["ann", "ben"]);
    let owner = login_on(&engine, "owner", Platform::Android).await;
    let mut owner_desk = login_on(&engine, "owner", Platform::Windows).await;
    let mut ann_phone = login_on(&engine, "ann", Platform::Android).await;
    let mut ann_desk = login_on(&engine, "ann", Platform::Windows).await;
    let mut ben = login(&engine, "ben").await;
    owner
        .session
        .send_message(text_in(&g, "one"))
        .await
        .unwrap();
    let echo = owner_desk.messages();
    assert_eq!(echo.len(), 1, "the sender's other session gets one copy");
    assert!(echo[0].is_from_self);
    for user in [&mut ann_phone, &mut ann_desk, &mut ben] {
        let got = user.messages();
        assert_eq!(got.len(), 1);
        assert!(!got[0].is_from_self);
    }

    ann_desk.session.logout().await.unwrap();
    let mut ann_new_phone = login_on(&engine, "ann", Platform::Android).await;
    ann_new_phone.drain();
    ben.session.quit_group(&g).await.unwrap();
    owner
        .session
        .send_message(text_in(&g, "two"))
        .await
        .unwrap();
    let got = ann_new_phone.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].plain_text(), "two");
    assert!(ann_phone.messages().is_empty(), "kicked by the new login");
    assert!(ann_desk.messages().is_empty(), "logged out");
    assert!(ben.messages().is_empty(), "no longer a member");
    assert_eq!(owner_desk.messages().len(), 1);
}
