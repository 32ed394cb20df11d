//! Signaling: invitations (calls) with a timeout, and what happened to them.

use serde::{Deserialize, Serialize};

use super::lenient::{self, im_enum};

im_enum! {
    /// What happened to an invitation (`TIMSignalingActionType`).
    pub enum SignalingActionType {
        /// Undefined (0).
        Unspecified = 0,
        /// The inviter sent it (1).
        Invite = 1,
        /// The inviter cancelled it (2).
        CancelInvite = 2,
        /// An invitee accepted (3).
        AcceptInvite = 3,
        /// An invitee rejected (4).
        RejectInvite = 4,
        /// It timed out (5).
        InviteTimeout = 5,
    }
    default = Unspecified;
}

/// An invitation (`SignalingInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SignalingInfo {
    /// Invitation id (`signaling_info_invite_id`).
    #[serde(
        rename = "signaling_info_invite_id",
        deserialize_with = "lenient::string"
    )]
    pub invite_id: String,
    /// The group, for a group invitation (`signaling_info_group_id`).
    #[serde(
        rename = "signaling_info_group_id",
        deserialize_with = "lenient::string"
    )]
    pub group_id: String,
    /// Who invites (`signaling_info_inviter`).
    #[serde(
        rename = "signaling_info_inviter",
        deserialize_with = "lenient::string"
    )]
    pub inviter: String,
    /// Who is invited (`signaling_info_invitee_list`).
    #[serde(
        rename = "signaling_info_invitee_list",
        deserialize_with = "lenient::seq"
    )]
    pub invitee_list: Vec<String>,
    /// App data (`signaling_info_data`).
    #[serde(rename = "signaling_info_data", deserialize_with = "lenient::string")]
    pub data: String,
    /// What happened (`signaling_info_action_type`).
    #[serde(rename = "signaling_info_action_type")]
    pub action_type: SignalingActionType,
    /// Timeout in seconds; 0 means none (`signaling_info_timeout`).
    #[serde(
        rename = "signaling_info_timeout",
        deserialize_with = "lenient::number"
    )]
    pub timeout: u32,
}
