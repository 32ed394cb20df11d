//! Conversations: their type, their id strings (`c2c_<user>`, `group_<group>`, the system
//! conversation), the conversation object and the group @ information it carries.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::group::GroupType;
use super::lenient::{self, im_enum};
use super::message::Message;
use crate::core::{Error, Result};

im_enum! {
    /// What kind of conversation a message belongs to (`TIMConvType`).
    pub enum ConvType {
        /// Invalid (0).
        Invalid = 0,
        /// One-to-one chat (1).
        C2C = 1 ["C2C"],
        /// Group chat (2).
        Group = 2 ["GROUP"],
        /// The system conversation that carries group system notices (3; deprecated in 8.6).
        System = 3 ["SYSTEM"],
    }
    default = Invalid;
}

im_enum! {
    /// How the user receives a conversation's messages (`TIMReceiveMessageOpt`).
    pub enum ReceiveMessageOpt {
        /// Receive online, push offline (0).
        Receive = 0,
        /// Do not receive at all, no offline push (1).
        NotReceive = 1,
        /// Receive online, no offline push (2).
        NotNotify = 2,
        /// Receive online, push offline only for @ messages (3).
        NotNotifyExceptAt = 3,
        /// Receive only @ messages, online and offline (4).
        NotReceiveExceptAt = 4,
    }
    default = Receive;
}

im_enum! {
    /// Why a conversation shows an @ indicator (`TIMGroupAtType`).
    pub enum GroupAtType {
        /// Someone @-mentioned me (1).
        AtMe = 1,
        /// Someone @-mentioned everyone (2).
        AtAll = 2,
        /// Someone @-mentioned everyone and also me (3).
        AtAllAtMe = 3,
    }
    default = AtMe;
}

im_enum! {
    /// What happened to a conversation, in a conversation event (`TIMConvEvent`).
    pub enum ConvEvent {
        /// Created (0).
        Add = 0,
        /// Deleted (1).
        Del = 1,
        /// Changed: unread count, last message (2).
        Update = 2,
        /// Sync started (3).
        Start = 3,
        /// Sync finished (4).
        Finish = 4,
    }
    default = Update;
}

/// The @all marker of SDK 8.6 (`kImSDK_MessageAtALL`): put it in a message's
/// `group_at_user_array` to mention everyone.
pub const AT_ALL: &str = "__kImSDK_MessageAtALL__";

/// The older @all marker (three `s`), used by C SDKs 6.1–6.x and by the V2 SDKs. Decoding treats it
/// exactly like [`AT_ALL`].
pub const AT_ALL_LEGACY: &str = "__kImSDK_MesssageAtALL__";

/// Whether a `group_at_user_array` entry is one of the two @all markers.
pub fn is_at_all(entry: &str) -> bool {
    entry == AT_ALL || entry == AT_ALL_LEGACY
}

/// The sender id of messages the IM itself generates (group tips, group system notices), and the
/// conversation id of the system conversation.
pub const SYSTEM_ID: &str = "@TIM#SYSTEM";

const C2C_PREFIX: &str = "c2c_";
const GROUP_PREFIX: &str = "group_";

/// A conversation id as the newer SDK APIs spell it: `c2c_<userID>`, `group_<groupID>`, or the
/// system conversation ([`SYSTEM_ID`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConversationId(String);

impl ConversationId {
    /// The one-to-one conversation with `user`.
    pub fn c2c(user: impl AsRef<str>) -> Self {
        ConversationId(format!("{C2C_PREFIX}{}", user.as_ref()))
    }

    /// The conversation of group `group`.
    pub fn group(group: impl AsRef<str>) -> Self {
        ConversationId(format!("{GROUP_PREFIX}{}", group.as_ref()))
    }

    /// The system conversation (group system notices).
    pub fn system() -> Self {
        ConversationId(SYSTEM_ID.to_owned())
    }

    /// The id of a conversation given as (type, peer) the way the older APIs and the message
    /// envelope give it (`message_conv_type`, `message_conv_id`).
    pub fn from_parts(conv_type: ConvType, peer: &str) -> Result<Self> {
        match conv_type {
            ConvType::C2C if !peer.is_empty() => Ok(Self::c2c(peer)),
            ConvType::Group if !peer.is_empty() => Ok(Self::group(peer)),
            ConvType::System => Ok(Self::system()),
            other => Err(Error::Invalid {
                what: "conversation",
                reason: format!("no conversation id for type {other:?} and peer {peer:?}"),
            }),
        }
    }

    /// Parses `c2c_<user>`, `group_<group>` or the system id. Also accepts the Web SDK spellings
    /// `C2C<user>` and `GROUP<group>`, which it turns into the canonical form.
    pub fn parse(s: &str) -> Result<Self> {
        let invalid = |reason: &str| Error::Invalid {
            what: "conversation id",
            reason: format!("{s:?}: {reason}"),
        };
        if s == SYSTEM_ID {
            return Ok(Self::system());
        }
        let (conv_type, peer) = if let Some(p) = s.strip_prefix(C2C_PREFIX) {
            (ConvType::C2C, p)
        } else if let Some(p) = s.strip_prefix(GROUP_PREFIX) {
            (ConvType::Group, p)
        } else if let Some(p) = s.strip_prefix("C2C") {
            (ConvType::C2C, p)
        } else if let Some(p) = s.strip_prefix("GROUP") {
            (ConvType::Group, p)
        } else {
            return Err(invalid("expected c2c_<user>, group_<group> or @TIM#SYSTEM"));
        };
        if peer.is_empty() {
            return Err(invalid("the user or group id is empty"));
        }
        Self::from_parts(conv_type, peer)
    }

    /// The id as a string, e.g. `"group_@TGS#123"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The conversation's type.
    pub fn conv_type(&self) -> ConvType {
        if self.0.starts_with(C2C_PREFIX) {
            ConvType::C2C
        } else if self.0.starts_with(GROUP_PREFIX) {
            ConvType::Group
        } else {
            ConvType::System
        }
    }

    /// The peer: the user id (C2C), the group id (group), or `""` for the system conversation
    /// (the message envelope's `message_conv_id`).
    pub fn peer(&self) -> &str {
        self.0
            .strip_prefix(C2C_PREFIX)
            .or_else(|| self.0.strip_prefix(GROUP_PREFIX))
            .unwrap_or("")
    }
}

impl fmt::Display for ConversationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for ConversationId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl AsRef<str> for ConversationId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for ConversationId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ConversationId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = lenient::string(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One @ indicator of a conversation (`GroupAtInfo`): which message carried it and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupAtInfo {
    /// Seq of the message that carried the @ (`conv_group_at_info_seq`).
    #[serde(
        rename = "conv_group_at_info_seq",
        deserialize_with = "lenient::number"
    )]
    pub seq: u64,
    /// Why (`conv_group_at_info_at_type`).
    #[serde(rename = "conv_group_at_info_at_type")]
    pub at_type: GroupAtType,
}

/// A conversation's draft (`Draft`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The drafted message (`draft_msg`).
    #[serde(rename = "draft_msg")]
    pub msg: Message,
    /// App data (`draft_user_define`).
    #[serde(rename = "draft_user_define", deserialize_with = "lenient::string")]
    pub user_define: String,
    /// When it was last edited, Unix seconds (`draft_edit_time`).
    #[serde(rename = "draft_edit_time", deserialize_with = "lenient::number")]
    pub edit_time: u64,
}

/// A conversation (`ConvInfo`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Conversation {
    /// The peer: user id (C2C) or group id (group) (`conv_id`).
    #[serde(rename = "conv_id", deserialize_with = "lenient::string")]
    pub conv_id: String,
    /// The conversation's type (`conv_type`).
    #[serde(rename = "conv_type")]
    pub conv_type: ConvType,
    /// Avatar URL (`conv_face_url`).
    #[serde(rename = "conv_face_url", deserialize_with = "lenient::string")]
    pub face_url: String,
    /// Unread messages (`conv_unread_num`).
    #[serde(rename = "conv_unread_num", deserialize_with = "lenient::number")]
    pub unread_count: u64,
    /// Last activity, Unix seconds (`conv_active_time`).
    #[serde(rename = "conv_active_time", deserialize_with = "lenient::number")]
    pub active_time: u64,
    /// Whether `last_msg` is present (`conv_is_has_lastmsg`).
    #[serde(rename = "conv_is_has_lastmsg", deserialize_with = "lenient::boolean")]
    pub has_last_msg: bool,
    /// The last message (`conv_last_msg`).
    #[serde(rename = "conv_last_msg", skip_serializing_if = "Option::is_none")]
    pub last_msg: Option<Box<Message>>,
    /// Whether there is a draft (`conv_is_has_draft`).
    #[serde(rename = "conv_is_has_draft", deserialize_with = "lenient::boolean")]
    pub has_draft: bool,
    /// The draft (`conv_draft`).
    #[serde(rename = "conv_draft", skip_serializing_if = "Option::is_none")]
    pub draft: Option<Box<Draft>>,
    /// How messages are received (`conv_recv_opt`).
    #[serde(rename = "conv_recv_opt")]
    pub recv_opt: ReceiveMessageOpt,
    /// The group's type, for group conversations (`conv_group_type`).
    #[serde(rename = "conv_group_type")]
    pub group_type: GroupType,
    /// The @ indicators (`conv_group_at_info_array`).
    #[serde(rename = "conv_group_at_info_array", deserialize_with = "lenient::seq")]
    pub group_at_info_array: Vec<GroupAtInfo>,
    /// Whether it is pinned (`conv_is_pinned`).
    #[serde(rename = "conv_is_pinned", deserialize_with = "lenient::boolean")]
    pub is_pinned: bool,
    /// Display name (`conv_show_name`).
    #[serde(rename = "conv_show_name", deserialize_with = "lenient::string")]
    pub show_name: String,
    /// Marks, `TIMConversationMarkType` values (`conv_mark_array`).
    #[serde(rename = "conv_mark_array", deserialize_with = "lenient::seq")]
    pub mark_array: Vec<u64>,
    /// App data (`conv_custom_data`).
    #[serde(rename = "conv_custom_data", deserialize_with = "lenient::string")]
    pub custom_data: String,
    /// Conversation folders it belongs to (`conv_conversation_group_array`).
    #[serde(
        rename = "conv_conversation_group_array",
        deserialize_with = "lenient::seq"
    )]
    pub conversation_group_array: Vec<String>,
    /// C2C: the peer's read time, Unix seconds (`conv_c2c_read_timestamp`).
    #[serde(
        rename = "conv_c2c_read_timestamp",
        deserialize_with = "lenient::number"
    )]
    pub c2c_read_timestamp: u64,
    /// Group: the read seq (`conv_group_read_sequence`).
    #[serde(
        rename = "conv_group_read_sequence",
        deserialize_with = "lenient::number"
    )]
    pub group_read_sequence: u64,
}

impl Conversation {
    /// The conversation's id string (`c2c_<user>` / `group_<group>` / system).
    pub fn id(&self) -> Result<ConversationId> {
        ConversationId::from_parts(self.conv_type, &self.conv_id)
    }

    /// Whether any @ indicator says I was mentioned (directly or through @all).
    pub fn is_at_me(&self) -> bool {
        self.group_at_info_array
            .iter()
            .any(|a| matches!(a.at_type, GroupAtType::AtMe | GroupAtType::AtAllAtMe))
    }

    /// Whether any @ indicator is an @all.
    pub fn is_at_all(&self) -> bool {
        self.group_at_info_array
            .iter()
            .any(|a| matches!(a.at_type, GroupAtType::AtAll | GroupAtType::AtAllAtMe))
    }
}
