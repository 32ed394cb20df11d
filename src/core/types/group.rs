//! Groups: types, join options, member roles, the group and member objects, and the bit flags
//! that select what to read or change.

use serde::{Deserialize, Serialize};

use super::conversation::ReceiveMessageOpt;
use super::lenient::{self, bit_flags, im_enum};

im_enum! {
    /// A group's type (`TIMGroupType`). Old SDKs wrote it as a string (`"Public"`), newer ones
    /// as the number; both decode. The REST API's names (`"Work"`, `"Meeting"`) decode too.
    pub enum GroupType {
        /// Public group: apply to join, owner/admin approves (0).
        Public = 0 ["Public"],
        /// Work group (the old "Private"): invite only (1).
        Work = 1 ["Work", "Private"],
        /// Meeting group (the old "ChatRoom"): free join (2).
        Meeting = 2 ["Meeting", "ChatRoom"],
        /// Online broadcast group (3).
        BChatRoom = 3 ["BChatRoom"],
        /// Live-stream room: no cap, free join (4).
        AVChatRoom = 4 ["AVChatRoom"],
        /// Community (5).
        Community = 5 ["Community"],
    }
    default = Public;
}

impl GroupType {
    /// The older name of [`GroupType::Work`].
    pub const PRIVATE: GroupType = GroupType::Work;
    /// The older name of [`GroupType::Meeting`].
    pub const CHAT_ROOM: GroupType = GroupType::Meeting;

    /// The group type's name as the REST API spells it (`"Public"`, `"Work"`, ...), if known.
    pub fn rest_name(self) -> Option<&'static str> {
        Some(match self {
            GroupType::Public => "Public",
            GroupType::Work => "Work",
            GroupType::Meeting => "Meeting",
            GroupType::BChatRoom => "BChatRoom",
            GroupType::AVChatRoom => "AVChatRoom",
            GroupType::Community => "Community",
            GroupType::Unknown(_) => return None,
        })
    }
}

im_enum! {
    /// How users may join a group (`TIMGroupAddOption`); also used for invite approval.
    pub enum GroupAddOption {
        /// Nobody may join (0).
        Forbid = 0 ["FreeAccess_Forbid", "DisableApply"],
        /// Owner/admin approval needed (1).
        Auth = 1 ["NeedPermission"],
        /// Anyone may join (2).
        Any = 2 ["FreeAccess"],
        /// Not set (3).
        Unset = 3,
    }
    default = Unset;
}

im_enum! {
    /// A member's role in a group (`TIMGroupMemberRole`, 8.6 values).
    pub enum MemberRole {
        /// Not defined (0).
        None = 0,
        /// Plain member (200).
        Normal = 200 ["Member"],
        /// Admin (300).
        Admin = 300,
        /// Owner (400).
        Owner = 400,
    }
    default = None;
}

impl MemberRole {
    /// Whether this role may manage the group (admin or owner).
    pub fn is_admin_or_owner(self) -> bool {
        matches!(self, MemberRole::Admin | MemberRole::Owner)
    }
}

im_enum! {
    /// How a member joined, on an invite tip (`TIMGroupJoinType`).
    pub enum GroupJoinType {
        /// Unknown (0).
        None = 0,
        /// By applying (1).
        Apply = 1,
        /// By invitation (2).
        Invite = 2,
    }
    default = None;
}

bit_flags! {
    /// Which group fields a modify call changes (`TIMGroupModifyInfoFlag`). The owner-transfer
    /// bit is bit 31 and is written as `-2147483648`, as the header's example does.
    pub struct GroupModifyInfoFlag: signed {
        /// Nothing.
        const NONE = 0;
        /// Name.
        const NAME = 1;
        /// Announcement.
        const NOTIFICATION = 1 << 1;
        /// Introduction.
        const INTRODUCTION = 1 << 2;
        /// Avatar URL.
        const FACE_URL = 1 << 3;
        /// Join-request approval option.
        const ADD_OPTION = 1 << 4;
        /// Member cap.
        const MAX_MEMBER_NUM = 1 << 5;
        /// Visibility.
        const VISIBLE = 1 << 6;
        /// Searchability.
        const SEARCHABLE = 1 << 7;
        /// Mute everyone.
        const SHUTUP_ALL = 1 << 8;
        /// Custom fields.
        const CUSTOM = 1 << 9;
        /// Topic custom string.
        const TOPIC_CUSTOM_STRING = 1 << 11;
        /// Invite approval option.
        const APPROVE_OPTION = 1 << 12;
        /// Permission groups (Community).
        const ENABLE_PERMISSION_GROUP = 1 << 13;
        /// Default permissions (Community).
        const DEFAULT_PERMISSIONS = 1 << 14;
        /// Transfer ownership (bit 31; must be used alone).
        const OWNER = 1 << 31;
    }
}

bit_flags! {
    /// Which member fields a modify call changes (`TIMGroupMemberModifyInfoFlag`).
    pub struct GroupMemberModifyFlag: signed {
        /// Nothing.
        const NONE = 0;
        /// Receive option.
        const MSG_FLAG = 1;
        /// Role (grant or revoke admin).
        const MEMBER_ROLE = 1 << 1;
        /// Mute time.
        const SHUTUP_TIME = 1 << 2;
        /// Name card.
        const NAME_CARD = 1 << 3;
        /// Custom member fields.
        const CUSTOM = 1 << 4;
    }
}

bit_flags! {
    /// Which group fields to fetch (`TIMGroupGetInfoFlag`); the SDK's default is all bits.
    pub struct GroupGetInfoFlag: unsigned {
        /// Nothing.
        const NONE = 0;
        /// Name.
        const NAME = 1;
        /// Creation time.
        const CREATE_TIME = 1 << 1;
        /// Owner account.
        const OWNER_UIN = 1 << 2;
        /// Seq.
        const SEQ = 1 << 3;
        /// Last profile change time.
        const LAST_TIME = 1 << 4;
        /// Next message seq.
        const NEXT_MSG_SEQ = 1 << 5;
        /// Last message time.
        const LAST_MSG_TIME = 1 << 6;
        /// SDKAppID.
        const APP_ID = 1 << 7;
        /// Member count.
        const MEMBER_NUM = 1 << 8;
        /// Member cap.
        const MAX_MEMBER_NUM = 1 << 9;
        /// Announcement.
        const NOTIFICATION = 1 << 10;
        /// Introduction.
        const INTRODUCTION = 1 << 11;
        /// Avatar URL.
        const FACE_URL = 1 << 12;
        /// Join option.
        const ADD_OPTION = 1 << 13;
        /// Group type.
        const GROUP_TYPE = 1 << 14;
        /// Last message.
        const LAST_MSG = 1 << 15;
        /// Online count.
        const ONLINE_NUM = 1 << 16;
        /// Visible.
        const VISIBLE = 1 << 17;
        /// Searchable.
        const SEARCHABLE = 1 << 18;
        /// Mute-all.
        const SHUTUP_ALL = 1 << 19;
        /// Every field (the SDK's default, `0xffffffff`).
        const ALL = u32::MAX;
    }
}

bit_flags! {
    /// Which member fields to fetch (`TIMGroupMemberInfoFlag`).
    pub struct GroupMemberInfoFlag: unsigned {
        /// Nothing.
        const NONE = 0;
        /// Join time.
        const JOIN_TIME = 1;
        /// Receive option.
        const MSG_FLAG = 1 << 1;
        /// Read seq.
        const MSG_SEQ = 1 << 2;
        /// Role.
        const MEMBER_ROLE = 1 << 3;
        /// Mute time.
        const SHUTUP_UNTIL = 1 << 4;
        /// Name card.
        const NAME_CARD = 1 << 5;
        /// Every field (the SDK's default, `0xffffffff`).
        const ALL = u32::MAX;
    }
}

bit_flags! {
    /// Which roles to list (`TIMGroupMemberRoleFlag`); empty means all roles.
    pub struct GroupMemberRoleFlag: unsigned {
        /// All roles.
        const ALL = 0;
        /// The owner.
        const OWNER = 1;
        /// Admins (not the owner).
        const ADMIN = 1 << 1;
        /// Plain members.
        const MEMBER = 1 << 2;
    }
}

/// One custom group field (`GroupInfoCustomString`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupInfoCustomString {
    /// Field name (`group_info_custom_string_info_key`).
    #[serde(
        rename = "group_info_custom_string_info_key",
        deserialize_with = "lenient::string"
    )]
    pub key: String,
    /// Field value (`group_info_custom_string_info_value`).
    #[serde(
        rename = "group_info_custom_string_info_value",
        deserialize_with = "lenient::string"
    )]
    pub value: String,
}

/// One custom member field (`GroupMemberInfoCustomString`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupMemberInfoCustomString {
    /// Field name (`group_member_info_custom_string_info_key`).
    #[serde(
        rename = "group_member_info_custom_string_info_key",
        deserialize_with = "lenient::string"
    )]
    pub key: String,
    /// Field value (`group_member_info_custom_string_info_value`).
    #[serde(
        rename = "group_member_info_custom_string_info_value",
        deserialize_with = "lenient::string"
    )]
    pub value: String,
}

/// A group's full profile (`GroupDetailInfo`). Older SDKs spelled every key
/// `group_detial_info_*`; those decode too.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupInfo {
    /// Group id (`group_detail_info_group_id`).
    #[serde(
        rename = "group_detail_info_group_id",
        alias = "group_detial_info_group_id",
        deserialize_with = "lenient::string"
    )]
    pub group_id: String,
    /// Group type (`group_detail_info_group_type`).
    #[serde(
        rename = "group_detail_info_group_type",
        alias = "group_detial_info_group_type"
    )]
    pub group_type: GroupType,
    /// Whether topics are supported (Community) (`group_detail_info_is_support_topic`).
    #[serde(
        rename = "group_detail_info_is_support_topic",
        alias = "group_detial_info_is_support_topic",
        deserialize_with = "lenient::boolean"
    )]
    pub is_support_topic: bool,
    /// Name (`group_detail_info_group_name`).
    #[serde(
        rename = "group_detail_info_group_name",
        alias = "group_detial_info_group_name",
        deserialize_with = "lenient::string"
    )]
    pub group_name: String,
    /// Announcement (`group_detail_info_notification`).
    #[serde(
        rename = "group_detail_info_notification",
        alias = "group_detial_info_notification",
        deserialize_with = "lenient::string"
    )]
    pub notification: String,
    /// Introduction (`group_detail_info_introduction`).
    #[serde(
        rename = "group_detail_info_introduction",
        alias = "group_detial_info_introduction",
        deserialize_with = "lenient::string"
    )]
    pub introduction: String,
    /// Avatar URL (`group_detail_info_face_url`).
    #[serde(
        rename = "group_detail_info_face_url",
        alias = "group_detial_info_face_url",
        deserialize_with = "lenient::string"
    )]
    pub face_url: String,
    /// Creation time, Unix seconds (`group_detail_info_create_time`).
    #[serde(
        rename = "group_detail_info_create_time",
        alias = "group_detial_info_create_time",
        deserialize_with = "lenient::number"
    )]
    pub create_time: u64,
    /// Profile seq (`group_detail_info_info_seq`).
    #[serde(
        rename = "group_detail_info_info_seq",
        alias = "group_detial_info_info_seq",
        deserialize_with = "lenient::number"
    )]
    pub info_seq: u64,
    /// Last profile change time (`group_detail_info_last_info_time`).
    #[serde(
        rename = "group_detail_info_last_info_time",
        alias = "group_detial_info_last_info_time",
        deserialize_with = "lenient::number"
    )]
    pub last_info_time: u64,
    /// Next message seq (`group_detail_info_next_msg_seq`).
    #[serde(
        rename = "group_detail_info_next_msg_seq",
        alias = "group_detial_info_next_msg_seq",
        deserialize_with = "lenient::number"
    )]
    pub next_msg_seq: u64,
    /// Last message time (`group_detail_info_last_msg_time`).
    #[serde(
        rename = "group_detail_info_last_msg_time",
        alias = "group_detial_info_last_msg_time",
        deserialize_with = "lenient::number"
    )]
    pub last_msg_time: u64,
    /// Member count (`group_detail_info_member_num`).
    #[serde(
        rename = "group_detail_info_member_num",
        alias = "group_detial_info_member_num",
        deserialize_with = "lenient::number"
    )]
    pub member_num: u32,
    /// Member cap (`group_detail_info_max_member_num`).
    #[serde(
        rename = "group_detail_info_max_member_num",
        alias = "group_detial_info_max_member_num",
        deserialize_with = "lenient::number"
    )]
    pub max_member_num: u32,
    /// Join option (`group_detail_info_add_option`).
    #[serde(
        rename = "group_detail_info_add_option",
        alias = "group_detial_info_add_option"
    )]
    pub add_option: GroupAddOption,
    /// Invite approval option (`group_detail_info_approve_option`).
    #[serde(
        rename = "group_detail_info_approve_option",
        alias = "group_detial_info_approve_option"
    )]
    pub approve_option: GroupAddOption,
    /// Visible (`group_detail_info_visible`; a number, some examples write a boolean).
    #[serde(
        rename = "group_detail_info_visible",
        alias = "group_detial_info_visible",
        deserialize_with = "lenient::number"
    )]
    pub visible: u32,
    /// Searchable (`group_detail_info_searchable`; a number, some examples write a boolean).
    #[serde(
        rename = "group_detail_info_searchable",
        alias = "group_detial_info_searchable",
        deserialize_with = "lenient::number"
    )]
    pub searchable: u32,
    /// Everyone muted (`group_detail_info_is_shutup_all`).
    #[serde(
        rename = "group_detail_info_is_shutup_all",
        alias = "group_detial_info_is_shutup_all",
        deserialize_with = "lenient::boolean"
    )]
    pub is_shutup_all: bool,
    /// Owner's user id (`group_detail_info_owner_identifier`).
    #[serde(
        rename = "group_detail_info_owner_identifier",
        alias = "group_detial_info_owener_identifier",
        alias = "group_detial_info_owner_identifier",
        deserialize_with = "lenient::string"
    )]
    pub owner_identifier: String,
    /// Custom fields (`group_detail_info_custom_info`).
    #[serde(
        rename = "group_detail_info_custom_info",
        alias = "group_detial_info_custom_info",
        deserialize_with = "lenient::seq"
    )]
    pub custom_info: Vec<GroupInfoCustomString>,
    /// Permission groups on (Community, 7.8+) (`group_detail_info_enable_permission_group`).
    #[serde(
        rename = "group_detail_info_enable_permission_group",
        deserialize_with = "lenient::boolean"
    )]
    pub enable_permission_group: bool,
    /// Default permissions (Community, 7.8+) (`group_detail_info_default_permissions`).
    #[serde(
        rename = "group_detail_info_default_permissions",
        deserialize_with = "lenient::number"
    )]
    pub default_permissions: u64,
    /// Online members (deprecated) (`group_detail_info_online_member_num`).
    #[serde(
        rename = "group_detail_info_online_member_num",
        alias = "group_detial_info_online_member_num",
        deserialize_with = "lenient::number"
    )]
    pub online_member_num: u32,
}

/// My own standing in a group (`GroupSelfInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupSelfInfo {
    /// When I joined, Unix seconds (`group_self_info_join_time`).
    #[serde(
        rename = "group_self_info_join_time",
        deserialize_with = "lenient::number"
    )]
    pub join_time: u64,
    /// My role (`group_self_info_role`).
    #[serde(rename = "group_self_info_role")]
    pub role: MemberRole,
    /// My unread count (`group_self_info_unread_num`).
    #[serde(
        rename = "group_self_info_unread_num",
        deserialize_with = "lenient::number"
    )]
    pub unread_num: u64,
    /// My receive option (`group_self_info_msg_flag`).
    #[serde(rename = "group_self_info_msg_flag")]
    pub msg_flag: ReceiveMessageOpt,
}

/// A joined group's summary (`GroupBaseInfo`), as the joined-group list returns it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupBaseInfo {
    /// Group id (`group_base_info_group_id`).
    #[serde(
        rename = "group_base_info_group_id",
        deserialize_with = "lenient::string"
    )]
    pub group_id: String,
    /// Name (`group_base_info_group_name`).
    #[serde(
        rename = "group_base_info_group_name",
        deserialize_with = "lenient::string"
    )]
    pub group_name: String,
    /// Type (`group_base_info_group_type`).
    #[serde(rename = "group_base_info_group_type")]
    pub group_type: GroupType,
    /// Avatar URL (`group_base_info_face_url`).
    #[serde(
        rename = "group_base_info_face_url",
        deserialize_with = "lenient::string"
    )]
    pub face_url: String,
    /// Profile seq (`group_base_info_info_seq`).
    #[serde(
        rename = "group_base_info_info_seq",
        deserialize_with = "lenient::number"
    )]
    pub info_seq: u64,
    /// Latest message seq (`group_base_info_latest_seq`; old `group_base_info_lastest_seq`).
    #[serde(
        rename = "group_base_info_latest_seq",
        alias = "group_base_info_lastest_seq",
        deserialize_with = "lenient::number"
    )]
    pub latest_seq: u64,
    /// My read seq (`group_base_info_readed_seq`).
    #[serde(
        rename = "group_base_info_readed_seq",
        deserialize_with = "lenient::number"
    )]
    pub readed_seq: u64,
    /// Receive option (`group_base_info_msg_flag`).
    #[serde(
        rename = "group_base_info_msg_flag",
        deserialize_with = "lenient::number"
    )]
    pub msg_flag: u32,
    /// Everyone muted (`group_base_info_is_shutup_all`).
    #[serde(
        rename = "group_base_info_is_shutup_all",
        deserialize_with = "lenient::boolean"
    )]
    pub is_shutup_all: bool,
    /// My standing (`group_base_info_self_info`).
    #[serde(
        rename = "group_base_info_self_info",
        skip_serializing_if = "Option::is_none"
    )]
    pub self_info: Option<GroupSelfInfo>,
}

/// A group member (`GroupMemberInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupMemberInfo {
    /// User id (`group_member_info_identifier`).
    #[serde(
        rename = "group_member_info_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// Group id (`group_member_info_group_id`).
    #[serde(
        rename = "group_member_info_group_id",
        deserialize_with = "lenient::string"
    )]
    pub group_id: String,
    /// Join time, Unix seconds (`group_member_info_join_time`).
    #[serde(
        rename = "group_member_info_join_time",
        deserialize_with = "lenient::number"
    )]
    pub join_time: u64,
    /// Role (`group_member_info_member_role`).
    #[serde(rename = "group_member_info_member_role")]
    pub member_role: MemberRole,
    /// Receive option (`group_member_info_msg_flag`).
    #[serde(rename = "group_member_info_msg_flag")]
    pub msg_flag: ReceiveMessageOpt,
    /// Read seq (`group_member_info_msg_seq`).
    #[serde(
        rename = "group_member_info_msg_seq",
        deserialize_with = "lenient::number"
    )]
    pub msg_seq: u64,
    /// Muted until / mute time (unit not stated by the header) (`group_member_info_shutup_time`).
    #[serde(
        rename = "group_member_info_shutup_time",
        deserialize_with = "lenient::number"
    )]
    pub shutup_time: u64,
    /// Group name card (`group_member_info_name_card`).
    #[serde(
        rename = "group_member_info_name_card",
        deserialize_with = "lenient::string"
    )]
    pub name_card: String,
    /// Nickname (`group_member_info_nick_name`).
    #[serde(
        rename = "group_member_info_nick_name",
        deserialize_with = "lenient::string"
    )]
    pub nick_name: String,
    /// My friend remark for this member (`group_member_info_friend_remark`; old
    /// `group_member_info_remark`).
    #[serde(
        rename = "group_member_info_friend_remark",
        alias = "group_member_info_remark",
        deserialize_with = "lenient::string"
    )]
    pub friend_remark: String,
    /// Avatar URL (`group_member_info_face_url`).
    #[serde(
        rename = "group_member_info_face_url",
        deserialize_with = "lenient::string"
    )]
    pub face_url: String,
    /// Custom member fields (`group_member_info_custom_info`).
    #[serde(
        rename = "group_member_info_custom_info",
        deserialize_with = "lenient::seq"
    )]
    pub custom_info: Vec<GroupMemberInfoCustomString>,
    /// Online (`group_member_info_is_online`; the header types it string, it is a flag).
    #[serde(
        rename = "group_member_info_is_online",
        deserialize_with = "lenient::boolean"
    )]
    pub is_online: bool,
    /// Online devices (`group_member_info_online_devices`).
    #[serde(
        rename = "group_member_info_online_devices",
        deserialize_with = "lenient::seq"
    )]
    pub online_devices: Vec<String>,
}

/// The parameter of a group-profile change (`GroupModifyInfoParam`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupModifyInfoParam {
    /// Group id (`group_modify_info_param_group_id`).
    #[serde(
        rename = "group_modify_info_param_group_id",
        deserialize_with = "lenient::string"
    )]
    pub group_id: String,
    /// What changes (`group_modify_info_param_modify_flag`).
    #[serde(rename = "group_modify_info_param_modify_flag")]
    pub modify_flag: GroupModifyInfoFlag,
    /// New name (`group_modify_info_param_group_name`).
    #[serde(
        rename = "group_modify_info_param_group_name",
        deserialize_with = "lenient::string"
    )]
    pub group_name: String,
    /// New announcement (`group_modify_info_param_notification`).
    #[serde(
        rename = "group_modify_info_param_notification",
        deserialize_with = "lenient::string"
    )]
    pub notification: String,
    /// New introduction (`group_modify_info_param_introduction`).
    #[serde(
        rename = "group_modify_info_param_introduction",
        deserialize_with = "lenient::string"
    )]
    pub introduction: String,
    /// New avatar URL (`group_modify_info_param_face_url`).
    #[serde(
        rename = "group_modify_info_param_face_url",
        deserialize_with = "lenient::string"
    )]
    pub face_url: String,
    /// New join option (`group_modify_info_param_add_option`).
    #[serde(rename = "group_modify_info_param_add_option")]
    pub add_option: GroupAddOption,
    /// New invite approval option (`group_modify_info_param_approve_option`).
    #[serde(rename = "group_modify_info_param_approve_option")]
    pub approve_option: GroupAddOption,
    /// New member cap (`group_modify_info_param_max_member_num`).
    #[serde(
        rename = "group_modify_info_param_max_member_num",
        deserialize_with = "lenient::number"
    )]
    pub max_member_num: u32,
    /// New visibility (`group_modify_info_param_visible`).
    #[serde(
        rename = "group_modify_info_param_visible",
        deserialize_with = "lenient::number"
    )]
    pub visible: u32,
    /// New searchability (`group_modify_info_param_searchable`).
    #[serde(
        rename = "group_modify_info_param_searchable",
        deserialize_with = "lenient::number"
    )]
    pub searchable: u32,
    /// Mute or unmute everyone (`group_modify_info_param_is_shutup_all`).
    #[serde(
        rename = "group_modify_info_param_is_shutup_all",
        deserialize_with = "lenient::boolean"
    )]
    pub is_shutup_all: bool,
    /// The new owner (`group_modify_info_param_owner`); only with [`GroupModifyInfoFlag::OWNER`].
    #[serde(
        rename = "group_modify_info_param_owner",
        deserialize_with = "lenient::string"
    )]
    pub owner: String,
    /// New custom fields (`group_modify_info_param_custom_info`).
    #[serde(
        rename = "group_modify_info_param_custom_info",
        deserialize_with = "lenient::seq"
    )]
    pub custom_info: Vec<GroupInfoCustomString>,
}

/// The parameter of a member change (`GroupModifyMemberInfoParam`): role, mute, name card.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupModifyMemberInfoParam {
    /// Group id (`group_modify_member_info_group_id`).
    #[serde(
        rename = "group_modify_member_info_group_id",
        deserialize_with = "lenient::string"
    )]
    pub group_id: String,
    /// The member (`group_modify_member_info_identifier`).
    #[serde(
        rename = "group_modify_member_info_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// What changes (`group_modify_member_info_modify_flag`).
    #[serde(rename = "group_modify_member_info_modify_flag")]
    pub modify_flag: GroupMemberModifyFlag,
    /// New receive option (`group_modify_member_info_msg_flag`).
    #[serde(rename = "group_modify_member_info_msg_flag")]
    pub msg_flag: ReceiveMessageOpt,
    /// New role (`group_modify_member_info_member_role`).
    #[serde(rename = "group_modify_member_info_member_role")]
    pub member_role: MemberRole,
    /// Mute time (`group_modify_member_info_shutup_time`; unit not stated by the C header).
    #[serde(
        rename = "group_modify_member_info_shutup_time",
        deserialize_with = "lenient::number"
    )]
    pub shutup_time: u64,
    /// New name card (`group_modify_member_info_name_card`).
    #[serde(
        rename = "group_modify_member_info_name_card",
        deserialize_with = "lenient::string"
    )]
    pub name_card: String,
    /// New custom member fields (`group_modify_member_info_custom_info`).
    #[serde(
        rename = "group_modify_member_info_custom_info",
        deserialize_with = "lenient::seq"
    )]
    pub custom_info: Vec<GroupMemberInfoCustomString>,
}
