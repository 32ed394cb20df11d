//! Building each kind of message, and the send options, as the receiver decodes them.

use timbot::core::rest::{RestGroupAt, RestMessage};
use timbot::core::types::{ConvType, Elem, GroupType, MsgPriority, AT_ALL};
use timbot::message::{MessageBuilder, Target, AT_ALL_TOKEN};

use crate::over_the_wire;

fn group() -> MessageBuilder {
    MessageBuilder::new(Target::group("@TGS#g", GroupType::Public))
}

#[test]
fn text_to_a_user() {
    let message = MessageBuilder::new(Target::user("bob"))
        .text("hello ")
        .text("there")
        .build()
        .expect("valid");
    let received = over_the_wire(&message);
    assert_eq!(received.conv_type, ConvType::C2C);
    assert_eq!(received.conv_id, "bob");
    assert_eq!(received.elems, vec![Elem::text("hello there")]);
}

#[test]
fn at_tokens_follow_the_at_list_in_order() {
    let message = group()
        .text("red")
        .at_all()
        .at("tommy", "Tommy")
        .at("brennanli", "brennanli")
        .text("packet")
        .build()
        .expect("valid");
    let received = over_the_wire(&message);
    assert_eq!(received.plain_text(), "red @all @Tommy @brennanli packet");
    assert_eq!(received.group_at_user_array, [AT_ALL, "tommy", "brennanli"]);
    // The n-th `@` token of the text names the n-th entry of the @ list.
    let text = received.plain_text();
    let tokens: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.starts_with('@'))
        .collect();
    assert_eq!(tokens, [AT_ALL_TOKEN, "@Tommy", "@brennanli"]);
}

#[test]
fn a_trailing_mention_leaves_no_trailing_space() {
    let message = group()
        .text("ping")
        .at("bob", "Bob")
        .build()
        .expect("valid");
    assert_eq!(message.plain_text(), "ping @Bob");
}

#[test]
fn face_location_and_media_by_url() {
    let message = group()
        .text("look")
        .face(7, "smile")
        .location("Shenzhen Bay", 113.95, 22.52)
        .image_url("https://cdn/x.png")
        .file_url("https://cdn/r.pdf", "report.pdf", 2048)
        .video_url("https://cdn/v.mp4", 12, "https://cdn/v.jpg")
        .build()
        .expect("valid");
    let received = over_the_wire(&message);
    assert_eq!(received.elems.len(), 6);
    assert_eq!(received.elems[0], Elem::text("look"));
    let Elem::Face(face) = &received.elems[1] else {
        panic!("face expected, got {:?}", received.elems[1]);
    };
    assert_eq!((face.index, face.buf.as_str()), (7, "smile"));
    let Elem::Location(loc) = &received.elems[2] else {
        panic!("location expected");
    };
    assert_eq!(
        (loc.desc.as_str(), loc.longitude, loc.latitude),
        ("Shenzhen Bay", 113.95, 22.52)
    );
    let Elem::Image(image) = &received.elems[3] else {
        panic!("image expected");
    };
    assert_eq!(image.orig_url, "https://cdn/x.png");
    assert_eq!(image.thumb_url, "https://cdn/x.png");
    let Elem::File(file) = &received.elems[4] else {
        panic!("file expected");
    };
    assert_eq!(
        (file.url.as_str(), file.file_name.as_str(), file.file_size),
        ("https://cdn/r.pdf", "report.pdf", 2048)
    );
    let Elem::Video(video) = &received.elems[5] else {
        panic!("video expected");
    };
    assert_eq!(
        (
            video.video_url.as_str(),
            video.video_duration,
            video.image_url.as_str()
        ),
        ("https://cdn/v.mp4", 12, "https://cdn/v.jpg")
    );
}

#[test]
fn sound_by_url() {
    let message = MessageBuilder::new(Target::user("bob"))
        .sound_url("https://cdn/a.m4a", 4, 3000)
        .build()
        .expect("valid");
    let Elem::Sound(sound) = &over_the_wire(&message).elems[0] else {
        panic!("sound expected");
    };
    assert_eq!(
        (sound.url.as_str(), sound.file_time, sound.file_size),
        ("https://cdn/a.m4a", 4, 3000)
    );
}

#[test]
fn every_send_option_reaches_the_message() {
    let message = group()
        .text("notice")
        .priority(MsgPriority::Low)
        .excluded_from_unread_count()
        .excluded_from_last_message()
        .offline_push("Timbot", "You have a notice")
        .need_read_receipt()
        .build()
        .expect("valid");
    let received = over_the_wire(&message);
    assert_eq!(received.priority, MsgPriority::Low);
    assert!(received.excluded_from_unread_count);
    assert!(received.excluded_from_last_message);
    assert!(received.need_read_receipt);
    assert!(!received.is_online_msg);
    let push = received.offline_push_config.expect("push settings");
    assert_eq!(
        (push.title.as_str(), push.desc.as_str()),
        ("Timbot", "You have a notice")
    );

    let typing = MessageBuilder::new(Target::user("bob"))
        .text("typing…")
        .online_only()
        .build()
        .expect("valid");
    assert!(over_the_wire(&typing).is_online_msg);
}

#[test]
fn cloud_custom_data_is_a_json_object() {
    let message = group()
        .text("x")
        .cloud_custom("ticket", serde_json::json!({"id": 42}))
        .build()
        .expect("valid");
    let value: serde_json::Value =
        serde_json::from_str(&message.cloud_custom_str).expect("cloud custom data is JSON");
    assert_eq!(value, serde_json::json!({"ticket": {"id": 42}}));
}

#[test]
fn at_all_and_two_members_become_the_rest_group_at_info_in_text_order() {
    let message = group()
        .text("red")
        .at_all()
        .at("tommy", "tommy")
        .at("brennanli", "brennanli")
        .text("packet")
        .build()
        .expect("valid");
    let rest = RestMessage::from_message(&over_the_wire(&message)).expect("REST form");
    assert_eq!(
        serde_json::to_value(&rest).expect("encodes"),
        serde_json::json!({
            "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "red @all @tommy @brennanli packet"}}],
            "GroupAtInfo": [
                {"GroupAtAllFlag": 1},
                {"GroupAtAllFlag": 0, "GroupAt_Account": "tommy"},
                {"GroupAtAllFlag": 0, "GroupAt_Account": "brennanli"}
            ]
        })
    );
    assert_eq!(
        rest.group_at_info,
        [
            RestGroupAt::All,
            RestGroupAt::Member("tommy".into()),
            RestGroupAt::Member("brennanli".into())
        ]
    );
}
