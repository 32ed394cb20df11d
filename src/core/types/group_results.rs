//! What the group calls return: the created group's id, per-member results of invite and
//! remove, group-info lookups and member-list pages.

use serde::{Deserialize, Serialize};

use super::group::{GroupInfo, GroupMemberInfo};
use super::lenient::{self, im_enum};

im_enum! {
    /// The outcome for one member of an invite or remove (`HandleGroupMemberResult`).
    pub enum HandleGroupMemberResult {
        /// Failed (0).
        Failed = 0,
        /// Succeeded (1).
        Succeeded = 1,
        /// Already a member (2).
        AlreadyMember = 2,
        /// Invitation sent, waiting for approval (3).
        Invited = 3,
    }
    default = Failed;
}

/// The result of creating a group (`CreateGroupResult`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateGroupResult {
    /// The new group's id (`create_group_result_groupid`).
    #[serde(
        rename = "create_group_result_groupid",
        deserialize_with = "lenient::string"
    )]
    pub group_id: String,
}

/// One member's result of an invite (`GroupInviteMemberResult`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupInviteMemberResult {
    /// The member (`group_invite_member_result_identifier`).
    #[serde(
        rename = "group_invite_member_result_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// The outcome (`group_invite_member_result_result`).
    #[serde(rename = "group_invite_member_result_result")]
    pub result: HandleGroupMemberResult,
}

/// One member's result of a removal (`GroupDeleteMemberResult`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupDeleteMemberResult {
    /// The member (`group_delete_member_result_identifier`).
    #[serde(
        rename = "group_delete_member_result_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// The outcome (`group_delete_member_result_result`).
    #[serde(rename = "group_delete_member_result_result")]
    pub result: HandleGroupMemberResult,
}

/// One group's result of a group-info lookup (`GetGroupInfoResult`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GetGroupInfoResult {
    /// Error code for this group; 0 is success (`get_groups_info_result_code`).
    #[serde(
        rename = "get_groups_info_result_code",
        deserialize_with = "lenient::number"
    )]
    pub code: i32,
    /// Error description (`get_groups_info_result_desc`).
    #[serde(
        rename = "get_groups_info_result_desc",
        deserialize_with = "lenient::string"
    )]
    pub desc: String,
    /// The group (`get_groups_info_result_info`).
    #[serde(rename = "get_groups_info_result_info")]
    pub info: GroupInfo,
}

/// A page of group members (`GroupGetMemberInfoListResult`); older SDKs spelled the keys
/// `group_get_memeber_info_list_result_*`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupGetMemberInfoListResult {
    /// Where the next page starts; 0 when done (`group_get_member_info_list_result_next_seq`).
    #[serde(
        rename = "group_get_member_info_list_result_next_seq",
        alias = "group_get_memeber_info_list_result_next_seq",
        deserialize_with = "lenient::number"
    )]
    pub next_seq: u64,
    /// The members (`group_get_member_info_list_result_info_array`).
    #[serde(
        rename = "group_get_member_info_list_result_info_array",
        alias = "group_get_memeber_info_list_result_info_array",
        deserialize_with = "lenient::seq"
    )]
    pub info_array: Vec<GroupMemberInfo>,
}
