//! Every JSON example of the seed documents (`tests/fixtures/`) decodes, and decode → encode →
//! decode gives the same value. Spot checks pin what the old examples decode to.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Debug;
use std::path::Path;
use timbot::core::*;

fn fixture_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn read(name: &str) -> String {
    let path = fixture_dir().join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decodes fixture `name` as `T`, encodes it, decodes the encoding, and checks both values are
/// equal. Returns the decoded value.
fn round_trip<T>(name: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let first: T = serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let encoded = serde_json::to_string(&first).unwrap();
    let second: T =
        serde_json::from_str(&encoded).unwrap_or_else(|e| panic!("{name} re-decode: {e}"));
    assert_eq!(
        first, second,
        "{name}: decode -> encode -> decode changed the value"
    );
    first
}

/// Round-trips fixture `name` as the type it is an example of. A fixture file with no entry
/// here fails the test, so a new fixture cannot be silently skipped.
fn check(name: &str) {
    match name {
        "recv_new_msg_text"
        | "recv_new_msg_group_report"
        | "recv_new_msg_group_tips"
        | "msg_find_by_msg_locator_list"
        | "msg_get_msg_list" => drop(round_trip::<Vec<Message>>(name)),
        "msg_send_new_msg" => drop(round_trip::<Message>(name)),
        "msg_batch_send" => drop(round_trip::<Vec<MsgBatchSendResult>>(name)),
        "msg_download_elem_to_path" => drop(round_trip::<MsgDownloadElemResult>(name)),
        "conv_create" => drop(round_trip::<Conversation>(name)),
        "conv_get_conv_list" => drop(round_trip::<Vec<Conversation>>(name)),
        "group_create" => drop(round_trip::<CreateGroupResult>(name)),
        "group_invite_member" => drop(round_trip::<Vec<GroupInviteMemberResult>>(name)),
        "group_delete_member" => drop(round_trip::<Vec<GroupDeleteMemberResult>>(name)),
        "group_get_joined_group_list" => drop(round_trip::<Vec<GroupBaseInfo>>(name)),
        "group_get_group_info_list" => drop(round_trip::<Vec<GetGroupInfoResult>>(name)),
        "group_get_member_info_list" => drop(round_trip::<GroupGetMemberInfoListResult>(name)),
        "group_get_pendency_list" => drop(round_trip::<GroupPendencyResult>(name)),
        "profile_get_user_profile_list" => drop(round_trip::<Vec<UserProfile>>(name)),
        "friendship_get_friend_profile_list" | "friendship_get_black_list" => {
            drop(round_trip::<Vec<FriendProfile>>(name))
        }
        "friendship_add_friend" | "friendship_handle_friend_add_request" => {
            drop(round_trip::<FriendResult>(name))
        }
        "friendship_delete_friend"
        | "friendship_delete_pendency"
        | "friendship_create_friend_group"
        | "friendship_modify_friend_group"
        | "friendship_add_to_black_list"
        | "friendship_delete_from_black_list" => drop(round_trip::<Vec<FriendResult>>(name)),
        "friendship_get_pendency_list" => drop(round_trip::<PendencyPage>(name)),
        "friendship_check_friend_type" => {
            drop(round_trip::<Vec<FriendshipCheckFriendTypeResult>>(name))
        }
        "friendship_get_friend_group_list" => drop(round_trip::<Vec<FriendGroupInfo>>(name)),
        "on_add_friend" | "on_delete_friend" => drop(round_trip::<Vec<String>>(name)),
        "update_friend_profile" => drop(round_trip::<Vec<FriendProfileUpdate>>(name)),
        "friend_add_request" => drop(round_trip::<Vec<FriendAddPendency>>(name)),
        // SDK configuration, not part of the bot data model (see tests/fixtures/README.md).
        "set_config" => drop(round_trip::<Value>(name)),
        other => panic!("fixture {other}.json has no decoder in fixtures.rs"),
    }
}

#[test]
fn every_seed_fixture_round_trips() {
    let mut names: Vec<String> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".json").map(str::to_owned)
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 36, "one file per seed example: {names:?}");
    for name in &names {
        check(name);
    }
}

fn decode<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn encode(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap()
}

#[test]
fn text_message_example_decodes_with_its_header_values() {
    let msgs: Vec<Message> = decode("recv_new_msg_text");
    let m = &msgs[0];
    assert_eq!(m.plain_text(), "123213213");
    assert_eq!(m.conv_type, ConvType::C2C);
    assert_eq!(m.conversation_id().unwrap().as_str(), "c2c_user2");
    assert_eq!(m.status, MsgStatus::Sent);
    assert_eq!(m.sender, "user1");
    assert_eq!((m.seq, m.rand), (1, 2130485001));
    assert_eq!((m.client_time, m.server_time), (1551080111, 1551080111));
    assert!(m.is_from_self && m.is_read);
}

#[test]
fn group_report_example_tagged_9_decodes_as_a_group_report_and_encodes_as_8() {
    let msgs: Vec<Message> = decode("recv_new_msg_group_report");
    let m = &msgs[0];
    assert_eq!(m.conv_type, ConvType::System);
    assert_eq!(m.sender, SYSTEM_ID);
    assert_eq!(m.conversation_id().unwrap(), ConversationId::system());
    let Elem::GroupReport(report) = &m.elems[0] else {
        panic!("expected a group report, got {:?}", m.elems[0]);
    };
    assert_eq!(report.report_type, GroupReportType::Create);
    assert_eq!(report.group_id, "first group id");
    assert_eq!(report.platform, "Windows");
    let op = report.op_group_member_info.as_ref().unwrap();
    assert_eq!(op.identifier, "user1");
    assert_eq!(op.member_role, MemberRole::None);
    assert!(
        op.custom_info.is_empty(),
        "{{}} is an empty custom-info array"
    );
    assert_eq!(encode(&m.elems[0])["elem_type"], 8);
}

#[test]
fn group_tips_example_tagged_6_decodes_as_a_tip_with_the_86_change_flag() {
    let msgs: Vec<Message> = decode("recv_new_msg_group_tips");
    let Elem::GroupTips(tip) = &msgs[0].elems[0] else {
        panic!("expected a group tip, got {:?}", msgs[0].elems[0]);
    };
    assert_eq!(tip.tip_type, GroupTipType::GroupInfoChange);
    assert_eq!(tip.op_user, "user1");
    assert_eq!(tip.group_id, "first group id");
    let change = &tip.group_change_info_array[0];
    // 10 meant "name" before SDK 4.8.10; the 8.6 header says MessageReceiveOpt.
    assert_eq!(change.flag, GroupTipGroupChangeFlag::MessageReceiveOpt);
    assert_eq!(change.value, "first group name to other name");
    assert_eq!(encode(&msgs[0].elems[0])["elem_type"], 5);
    assert_eq!(
        msgs[0].conversation_id().unwrap().as_str(),
        "group_first group id"
    );
}

#[test]
fn joined_group_example_reads_the_string_group_type_and_old_latest_seq_key() {
    let groups: Vec<GroupBaseInfo> = decode("group_get_joined_group_list");
    let g = &groups[0];
    assert_eq!(g.group_type, GroupType::Public);
    assert_eq!(g.info_seq, 7);
    let me = g.self_info.as_ref().unwrap();
    assert_eq!(me.role, MemberRole::Owner);
    assert_eq!(me.join_time, 1551344977);
    let json = encode(g);
    assert_eq!(json["group_base_info_group_type"], 0);
    assert!(json.get("group_base_info_latest_seq").is_some());
    assert!(json.get("group_base_info_lastest_seq").is_none());
}

#[test]
fn group_info_example_reads_the_detial_spellings_and_encodes_the_detail_ones() {
    let results: Vec<GetGroupInfoResult> = decode("group_get_group_info_list");
    let info = &results[0].info;
    assert_eq!(info.group_id, "first group id");
    assert_eq!(info.group_type, GroupType::Public);
    assert_eq!(info.owner_identifier, "user1");
    assert_eq!(info.add_option, GroupAddOption::Any);
    assert_eq!((info.member_num, info.max_member_num), (1, 2000));
    assert_eq!(info.notification, "group notification");
    assert_eq!((info.visible, info.searchable), (2, 2));
    let json = encode(info);
    assert_eq!(json["group_detail_info_owner_identifier"], "user1");
    assert!(json
        .as_object()
        .unwrap()
        .keys()
        .all(|k| k.starts_with("group_detail_info_")));
}

#[test]
fn member_list_example_reads_the_memeber_spelling_and_role_400() {
    let page: GroupGetMemberInfoListResult = decode("group_get_member_info_list");
    assert_eq!(page.info_array.len(), 1);
    assert_eq!(page.info_array[0].member_role, MemberRole::Owner);
    assert_eq!(page.next_seq, 0);
}

#[test]
fn pendency_example_keeps_the_form_typo_keys_and_13_digit_time() {
    let result: GroupPendencyResult = decode("group_get_pendency_list");
    let p = &result.pendency_array[0];
    assert_eq!(p.from_identifier, "user2");
    assert_eq!(p.to_identifier, "user1");
    assert_eq!(p.add_time, 1551414487947);
    assert_eq!(p.pendency_type, GroupPendencyType::JoinNeedApprovedByAdmin);
    assert_eq!(p.handled, GroupPendencyHandle::NotHandled);
    assert_eq!(p.apply_invite_msg, "Want Join Group, Thank you");
    assert_eq!(result.unread_num, 1);
    assert_eq!(encode(p)["group_pendency_form_identifier"], "user2");
}

#[test]
fn friend_profile_example_reads_custom_fields_under_the_item_keys() {
    let friends: Vec<FriendProfile> = decode("friendship_get_friend_profile_list");
    let f = &friends[0];
    assert_eq!(f.custom_string_array[0].value, "qcloud");
    let profile = f.user_profile.as_ref().unwrap();
    assert_eq!(profile.custom_string_array[0].key, "Tag_Profile_Custom_Str");
    assert_eq!(profile.birthday, 20190419);
    assert!(profile.location.starts_with("sz\0"));
}

#[test]
fn friend_pendency_example_reads_the_idenitifer_spelling() {
    let page: PendencyPage = decode("friendship_get_pendency_list");
    let p = &page.pendency_info_array[0];
    assert_eq!(p.identifier, "user4");
    assert_eq!(p.pendency_type, FriendPendencyType::SendOut);
    assert_eq!(page.current_seq, 2);
    assert_eq!(encode(p)["friend_add_pendency_info_identifier"], "user4");
}

#[test]
fn friendship_result_examples_keep_codes_and_relations() {
    let results: Vec<FriendResult> = decode("friendship_modify_friend_group");
    assert_eq!(results[0].code, 30001);
    assert_eq!(results[0].desc, "Err_SNS_GroupUpdate_Friend_Not_Exist");
    let checks: Vec<FriendshipCheckFriendTypeResult> = decode("friendship_check_friend_type");
    assert_eq!(checks[0].relation, FriendCheckRelation::BothWay);
}

#[test]
fn conversation_example_carries_its_last_message() {
    let conv: Conversation = decode("conv_create");
    assert_eq!(conv.id().unwrap().as_str(), "c2c_user2");
    assert_eq!(conv.unread_count, 1);
    assert!(conv.has_last_msg);
    assert_eq!(conv.last_msg.as_ref().unwrap().plain_text(), "12");
}

#[test]
fn batch_send_example_keeps_each_recipients_message() {
    let results: Vec<MsgBatchSendResult> = decode("msg_batch_send");
    assert_eq!(results.len(), 2);
    assert_eq!(results[1].identifier, "test_win_02");
    let msg = results[1].msg.as_ref().unwrap();
    assert_eq!(msg.plain_text(), "this is batch send msgs");
    assert_eq!(msg.priority, MsgPriority::Normal);
}
