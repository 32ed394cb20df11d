//! Group pendencies: join requests and invitations that wait for someone's approval.

use serde::{Deserialize, Serialize};

use super::lenient::{self, im_enum};

im_enum! {
    /// What a pendency is (`TIMGroupPendencyType`, 8.6 meanings).
    pub enum GroupPendencyType {
        /// A join request awaiting owner/admin approval (0).
        JoinNeedApprovedByAdmin = 0,
        /// An invitation awaiting the invitee (1).
        InviteNeedApprovedByInvitee = 1,
        /// An invitation awaiting owner/admin approval (2).
        InviteNeedApprovedByAdmin = 2,
    }
    default = JoinNeedApprovedByAdmin;
}

im_enum! {
    /// Whether a pendency was handled (`TIMGroupPendencyHandle`).
    pub enum GroupPendencyHandle {
        /// Not handled (0).
        NotHandled = 0,
        /// Handled by someone else (1).
        OtherHandled = 1,
        /// Handled by me (2).
        OperatorHandled = 2,
    }
    default = NotHandled;
}

im_enum! {
    /// How a pendency was handled (`TIMGroupPendencyHandleResult`).
    pub enum GroupPendencyHandleResult {
        /// Refused (0).
        Refuse = 0,
        /// Accepted (1).
        Accept = 1,
    }
    default = Refuse;
}

/// A join request or invitation (`GroupPendency`). Pass it back unchanged to handle it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupPendency {
    /// The group (`group_pendency_group_id`).
    #[serde(
        rename = "group_pendency_group_id",
        deserialize_with = "lenient::string"
    )]
    pub group_id: String,
    /// Who asked (`group_pendency_form_identifier`, with the SDK's "form" typo).
    #[serde(
        rename = "group_pendency_form_identifier",
        alias = "group_pendency_from_identifier",
        deserialize_with = "lenient::string"
    )]
    pub from_identifier: String,
    /// The asker's nickname (`group_pendency_from_nick_name`).
    #[serde(
        rename = "group_pendency_from_nick_name",
        deserialize_with = "lenient::string"
    )]
    pub from_nick_name: String,
    /// The asker's avatar (`group_pendency_from_face_url`).
    #[serde(
        rename = "group_pendency_from_face_url",
        deserialize_with = "lenient::string"
    )]
    pub from_face_url: String,
    /// Who decides (`group_pendency_to_identifier`).
    #[serde(
        rename = "group_pendency_to_identifier",
        deserialize_with = "lenient::string"
    )]
    pub to_identifier: String,
    /// When it was made (`group_pendency_add_time`; the unit is not stated by the header).
    #[serde(
        rename = "group_pendency_add_time",
        deserialize_with = "lenient::number"
    )]
    pub add_time: u64,
    /// What it is (`group_pendency_pendency_type`).
    #[serde(rename = "group_pendency_pendency_type")]
    pub pendency_type: GroupPendencyType,
    /// Whether it was handled (`group_pendency_handled`).
    #[serde(rename = "group_pendency_handled")]
    pub handled: GroupPendencyHandle,
    /// How it was handled (`group_pendency_handle_result`).
    #[serde(rename = "group_pendency_handle_result")]
    pub handle_result: GroupPendencyHandleResult,
    /// The request's text (`group_pendency_apply_invite_msg`).
    #[serde(
        rename = "group_pendency_apply_invite_msg",
        deserialize_with = "lenient::string"
    )]
    pub apply_invite_msg: String,
    /// The asker's custom data (`group_pendency_form_user_defined_data`).
    #[serde(
        rename = "group_pendency_form_user_defined_data",
        alias = "group_pendency_from_user_defined_data",
        deserialize_with = "lenient::string"
    )]
    pub from_user_defined_data: String,
    /// The decider's reply (`group_pendency_approval_msg`).
    #[serde(
        rename = "group_pendency_approval_msg",
        deserialize_with = "lenient::string"
    )]
    pub approval_msg: String,
    /// The decider's custom data (`group_pendency_to_user_defined_data`).
    #[serde(
        rename = "group_pendency_to_user_defined_data",
        deserialize_with = "lenient::string"
    )]
    pub to_user_defined_data: String,
    /// Key (`group_pendency_key`).
    #[serde(rename = "group_pendency_key", deserialize_with = "lenient::string")]
    pub key: String,
    /// Authentication (`group_pendency_authentication`).
    #[serde(
        rename = "group_pendency_authentication",
        deserialize_with = "lenient::string"
    )]
    pub authentication: String,
    /// The logged-in user (`group_pendency_self_identifier`).
    #[serde(
        rename = "group_pendency_self_identifier",
        deserialize_with = "lenient::string"
    )]
    pub self_identifier: String,
}

/// A page of pendencies (`GroupPendencyResult`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupPendencyResult {
    /// Start time of the next page; 0 when done (`group_pendency_result_next_start_time`).
    #[serde(
        rename = "group_pendency_result_next_start_time",
        deserialize_with = "lenient::number"
    )]
    pub next_start_time: u64,
    /// Read-time seq (`group_pendency_result_read_time_seq`).
    #[serde(
        rename = "group_pendency_result_read_time_seq",
        deserialize_with = "lenient::number"
    )]
    pub read_time_seq: u64,
    /// Unread pendencies (`group_pendency_result_unread_num`).
    #[serde(
        rename = "group_pendency_result_unread_num",
        deserialize_with = "lenient::number"
    )]
    pub unread_num: u32,
    /// The pendencies (`group_pendency_result_pendency_array`).
    #[serde(
        rename = "group_pendency_result_pendency_array",
        deserialize_with = "lenient::seq"
    )]
    pub pendency_array: Vec<GroupPendency>,
}
