//! Decoding is lenient: older key spellings (spec §7.2), both @all markers (§7.3), numbers and
//! booleans written as strings, `null` and `{}` placeholders, unknown keys. Bad input is an
//! error, never a panic.

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use timbot::core::*;

fn from<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

#[test]
fn older_key_spellings_decode() {
    let info: GroupInfo = from(json!({
        "group_detial_info_group_id": "g1",
        "group_detial_info_owener_identifier": "alice",
        "group_detial_info_max_member_num": 200,
        "group_detial_info_is_shutup_all": true
    }));
    assert_eq!(info.group_id, "g1");
    assert_eq!(info.owner_identifier, "alice");
    assert_eq!(info.max_member_num, 200);
    assert!(info.is_shutup_all);

    let base: GroupBaseInfo = from(json!({"group_base_info_lastest_seq": 9}));
    assert_eq!(base.latest_seq, 9);

    let member: GroupMemberInfo = from(json!({"group_member_info_remark": "pal"}));
    assert_eq!(member.friend_remark, "pal");

    let m: Message =
        from(json!({"message_offlie_push_config": {"offline_push_config_title": "t"}}));
    assert_eq!(m.offline_push_config.unwrap().title, "t");

    let change: ProfileChangeElem = from(json!({"profile_change_elem_from_identifer": "bob"}));
    assert_eq!(change.from_identifier, "bob");

    let page: GroupGetMemberInfoListResult = from(json!({
        "group_get_memeber_info_list_result_next_seq": 3,
        "group_get_memeber_info_list_result_info_array": [{"group_member_info_identifier": "a"}]
    }));
    assert_eq!(page.next_seq, 3);
    assert_eq!(page.info_array[0].identifier, "a");
}

#[test]
fn both_at_all_markers_mean_everyone() {
    for marker in [AT_ALL, AT_ALL_LEGACY] {
        let m: Message = from(json!({"message_group_at_user_array": [marker]}));
        assert!(m.is_at_all(), "{marker}");
        assert!(is_at_all(marker));
    }
    let m: Message = from(json!({"message_group_at_user_array": ["bob"]}));
    assert!(!m.is_at_all());
    assert!(m.mentions("bob"));
    assert!(!m.mentions("carol"));
}

#[test]
fn numbers_and_booleans_written_as_strings_decode() {
    let m: Message = from(json!({
        "message_seq": "12",
        "message_rand": "4294967296",
        "message_server_time": "1551080111",
        "message_status": "2",
        "message_conv_type": "1",
        "message_is_from_self": "true",
        "message_is_read": 1,
        "message_is_online_msg": 0,
        "message_elem_array": [{"elem_type": "0", "text_elem_content": "hi"}]
    }));
    assert_eq!(m.seq, 12);
    assert_eq!(m.rand, 4294967296);
    assert_eq!(m.server_time, 1551080111);
    assert_eq!(m.status, MsgStatus::Sent);
    assert_eq!(m.conv_type, ConvType::C2C);
    assert!(m.is_from_self && m.is_read && !m.is_online_msg);
    assert_eq!(m.plain_text(), "hi");

    let loc: LocationElem = from(json!({
        "location_elem_longitude": "113.93", "location_elem_latitude": 22
    }));
    assert_eq!((loc.longitude, loc.latitude), (113.93, 22.0));
    let text: TextElem = from(json!({"text_elem_content": 42}));
    assert_eq!(text.content, "42");
    // Older examples write the numeric visibility keys as booleans.
    let info: GroupInfo = from(json!({"group_detail_info_visible": true}));
    assert_eq!(info.visible, 1);
}

#[test]
fn null_and_placeholder_values_decode_as_empty() {
    let m: Message = from(json!({
        "message_elem_array": null,
        "message_sender": null,
        "message_seq": null,
        "message_group_at_user_array": "",
        "message_sender_profile": null
    }));
    assert!(m.elems.is_empty() && m.group_at_user_array.is_empty());
    assert_eq!((m.sender.as_str(), m.seq), ("", 0));
    assert!(m.sender_profile.is_none());
    let member: GroupMemberInfo = from(json!({"group_member_info_custom_info": {}}));
    assert!(member.custom_info.is_empty());
    // A lone value where a list is expected is a one-item list.
    let info: SignalingInfo = from(json!({"signaling_info_invitee_list": "bob"}));
    assert_eq!(info.invitee_list, ["bob"]);
}

#[test]
fn unknown_keys_are_ignored() {
    let m: Message = from(json!({
        "message_sender": "a",
        "message_some_future_key": {"deep": [1, 2, 3]},
        "message_elem_array": [{"elem_type": 0, "text_elem_content": "x", "text_elem_future": 1}]
    }));
    assert_eq!(m.sender, "a");
    assert_eq!(m.plain_text(), "x");
}

#[test]
fn an_element_whose_keys_contradict_its_known_tag_decodes_by_its_keys() {
    // SDK 4.8.10 shifted every tag by one: text was 1.
    let elem: Elem = from(json!({"elem_type": 1, "text_elem_content": "shifted"}));
    assert_eq!(elem, Elem::text("shifted"));
    // The tag wins whenever the object carries that kind's keys, or no kind's keys at all.
    let elem: Elem = from(json!({"elem_type": 9, "video_elem_video_url": "u"}));
    assert_eq!(elem.elem_type(), ElemType::Video);
    let elem: Elem = from(json!({"elem_type": 0}));
    assert_eq!(elem, Elem::text(""));
    // An unknown tag is never reinterpreted.
    let elem: Elem = from(json!({"elem_type": 77, "text_elem_content": "x"}));
    assert_eq!(elem.elem_type(), ElemType::Unknown(77));
}

#[test]
fn an_unknown_elem_tag_written_as_a_string_encodes_as_its_number() {
    let elem: Elem = from(json!({"elem_type": "31", "x": 1}));
    assert_eq!(elem.elem_type(), ElemType::Unknown(31));
    assert_eq!(
        serde_json::to_value(&elem).unwrap(),
        json!({"elem_type": 31, "x": 1})
    );
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let bad = [
        json!({"message_elem_array": [{"text_elem_content": "no tag"}]}),
        json!({"message_elem_array": ["not an object"]}),
        json!({"message_elem_array": [{"elem_type": 0, "text_elem_content": {"an": "object"}}]}),
        json!({"message_elem_array": [{"elem_type": 1.5}]}),
        json!({"message_seq": "twelve"}),
        json!({"message_seq": -1}),
        json!({"message_status": "Sent-ish"}),
        json!({"message_is_read": "maybe"}),
        json!({"message_conv_type": [1]}),
        json!("not a message"),
    ];
    for v in bad {
        let r = serde_json::from_value::<Message>(v.clone());
        assert!(r.is_err(), "{v} should not decode: {r:?}");
    }
    assert!(serde_json::from_str::<Message>("{\"message_seq\": ").is_err());
}

#[test]
fn optional_profile_change_fields_stay_absent_unless_set() {
    let item: UserProfileItem = from(json!({
        "user_profile_item_nick_name": "neo",
        "user_profile_item_location": 86
    }));
    assert_eq!(item.nick_name.as_deref(), Some("neo"));
    assert_eq!(
        item.location.as_deref(),
        Some("86"),
        "5.x wrote location as a number"
    );
    assert!(item.gender.is_none());
    let json = serde_json::to_value(&item).unwrap();
    assert_eq!(
        json,
        json!({"user_profile_item_nick_name": "neo", "user_profile_item_location": "86"})
    );
}
