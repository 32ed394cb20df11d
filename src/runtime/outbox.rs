//! The one seam every outgoing message of a bot passes through.
//!
//! Replies from handlers, usage and denial replies from the dispatcher: all go through the bot's
//! [`Outbox`]. The default is outbound flow control ([`FlowControl`](super::FlowControl):
//! per-group and global budgets, each conversation's order, retrying what the service
//! rate-limited), set up from the bot's `[bot.flow]` table; [`DirectOutbox`] sends at once
//! (`enabled = false` there). Any other `Outbox` is set with
//! [`BotBuilder::outbox`](super::BotBuilder::outbox), so handlers never change.

use async_trait::async_trait;

use crate::core::types::Message;
use crate::core::{Client, Result};

/// Where a bot's outgoing messages go.
#[async_trait]
pub trait Outbox: Send + Sync + 'static {
    /// Send `message` (its `conv_type` and `conv_id` say where) as the account of `client`;
    /// returns the message as the service stored it.
    async fn send(&self, client: &Client, message: Message) -> Result<Message>;
}

/// Sends every message at once, with no flow control.
#[derive(Debug, Clone, Copy, Default)]
pub struct DirectOutbox;

#[async_trait]
impl Outbox for DirectOutbox {
    async fn send(&self, client: &Client, message: Message) -> Result<Message> {
        client.messages()?.send_message(message).await
    }
}
