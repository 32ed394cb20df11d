//! The SDK 8.6 headers' enum values and key strings (spec `c-api-headers.md` §3, §4), and the
//! rule that a number the model does not know keeps its number.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Debug;
use timbot::core::*;

fn from<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

fn to(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap()
}

/// Each pair decodes from its number, encodes back to it, and `from_value`/`value` agree.
fn pin<T>(pairs: &[(i64, T)], from_value: fn(i64) -> T, value: fn(T) -> i64)
where
    T: DeserializeOwned + Serialize + PartialEq + Debug + Copy,
{
    for &(n, expected) in pairs {
        assert_eq!(from::<T>(json!(n)), expected, "{n} decodes");
        assert_eq!(to(&expected), json!(n), "{expected:?} encodes");
        assert_eq!(from_value(n), expected);
        assert_eq!(value(expected), n);
    }
}

#[test]
fn elem_types_are_the_86_values() {
    use ElemType::*;
    pin(
        &[
            (0, Text),
            (1, Image),
            (2, Sound),
            (3, Custom),
            (4, File),
            (5, GroupTips),
            (6, Face),
            (7, Location),
            (8, GroupReport),
            (9, Video),
            (10, FriendChange),
            (11, ProfileChange),
            (12, Merge),
            (-1, Invalid),
        ],
        ElemType::from_value,
        ElemType::value,
    );
}

#[test]
fn elem_type_12_is_a_merge_element_with_nested_messages() {
    let elem: Elem = from(json!({
        "elem_type": 12,
        "merge_elem_title": "Chat history",
        "merge_elem_abstract_array": ["a: hi", "b: hello"],
        "merge_elem_compatible_text": "upgrade to see this",
        "merge_elem_layer_over_limit": false,
        "merge_elem_message_array": [
            {"message_elem_array": [{"elem_type": 0, "text_elem_content": "hi"}], "message_sender": "a"}
        ]
    }));
    let Elem::Merge(merge) = &elem else {
        panic!("expected a merge element, got {elem:?}");
    };
    assert_eq!(merge.title, "Chat history");
    assert_eq!(merge.abstract_list, ["a: hi", "b: hello"]);
    assert_eq!(merge.messages[0].plain_text(), "hi");
    assert_eq!(to(&elem)["elem_type"], 12);
    assert_eq!(
        to(&elem)["merge_elem_message_array"][0]["message_sender"],
        "a"
    );
}

#[test]
fn message_status_starts_at_1_and_2_is_sent() {
    use MsgStatus::*;
    pin(
        &[
            (1, Sending),
            (2, Sent),
            (3, SendFailed),
            (4, Deleted),
            (5, LocalImported),
            (6, Revoked),
            (7, Cancelled),
        ],
        MsgStatus::from_value,
        MsgStatus::value,
    );
    let m: Message = from(json!({"message_status": 2}));
    assert_eq!(m.status, MsgStatus::Sent);
}

#[test]
fn member_roles_are_0_200_300_400() {
    use MemberRole::*;
    pin(
        &[(0, None), (200, Normal), (300, Admin), (400, Owner)],
        MemberRole::from_value,
        MemberRole::value,
    );
    let member: GroupMemberInfo = from(json!({"group_member_info_member_role": 400}));
    assert_eq!(member.member_role, MemberRole::Owner);
    assert!(Owner.is_admin_or_owner() && Admin.is_admin_or_owner() && !Normal.is_admin_or_owner());
    // The 5.6 value 3 (then "Owner") is not a role in 8.6: it is kept as an unknown number.
    assert_eq!(MemberRole::from_value(3), MemberRole::Unknown(3));
}

#[test]
fn group_types_are_the_86_values_and_also_decode_from_their_names() {
    use GroupType::*;
    pin(
        &[
            (0, Public),
            (1, Work),
            (2, Meeting),
            (3, BChatRoom),
            (4, AVChatRoom),
            (5, Community),
        ],
        GroupType::from_value,
        GroupType::value,
    );
    for (name, expected) in [
        ("Public", Public),
        ("Private", Work),
        ("Work", Work),
        ("ChatRoom", Meeting),
        ("Meeting", Meeting),
        ("AVChatRoom", AVChatRoom),
        ("BChatRoom", BChatRoom),
        ("Community", Community),
    ] {
        assert_eq!(from::<GroupType>(json!(name)), expected, "{name}");
    }
    let info: GroupInfo = from(json!({"group_detail_info_group_type": "Public"}));
    assert_eq!(info.group_type, Public);
    let info: GroupInfo = from(json!({"group_detail_info_group_type": 4}));
    assert_eq!(info.group_type, AVChatRoom);
    assert_eq!(to(&info)["group_detail_info_group_type"], 4);
    assert!(serde_json::from_value::<GroupType>(json!("Nonsense")).is_err());
}

#[test]
fn other_enums_are_the_86_values() {
    pin(
        &[
            (0, ConvType::Invalid),
            (1, ConvType::C2C),
            (2, ConvType::Group),
            (3, ConvType::System),
        ],
        ConvType::from_value,
        ConvType::value,
    );
    pin(
        &[
            (0, MsgPriority::High),
            (1, MsgPriority::Normal),
            (2, MsgPriority::Low),
            (3, MsgPriority::Lowest),
        ],
        MsgPriority::from_value,
        MsgPriority::value,
    );
    pin(
        &[
            (0, Platform::Other),
            (3, Platform::Ios),
            (5, Platform::Simulator),
        ],
        Platform::from_value,
        Platform::value,
    );
    pin(
        &[
            (0, GroupAddOption::Forbid),
            (1, GroupAddOption::Auth),
            (2, GroupAddOption::Any),
            (3, GroupAddOption::Unset),
        ],
        GroupAddOption::from_value,
        GroupAddOption::value,
    );
    pin(
        &[
            (1, GroupAtType::AtMe),
            (2, GroupAtType::AtAll),
            (3, GroupAtType::AtAllAtMe),
        ],
        GroupAtType::from_value,
        GroupAtType::value,
    );
    pin(
        &[
            (0, SignalingActionType::Unspecified),
            (1, SignalingActionType::Invite),
            (2, SignalingActionType::CancelInvite),
            (3, SignalingActionType::AcceptInvite),
            (4, SignalingActionType::RejectInvite),
            (5, SignalingActionType::InviteTimeout),
        ],
        SignalingActionType::from_value,
        SignalingActionType::value,
    );
    pin(
        &[
            (0, GroupPendencyType::JoinNeedApprovedByAdmin),
            (1, GroupPendencyType::InviteNeedApprovedByInvitee),
            (2, GroupPendencyType::InviteNeedApprovedByAdmin),
        ],
        GroupPendencyType::from_value,
        GroupPendencyType::value,
    );
    pin(
        &[
            (0, GroupTipType::None),
            (1, GroupTipType::Invite),
            (3, GroupTipType::Kick),
            (7, GroupTipType::MemberInfoChange),
            (11, GroupTipType::PinnedMessageDeleted),
        ],
        GroupTipType::from_value,
        GroupTipType::value,
    );
    pin(
        &[
            (1, GroupTipGroupChangeFlag::Name),
            (5, GroupTipGroupChangeFlag::Owner),
            (8, GroupTipGroupChangeFlag::ShutupAll),
            (10, GroupTipGroupChangeFlag::MessageReceiveOpt),
            (17, GroupTipGroupChangeFlag::TopicMemberMaxCount),
        ],
        GroupTipGroupChangeFlag::from_value,
        GroupTipGroupChangeFlag::value,
    );
    pin(
        &[
            (0, Gender::Unspecified),
            (1, Gender::Male),
            (2, Gender::Female),
        ],
        Gender::from_value,
        Gender::value,
    );
}

#[test]
fn group_report_types_run_0_to_24_in_header_order() {
    use GroupReportType::*;
    let order = [
        None,
        AddRequest,
        AddAccept,
        AddRefuse,
        BeKicked,
        Delete,
        Create,
        Invite,
        Quit,
        GrantAdmin,
        CancelAdmin,
        GroupRecycle,
        InviteReqToInvitee,
        InviteAccept,
        InviteRefuse,
        ReadReport,
        UserDefine,
        ShutUpMember,
        TopicCreate,
        TopicDelete,
        GroupMessageRead,
        GroupMessageRecvOption,
        BannedFromGroup,
        UnbannedFromGroup,
        InviteReqToAdmin,
    ];
    let pairs: Vec<(i64, GroupReportType)> = (0..).zip(order).collect();
    pin(&pairs, GroupReportType::from_value, GroupReportType::value);
    assert_eq!(
        GroupReportType::from_value(25),
        GroupReportType::Unknown(25)
    );
}

#[test]
fn owner_transfer_is_bit_31_and_encodes_as_the_header_example_does() {
    let param: GroupModifyInfoParam = from(json!({
        "group_modify_info_param_group_id": "g1",
        "group_modify_info_param_modify_flag": -2147483648i64,
        "group_modify_info_param_owner": "alice"
    }));
    assert_eq!(param.modify_flag, GroupModifyInfoFlag::OWNER);
    assert_eq!(param.modify_flag.bits(), 1 << 31);
    assert_eq!(
        to(&param)["group_modify_info_param_modify_flag"],
        -2147483648i64
    );
    // The unsigned spelling of the same bit decodes to the same flag.
    let unsigned: GroupModifyInfoFlag = from(json!(2147483648u64));
    assert_eq!(unsigned, GroupModifyInfoFlag::OWNER);
    // Named bits and the bit operators.
    let flags: GroupModifyInfoFlag = from(json!(1 | 2 | 256));
    assert!(flags.contains(GroupModifyInfoFlag::NAME | GroupModifyInfoFlag::NOTIFICATION));
    assert!(flags.contains(GroupModifyInfoFlag::SHUTUP_ALL));
    assert!(!flags.contains(GroupModifyInfoFlag::OWNER));
    let mut f = GroupModifyInfoFlag::NONE;
    f |= GroupModifyInfoFlag::FACE_URL;
    f.insert(GroupModifyInfoFlag::CUSTOM);
    assert_eq!(f.bits(), 8 | 512);
    f.remove(GroupModifyInfoFlag::FACE_URL);
    assert_eq!(f, GroupModifyInfoFlag::CUSTOM);
}

#[test]
fn member_modify_and_get_info_flags_are_the_header_bits() {
    assert_eq!(GroupMemberModifyFlag::MSG_FLAG.bits(), 1);
    assert_eq!(GroupMemberModifyFlag::MEMBER_ROLE.bits(), 2);
    assert_eq!(GroupMemberModifyFlag::SHUTUP_TIME.bits(), 4);
    assert_eq!(GroupMemberModifyFlag::NAME_CARD.bits(), 8);
    assert_eq!(GroupMemberModifyFlag::CUSTOM.bits(), 16);
    let mute: GroupModifyMemberInfoParam = from(json!({
        "group_modify_member_info_group_id": "g1",
        "group_modify_member_info_identifier": "bob",
        "group_modify_member_info_modify_flag": 4,
        "group_modify_member_info_shutup_time": 600
    }));
    assert_eq!(mute.modify_flag, GroupMemberModifyFlag::SHUTUP_TIME);
    assert_eq!(mute.shutup_time, 600);
    assert_eq!(GroupGetInfoFlag::SHUTUP_ALL.bits(), 1 << 19);
    assert_eq!(GroupMemberInfoFlag::NAME_CARD.bits(), 1 << 5);
    // The SDK's "all fields" default is written unsigned, as 0xffffffff.
    assert_eq!(to(&GroupGetInfoFlag::ALL), json!(4294967295u64));
    assert_eq!(from::<GroupGetInfoFlag>(json!(-1)), GroupGetInfoFlag::ALL);
}

#[test]
fn unknown_numbers_are_kept_and_encode_back_unchanged() {
    assert_eq!(from::<MemberRole>(json!(500)), MemberRole::Unknown(500));
    assert_eq!(to(&MemberRole::Unknown(500)), json!(500));
    assert_eq!(from::<MsgStatus>(json!(99)), MsgStatus::Unknown(99));
    assert_eq!(from::<GroupType>(json!(42)), GroupType::Unknown(42));
    assert_eq!(from::<ElemType>(json!(13)), ElemType::Unknown(13));

    let raw = json!({"elem_type": 99, "future_elem_payload": {"x": [1, 2]}});
    let elem: Elem = from(raw.clone());
    assert_eq!(elem.elem_type(), ElemType::Unknown(99));
    assert!(matches!(&elem, Elem::Unknown { raw: kept, .. } if kept == &raw));
    assert_eq!(to(&elem), raw);
}

#[test]
fn the_86_at_all_marker_is_the_header_string() {
    assert_eq!(AT_ALL, "__kImSDK_MessageAtALL__");
    assert_eq!(AT_ALL_LEGACY, "__kImSDK_MesssageAtALL__");
}

#[test]
fn a_message_encodes_with_the_86_key_strings() {
    let mut m = Message::new(ConvType::Group, "g1", vec![Elem::text("hello")]);
    m.priority = MsgPriority::High;
    m.is_online_msg = true;
    m.excluded_from_unread_count = true;
    m.excluded_from_last_message = true;
    m.need_read_receipt = true;
    m.cloud_custom_str = "{\"k\":1}".into();
    m.group_at_user_array = vec![AT_ALL.into(), "bob".into()];
    m.offline_push_config = Some(Box::new(OfflinePushConfig {
        title: "t".into(),
        desc: "d".into(),
        flag: OfflinePushFlag::NoPush,
        ..Default::default()
    }));
    let json = to(&m);
    assert_eq!(json["message_conv_type"], 2);
    assert_eq!(json["message_conv_id"], "g1");
    assert_eq!(json["message_priority"], 0);
    assert_eq!(json["message_is_online_msg"], true);
    assert_eq!(json["message_is_excluded_from_unread_count"], true);
    assert_eq!(json["message_excluded_from_last_message"], true);
    assert_eq!(json["message_need_read_receipt"], true);
    assert_eq!(json["message_cloud_custom_str"], "{\"k\":1}");
    assert_eq!(json["message_group_at_user_array"], json!([AT_ALL, "bob"]));
    assert_eq!(
        json["message_offline_push_config"]["offline_push_config_flag"],
        1
    );
    assert_eq!(
        json["message_elem_array"],
        json!([{"elem_type": 0, "text_elem_content": "hello"}])
    );
    assert!(json.get("message_offlie_push_config").is_none());
    assert!(
        json.get("message_sender_profile").is_none(),
        "absent objects are left out"
    );
    assert_eq!(from::<Message>(json), m);
}

#[test]
fn every_element_kind_encodes_its_tag_and_keys() {
    let elems = vec![
        (Elem::text("t"), 0, "text_elem_content"),
        (Elem::Image(ImageElem::default()), 1, "image_elem_orig_path"),
        (Elem::Sound(SoundElem::default()), 2, "sound_elem_file_path"),
        (Elem::Custom(CustomElem::default()), 3, "custom_elem_data"),
        (Elem::File(FileElem::default()), 4, "file_elem_file_name"),
        (
            Elem::GroupTips(GroupTipsElem::default()),
            5,
            "group_tips_elem_tip_type",
        ),
        (
            Elem::Face(FaceElem {
                index: 3,
                buf: "x".into(),
            }),
            6,
            "face_elem_index",
        ),
        (
            Elem::Location(LocationElem::default()),
            7,
            "location_elem_latitude",
        ),
        (
            Elem::GroupReport(GroupReportElem::default()),
            8,
            "group_report_elem_report_type",
        ),
        (Elem::Video(VideoElem::default()), 9, "video_elem_video_url"),
        (
            Elem::FriendChange(FriendChangeElem::default()),
            10,
            "friend_change_elem_change_type",
        ),
        (
            Elem::ProfileChange(ProfileChangeElem::default()),
            11,
            "profile_change_elem_change_type",
        ),
        (
            Elem::Merge(MergeElem::default()),
            12,
            "merge_elem_compatible_text",
        ),
    ];
    for (elem, tag, key) in elems {
        let json = to(&elem);
        assert_eq!(json["elem_type"], tag, "{elem:?}");
        assert!(json.get(key).is_some(), "{key} missing in {json}");
        assert_eq!(from::<Elem>(json), elem);
    }
}

#[test]
fn group_tip_member_changes_use_the_mixed_case_mute_key() {
    let tip: GroupTipsElem = from(json!({
        "group_tips_elem_tip_type": 7,
        "group_tips_elem_member_change_info_array": [
            {"group_tips_member_change_info_identifier": "bob", "group_tips_member_change_info_shutupTime": 600}
        ]
    }));
    assert_eq!(tip.tip_type, GroupTipType::MemberInfoChange);
    assert_eq!(tip.member_change_info_array[0].shutup_time, 600);
    let json = to(&tip);
    assert_eq!(
        json["group_tips_elem_member_change_info_array"][0]
            ["group_tips_member_change_info_shutupTime"],
        600
    );
}

#[test]
fn signaling_and_conversation_at_info_decode() {
    let info: SignalingInfo = from(json!({
        "signaling_info_invite_id": "inv1",
        "signaling_info_inviter": "alice",
        "signaling_info_invitee_list": ["bob", "carol"],
        "signaling_info_action_type": 5,
        "signaling_info_timeout": 30
    }));
    assert_eq!(info.action_type, SignalingActionType::InviteTimeout);
    assert_eq!(info.invitee_list, ["bob", "carol"]);
    assert_eq!(info.timeout, 30);

    let conv: Conversation = from(json!({
        "conv_id": "g1", "conv_type": 2, "conv_unread_num": 4, "conv_group_type": 1,
        "conv_group_at_info_array": [{"conv_group_at_info_seq": 17, "conv_group_at_info_at_type": 3}]
    }));
    assert_eq!(conv.id().unwrap().as_str(), "group_g1");
    assert_eq!(conv.group_type, GroupType::Work);
    assert_eq!(conv.group_at_info_array[0].seq, 17);
    assert_eq!(conv.group_at_info_array[0].at_type, GroupAtType::AtAllAtMe);
    assert!(conv.is_at_me() && conv.is_at_all());
}
