//! Quote-replies: the reference to the quoted message, kept in the reply's cloud custom data in
//! the format Tencent's UI kits (TUIKit) read, so their apps show the quote.
//!
//! The format is a JSON object under the key `messageReply` in the message's cloud custom data:
//!
//! ```json
//! {"messageReply": {"messageID": "…", "messageAbstract": "…", "messageSender": "…",
//!                   "messageType": 1, "version": 1}}
//! ```
//!
//! Sources: TUIKit iOS `TUIChat/…/TUIReplyMessageCellData.m` (the protocol comment and the keys it
//! reads, including `messageRootID`) and `TUIChat/CommonModel/TUICloudCustomDataTypeCenter.m`
//! (TencentCloud/TIMSDK: a `messageReply` without `version`, or with a version above the kit's,
//! is ignored; one *with* `messageRootID` is a reply inside a thread, one without it is a plain
//! quote; other keys of the cloud custom data are kept when the reply is set); the Flutter SDK's
//! `sendReplyMessage` (pub.dev `tencent_cloud_chat_sdk` 7.9, `V2TIMMessageManager`) writes
//! `messageID`, `messageAbstract`, `messageSender` (the nickname, else the user id),
//! `messageType` (the quoted message's `V2TIM_ElemType`) and `"version": 1`. 004:L1736-1775: the
//! quoted message must already have been sent.
//!
//! `messageType` holds the V2 element type (TEXT=1, CUSTOM=2, IMAGE=3, SOUND=4, VIDEO=5, FILE=6,
//! LOCATION=7, FACE=8, GROUP_TIPS=9, MERGER=10, 004:L5367-5382), not the C API's `elem_type`.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::core::backend::HistoryQuery;
use crate::core::types::lenient;
use crate::core::types::{ElemType, Message};
use crate::core::{Client, Error, Result};

use super::incoming::summary;

/// The cloud custom data key of a quote-reply's reference.
pub const REPLY_KEY: &str = "messageReply";

/// The reference format's version this crate writes and reads (the UI kits ignore a reference
/// without a version or with a higher one).
pub const REPLY_VERSION: u64 = 1;

/// How many characters of the quoted message's text the reference keeps; our choice (the UI kits
/// show one or two lines, and the reference counts against the message size).
const ABSTRACT_CHARS: usize = 100;

/// The reference a quote-reply carries to the message it quotes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct QuoteRef {
    /// The quoted message's id (`messageID`).
    #[serde(rename = "messageID", deserialize_with = "lenient::string")]
    pub message_id: String,
    /// A short text of the quoted message (`messageAbstract`).
    #[serde(
        rename = "messageAbstract",
        default,
        deserialize_with = "lenient::string"
    )]
    pub abstract_text: String,
    /// The quoted message's sender as shown: nickname, else user id (`messageSender`).
    #[serde(
        rename = "messageSender",
        default,
        deserialize_with = "lenient::string"
    )]
    pub sender: String,
    /// The quoted message's V2 element type (`messageType`; see the module doc).
    #[serde(rename = "messageType", default, deserialize_with = "lenient::number")]
    pub message_type: i32,
    /// The format's version (`version`).
    #[serde(rename = "version", deserialize_with = "lenient::number")]
    pub version: u64,
    /// The thread's root message id, for a reply inside a thread (`messageRootID`).
    #[serde(
        rename = "messageRootID",
        default,
        deserialize_with = "lenient::opt_string"
    )]
    pub root_id: Option<String>,
}

impl QuoteRef {
    /// The reference to `original`, which must have been sent (it needs its message id).
    pub fn of(original: &Message) -> Result<Self> {
        if original.msg_id.is_empty() {
            return Err(Error::invalid(
                "quote-reply",
                "only a sent message (one with a message id) can be quoted (004:L1736-1775)",
            ));
        }
        let nick = original
            .sender_profile
            .as_ref()
            .map(|p| p.nick_name.as_str())
            .filter(|n| !n.is_empty());
        Ok(QuoteRef {
            message_id: original.msg_id.clone(),
            abstract_text: summary(original).chars().take(ABSTRACT_CHARS).collect(),
            sender: nick.unwrap_or(&original.sender).to_owned(),
            message_type: v2_elem_type(original),
            version: REPLY_VERSION,
            root_id: None,
        })
    }

    /// Make this a reply inside the thread whose root message is `root_id`.
    pub fn in_thread(mut self, root_id: impl Into<String>) -> Self {
        self.root_id = Some(root_id.into());
        self
    }

    /// Put this reference into a cloud custom data object, keeping its other keys.
    pub fn write_into(&self, cloud_custom: &mut Map<String, Value>) {
        let mut reference = json!({
            "messageID": self.message_id,
            "messageAbstract": self.abstract_text,
            "messageSender": self.sender,
            "messageType": self.message_type,
            "version": self.version,
        });
        if let (Some(root), Value::Object(fields)) = (&self.root_id, &mut reference) {
            fields.insert("messageRootID".to_owned(), Value::from(root.as_str()));
        }
        cloud_custom.insert(REPLY_KEY.to_owned(), reference);
    }
}

/// The quote-reply reference of `message`, if it carries one this crate can read: `None` when
/// the cloud custom data is absent, not JSON, has no `messageReply`, or has one without a
/// version or with a newer version (as the UI kits do).
pub fn quote_of(message: &Message) -> Option<QuoteRef> {
    let Ok(Value::Object(mut fields)) = serde_json::from_str(&message.cloud_custom_str) else {
        return None;
    };
    let quote: QuoteRef = serde_json::from_value(fields.remove(REPLY_KEY)?).ok()?;
    (quote.version <= REPLY_VERSION && !quote.message_id.is_empty()).then_some(quote)
}

/// How many messages one history page asks for while looking for a quoted message.
const HISTORY_PAGE: u32 = 20;

/// The message `reply` quotes, looked up in its conversation's history among the newest
/// `max_scan` messages: `None` when `reply` is not a quote-reply or the quoted message is not
/// among them (recalled, deleted, older, or an AVChatRoom, which keeps no history).
pub async fn find_quoted(
    client: &Client,
    reply: &Message,
    max_scan: u32,
) -> Result<Option<Message>> {
    let Some(quote) = quote_of(reply) else {
        return Ok(None);
    };
    let messages = client.messages()?;
    let mut scanned = 0;
    let mut before = None;
    while scanned < max_scan {
        let page = messages
            .history(HistoryQuery {
                conv_type: reply.conv_type,
                conv_id: reply.conv_id.clone(),
                count: HISTORY_PAGE.min(max_scan - scanned),
                before,
            })
            .await?;
        if let Some(found) = page.iter().find(|m| m.msg_id == quote.message_id) {
            return Ok(Some(found.clone()));
        }
        scanned += u32::try_from(page.len()).unwrap_or(u32::MAX);
        match page.last() {
            Some(oldest) => before = Some(oldest.clone()),
            None => break,
        }
    }
    Ok(None)
}

/// The V2 element type (`V2TIM_ElemType`) of a message's first element; 0 (NONE) when it has none
/// or one the V2 SDK has no number for.
fn v2_elem_type(message: &Message) -> i32 {
    let Some(first) = message.elems.first() else {
        return 0;
    };
    match first.elem_type() {
        ElemType::Text => 1,
        ElemType::Custom => 2,
        ElemType::Image => 3,
        ElemType::Sound => 4,
        ElemType::Video => 5,
        ElemType::File => 6,
        ElemType::Location => 7,
        ElemType::Face => 8,
        ElemType::GroupTips => 9,
        ElemType::Merge => 10,
        _ => 0,
    }
}
