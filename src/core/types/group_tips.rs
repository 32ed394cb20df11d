//! Group tips (element type 5): what happened in a group, shown to all members.

use serde::{Deserialize, Serialize};

use super::group::{GroupJoinType, GroupMemberInfo};
use super::lenient::{self, im_enum};
use super::profile::UserProfile;

im_enum! {
    /// What a group tip reports (`TIMGroupTipType`).
    pub enum GroupTipType {
        /// Invalid (0).
        None = 0,
        /// Member(s) joined, by invitation or application (1).
        Invite = 1,
        /// A member left (2).
        Quit = 2,
        /// Member(s) removed (3).
        Kick = 3,
        /// Admin granted (4).
        SetAdmin = 4,
        /// Admin revoked (5).
        CancelAdmin = 5,
        /// Group profile changed (6).
        GroupInfoChange = 6,
        /// Member info changed, e.g. muted (7).
        MemberInfoChange = 7,
        /// Member mark changed (8).
        MemberMarkChange = 8,
        /// Topic info changed (9).
        TopicInfoChange = 9,
        /// A message was pinned (10).
        PinnedMessageAdded = 10,
        /// A message was unpinned (11).
        PinnedMessageDeleted = 11,
    }
    default = None;
}

im_enum! {
    /// Which group field a group-info-change tip reports (`TIMGroupTipGroupChangeFlag`, 8.6
    /// values; SDKs before 4.8.10 numbered these from 10).
    pub enum GroupTipGroupChangeFlag {
        /// Unknown (0).
        Unspecified = 0,
        /// Name (1).
        Name = 1,
        /// Introduction (2).
        Introduction = 2,
        /// Announcement (3).
        Notification = 3,
        /// Avatar URL (4).
        FaceUrl = 4,
        /// Owner (5).
        Owner = 5,
        /// Custom field (6).
        Custom = 6,
        /// Group attribute (7).
        Attribute = 7,
        /// Mute-all switch (8).
        ShutupAll = 8,
        /// Topic custom data (9).
        TopicCustomData = 9,
        /// Receive option (10).
        MessageReceiveOpt = 10,
        /// Join-request approval option (11).
        GroupAddOpt = 11,
        /// Invite approval option (12).
        GroupApproveOpt = 12,
        /// Permission groups on/off (13).
        EnablePermissionGroup = 13,
        /// Default permissions (14).
        DefaultPermissions = 14,
        /// Private-topic join approval (15).
        TopicAddOpt = 15,
        /// Private-topic invite approval (16).
        TopicApproveOpt = 16,
        /// Private-topic member cap (17).
        TopicMemberMaxCount = 17,
    }
    default = Unspecified;
}

/// One changed group field (`GroupTipGroupChangeInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupTipGroupChangeInfo {
    /// Which field (`group_tips_group_change_info_flag`).
    #[serde(rename = "group_tips_group_change_info_flag")]
    pub flag: GroupTipGroupChangeFlag,
    /// The new value (`group_tips_group_change_info_value`).
    #[serde(
        rename = "group_tips_group_change_info_value",
        deserialize_with = "lenient::string"
    )]
    pub value: String,
    /// The custom field's key, for [`GroupTipGroupChangeFlag::Custom`]
    /// (`group_tips_group_change_info_key`).
    #[serde(
        rename = "group_tips_group_change_info_key",
        deserialize_with = "lenient::string"
    )]
    pub key: String,
    /// The new switch value, for mute-all and permission groups
    /// (`group_tips_group_change_info_bool_value`).
    #[serde(
        rename = "group_tips_group_change_info_bool_value",
        deserialize_with = "lenient::boolean"
    )]
    pub bool_value: bool,
    /// The new option value, for receive/add/approve options
    /// (`group_tips_group_change_info_int_value`).
    #[serde(
        rename = "group_tips_group_change_info_int_value",
        deserialize_with = "lenient::number"
    )]
    pub int_value: i64,
    /// The new permissions, for default permissions
    /// (`group_tips_group_change_info_uint64_value`).
    #[serde(
        rename = "group_tips_group_change_info_uint64_value",
        deserialize_with = "lenient::number"
    )]
    pub uint64_value: u64,
}

/// One member's changed info, e.g. a mute (`GroupTipMemberChangeInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupTipMemberChangeInfo {
    /// The member (`group_tips_member_change_info_identifier`).
    #[serde(
        rename = "group_tips_member_change_info_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// Mute time; 0 unmutes (`group_tips_member_change_info_shutupTime`, mixed case as written).
    #[serde(
        rename = "group_tips_member_change_info_shutupTime",
        alias = "group_tips_member_change_info_shutup_time",
        deserialize_with = "lenient::number"
    )]
    pub shutup_time: u64,
}

/// One member-mark change (`GroupTipMemberMarkChangeInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupTipMemberMarkChangeInfo {
    /// Mark set or cleared (`group_tips_member_mark_change_info_enableMark`).
    #[serde(
        rename = "group_tips_member_mark_change_info_enableMark",
        deserialize_with = "lenient::boolean"
    )]
    pub enable_mark: bool,
    /// Mark type (`group_tips_member_mark_change_info_markType`).
    #[serde(
        rename = "group_tips_member_mark_change_info_markType",
        deserialize_with = "lenient::number"
    )]
    pub mark_type: u64,
    /// Members (`group_tips_member_mark_change_info_userIDList`).
    #[serde(
        rename = "group_tips_member_mark_change_info_userIDList",
        deserialize_with = "lenient::seq"
    )]
    pub user_id_list: Vec<String>,
}

/// A group tip (element type 5, `GroupTipsElem`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupTipsElem {
    /// What happened (`group_tips_elem_tip_type`).
    #[serde(rename = "group_tips_elem_tip_type")]
    pub tip_type: GroupTipType,
    /// How members joined, on [`GroupTipType::Invite`] (`group_tips_elem_join_type`).
    #[serde(rename = "group_tips_elem_join_type")]
    pub join_type: GroupJoinType,
    /// Who did it (`group_tips_elem_op_user`).
    #[serde(
        rename = "group_tips_elem_op_user",
        deserialize_with = "lenient::string"
    )]
    pub op_user: String,
    /// The group (`group_tips_elem_group_id`).
    #[serde(
        rename = "group_tips_elem_group_id",
        deserialize_with = "lenient::string"
    )]
    pub group_id: String,
    /// The group's name (deprecated) (`group_tips_elem_group_name`).
    #[serde(
        rename = "group_tips_elem_group_name",
        deserialize_with = "lenient::string"
    )]
    pub group_name: String,
    /// The users acted upon (`group_tips_elem_user_array`).
    #[serde(
        rename = "group_tips_elem_user_array",
        deserialize_with = "lenient::seq"
    )]
    pub user_array: Vec<String>,
    /// Changed group fields, on [`GroupTipType::GroupInfoChange`]
    /// (`group_tips_elem_group_change_info_array`).
    #[serde(
        rename = "group_tips_elem_group_change_info_array",
        deserialize_with = "lenient::seq"
    )]
    pub group_change_info_array: Vec<GroupTipGroupChangeInfo>,
    /// Member changes such as mutes, on [`GroupTipType::MemberInfoChange`]
    /// (`group_tips_elem_member_change_info_array`).
    #[serde(
        rename = "group_tips_elem_member_change_info_array",
        deserialize_with = "lenient::seq"
    )]
    pub member_change_info_array: Vec<GroupTipMemberChangeInfo>,
    /// The operator's profile (`group_tips_elem_op_user_info`).
    #[serde(
        rename = "group_tips_elem_op_user_info",
        skip_serializing_if = "Option::is_none"
    )]
    pub op_user_info: Option<UserProfile>,
    /// The operator's member info (`group_tips_elem_op_group_memberinfo`).
    #[serde(
        rename = "group_tips_elem_op_group_memberinfo",
        skip_serializing_if = "Option::is_none"
    )]
    pub op_group_member_info: Option<GroupMemberInfo>,
    /// Profiles of the users acted upon (`group_tips_elem_changed_user_info_array`).
    #[serde(
        rename = "group_tips_elem_changed_user_info_array",
        deserialize_with = "lenient::seq"
    )]
    pub changed_user_info_array: Vec<UserProfile>,
    /// Member infos of the users acted upon (`group_tips_elem_changed_group_memberinfo_array`).
    #[serde(
        rename = "group_tips_elem_changed_group_memberinfo_array",
        deserialize_with = "lenient::seq"
    )]
    pub changed_group_member_info_array: Vec<GroupMemberInfo>,
    /// Member count after an invite, quit or kick (`group_tips_elem_member_num`).
    #[serde(
        rename = "group_tips_elem_member_num",
        deserialize_with = "lenient::number"
    )]
    pub member_num: u32,
    /// The operator's platform, as text such as `"Windows"` (`group_tips_elem_platform`).
    #[serde(
        rename = "group_tips_elem_platform",
        deserialize_with = "lenient::string"
    )]
    pub platform: String,
    /// Member-mark changes (`group_tips_elem_member_mark_info_array`).
    #[serde(
        rename = "group_tips_elem_member_mark_info_array",
        deserialize_with = "lenient::seq"
    )]
    pub member_mark_info_array: Vec<GroupTipMemberMarkChangeInfo>,
    /// When it happened (deprecated) (`group_tips_elem_time`).
    #[serde(rename = "group_tips_elem_time", deserialize_with = "lenient::number")]
    pub time: u64,
}
