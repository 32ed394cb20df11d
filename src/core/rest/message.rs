//! The message part of a REST request or webhook body: `MsgBody`, `CloudCustomData` and
//! `GroupAtInfo`.

use serde::de::{self, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::elem::RestMsgElem;
use crate::core::types::{is_at_all, lenient};

/// The text a group message shows for an @all mention; some senders also write it as the
/// `GroupAt_Account` of an @all entry, so decoding treats it as @all.
pub const REST_AT_ALL: &str = "@all";

/// The message fields shared by `sendmsg`, `send_group_msg`, the message webhooks and the
/// history answers. Other request fields sit next to these (`#[serde(flatten)]` this struct).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RestMessage {
    /// The elements, in order (`MsgBody`).
    #[serde(rename = "MsgBody", deserialize_with = "lenient::seq")]
    pub msg_body: Vec<RestMsgElem>,
    /// App data stored with the message and delivered to the peer (`CloudCustomData`).
    #[serde(
        rename = "CloudCustomData",
        default,
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub cloud_custom_data: String,
    /// Group @ mentions, in the order of the @ tokens in the text (`GroupAtInfo`).
    #[serde(
        rename = "GroupAtInfo",
        default,
        deserialize_with = "lenient::seq",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub group_at_info: Vec<RestGroupAt>,
}

/// One entry of `GroupAtInfo`: `{"GroupAtAllFlag": 1}` mentions everyone,
/// `{"GroupAtAllFlag": 0, "GroupAt_Account": "<user>"}` one member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestGroupAt {
    /// @all (not supported in AVChatRoom groups).
    All,
    /// @ one member, by user id.
    Member(String),
}

impl Serialize for RestGroupAt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RestGroupAt::All => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("GroupAtAllFlag", &1)?;
                map.end()
            }
            RestGroupAt::Member(account) => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("GroupAtAllFlag", &0)?;
                map.serialize_entry("GroupAt_Account", account)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for RestGroupAt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Entry {
            #[serde(
                rename = "GroupAtAllFlag",
                default,
                deserialize_with = "lenient::opt_number"
            )]
            all_flag: Option<i64>,
            #[serde(
                rename = "GroupAt_Account",
                default,
                deserialize_with = "lenient::string"
            )]
            account: String,
        }
        let entry = Entry::deserialize(d)?;
        if entry.all_flag == Some(1) || entry.account == REST_AT_ALL || is_at_all(&entry.account) {
            Ok(RestGroupAt::All)
        } else if entry.account.is_empty() {
            Err(de::Error::custom(
                "GroupAtInfo entry has neither GroupAtAllFlag 1 nor a GroupAt_Account",
            ))
        } else {
            Ok(RestGroupAt::Member(entry.account))
        }
    }
}
