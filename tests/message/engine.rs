//! Each kind of message sent through the embedded engine, as the receiver decodes it.

use serde::{Deserialize, Serialize};
use timbot::backend::local::LocalEngine;
use timbot::core::backend::CreateGroupParams;
use timbot::core::rest::{RestGroupAt, RestMessage};
use timbot::core::types::{Elem, GroupType, Message, MsgPriority, AT_ALL};
use timbot::core::{Client, Error, Event, EventStream};
use timbot::message::{
    find_quoted, BusinessPayload, CustomMessage, Entry, Incoming, MergedMessage, MessageBuilder,
    QuoteRef, Target,
};

use crate::merge::{assert_three_levels, three_levels};

/// A logged-in account and its events.
struct Account {
    client: Client,
    events: EventStream,
}

impl Account {
    async fn login(engine: &LocalEngine, user_id: &str, nick: &str) -> Account {
        engine.create_user(user_id, nick).expect("account");
        let client = Client::new(engine.backend());
        let sig = engine.user_sig(user_id).expect("UserSig");
        let events = client.login(user_id, &sig).await.expect("login");
        Account { client, events }
    }

    /// The next new message, skipping other events.
    async fn next_message(&mut self) -> Message {
        loop {
            match self.events.recv().await {
                Some(Event::NewMessage(message)) => return (*message).clone(),
                Some(_) => continue,
                None => panic!("the event stream ended before a message arrived"),
            }
        }
    }

    /// Whether a new message is already waiting.
    fn has_message_waiting(&mut self) -> bool {
        std::iter::from_fn(|| self.events.try_recv()).any(|e| matches!(e, Event::NewMessage(_)))
    }
}

/// An engine with the bot `bot` and the person `alice` (also `bob` and `carol` as members) in a
/// group of `group_type`; returns the engine, the group id, the bot and alice.
async fn group_of(group_type: GroupType) -> (LocalEngine, String, Account, Account) {
    let engine = LocalEngine::default();
    let bot = Account::login(&engine, "bot", "Timbot").await;
    let alice = Account::login(&engine, "alice", "Alice").await;
    for (id, nick) in [("bob", "Bob"), ("carol", "Carol")] {
        engine.create_user(id, nick).expect("account");
    }
    let mut params = CreateGroupParams::new(group_type, "team");
    params.members = ["alice", "bob", "carol"].map(String::from).to_vec();
    let group_id = engine.admin_create_group("bot", params).expect("group");
    (engine, group_id, bot, alice)
}

#[tokio::test(start_paused = true)]
async fn at_all_and_two_members_arrive_in_order_and_convert_to_group_at_info() {
    let (_engine, group_id, bot, mut alice) = group_of(GroupType::Public).await;
    let sent = MessageBuilder::new(Target::group(&group_id, GroupType::Public))
        .at_all()
        .text("release at 5pm,")
        .at("bob", "Bob")
        .at("carol", "Carol")
        .text("please stay online")
        .send(&bot.client)
        .await
        .expect("sent");
    assert!(!sent.msg_id.is_empty());

    let received = alice.next_message().await;
    assert_eq!(
        received.plain_text(),
        "@all release at 5pm, @Bob @Carol please stay online"
    );
    assert_eq!(received.group_at_user_array, [AT_ALL, "bob", "carol"]);
    assert!(received.mentions_all());
    assert!(received.is_mentioned("alice"));
    assert!(!received.mentions_user("alice"));
    assert_eq!(received.mentioned_users(), ["bob", "carol"]);

    let rest = RestMessage::from_message(&received).expect("REST form");
    assert_eq!(
        rest.group_at_info,
        [
            RestGroupAt::All,
            RestGroupAt::Member("bob".into()),
            RestGroupAt::Member("carol".into())
        ]
    );
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Card {
    title: String,
    url: String,
}

impl BusinessPayload for Card {
    const BUSINESS_ID: &'static str = "link_card";
}

#[tokio::test(start_paused = true)]
async fn a_custom_card_is_decoded_into_the_user_type() {
    let engine = LocalEngine::default();
    let bot = Account::login(&engine, "bot", "Timbot").await;
    let mut alice = Account::login(&engine, "alice", "Alice").await;
    let card = Card {
        title: "Docs".into(),
        url: "https://example.com/docs".into(),
    };
    MessageBuilder::new(Target::user("alice"))
        .custom(
            CustomMessage::payload(&card)
                .expect("encodes")
                .description("[Card] Docs"),
        )
        .send(&bot.client)
        .await
        .expect("sent");
    let received = alice.next_message().await;
    assert_eq!(
        received.custom_payload::<Card>().expect("decodes"),
        Some(card)
    );
    assert_eq!(received.display_text(), "[Card] Docs");
}

#[tokio::test(start_paused = true)]
async fn a_three_level_merged_message_is_opened_by_the_receiver() {
    let (_engine, group_id, bot, mut alice) = group_of(GroupType::Work).await;
    MessageBuilder::new(Target::group(&group_id, GroupType::Work))
        .merged(three_levels())
        .send(&bot.client)
        .await
        .expect("sent");
    let received = alice.next_message().await;
    assert_three_levels(&received);
    assert_eq!(
        received.display_text(),
        "[Weekly digest] please update your app to read it"
    );
}

#[tokio::test(start_paused = true)]
async fn sent_messages_are_forwarded_as_a_merged_message() {
    let engine = LocalEngine::default();
    let bot = Account::login(&engine, "bot", "Timbot").await;
    let mut alice = Account::login(&engine, "alice", "Alice").await;
    let mut merged = MergedMessage::new("Earlier today");
    for text in ["first", "second"] {
        let sent = MessageBuilder::new(Target::user("alice"))
            .text(text)
            .send(&bot.client)
            .await
            .expect("sent");
        alice.next_message().await;
        merged = merged.message(sent);
    }
    MessageBuilder::new(Target::user("alice"))
        .merged(merged.entry(Entry::text("bot", engine.now_unix(), "third")))
        .send(&bot.client)
        .await
        .expect("sent");
    let opened = alice
        .next_message()
        .await
        .open_merged()
        .expect("a merged message");
    let texts: Vec<String> = opened
        .entries
        .iter()
        .map(|e| e.message.plain_text())
        .collect();
    assert_eq!(texts, ["first", "second", "third"]);
    assert_eq!(
        opened.abstract_list,
        ["Timbot: first", "Timbot: second", "bot: third"]
    );
}

#[tokio::test(start_paused = true)]
async fn a_quote_reply_points_at_the_quoted_message() {
    let engine = LocalEngine::default();
    let mut bot = Account::login(&engine, "bot", "Timbot").await;
    let mut alice = Account::login(&engine, "alice", "Alice").await;
    let question = MessageBuilder::new(Target::user("bot"))
        .text("where are the docs?")
        .send(&alice.client)
        .await
        .expect("sent");
    let incoming = bot.next_message().await;
    MessageBuilder::new(Target::user("alice"))
        .text("here: https://example.com/docs")
        .reply_to(&QuoteRef::of(&incoming).expect("a sent message"))
        .send(&bot.client)
        .await
        .expect("sent");
    let reply = alice.next_message().await;
    let quote = reply.quote().expect("a quote-reply");
    assert_eq!(quote.message_id, question.msg_id);
    assert_eq!(quote.abstract_text, "where are the docs?");
    assert_eq!(quote.sender, "Alice");
    assert_eq!(quote.message_type, 1);
    assert_eq!(reply.plain_text(), "here: https://example.com/docs");

    let quoted = find_quoted(&alice.client, &reply, 50)
        .await
        .expect("history")
        .expect("the quoted message is in the history");
    assert_eq!(quoted.msg_id, question.msg_id);
    assert_eq!(quoted.plain_text(), "where are the docs?");
}

#[tokio::test(start_paused = true)]
async fn the_quoted_message_is_looked_up_across_history_pages() {
    let engine = LocalEngine::default();
    let mut bot = Account::login(&engine, "bot", "Timbot").await;
    let alice = Account::login(&engine, "alice", "Alice").await;
    MessageBuilder::new(Target::user("bot"))
        .text("the old question")
        .send(&alice.client)
        .await
        .expect("sent");
    let old = bot.next_message().await;
    for i in 0..45 {
        MessageBuilder::new(Target::user("alice"))
            .text(format!("chatter {i}"))
            .send(&bot.client)
            .await
            .expect("sent");
    }
    let reply = MessageBuilder::new(Target::user("alice"))
        .text("answer")
        .reply_to(&QuoteRef::of(&old).expect("sent"))
        .send(&bot.client)
        .await
        .expect("sent");
    let found = find_quoted(&bot.client, &reply, 100)
        .await
        .expect("history");
    assert_eq!(found.map(|m| m.msg_id), Some(old.msg_id.clone()));
    // Not among the newest 30: not found.
    let not_found = find_quoted(&bot.client, &reply, 30).await.expect("history");
    assert_eq!(not_found, None);
    // A message that is not a quote-reply quotes nothing.
    assert_eq!(find_quoted(&bot.client, &old, 100).await.expect("ok"), None);
}

#[tokio::test(start_paused = true)]
async fn face_location_media_and_send_options_arrive() {
    let engine = LocalEngine::default();
    let bot = Account::login(&engine, "bot", "Timbot").await;
    let mut alice = Account::login(&engine, "alice", "Alice").await;
    MessageBuilder::new(Target::user("alice"))
        .text("our office")
        .location("Shenzhen Bay", 113.95, 22.52)
        .face(3, "wave")
        .image_url("https://cdn.example.com/map.png")
        .file_url("https://cdn.example.com/a.pdf", "a.pdf", 1024)
        .priority(MsgPriority::High)
        .excluded_from_unread_count()
        .excluded_from_last_message()
        .offline_push("Timbot", "our office")
        .need_read_receipt()
        .send(&bot.client)
        .await
        .expect("sent");
    let received = alice.next_message().await;
    assert_eq!(
        received.display_text(),
        "our office Shenzhen Bay [Face] [Image] [File] a.pdf"
    );
    assert!(matches!(&received.elems[1], Elem::Location(l) if l.latitude == 22.52));
    assert_eq!(received.priority, MsgPriority::High);
    assert!(received.excluded_from_unread_count);
    assert!(received.excluded_from_last_message);
    assert!(received.need_read_receipt);
    assert_eq!(
        received.offline_push_config.map(|p| p.desc),
        Some("our office".to_owned())
    );
}

#[tokio::test(start_paused = true)]
async fn a_message_over_a_limit_is_not_sent() {
    let (_engine, group_id, bot, mut alice) = group_of(GroupType::Public).await;
    let too_many = (0..31).fold(
        MessageBuilder::new(Target::group(&group_id, GroupType::Public)),
        |b, i| b.at(format!("u{i}"), format!("U{i}")),
    );
    let err = too_many.send(&bot.client).await.expect_err("31 @ targets");
    assert!(matches!(
        err,
        Error::Limit {
            max: 30,
            actual: 31,
            ..
        }
    ));
    assert!(!alice.has_message_waiting());
}

#[tokio::test(start_paused = true)]
async fn the_bot_sees_a_command_addressed_to_it() {
    let (_engine, group_id, mut bot, alice) = group_of(GroupType::Public).await;
    MessageBuilder::new(Target::group(&group_id, GroupType::Public))
        .at("bot", "Timbot")
        .text("/mute")
        .at("bob", "Bob")
        .text("10m")
        .send(&alice.client)
        .await
        .expect("sent");
    let received = bot.next_message().await;
    assert!(received.is_mentioned("bot"));
    let command = received.command(&["/"]).expect("a command");
    assert_eq!(command.name, "mute");
    assert_eq!(command.args, ["@Bob", "10m"]);
    assert_eq!(command.mentions, ["bot", "bob"]);
}
