//! REST / webhook message format ↔ core message: every element kind both ways against the
//! documented JSON samples (INTL `消息格式描述_intl_en.md`, research note §2.4), group @ as
//! `GroupAtInfo` (research note §2.3), `CloudCustomData`, the kinds without a REST form, the
//! one-custom-element limit, and lenient decoding of what this version does not know.

use serde_json::{json, Value};
use timbot::core::rest::{RestGroupAt, RestMessage, RestMsgElem};
use timbot::core::types::{
    ConvType, Elem, FriendChangeElem, GroupReportElem, GroupTipsElem, Message, ProfileChangeElem,
    SoundElem, AT_ALL, AT_ALL_LEGACY,
};
use timbot::core::Error;

/// Decodes a documented element sample, converts it to the core and back, checks that the JSON
/// written is the sample, and returns the core element.
fn round_trip(sample: Value) -> Elem {
    let rest: RestMsgElem = serde_json::from_value(sample.clone()).expect("the sample decodes");
    let elem = Elem::from(&rest);
    let back = RestMsgElem::try_from(&elem).expect("the element has a REST form");
    assert_eq!(back, rest, "REST → core → REST changed the element");
    assert_eq!(
        serde_json::to_value(&back).expect("encode"),
        sample,
        "the JSON written differs from the documented sample"
    );
    elem
}

/// The core element in the SDK's JSON, to pin which core kind it became.
fn sdk_elem_type(elem: &Elem) -> Value {
    serde_json::to_value(elem).expect("encode")["elem_type"].clone()
}

fn invalid_reason(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Invalid { reason, .. }) => reason,
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

#[test]
fn text_element_both_ways() {
    let elem = round_trip(json!({
        "MsgType": "TIMTextElem",
        "MsgContent": { "Text": "hello world" }
    }));
    let Elem::Text(text) = &elem else {
        panic!("{elem:?}")
    };
    assert_eq!(text.content, "hello world");
    assert_eq!(sdk_elem_type(&elem), 0);
}

#[test]
fn location_element_both_ways() {
    let elem = round_trip(json!({
        "MsgType": "TIMLocationElem",
        "MsgContent": {
            "Desc": "someinfo",
            "Latitude": 29.340656774469956,
            "Longitude": 116.77497920478824
        }
    }));
    let Elem::Location(location) = &elem else {
        panic!("{elem:?}")
    };
    assert_eq!(location.desc, "someinfo");
    assert_eq!(location.latitude, 29.340656774469956);
    assert_eq!(location.longitude, 116.77497920478824);
    assert_eq!(sdk_elem_type(&elem), 7);
}

#[test]
fn face_element_both_ways() {
    let elem = round_trip(json!({
        "MsgType": "TIMFaceElem",
        "MsgContent": { "Index": 1, "Data": "content" }
    }));
    let Elem::Face(face) = &elem else {
        panic!("{elem:?}")
    };
    assert_eq!((face.index, face.buf.as_str()), (1, "content"));
    assert_eq!(sdk_elem_type(&elem), 6);
}

#[test]
fn custom_element_both_ways() {
    let elem = round_trip(json!({
        "MsgType": "TIMCustomElem",
        "MsgContent": {
            "Data": "message",
            "Desc": "notification",
            "Ext": "url",
            "Sound": "dingdong.aiff"
        }
    }));
    let Elem::Custom(custom) = &elem else {
        panic!("{elem:?}")
    };
    assert_eq!(custom.data, "message");
    assert_eq!(custom.desc, "notification");
    assert_eq!(custom.ext, "url");
    assert_eq!(custom.sound, "dingdong.aiff");
    assert_eq!(sdk_elem_type(&elem), 3);
}

#[test]
fn sound_element_both_ways() {
    let elem = round_trip(json!({
        "MsgType": "TIMSoundElem",
        "MsgContent": {
            "Url": "https://1234-5678187359-1253735226.cos.ap-shanghai.myqcloud.com/abc123/c9be9d32c05bfb77b3edafa4312c6c7d",
            "UUID": "1053D4B3D61040894AC3DE44CDF28B3EC7EB7C0F",
            "Size": 62351,
            "Second": 1,
            "Download_Flag": 2
        }
    }));
    let Elem::Sound(sound) = &elem else {
        panic!("{elem:?}")
    };
    assert!(sound.url.ends_with("/c9be9d32c05bfb77b3edafa4312c6c7d"));
    assert_eq!(sound.file_id, "1053D4B3D61040894AC3DE44CDF28B3EC7EB7C0F");
    assert_eq!((sound.file_size, sound.file_time), (62351, 1));
    assert_eq!(sdk_elem_type(&elem), 2);
}

#[test]
fn image_element_both_ways() {
    let elem = round_trip(json!({
        "MsgType": "TIMImageElem",
        "MsgContent": {
            "UUID": "1853095_D61040894AC3DE44CDFFFB3EC7EB720F",
            "ImageFormat": 1,
            "ImageInfoArray": [
                { "Type": 1, "Size": 1853095, "Width": 2448, "Height": 3264,
                  "URL": "http://xxx/3200490432214177468_144115198371610486_D61040894AC3DE44CDFFFB3EC7EB720F/0" },
                { "Type": 2, "Size": 2565240, "Width": 0, "Height": 0,
                  "URL": "http://xxx/3200490432214177468_144115198371610486_D61040894AC3DE44CDFFFB3EC7EB720F/720" },
                { "Type": 3, "Size": 12535, "Width": 0, "Height": 0,
                  "URL": "http://xxx/3200490432214177468_144115198371610486_D61040894AC3DE44CDFFFB3EC7EB720F/198" }
            ]
        }
    }));
    let Elem::Image(image) = &elem else {
        panic!("{elem:?}")
    };
    assert_eq!(image.orig_id, "1853095_D61040894AC3DE44CDFFFB3EC7EB720F");
    assert_eq!(image.format, 1);
    assert_eq!(
        (
            image.orig_pic_size,
            image.orig_pic_width,
            image.orig_pic_height
        ),
        (1853095, 2448, 3264)
    );
    assert!(image.orig_url.ends_with("/0"));
    assert_eq!(image.large_pic_size, 2565240);
    assert!(image.large_url.ends_with("/720"));
    assert_eq!(image.thumb_pic_size, 12535);
    assert!(image.thumb_url.ends_with("/198"));
    assert_eq!(sdk_elem_type(&elem), 1);
}

#[test]
fn file_element_both_ways() {
    let elem = round_trip(json!({
        "MsgType": "TIMFileElem",
        "MsgContent": {
            "Url": "https://7492-5678539059-1253735326.cos.ap-shanghai.myqcloud.com/abc123/49be9d32c0fbfba7b31dafa4312c6c7d",
            "UUID": "1053D4B3D61040894AC3DE44CDF28B3EC7EB7C0F",
            "FileSize": 1773552,
            "FileName": "file:///private/var/Application/tmp/trim.B75D5F9B-1426-4913-8845-90DD46797FCD.MOV",
            "Download_Flag": 2
        }
    }));
    let Elem::File(file) = &elem else {
        panic!("{elem:?}")
    };
    assert!(file.url.ends_with("/49be9d32c0fbfba7b31dafa4312c6c7d"));
    assert_eq!(file.file_id, "1053D4B3D61040894AC3DE44CDF28B3EC7EB7C0F");
    assert_eq!(file.file_size, 1773552);
    assert!(file.file_name.ends_with("FCD.MOV"));
    assert_eq!(sdk_elem_type(&elem), 4);
}

#[test]
fn video_element_both_ways() {
    let elem = round_trip(json!({
        "MsgType": "TIMVideoFileElem",
        "MsgContent": {
            "VideoUrl": "https://0345-1400187352-1256635546.cos.ap-shanghai.myqcloud.com/abcd/f7c6ad3c50af7d83e23efe0a208b90c9",
            "VideoUUID": "5da38ba89d6521011e1f6f3fd6692e35",
            "VideoSize": 1194603,
            "VideoSecond": 5,
            "VideoFormat": "mp4",
            "VideoDownloadFlag": 2,
            "ThumbUrl": "https://0345-1400187352-1256635546.cos.ap-shanghai.myqcloud.com/abcd/a6c170c9c599280cb06e0523d7a1f37b",
            "ThumbUUID": "6edaffedef5150684510cf97957b7bc8",
            "ThumbSize": 13907,
            "ThumbWidth": 720,
            "ThumbHeight": 1280,
            "ThumbFormat": "JPG",
            "ThumbDownloadFlag": 2
        }
    }));
    let Elem::Video(video) = &elem else {
        panic!("{elem:?}")
    };
    assert_eq!(video.video_id, "5da38ba89d6521011e1f6f3fd6692e35");
    assert_eq!((video.video_size, video.video_duration), (1194603, 5));
    assert_eq!(video.video_type, "mp4");
    assert_eq!(video.image_id, "6edaffedef5150684510cf97957b7bc8");
    assert_eq!(
        (video.image_size, video.image_width, video.image_height),
        (13907, 720, 1280)
    );
    assert_eq!(video.image_type, "JPG");
    assert_eq!(sdk_elem_type(&elem), 9);
}

#[test]
fn relay_element_both_ways() {
    let elem = round_trip(json!({
        "MsgType": "TIMRelayElem",
        "MsgContent": {
            "Title": "Group chat history",
            "MsgNum": 2,
            "CompatibleText": "The SDK version does not support combined messages. Please upgrade to the latest version.",
            "AbstractList": ["A: What do you think of this?", "B: I think it's great."],
            "MsgList": [
                {
                    "From_Account": "A", "GroupId": "group1", "MsgSeq": 85,
                    "MsgRandom": 3998651049u64, "MsgTimeStamp": 1664437702,
                    "MsgBody": [{ "MsgContent": { "Text": " What do you think of this?" }, "MsgType": "TIMTextElem" }]
                },
                {
                    "From_Account": "B", "GroupId": "group1", "MsgSeq": 86,
                    "MsgRandom": 965790, "MsgTimeStamp": 1664437703,
                    "MsgBody": [{ "MsgContent": { "Text": "I think it's great." }, "MsgType": "TIMTextElem" }]
                }
            ]
        }
    }));
    let Elem::Merge(merge) = &elem else {
        panic!("{elem:?}")
    };
    assert_eq!(merge.title, "Group chat history");
    assert_eq!(merge.abstract_list.len(), 2);
    assert!(merge.compatible_text.starts_with("The SDK version"));
    assert_eq!(merge.messages.len(), 2);
    let first = &merge.messages[0];
    assert_eq!(first.sender, "A");
    assert_eq!(first.conv_type, ConvType::Group);
    assert_eq!(first.conv_id, "group1");
    assert_eq!((first.seq, first.rand), (85, 3998651049));
    assert_eq!(first.server_time, 1664437702);
    assert_eq!(first.plain_text(), " What do you think of this?");
    assert_eq!(sdk_elem_type(&elem), 12);
}

#[test]
fn relay_element_with_a_download_key_instead_of_messages() {
    let rest: RestMsgElem = serde_json::from_value(json!({
        "MsgType": "TIMRelayElem",
        "MsgContent": {
            "Title": "Chat history", "MsgNum": 40, "CompatibleText": "upgrade",
            "AbstractList": ["a", "b"], "JsonMsgKey": "relay-key-1"
        }
    }))
    .expect("decode");
    let Elem::Merge(merge) = Elem::from(&rest) else {
        panic!("not a merge")
    };
    assert!(merge.messages.is_empty());
    assert_eq!(merge.relay_json_key, "relay-key-1");
    let back = serde_json::to_value(RestMsgElem::try_from(&Elem::Merge(merge)).expect("convert"))
        .expect("encode");
    assert_eq!(back["MsgContent"]["JsonMsgKey"], "relay-key-1");
    assert!(back["MsgContent"].get("MsgList").is_none());
}

#[test]
fn relay_entry_of_a_one_to_one_chat_names_the_receiver() {
    let mut message = Message::new(ConvType::C2C, "bob", vec![Elem::text("hi")]);
    message.sender = "alice".to_owned();
    message.seq = 7;
    message.rand = 8;
    message.server_time = 1_700_000_000;
    let merge = Elem::Merge(timbot::core::types::MergeElem {
        title: "t".to_owned(),
        compatible_text: "c".to_owned(),
        messages: vec![message.clone()],
        ..Default::default()
    });
    let json =
        serde_json::to_value(RestMsgElem::try_from(&merge).expect("convert")).expect("encode");
    assert_eq!(
        json["MsgContent"]["MsgList"][0],
        json!({
            "From_Account": "alice", "To_Account": "bob", "MsgSeq": 7, "MsgRandom": 8,
            "MsgTimeStamp": 1_700_000_000,
            "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "hi" } }]
        })
    );
    assert_eq!(json["MsgContent"]["MsgNum"], 1);
    let Elem::Merge(back) = Elem::from(&RestMsgElem::try_from(&merge).expect("convert")) else {
        panic!("not a merge")
    };
    assert_eq!(back.messages[0].conv_type, ConvType::C2C);
    assert_eq!(back.messages[0].conv_id, "bob");
    assert_eq!(back.messages[0].sender, "alice");
}

#[test]
fn combined_message_with_cloud_custom_data_both_ways() {
    let sample = json!({
        "MsgBody": [
            { "MsgType": "TIMTextElem", "MsgContent": { "Text": "hello" } },
            { "MsgType": "TIMFaceElem", "MsgContent": { "Index": 1, "Data": "content" } },
            { "MsgType": "TIMTextElem", "MsgContent": { "Text": "world" } }
        ],
        "CloudCustomData": "your cloud custom data"
    });
    let rest: RestMessage = serde_json::from_value(sample.clone()).expect("decode");
    let message = rest.to_message();
    assert_eq!(message.elems.len(), 3);
    assert_eq!(message.plain_text(), "helloworld");
    assert_eq!(message.cloud_custom_str, "your cloud custom data");
    let back = RestMessage::from_message(&message).expect("convert");
    assert_eq!(serde_json::to_value(&back).expect("encode"), sample);
}

#[test]
fn group_at_info_for_at_all_and_two_members() {
    let sample = json!({
        "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "red @all @tommy @brennanli packet" } }],
        "GroupAtInfo": [
            { "GroupAtAllFlag": 1 },
            { "GroupAtAllFlag": 0, "GroupAt_Account": "tommy" },
            { "GroupAtAllFlag": 0, "GroupAt_Account": "brennanli" }
        ]
    });
    let rest: RestMessage = serde_json::from_value(sample.clone()).expect("decode");
    assert_eq!(
        rest.group_at_info,
        vec![
            RestGroupAt::All,
            RestGroupAt::Member("tommy".to_owned()),
            RestGroupAt::Member("brennanli".to_owned())
        ]
    );
    let message = rest.to_message();
    assert_eq!(message.group_at_user_array, [AT_ALL, "tommy", "brennanli"]);
    assert_eq!(
        serde_json::to_value(RestMessage::from_message(&message).expect("convert"))
            .expect("encode"),
        sample
    );
}

#[test]
fn both_sdk_at_all_markers_become_the_at_all_flag() {
    for marker in [AT_ALL, AT_ALL_LEGACY] {
        let mut message = Message::new(ConvType::Group, "g1", vec![Elem::text("@all hi")]);
        message.group_at_user_array = vec![marker.to_owned()];
        let json = serde_json::to_value(RestMessage::from_message(&message).expect("convert"))
            .expect("encode");
        assert_eq!(
            json["GroupAtInfo"],
            json!([{ "GroupAtAllFlag": 1 }]),
            "{marker}"
        );
    }
}

#[test]
fn group_at_info_decoding_is_lenient_but_not_empty() {
    let rest: RestMessage = serde_json::from_value(json!({
        "MsgBody": [],
        "GroupAtInfo": [
            { "GroupAtAllFlag": "1" },
            { "GroupAt_Account": "@all" },
            { "GroupAt_Account": "tommy" }
        ]
    }))
    .expect("decode");
    assert_eq!(
        rest.group_at_info,
        vec![
            RestGroupAt::All,
            RestGroupAt::All,
            RestGroupAt::Member("tommy".to_owned())
        ]
    );
    let empty_entry = serde_json::from_value::<RestMessage>(json!({
        "MsgBody": [], "GroupAtInfo": [{ "GroupAtAllFlag": 0 }]
    }));
    assert!(empty_entry
        .expect_err("an entry naming nobody is an error")
        .to_string()
        .contains("GroupAt_Account"));
}

#[test]
fn kinds_without_a_rest_form_are_errors_naming_the_kind() {
    let cases = [
        (Elem::GroupTips(GroupTipsElem::default()), "group tips"),
        (
            Elem::GroupReport(GroupReportElem::default()),
            "group report",
        ),
        (
            Elem::FriendChange(FriendChangeElem::default()),
            "friend change",
        ),
        (
            Elem::ProfileChange(ProfileChangeElem::default()),
            "profile change",
        ),
    ];
    for (elem, kind) in cases {
        let reason = invalid_reason(RestMsgElem::try_from(&elem));
        assert!(reason.contains(kind), "{reason}");
        assert!(reason.contains("no REST form"), "{reason}");
        // In a message, the whole conversion fails: the element is never silently dropped.
        let message = Message::new(ConvType::Group, "g1", vec![Elem::text("hi"), elem]);
        assert!(invalid_reason(RestMessage::from_message(&message)).contains(kind));
    }
}

#[test]
fn unknown_core_element_without_a_msg_type_has_no_rest_form() {
    let elem: Elem = serde_json::from_value(json!({ "elem_type": 42, "x": 1 })).expect("decode");
    let reason = invalid_reason(RestMsgElem::try_from(&elem));
    assert!(reason.contains("unknown type 42"), "{reason}");
}

#[test]
fn unknown_msg_type_decodes_to_an_explicit_unknown_and_back() {
    let sample = json!({
        "MsgBody": [
            { "MsgType": "TIMTextElem", "MsgContent": { "Text": "before" } },
            { "MsgType": "TIMGroupTipElem", "MsgContent": { "OpType": 1, "Note": "x" } }
        ]
    });
    let rest: RestMessage = serde_json::from_value(sample.clone()).expect("decode");
    assert_eq!(
        rest.msg_body[1],
        RestMsgElem::Unknown {
            msg_type: "TIMGroupTipElem".to_owned(),
            content: json!({ "OpType": 1, "Note": "x" })
        }
    );
    let message = rest.to_message();
    assert!(matches!(message.elems[1], Elem::Unknown { .. }));
    assert_eq!(
        serde_json::to_value(RestMessage::from_message(&message).expect("convert"))
            .expect("encode"),
        sample
    );
}

#[test]
fn malformed_elements_are_decode_errors_that_name_the_type() {
    let bad_content = serde_json::from_value::<RestMsgElem>(json!({
        "MsgType": "TIMTextElem", "MsgContent": "not an object"
    }));
    assert!(bad_content
        .expect_err("content must be an object")
        .to_string()
        .contains("TIMTextElem"));
    let bad_number = serde_json::from_value::<RestMsgElem>(json!({
        "MsgType": "TIMFaceElem", "MsgContent": { "Index": "one" }
    }));
    assert!(bad_number
        .expect_err("Index must be a number")
        .to_string()
        .contains("TIMFaceElem"));
    assert!(serde_json::from_value::<RestMsgElem>(json!({ "MsgContent": {} })).is_err());
    assert!(serde_json::from_value::<RestMessage>(json!({ "MsgBody": [42] })).is_err());
}

#[test]
fn numbers_written_as_strings_are_accepted() {
    let rest: RestMsgElem = serde_json::from_value(json!({
        "MsgType": "TIMFaceElem", "MsgContent": { "Index": "7", "Data": "d" }
    }))
    .expect("decode");
    let Elem::Face(face) = Elem::from(&rest) else {
        panic!("not a face")
    };
    assert_eq!(face.index, 7);
}

#[test]
fn media_without_a_url_cannot_be_sent_by_rest() {
    // The 2.x/3.x SDK form of a voice element: only an id, nothing to download from.
    let old_sound: RestMsgElem = serde_json::from_value(json!({
        "MsgType": "TIMSoundElem",
        "MsgContent": { "UUID": "305c0201", "Size": 62351, "Second": 1 }
    }))
    .expect("the old form decodes");
    let elem = Elem::from(&old_sound);
    let Elem::Sound(sound) = &elem else {
        panic!("{elem:?}")
    };
    assert_eq!(sound.file_id, "305c0201");
    assert!(invalid_reason(RestMsgElem::try_from(&elem)).contains("Url"));

    let local_only = Elem::Sound(SoundElem {
        file_path: "/tmp/voice.m4a".to_owned(),
        ..SoundElem::default()
    });
    assert!(invalid_reason(RestMsgElem::try_from(&local_only)).contains("sound"));
}

#[test]
fn at_most_one_custom_element_per_message() {
    let custom = || {
        Elem::Custom(timbot::core::types::CustomElem {
            data: "{}".to_owned(),
            ..Default::default()
        })
    };
    let one = Message::new(ConvType::C2C, "bob", vec![custom(), Elem::text("x")]);
    assert!(RestMessage::from_message(&one).is_ok());
    let two = Message::new(ConvType::C2C, "bob", vec![custom(), custom()]);
    assert!(matches!(
        RestMessage::from_message(&two),
        Err(Error::Limit {
            max: 1,
            actual: 2,
            ..
        })
    ));
}
