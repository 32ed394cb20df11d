//! The message envelope (`Message`): who, where, when, its status, its send options, and its
//! elements.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::conversation::{is_at_all, ConvType, ConversationId};
use super::elem::{Elem, ElemType};
use super::group::GroupMemberInfo;
use super::lenient::{self, im_enum};
use super::profile::UserProfile;
use super::send_options::{MsgPriority, OfflinePushConfig};
use crate::core::Result;

im_enum! {
    /// Where a message is in its life (`TIMMsgStatus`; the values start at 1).
    pub enum MsgStatus {
        /// Being sent (1).
        Sending = 1,
        /// Sent (2).
        Sent = 2,
        /// Sending failed (3).
        SendFailed = 3,
        /// Deleted (4).
        Deleted = 4,
        /// Imported locally (5).
        LocalImported = 5,
        /// Recalled (6).
        Revoked = 6,
        /// Sending cancelled (7).
        Cancelled = 7,
    }
    default = Sending;
}

im_enum! {
    /// The sender's platform (`TIMPlatform`).
    pub enum Platform {
        /// Unknown (0).
        Other = 0 ["Other"],
        /// Windows (1).
        Windows = 1 ["Windows"],
        /// Android (2).
        Android = 2 ["Android"],
        /// iOS (3).
        Ios = 3 ["iOS", "IOS"],
        /// macOS (4).
        Mac = 4 ["Mac", "macOS"],
        /// iOS simulator (5).
        Simulator = 5 ["Simulator"],
    }
    default = Other;
}

/// A message (`Message`): the envelope, its send options and its elements.
///
/// Times are Unix seconds. `conv_id` is the peer (user id for C2C, group id for groups, `""` in
/// the system conversation); [`Message::conversation_id`] gives the `c2c_`/`group_` form.
///
/// The large parts that most messages lack (the sender's group member info, the offline push
/// settings) are boxed: they would otherwise make every message about 1.5 KB, and messages are
/// moved and allocated on every send. The sender's profile is shared (`Arc`): a service stamps
/// the same profile on every message of a sender, and copies of a message share it. The JSON
/// is the same either way.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Message {
    /// The elements, in order (`message_elem_array`).
    #[serde(rename = "message_elem_array", deserialize_with = "lenient::seq")]
    pub elems: Vec<Elem>,
    /// The peer: user id (C2C) or group id (group) (`message_conv_id`).
    #[serde(rename = "message_conv_id", deserialize_with = "lenient::string")]
    pub conv_id: String,
    /// The conversation's type (`message_conv_type`).
    #[serde(rename = "message_conv_type")]
    pub conv_type: ConvType,
    /// The sender's user id; `@TIM#SYSTEM` for tips and notices (`message_sender`).
    #[serde(rename = "message_sender", deserialize_with = "lenient::string")]
    pub sender: String,
    /// Priority (`message_priority`).
    #[serde(rename = "message_priority")]
    pub priority: MsgPriority,
    /// Client time, Unix seconds (`message_client_time`).
    #[serde(rename = "message_client_time", deserialize_with = "lenient::number")]
    pub client_time: i64,
    /// Server time, Unix seconds (`message_server_time`).
    #[serde(rename = "message_server_time", deserialize_with = "lenient::number")]
    pub server_time: i64,
    /// Sent by the logged-in user (`message_is_from_self`).
    #[serde(rename = "message_is_from_self", deserialize_with = "lenient::boolean")]
    pub is_from_self: bool,
    /// The sender's platform (`message_platform`).
    #[serde(rename = "message_platform")]
    pub platform: Platform,
    /// Read by me (`message_is_read`).
    #[serde(rename = "message_is_read", deserialize_with = "lenient::boolean")]
    pub is_read: bool,
    /// Online-only: not stored, not counted as unread, cannot be recalled
    /// (`message_is_online_msg`).
    #[serde(
        rename = "message_is_online_msg",
        deserialize_with = "lenient::boolean"
    )]
    pub is_online_msg: bool,
    /// The peer has read up to this message (conversation level) (`message_is_peer_read`).
    #[serde(rename = "message_is_peer_read", deserialize_with = "lenient::boolean")]
    pub is_peer_read: bool,
    /// The peer sent a read receipt for this message (`message_receipt_peer_read`).
    #[serde(
        rename = "message_receipt_peer_read",
        deserialize_with = "lenient::boolean"
    )]
    pub receipt_peer_read: bool,
    /// Ask recipients for read receipts (`message_need_read_receipt`).
    #[serde(
        rename = "message_need_read_receipt",
        deserialize_with = "lenient::boolean"
    )]
    pub need_read_receipt: bool,
    /// Supports message extensions (`message_support_message_extension`).
    #[serde(
        rename = "message_support_message_extension",
        deserialize_with = "lenient::boolean"
    )]
    pub support_message_extension: bool,
    /// An AVChatRoom broadcast (`message_is_broadcast_message`).
    #[serde(
        rename = "message_is_broadcast_message",
        deserialize_with = "lenient::boolean"
    )]
    pub is_broadcast_message: bool,
    /// A receipt was already sent for this group message (`message_has_sent_receipt`).
    #[serde(
        rename = "message_has_sent_receipt",
        deserialize_with = "lenient::boolean"
    )]
    pub has_sent_receipt: bool,
    /// Status (`message_status`).
    #[serde(rename = "message_status")]
    pub status: MsgStatus,
    /// Numeric unique id (`message_unique_id`).
    #[serde(rename = "message_unique_id", deserialize_with = "lenient::number")]
    pub unique_id: u64,
    /// Message id (`message_msg_id`).
    #[serde(rename = "message_msg_id", deserialize_with = "lenient::string")]
    pub msg_id: String,
    /// Random number that, with seq and time, identifies the message (`message_rand`).
    #[serde(rename = "message_rand", deserialize_with = "lenient::number")]
    pub rand: u64,
    /// Sequence number (`message_seq`).
    #[serde(rename = "message_seq", deserialize_with = "lenient::number")]
    pub seq: u64,
    /// Local-only number, never sent (`message_custom_int`).
    #[serde(rename = "message_custom_int", deserialize_with = "lenient::number")]
    pub custom_int: u32,
    /// Local-only string, never sent (`message_custom_str`).
    #[serde(rename = "message_custom_str", deserialize_with = "lenient::string")]
    pub custom_str: String,
    /// App data stored in the cloud and delivered to the peer (`message_cloud_custom_str`).
    #[serde(
        rename = "message_cloud_custom_str",
        deserialize_with = "lenient::string"
    )]
    pub cloud_custom_str: String,
    /// Not counted as unread (`message_is_excluded_from_unread_count`).
    #[serde(
        rename = "message_is_excluded_from_unread_count",
        deserialize_with = "lenient::boolean"
    )]
    pub excluded_from_unread_count: bool,
    /// Mentioned user ids; [`super::AT_ALL`] mentions everyone (`message_group_at_user_array`).
    #[serde(
        rename = "message_group_at_user_array",
        deserialize_with = "lenient::seq"
    )]
    pub group_at_user_array: Vec<String>,
    /// Forward this existing message (`message_is_forward_message`).
    #[serde(
        rename = "message_is_forward_message",
        deserialize_with = "lenient::boolean"
    )]
    pub is_forward_message: bool,
    /// The sender's profile (`message_sender_profile`).
    #[serde(
        rename = "message_sender_profile",
        skip_serializing_if = "Option::is_none"
    )]
    pub sender_profile: Option<Arc<UserProfile>>,
    /// The sender's member info in a group (`message_sender_group_member_info`).
    #[serde(
        rename = "message_sender_group_member_info",
        skip_serializing_if = "Option::is_none"
    )]
    pub sender_group_member_info: Option<Box<GroupMemberInfo>>,
    /// Does not become the conversation's last message (`message_excluded_from_last_message`).
    #[serde(
        rename = "message_excluded_from_last_message",
        deserialize_with = "lenient::boolean"
    )]
    pub excluded_from_last_message: bool,
    /// Skip cloud moderation (`message_excluded_from_content_moderation`).
    #[serde(
        rename = "message_excluded_from_content_moderation",
        deserialize_with = "lenient::boolean"
    )]
    pub excluded_from_content_moderation: bool,
    /// Custom moderation configuration (`message_custom_moderation_configuration_id`).
    #[serde(
        rename = "message_custom_moderation_configuration_id",
        deserialize_with = "lenient::string"
    )]
    pub custom_moderation_configuration_id: String,
    /// Moderation found risky content (`message_has_risk_content`).
    #[serde(
        rename = "message_has_risk_content",
        deserialize_with = "lenient::boolean"
    )]
    pub has_risk_content: bool,
    /// Skip the before-send webhook (`message_disable_cloud_message_pre_hook`).
    #[serde(
        rename = "message_disable_cloud_message_pre_hook",
        deserialize_with = "lenient::boolean"
    )]
    pub disable_cloud_message_pre_hook: bool,
    /// Skip the after-send webhook (`message_disable_cloud_message_post_hook`).
    #[serde(
        rename = "message_disable_cloud_message_post_hook",
        deserialize_with = "lenient::boolean"
    )]
    pub disable_cloud_message_post_hook: bool,
    /// Targeted group message: only these members receive it
    /// (`message_target_group_member_array`).
    #[serde(
        rename = "message_target_group_member_array",
        deserialize_with = "lenient::seq"
    )]
    pub target_group_member_array: Vec<String>,
    /// Offline push settings (`message_offline_push_config`; old `message_offlie_push_config`).
    #[serde(
        rename = "message_offline_push_config",
        alias = "message_offlie_push_config",
        skip_serializing_if = "Option::is_none"
    )]
    pub offline_push_config: Option<Box<OfflinePushConfig>>,
    /// Who recalled it (`message_revoker_user_id`).
    #[serde(
        rename = "message_revoker_user_id",
        deserialize_with = "lenient::string"
    )]
    pub revoker_user_id: String,
    /// Recaller's nickname (`message_revoker_nick_name`).
    #[serde(
        rename = "message_revoker_nick_name",
        deserialize_with = "lenient::string"
    )]
    pub revoker_nick_name: String,
    /// Recaller's avatar (`message_revoker_face_url`).
    #[serde(
        rename = "message_revoker_face_url",
        deserialize_with = "lenient::string"
    )]
    pub revoker_face_url: String,
    /// Why it was recalled (`message_revoke_reason`).
    #[serde(rename = "message_revoke_reason", deserialize_with = "lenient::string")]
    pub revoke_reason: String,
    /// Who pinned it (`message_pinner_user_id`).
    #[serde(
        rename = "message_pinner_user_id",
        deserialize_with = "lenient::string"
    )]
    pub pinner_user_id: String,
    /// Send even if the sender is muted (`message_excluded_from_muting`).
    #[serde(
        rename = "message_excluded_from_muting",
        deserialize_with = "lenient::boolean"
    )]
    pub excluded_from_muting: bool,
}

impl Message {
    /// A new message to `conv_id` (a user id for C2C, a group id for groups) with `elems`.
    pub fn new(conv_type: ConvType, conv_id: impl Into<String>, elems: Vec<Elem>) -> Self {
        Message {
            conv_type,
            conv_id: conv_id.into(),
            elems,
            ..Message::default()
        }
    }

    /// How the sender is shown: the group name card, else the nickname, else the user id.
    pub fn sender_display_name(&self) -> &str {
        let card = self
            .sender_group_member_info
            .as_ref()
            .map(|info| info.name_card.as_str());
        let nick = self.sender_profile.as_ref().map(|p| p.nick_name.as_str());
        [card, nick]
            .into_iter()
            .flatten()
            .find(|name| !name.is_empty())
            .unwrap_or(&self.sender)
    }

    /// The text of all text elements, concatenated in order.
    pub fn plain_text(&self) -> String {
        self.elems
            .iter()
            .filter_map(|e| match e {
                Elem::Text(t) => Some(t.content.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The conversation's id string (`c2c_<user>` / `group_<group>` / system).
    pub fn conversation_id(&self) -> Result<ConversationId> {
        ConversationId::from_parts(self.conv_type, &self.conv_id)
    }

    /// Whether the message mentions everyone (either @all marker).
    pub fn is_at_all(&self) -> bool {
        self.group_at_user_array.iter().any(|u| is_at_all(u))
    }

    /// Whether the message mentions `user` by id (not counting @all).
    pub fn mentions(&self, user: &str) -> bool {
        self.group_at_user_array.iter().any(|u| u == user)
    }

    /// Whether any element has type `elem_type`.
    pub fn has_elem(&self, elem_type: ElemType) -> bool {
        self.elems.iter().any(|e| e.elem_type() == elem_type)
    }
}
