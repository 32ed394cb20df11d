//! One-to-one message commands (`openim`): send, batch send, recall, history.
//!
//! Shapes from the sendmsg, batchsendmsg, admin_msgwithdraw and admin_getroammsg pages
//! (research note §2.3). The message itself (`MsgBody`, `CloudCustomData`) is the core's
//! [`RestMessage`], flattened into each request.

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::client::RestClient;
use super::limits::{self, BATCH_RECIPIENTS};
use super::reply::ItemFailure;
use crate::core::rest::RestMessage;
use crate::core::types::lenient;
use crate::core::Result;

/// `ForbidCallbackControl` value: skip the before-send callback for this message.
pub const FORBID_BEFORE_SEND_CALLBACK: &str = "ForbidBeforeSendMsgCallback";
/// `ForbidCallbackControl` value: skip the after-send callback for this message.
pub const FORBID_AFTER_SEND_CALLBACK: &str = "ForbidAfterSendMsgCallback";
/// `SendMsgControl` value: do not count the message as unread.
pub const NO_UNREAD: &str = "NoUnread";
/// `SendMsgControl` value: do not make it the conversation's last message.
pub const NO_LAST_MSG: &str = "NoLastMsg";

/// `openim/sendmsg` (and, with several recipients, `batchsendmsg`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SendC2c {
    /// 1: sync to the sender's online clients and roaming; 2: do not sync; absent: roaming.
    #[serde(rename = "SyncOtherMachine", skip_serializing_if = "Option::is_none")]
    pub sync_other_machine: Option<u8>,
    /// The sender (the admin when absent).
    #[serde(rename = "From_Account", skip_serializing_if = "Option::is_none")]
    pub from_account: Option<String>,
    /// Storage time in seconds (0: online only; at most 604800).
    #[serde(rename = "MsgLifeTime", skip_serializing_if = "Option::is_none")]
    pub msg_life_time: Option<u32>,
    /// Random number identifying the message (required).
    #[serde(rename = "MsgRandom")]
    pub msg_random: u32,
    /// Callbacks to skip.
    #[serde(
        rename = "ForbidCallbackControl",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub forbid_callback_control: Vec<String>,
    /// `NoUnread`, `NoLastMsg`, …
    #[serde(rename = "SendMsgControl", skip_serializing_if = "Vec::is_empty")]
    pub send_msg_control: Vec<String>,
    /// 1 asks for read receipts.
    #[serde(rename = "IsNeedReadReceipt", skip_serializing_if = "is_zero")]
    pub is_need_read_receipt: u8,
    /// The message.
    #[serde(flatten)]
    pub message: RestMessage,
}

fn is_zero(value: &u8) -> bool {
    *value == 0
}

#[derive(Serialize)]
struct SendOne<'a, To: Serialize> {
    #[serde(rename = "To_Account")]
    to_account: To,
    #[serde(flatten)]
    send: &'a SendC2c,
}

/// What `sendmsg` answers.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct C2cSent {
    /// Server time, Unix seconds.
    #[serde(rename = "MsgTime", deserialize_with = "lenient::number")]
    pub msg_time: i64,
    /// The message's key (needed to recall it).
    #[serde(rename = "MsgKey", deserialize_with = "lenient::string")]
    pub msg_key: String,
}

/// What `batchsendmsg` answers: the key, and the recipients it failed for.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchSent {
    /// The message's key.
    pub msg_key: String,
    /// Recipients the message did not reach, with why (e.g. 70107: no such account).
    pub failures: Vec<ItemFailure>,
}

#[derive(Serialize)]
struct Withdraw<'a> {
    #[serde(rename = "From_Account")]
    from_account: &'a str,
    #[serde(rename = "To_Account")]
    to_account: &'a str,
    #[serde(rename = "MsgKey")]
    msg_key: &'a str,
}

/// `openim/admin_getroammsg`: one page of a one-to-one conversation, between two times.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct C2cHistoryQuery {
    /// Whose view of the conversation.
    #[serde(rename = "Operator_Account")]
    pub operator_account: String,
    /// The other party.
    #[serde(rename = "Peer_Account")]
    pub peer_account: String,
    /// At most this many messages.
    #[serde(rename = "MaxCnt")]
    pub max_cnt: u32,
    /// From this time (Unix seconds).
    #[serde(rename = "MinTime")]
    pub min_time: i64,
    /// Up to this time (Unix seconds); the next page passes the previous `LastMsgTime`.
    #[serde(rename = "MaxTime")]
    pub max_time: i64,
    /// For the next page: the previous page's `LastMsgKey`.
    #[serde(rename = "LastMsgKey", skip_serializing_if = "Option::is_none")]
    pub last_msg_key: Option<String>,
}

/// One page of `admin_getroammsg`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct C2cHistoryPage {
    /// 1 when there is nothing more to read.
    #[serde(rename = "Complete", deserialize_with = "lenient::number")]
    pub complete: u8,
    /// The last message's time, for the next page's `MaxTime`.
    #[serde(rename = "LastMsgTime", deserialize_with = "lenient::number")]
    pub last_msg_time: i64,
    /// The last message's key, for the next page's `LastMsgKey`.
    #[serde(rename = "LastMsgKey", deserialize_with = "lenient::string")]
    pub last_msg_key: String,
    /// The messages.
    #[serde(rename = "MsgList", deserialize_with = "lenient::seq")]
    pub messages: Vec<RoamMessage>,
}

/// One message of a one-to-one history page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RoamMessage {
    /// Sender.
    #[serde(rename = "From_Account", default, deserialize_with = "lenient::string")]
    pub from_account: String,
    /// Recipient.
    #[serde(rename = "To_Account", default, deserialize_with = "lenient::string")]
    pub to_account: String,
    /// Sequence number.
    #[serde(rename = "MsgSeq", default, deserialize_with = "lenient::number")]
    pub msg_seq: u64,
    /// Random number.
    #[serde(rename = "MsgRandom", default, deserialize_with = "lenient::number")]
    pub msg_random: u64,
    /// Time, Unix seconds.
    #[serde(rename = "MsgTimeStamp", default, deserialize_with = "lenient::number")]
    pub msg_time_stamp: i64,
    /// 0 normal, 8 recalled.
    #[serde(rename = "MsgFlagBits", default, deserialize_with = "lenient::number")]
    pub msg_flag_bits: u32,
    /// The message's key.
    #[serde(rename = "MsgKey", default, deserialize_with = "lenient::string")]
    pub msg_key: String,
    /// The message.
    #[serde(flatten)]
    pub message: RestMessage,
}

/// `MsgFlagBits` of a recalled message.
pub const RECALLED_FLAG: u32 = 8;

impl RestClient {
    /// Sends a one-to-one message to `to`.
    pub async fn send_c2c(&self, to: &str, send: &SendC2c) -> Result<C2cSent> {
        let request = SendOne {
            to_account: to,
            send,
        };
        self.call("openim", "sendmsg", &request).await
    }

    /// Sends one message to up to 500 users (no callbacks fire); partial failures are listed.
    pub async fn send_c2c_batch(&self, to: &[String], send: &SendC2c) -> Result<BatchSent> {
        limits::not_empty("batch recipients", to)?;
        limits::at_most("batchsendmsg recipients", BATCH_RECIPIENTS, to.len())?;
        let request = SendOne {
            to_account: to,
            send,
        };
        let answer = self
            .call_partial::<_, C2cSent>("openim", "batchsendmsg", &request)
            .await?;
        Ok(BatchSent {
            msg_key: answer.value.msg_key,
            failures: answer.failures,
        })
    }

    /// Recalls a one-to-one message by its key (no time limit; cannot be undone).
    pub async fn withdraw_c2c(&self, from: &str, to: &str, msg_key: &str) -> Result<()> {
        let request = Withdraw {
            from_account: from,
            to_account: to,
            msg_key,
        };
        self.call::<_, IgnoredAny>("openim", "admin_msgwithdraw", &request)
            .await
            .map(drop)
    }

    /// One page of a one-to-one conversation's history.
    pub async fn c2c_history(&self, query: &C2cHistoryQuery) -> Result<C2cHistoryPage> {
        self.call("openim", "admin_getroammsg", query).await
    }
}
