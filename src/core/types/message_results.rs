//! What message calls and callbacks report besides messages themselves: per-recipient batch
//! results, download progress, recall locators and read receipts.

use serde::{Deserialize, Serialize};

use super::conversation::ConvType;
use super::lenient;
use super::message::Message;

/// One recipient's result of a batch send (`MsgBatchSendResult`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgBatchSendResult {
    /// The recipient (`msg_batch_send_result_identifier`).
    #[serde(
        rename = "msg_batch_send_result_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// Error code; 0 is success (`msg_batch_send_result_code`).
    #[serde(
        rename = "msg_batch_send_result_code",
        deserialize_with = "lenient::number"
    )]
    pub code: i32,
    /// Error description (`msg_batch_send_result_desc`).
    #[serde(
        rename = "msg_batch_send_result_desc",
        deserialize_with = "lenient::string"
    )]
    pub desc: String,
    /// The message as sent to this recipient (`msg_batch_send_result_msg`).
    #[serde(
        rename = "msg_batch_send_result_msg",
        skip_serializing_if = "Option::is_none"
    )]
    pub msg: Option<Message>,
}

/// Download progress of an element's file (`MsgDownloadElemResult`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgDownloadElemResult {
    /// Bytes so far (`msg_download_elem_result_current_size`).
    #[serde(
        rename = "msg_download_elem_result_current_size",
        deserialize_with = "lenient::number"
    )]
    pub current_size: u64,
    /// Bytes in all (`msg_download_elem_result_total_size`).
    #[serde(
        rename = "msg_download_elem_result_total_size",
        deserialize_with = "lenient::number"
    )]
    pub total_size: u64,
}

/// Identifies one message, e.g. in a recall notification (`MsgLocator`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MsgLocator {
    /// The peer: user id or group id (`message_locator_conv_id`).
    #[serde(
        rename = "message_locator_conv_id",
        deserialize_with = "lenient::string"
    )]
    pub conv_id: String,
    /// The conversation's type (`message_locator_conv_type`).
    #[serde(rename = "message_locator_conv_type")]
    pub conv_type: ConvType,
    /// Recalled (`message_locator_is_revoked`).
    #[serde(
        rename = "message_locator_is_revoked",
        deserialize_with = "lenient::boolean"
    )]
    pub is_revoked: bool,
    /// Time, Unix seconds (`message_locator_time`).
    #[serde(rename = "message_locator_time", deserialize_with = "lenient::number")]
    pub time: u64,
    /// Seq (`message_locator_seq`).
    #[serde(rename = "message_locator_seq", deserialize_with = "lenient::number")]
    pub seq: u64,
    /// Sent by me (`message_locator_is_self`).
    #[serde(
        rename = "message_locator_is_self",
        deserialize_with = "lenient::boolean"
    )]
    pub is_self: bool,
    /// Random (`message_locator_rand`).
    #[serde(rename = "message_locator_rand", deserialize_with = "lenient::number")]
    pub rand: u64,
    /// Numeric unique id (`message_locator_unique_id`).
    #[serde(
        rename = "message_locator_unique_id",
        deserialize_with = "lenient::number"
    )]
    pub unique_id: u64,
}

/// A read receipt (`MessageReceipt`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageReceipt {
    /// The peer: user id or group id (`msg_receipt_conv_id`).
    #[serde(rename = "msg_receipt_conv_id", deserialize_with = "lenient::string")]
    pub conv_id: String,
    /// The conversation's type (`msg_receipt_conv_type`).
    #[serde(rename = "msg_receipt_conv_type")]
    pub conv_type: ConvType,
    /// The message, for a message-level receipt (`msg_receipt_msg_id`).
    #[serde(rename = "msg_receipt_msg_id", deserialize_with = "lenient::string")]
    pub msg_id: String,
    /// C2C: when the peer read, Unix seconds (`msg_receipt_time_stamp`).
    #[serde(
        rename = "msg_receipt_time_stamp",
        deserialize_with = "lenient::number"
    )]
    pub time_stamp: u64,
    /// The peer has read it (`msg_receipt_is_peer_read`).
    #[serde(
        rename = "msg_receipt_is_peer_read",
        deserialize_with = "lenient::boolean"
    )]
    pub is_peer_read: bool,
    /// Group: members who read it (`msg_receipt_read_count`).
    #[serde(
        rename = "msg_receipt_read_count",
        deserialize_with = "lenient::number"
    )]
    pub read_count: u64,
    /// Group: members who did not (`msg_receipt_unread_count`).
    #[serde(
        rename = "msg_receipt_unread_count",
        deserialize_with = "lenient::number"
    )]
    pub unread_count: u64,
}
