//! [`Claim`]: lets a plugin take a message none of its matchers fire on, e.g. because it has a
//! dialogue open in that conversation and the message is the next answer.
//!
//! The dispatcher asks the bot's claims only for a plugin whose matchers did not fire; a
//! claimed message reaches the plugin's `on_message` with no [`Hit`](super::Hit). A message that
//! does fire a matcher reaches the plugin with that hit as usual, so a new command can cancel or
//! join an open dialogue: the plugin decides.
//!
//! Every bot has one claim built in, its dialogues ([`Dialogue`](super::Dialogue)): a plugin with
//! a dialogue open in a conversation takes that conversation's messages. Claims added with
//! [`BotBuilder::claim`](super::BotBuilder::claim) are asked before it.

use async_trait::async_trait;

use super::conv_key::ConvKey;
use crate::core::types::Message;

/// Decides whether a plugin takes a message its matchers did not select.
#[async_trait]
pub trait Claim: Send + Sync + 'static {
    /// Whether `plugin` takes `message` of `conversation`.
    async fn claims(&self, plugin: &str, conversation: &ConvKey, message: &Message) -> bool;
}
