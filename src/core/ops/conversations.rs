//! Conversation operations (`TIMConv*`): list, mark as read.

use async_trait::async_trait;

use crate::core::backend::Served;
use crate::core::error::Result;
use crate::core::types::{ConvType, Conversation};

/// The account's conversations.
#[async_trait]
pub trait ConversationOps: Served {
    /// Every conversation with its last message, unread count and group @ info.
    async fn conversations(&self) -> Result<Vec<Conversation>> {
        Err(self.unsupported("conversations.list"))
    }

    /// Mark a conversation read (in C2C this sends a read receipt to the peer).
    async fn mark_read(&self, conv_type: ConvType, conv_id: &str) -> Result<()> {
        let _ = (conv_type, conv_id);
        Err(self.unsupported("conversations.mark_read"))
    }
}
