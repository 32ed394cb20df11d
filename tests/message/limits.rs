//! Each documented limit is hit once and gives its error, naming the limit.

use timbot::core::types::{Elem, GroupType, Message, MsgStatus, OfflinePushConfig};
use timbot::core::Error;
use timbot::message::limits::{
    content_bytes, MAX_ABSTRACT_LINES, MAX_ABSTRACT_LINE_CHARS, MAX_AT_TARGETS,
    MAX_FILE_OR_VIDEO_BYTES, MAX_IMAGE_OR_SOUND_BYTES, MAX_MERGED_MESSAGES, MAX_MERGE_NESTING,
    MAX_MESSAGE_BYTES, MAX_PUSH_DESC_EXT_BYTES,
};
use timbot::message::{
    validate, CustomMessage, Entry, MergedMessage, MessageBuilder, Target, TargetKind,
};

const PUBLIC: TargetKind = TargetKind::Group(GroupType::Public);

fn group() -> MessageBuilder {
    MessageBuilder::new(Target::group("@TGS#g", GroupType::Public))
}

/// Assert `result` is the `Limit` error for `limit` with `max` and `actual`.
fn assert_limit<T: std::fmt::Debug>(result: Result<T, Error>, limit: &str, max: u64, actual: u64) {
    match result {
        Err(Error::Limit {
            limit: l,
            max: m,
            actual: a,
        }) => {
            assert_eq!((l, m, a), (limit, max, actual));
        }
        other => panic!("expected the {limit:?} limit, got {other:?}"),
    }
}

/// Assert `result` is an `Invalid` error whose reason contains `needle`.
fn assert_invalid<T: std::fmt::Debug>(result: Result<T, Error>, needle: &str) {
    match result {
        Err(Error::Invalid { reason, .. }) => {
            assert!(
                reason.contains(needle),
                "{reason:?} should mention {needle:?}"
            )
        }
        other => panic!("expected an invalid-input error about {needle:?}, got {other:?}"),
    }
}

fn sent(text: &str) -> Message {
    Message {
        sender: "alice".into(),
        status: MsgStatus::Sent,
        elems: vec![Elem::text(text)],
        ..Message::default()
    }
}

#[test]
fn thirty_at_targets_including_all_pass_thirty_one_fail() {
    let mut thirty = group().at_all();
    for i in 1..MAX_AT_TARGETS {
        thirty = thirty.at(format!("u{i}"), format!("U{i}"));
    }
    let message = thirty
        .clone()
        .build()
        .expect("30 targets incl. @all are allowed");
    assert_eq!(message.group_at_user_array.len(), 30);
    assert_limit(
        thirty.at("one_more", "One").build(),
        "@ targets per message (including @all)",
        30,
        31,
    );
}

#[test]
fn at_all_is_refused_in_an_av_chat_room() {
    let result = MessageBuilder::new(Target::group("@TGS#live", GroupType::AVChatRoom))
        .at_all()
        .text("hello")
        .build();
    assert_invalid(result, "AVChatRoom does not support @ mentions");
}

#[test]
fn at_members_is_refused_in_an_av_chat_room_too() {
    let result = MessageBuilder::new(Target::group("@TGS#live", GroupType::AVChatRoom))
        .at("bob", "Bob")
        .build();
    assert_invalid(result, "AVChatRoom does not support @ mentions");
}

#[test]
fn at_is_refused_in_a_one_to_one_chat() {
    let result = MessageBuilder::new(Target::user("bob"))
        .at("bob", "Bob")
        .build();
    assert_invalid(result, "only allowed in group messages");
}

#[test]
fn three_hundred_merged_messages_pass_three_hundred_one_fail() {
    let full = (0..MAX_MERGED_MESSAGES).fold(MergedMessage::new("log"), |m, i| {
        m.entry(Entry::text("alice", i as i64, "x"))
    });
    group()
        .merged(full.clone())
        .build()
        .expect("300 merged messages are allowed");
    assert_limit(
        group()
            .merged(full.entry(Entry::text("alice", 0, "x")))
            .build(),
        "messages in a merged message",
        300,
        301,
    );
}

#[test]
fn at_most_five_abstract_lines() {
    let merged = (0..=MAX_ABSTRACT_LINES).fold(
        MergedMessage::new("log").entry(Entry::text("a", 1, "x")),
        |m, i| m.abstract_line(format!("line {i}")),
    );
    assert_limit(
        group().merged(merged).build(),
        "abstract lines in a merged message",
        5,
        6,
    );
}

#[test]
fn abstract_lines_are_counted_in_characters_not_bytes() {
    let hundred_chinese = "字".repeat(MAX_ABSTRACT_LINE_CHARS);
    let ok = MergedMessage::new("log")
        .entry(Entry::text("a", 1, "x"))
        .abstract_line(&hundred_chinese);
    group()
        .merged(ok)
        .build()
        .expect("100 characters (300 bytes) are allowed");
    let too_long = MergedMessage::new("log")
        .entry(Entry::text("a", 1, "x"))
        .abstract_line(format!("{hundred_chinese}!"));
    assert_limit(
        group().merged(too_long).build(),
        "characters in a merged message's abstract line",
        100,
        101,
    );
}

#[test]
fn compatible_text_must_not_be_empty() {
    let merged = MergedMessage::new("log")
        .entry(Entry::text("a", 1, "x"))
        .compatible_text("  ");
    assert_invalid(
        group().merged(merged).build(),
        "compatible text must not be empty",
    );
}

#[test]
fn merged_messages_nest_at_most_one_hundred_levels() {
    let nest = |levels: usize| {
        (1..levels).fold(
            MergedMessage::new("level 1").entry(Entry::text("a", 1, "bottom")),
            |inner, level| {
                MergedMessage::new(format!("level {}", level + 1))
                    .entry(Entry::merged("a", 1, inner))
            },
        )
    };
    group()
        .merged(nest(MAX_MERGE_NESTING))
        .build()
        .expect("100 levels are allowed");
    assert_limit(
        group().merged(nest(MAX_MERGE_NESTING + 1)).build(),
        "merged message nesting levels",
        100,
        101,
    );
}

#[test]
fn merged_messages_must_have_been_sent() {
    let unsent = Message {
        status: MsgStatus::SendFailed,
        ..sent("oops")
    };
    let merged = MergedMessage::new("log").message(unsent);
    assert_invalid(group().merged(merged).build(), "sent successfully");
}

#[test]
fn group_tips_cannot_be_merged() {
    let tip = Message {
        elems: vec![Elem::GroupTips(Default::default())],
        ..sent("")
    };
    let merged = MergedMessage::new("log").message(tip);
    assert_invalid(group().merged(merged).build(), "group tips");
}

#[test]
fn one_custom_element_per_message() {
    let result = group()
        .custom(CustomMessage::new("a"))
        .custom(CustomMessage::new("b"))
        .build();
    assert_limit(result, "custom elements per message", 1, 2);
}

#[test]
fn one_sound_element_per_message() {
    let result = group()
        .sound_url("https://x/1.m4a", 3, 1000)
        .sound_url("https://x/2.m4a", 3, 1000)
        .build();
    assert_limit(result, "sound elements per message", 1, 2);
}

#[test]
fn message_content_is_at_most_eight_thousand_bytes() {
    let at_limit = "a".repeat(MAX_MESSAGE_BYTES);
    let message = group().text(&at_limit).build().expect("8000 bytes fit");
    assert_eq!(content_bytes(&message), 8_000);
    assert_limit(
        group().text(format!("{at_limit}b")).build(),
        "message content bytes",
        8_000,
        8_001,
    );
}

#[test]
fn online_only_is_refused_in_an_av_chat_room() {
    let result = MessageBuilder::new(Target::group("@TGS#live", GroupType::AVChatRoom))
        .text("typing…")
        .online_only()
        .build();
    assert_invalid(
        result,
        "online-only messages are not supported in an AVChatRoom",
    );
    MessageBuilder::new(Target::group("@TGS#g", GroupType::Work))
        .text("typing…")
        .online_only()
        .build()
        .expect("online-only is fine in a work group");
}

#[test]
fn online_only_cannot_be_combined_with_unread_or_last_message_exclusion() {
    let result = group()
        .text("x")
        .online_only()
        .excluded_from_unread_count()
        .build();
    assert_invalid(result, "not combinable with OnlineOnlyFlag");
    let result = group()
        .text("x")
        .online_only()
        .excluded_from_last_message()
        .build();
    assert_invalid(result, "not combinable with OnlineOnlyFlag");
}

#[test]
fn offline_push_description_and_extension_fit_in_three_kilobytes() {
    let mut message = group().text("x").build().expect("valid");
    message.offline_push_config = Some(Box::new(OfflinePushConfig {
        desc: "d".repeat(MAX_PUSH_DESC_EXT_BYTES - 10),
        ext: "e".repeat(11),
        ..OfflinePushConfig::default()
    }));
    assert_limit(
        validate(&message, PUBLIC),
        "offline push description + extension bytes",
        3072,
        3073,
    );
}

#[test]
fn media_sizes_are_limited() {
    assert_limit(
        group()
            .sound_url("https://x/v.m4a", 60, MAX_IMAGE_OR_SOUND_BYTES + 1)
            .build(),
        "sound bytes",
        28 * 1024 * 1024,
        28 * 1024 * 1024 + 1,
    );
    assert_limit(
        group()
            .file_url("https://x/f.zip", "f.zip", MAX_FILE_OR_VIDEO_BYTES + 1)
            .build(),
        "file bytes",
        100 * 1024 * 1024,
        100 * 1024 * 1024 + 1,
    );
    let mut image = group().image_url("https://x/i.png").build().expect("valid");
    if let Elem::Image(i) = &mut image.elems[0] {
        i.orig_pic_size = MAX_IMAGE_OR_SOUND_BYTES + 1;
    }
    assert_limit(
        validate(&image, PUBLIC),
        "image bytes",
        28 * 1024 * 1024,
        28 * 1024 * 1024 + 1,
    );
    let mut video = group()
        .video_url("https://x/v.mp4", 10, "https://x/c.jpg")
        .build()
        .expect("valid");
    if let Elem::Video(v) = &mut video.elems[0] {
        v.video_size = MAX_FILE_OR_VIDEO_BYTES as u64 + 1;
    }
    assert_limit(
        validate(&video, PUBLIC),
        "video bytes",
        100 * 1024 * 1024,
        100 * 1024 * 1024 + 1,
    );
}

#[test]
fn an_empty_message_is_refused() {
    assert_invalid(group().build(), "at least one element");
}

#[test]
fn a_group_message_is_not_sent_to_a_user() {
    let message = group().text("x").build().expect("valid");
    assert_invalid(validate(&message, TargetKind::C2C), "sent to a C2C target");
}

#[test]
fn the_error_message_names_the_limit_and_its_value() {
    let err = group()
        .custom(CustomMessage::new("a"))
        .custom(CustomMessage::new("b"))
        .build()
        .expect_err("two custom elements");
    assert_eq!(
        err.to_string(),
        "limit exceeded: custom elements per message allows at most 1, got 2"
    );
}

#[test]
fn cloud_custom_data_counts_towards_the_message_size() {
    let result = group()
        .text("a".repeat(MAX_MESSAGE_BYTES - 10))
        .cloud_custom("k", serde_json::json!("0123456789"))
        .build();
    // `{"k":"0123456789"}` is 18 bytes.
    assert_limit(result, "message content bytes", 8_000, 8_008);
}
