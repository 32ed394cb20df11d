//! Message operations (`TIMMsg*`): send, recall, history.

use async_trait::async_trait;

use crate::core::backend::Served;
use crate::core::error::Result;
use crate::core::types::{ConvType, Message};

/// Which page of a conversation's history to read.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryQuery {
    /// Conversation type (C2C or group).
    pub conv_type: ConvType,
    /// Peer user id or group id.
    pub conv_id: String,
    /// At most this many messages (newest first).
    pub count: u32,
    /// Only messages older than this one (by its seq in a group, by its time in C2C);
    /// `None` starts from the newest.
    pub before: Option<Message>,
}

/// Sending, recalling and reading messages.
#[async_trait]
pub trait MessageOps: Served {
    /// Send `message` to the conversation named by its `conv_type` and `conv_id`. Returns the
    /// message as the service stored it (id, seq, random, server time, status Sent).
    async fn send_message(&self, message: Message) -> Result<Message> {
        let _ = message;
        Err(self.unsupported("messages.send"))
    }

    /// Recall a message this account sent (or, as a group admin, any group message).
    async fn revoke_message(&self, message: &Message) -> Result<()> {
        let _ = message;
        Err(self.unsupported("messages.revoke"))
    }

    /// Read a page of a conversation's history, newest first.
    async fn history(&self, query: HistoryQuery) -> Result<Vec<Message>> {
        let _ = query;
        Err(self.unsupported("messages.history"))
    }
}
