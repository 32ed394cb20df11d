//! timbot plugin `calls`: answers signaling invitations (audio/video calls) to the bot by policy.
//!
//! A bot cannot take a call, but a caller deserves an answer rather than a ringing that times
//! out. On an invitation that names the bot, the plugin rejects it (or accepts it) as its policy
//! says and sends the caller (or the group) an explanatory message. Cancellations and timeouts
//! of invitations are logged.
//!
//! ```toml
//! [plugins.calls]
//! policy = "reject"                # or "accept"
//! message = "I'm a bot and can't take calls. Write to me instead!"
//! ```

use async_trait::async_trait;
use serde::Deserialize;
use timbot::core::event::SignalingEvent;
use timbot::runtime::{Context, HandlerResult, Plugin, PluginSection};

/// The plugin's name: its section is `[plugins.calls]`.
pub const NAME: &str = "calls";

/// What the bot does with an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Reject it (the default).
    #[default]
    Reject,
    /// Accept it.
    Accept,
}

/// The `[plugins.calls]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallsConfig {
    /// Reject or accept.
    #[serde(default)]
    pub policy: Policy,
    /// The message sent to the caller (empty: none).
    #[serde(default = "default_message")]
    pub message: String,
}

fn default_message() -> String {
    "I'm a bot and can't take calls. Please write to me instead.".to_owned()
}

/// The calls plugin.
#[derive(Debug, Clone, Copy, Default)]
pub struct Calls;

impl Calls {
    /// Check the `[plugins.calls]` section.
    pub fn validate(section: &PluginSection) -> timbot::core::Result<()> {
        section.parse::<CallsConfig>().map(|_| ())
    }
}

#[async_trait]
impl Plugin for Calls {
    fn name(&self) -> &str {
        NAME
    }

    async fn on_invitation(&self, ctx: &Context, invitation: &SignalingEvent) -> HandlerResult {
        if !invitation.invitees.iter().any(|i| i == ctx.self_id()) {
            return Ok(());
        }
        let config: CallsConfig = ctx.config()?;
        let signaling = ctx.client().signaling()?;
        match config.policy {
            Policy::Reject => {
                signaling
                    .reject_invitation(&invitation.invite_id, &config.message)
                    .await?
            }
            Policy::Accept => {
                signaling
                    .accept_invitation(&invitation.invite_id, &config.message)
                    .await?
            }
        }
        tracing::info!(
            invite_id = %invitation.invite_id,
            inviter = %invitation.inviter,
            policy = ?config.policy,
            "call invitation answered"
        );
        if !config.message.is_empty() {
            ctx.reply(&config.message).await?;
        }
        Ok(())
    }

    async fn on_invitation_cancelled(
        &self,
        _ctx: &Context,
        invitation: &SignalingEvent,
    ) -> HandlerResult {
        tracing::info!(
            invite_id = %invitation.invite_id,
            inviter = %invitation.inviter,
            "call invitation cancelled by the caller"
        );
        Ok(())
    }

    async fn on_invitation_timeout(
        &self,
        _ctx: &Context,
        invitation: &SignalingEvent,
    ) -> HandlerResult {
        tracing::info!(
            invite_id = %invitation.invite_id,
            inviter = %invitation.inviter,
            "call invitation timed out"
        );
        Ok(())
    }
}
