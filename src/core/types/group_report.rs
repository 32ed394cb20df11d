//! Group system notices (element type 8): events in a group addressed to one user, such as a
//! join request, being kicked, or the group being dismissed.

use serde::{Deserialize, Serialize};

use super::conversation::ReceiveMessageOpt;
use super::group::GroupMemberInfo;
use super::lenient::{self, im_enum};
use super::profile::UserProfile;

im_enum! {
    /// What a group system notice reports (`TIMGroupReportType`).
    pub enum GroupReportType {
        /// Unknown (0).
        None = 0,
        /// Someone asks to join (to owner/admins) (1).
        AddRequest = 1,
        /// My join request was accepted (2).
        AddAccept = 2,
        /// My join request was refused (3).
        AddRefuse = 3,
        /// I was removed (4).
        BeKicked = 4,
        /// The group was dismissed (5).
        Delete = 5,
        /// I created the group (6).
        Create = 6,
        /// I was added without consent (7).
        Invite = 7,
        /// I left (8).
        Quit = 8,
        /// I became admin (9).
        GrantAdmin = 9,
        /// My admin role was removed (10).
        CancelAdmin = 10,
        /// The group was reclaimed (11; formerly "RevokeAdmin").
        GroupRecycle = 11,
        /// An invitation waits for my approval (12).
        InviteReqToInvitee = 12,
        /// My invitation was accepted (13).
        InviteAccept = 13,
        /// My invitation was refused (14).
        InviteRefuse = 14,
        /// Read-report sync across my devices (15).
        ReadReport = 15,
        /// A custom notice (16).
        UserDefine = 16,
        /// I was muted (17).
        ShutUpMember = 17,
        /// A topic was created (18).
        TopicCreate = 18,
        /// A topic was deleted (19).
        TopicDelete = 19,
        /// Group read receipts (20).
        GroupMessageRead = 20,
        /// My receive option changed (21).
        GroupMessageRecvOption = 21,
        /// I was banned (22).
        BannedFromGroup = 22,
        /// I was unbanned (23).
        UnbannedFromGroup = 23,
        /// An invitation waits for owner/admin approval (24).
        InviteReqToAdmin = 24,
    }
    default = None;
}

/// A group system notice (element type 8, `GroupReportElem`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupReportElem {
    /// What happened (`group_report_elem_report_type`).
    #[serde(rename = "group_report_elem_report_type")]
    pub report_type: GroupReportType,
    /// The group (`group_report_elem_group_id`).
    #[serde(
        rename = "group_report_elem_group_id",
        deserialize_with = "lenient::string"
    )]
    pub group_id: String,
    /// The group's name (deprecated) (`group_report_elem_group_name`).
    #[serde(
        rename = "group_report_elem_group_name",
        deserialize_with = "lenient::string"
    )]
    pub group_name: String,
    /// Who did it (`group_report_elem_op_user`).
    #[serde(
        rename = "group_report_elem_op_user",
        deserialize_with = "lenient::string"
    )]
    pub op_user: String,
    /// The request or reason text (`group_report_elem_msg`).
    #[serde(rename = "group_report_elem_msg", deserialize_with = "lenient::string")]
    pub msg: String,
    /// Custom data, for [`GroupReportType::UserDefine`] (`group_report_elem_user_data`).
    #[serde(
        rename = "group_report_elem_user_data",
        deserialize_with = "lenient::string"
    )]
    pub user_data: String,
    /// The operator's profile (`group_report_elem_op_user_info`).
    #[serde(
        rename = "group_report_elem_op_user_info",
        skip_serializing_if = "Option::is_none"
    )]
    pub op_user_info: Option<UserProfile>,
    /// The operator's member info (`group_report_elem_op_group_memberinfo`).
    #[serde(
        rename = "group_report_elem_op_group_memberinfo",
        skip_serializing_if = "Option::is_none"
    )]
    pub op_group_member_info: Option<GroupMemberInfo>,
    /// The operator's platform, as text such as `"Windows"` (`group_report_elem_platform`).
    #[serde(
        rename = "group_report_elem_platform",
        deserialize_with = "lenient::string"
    )]
    pub platform: String,
    /// Mute time, for [`GroupReportType::ShutUpMember`] (`group_report_elem_shut_up_time`).
    #[serde(
        rename = "group_report_elem_shut_up_time",
        deserialize_with = "lenient::number"
    )]
    pub shut_up_time: u64,
    /// The new receive option, for [`GroupReportType::GroupMessageRecvOption`]
    /// (`group_report_elem_group_message_receive_option`).
    #[serde(rename = "group_report_elem_group_message_receive_option")]
    pub group_message_receive_option: ReceiveMessageOpt,
}
