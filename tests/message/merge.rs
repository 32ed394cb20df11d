//! Merged messages: built from sent messages and synthetic entries, nested, opened recursively,
//! and falling back to their compatible text.

use timbot::core::rest::RestMessage;
use timbot::core::types::{Elem, GroupType, MergeElem, Message, MsgStatus};
use timbot::message::merge::open;
use timbot::message::{Entry, Incoming, MergedMessage, MessageBuilder, Target};

use crate::over_the_wire;

/// A three-level nested merged message: a weekly digest holding a day's log holding a thread.
pub fn three_levels() -> MergedMessage {
    let thread = MergedMessage::new("Thread: deploy")
        .entry(Entry::text("carol", 1_700_000_100, "deploying now").nick("Carol"))
        .entry(Entry::text("dave", 1_700_000_160, "done"));
    let monday = MergedMessage::new("Monday")
        .entry(Entry::text("alice", 1_700_000_000, "morning all"))
        .entry(Entry::merged("bob", 1_700_000_200, thread));
    MergedMessage::new("Weekly digest")
        .abstract_line("Monday: deploy went out")
        .compatible_text("[Weekly digest] please update your app to read it")
        .entry(Entry::merged("timbot", 1_700_000_300, monday))
        .entry(Entry::text("timbot", 1_700_000_400, "that's all"))
}

/// Check what a receiver opens from the three-level merged message.
pub fn assert_three_levels(received: &Message) {
    let digest = received.open_merged().expect("a merged message");
    assert_eq!(digest.title, "Weekly digest");
    assert_eq!(digest.abstract_list, ["Monday: deploy went out"]);
    assert!(digest.complete);
    assert_eq!(digest.entries.len(), 2);
    assert_eq!(digest.entries[1].message.plain_text(), "that's all");
    assert!(digest.entries[1].nested.is_none());

    let monday = digest.entries[0].nested.as_ref().expect("level 2");
    assert_eq!(digest.entries[0].message.sender, "timbot");
    assert_eq!(monday.title, "Monday");
    assert_eq!(monday.entries[0].message.plain_text(), "morning all");
    assert_eq!(monday.entries[0].message.server_time, 1_700_000_000);

    let thread = monday.entries[1].nested.as_ref().expect("level 3");
    assert_eq!(thread.title, "Thread: deploy");
    let lines: Vec<(String, String, String)> = thread
        .entries
        .iter()
        .map(|e| {
            (
                e.message.sender.clone(),
                e.sender_name().to_owned(),
                e.message.plain_text(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("carol".into(), "Carol".into(), "deploying now".into()),
            ("dave".into(), "dave".into(), "done".into())
        ]
    );
    assert!(thread.entries.iter().all(|e| e.nested.is_none()));
}

#[test]
fn a_three_level_nested_merged_message_opens_recursively() {
    let message = MessageBuilder::new(Target::group("@TGS#g", GroupType::Public))
        .merged(three_levels())
        .build()
        .expect("valid");
    assert_three_levels(&over_the_wire(&message));
}

#[test]
fn abstract_lines_and_compatible_text_are_made_from_the_entries_when_not_given() {
    let merge = MergedMessage::new("Chat history")
        .entry(Entry::text("carol", 1, "hello").nick("Carol"))
        .entry(Entry::elems(
            "dave",
            2,
            vec![Elem::text("see"), Elem::text("this")],
        ))
        .into_merge_elem();
    assert_eq!(merge.abstract_list, ["Carol: hello", "dave: see this"]);
    assert_eq!(
        merge.compatible_text,
        "Chat history\nCarol: hello\ndave: see this"
    );
    assert!(merge.messages.iter().all(|m| m.status == MsgStatus::Sent));
}

#[test]
fn generated_abstracts_stop_at_the_limits() {
    let merge = (0..8)
        .fold(MergedMessage::new("t"), |m, i| {
            m.entry(Entry::text("u", i, "y".repeat(300)))
        })
        .into_merge_elem();
    assert_eq!(merge.abstract_list.len(), 5);
    assert!(merge.abstract_list.iter().all(|l| l.chars().count() == 100));
}

#[test]
fn sent_messages_are_merged_as_they_are() {
    let sent = Message {
        msg_id: "m1".into(),
        sender: "alice".into(),
        status: MsgStatus::Sent,
        elems: vec![Elem::text("original")],
        ..Message::default()
    };
    let merge = MergedMessage::new("fwd")
        .message(sent.clone())
        .into_merge_elem();
    assert_eq!(merge.messages, [sent]);
}

#[test]
fn a_merge_without_its_list_falls_back_to_the_compatible_text() {
    let downloadable = MergeElem {
        title: "History".into(),
        abstract_list: vec!["a: b".into()],
        compatible_text: "update to read".into(),
        relay_json_key: "key-123".into(),
        ..MergeElem::default()
    };
    let opened = open(&downloadable);
    assert!(!opened.complete);
    assert!(opened.entries.is_empty());
    assert_eq!(opened.fallback_text(), "update to read");
    let message = Message {
        elems: vec![Elem::Merge(downloadable)],
        ..Message::default()
    };
    assert_eq!(message.display_text(), "update to read");
}

#[test]
fn a_merge_over_the_nesting_limit_is_not_opened() {
    let over = MergeElem {
        layer_over_limit: true,
        compatible_text: "too deep".into(),
        ..MergeElem::default()
    };
    let opened = open(&over);
    assert!(!opened.complete);
    assert_eq!(opened.fallback_text(), "too deep");
}

#[test]
fn a_nested_merged_message_has_a_rest_form() {
    let message = MessageBuilder::new(Target::group("@TGS#g", GroupType::Public))
        .merged(three_levels())
        .build()
        .expect("valid");
    let rest = serde_json::to_value(RestMessage::from_message(&message).expect("REST form"))
        .expect("encodes");
    let relay = &rest["MsgBody"][0];
    assert_eq!(relay["MsgType"], "TIMRelayElem");
    assert_eq!(relay["MsgContent"]["Title"], "Weekly digest");
    assert_eq!(relay["MsgContent"]["MsgNum"], 2);
    assert_eq!(
        relay["MsgContent"]["CompatibleText"],
        "[Weekly digest] please update your app to read it"
    );
    let monday = &relay["MsgContent"]["MsgList"][0]["MsgBody"][0];
    assert_eq!(monday["MsgType"], "TIMRelayElem");
    assert_eq!(monday["MsgContent"]["Title"], "Monday");
}
