//! timbot plugin `calls`: answers signaling invitations (audio/video calls) to the bot by policy.
//!
//! A bot cannot take a call, but a caller deserves an answer rather than a ringing that times
//! out. On an invitation that names the bot, the plugin rejects it (or accepts it) as its policy
//! says, with the explanatory message as the answer's custom data, and sends the same message to
//! the conversation of the call (the caller one-to-one, or the group of a group call).
//! Invitations that do not name the bot are left alone; one that ended before the bot could
//! answer (the caller hung up) is logged and gets no message. Cancellations and timeouts of
//! invitations are logged (`info`), as is every answer.
//!
//! ```toml
//! [plugins.calls]
//! policy = "reject"                # or "accept"; a group may override it
//! message = "I'm a bot and can't take calls. Write to me instead!"   # "" sends no message
//! ```
//!
//! Without `message`, the message is [`DEFAULT_REJECT_MESSAGE`] or [`DEFAULT_ACCEPT_MESSAGE`].

use async_trait::async_trait;
use serde::Deserialize;
use timbot::core::codes;
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
    /// The message sent with the answer and to the call's conversation (`None`: the policy's
    /// default; empty: none).
    #[serde(default)]
    pub message: Option<String>,
}

/// The message of a rejection when the section has none.
pub const DEFAULT_REJECT_MESSAGE: &str =
    "I'm a bot and can't take calls. Please write to me instead.";

/// The message of an acceptance when the section has none.
pub const DEFAULT_ACCEPT_MESSAGE: &str =
    "I'm a bot: I answered your call, but I can only read and write messages here.";

impl CallsConfig {
    /// The explanatory message (empty: none).
    pub fn message(&self) -> &str {
        match (&self.message, self.policy) {
            (Some(message), _) => message,
            (None, Policy::Reject) => DEFAULT_REJECT_MESSAGE,
            (None, Policy::Accept) => DEFAULT_ACCEPT_MESSAGE,
        }
    }
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
        let message = config.message();
        let signaling = ctx.client().signaling()?;
        let answered = match config.policy {
            Policy::Reject => {
                signaling
                    .reject_invitation(&invitation.invite_id, message)
                    .await
            }
            Policy::Accept => {
                signaling
                    .accept_invitation(&invitation.invite_id, message)
                    .await
            }
        };
        match answered {
            Err(error) if error.code() == Some(codes::SIGNALING_INVALID_INVITE_ID) => {
                tracing::info!(
                    invite_id = %invitation.invite_id,
                    inviter = %invitation.inviter,
                    "call invitation ended before the bot answered"
                );
                return Ok(());
            }
            other => other?,
        }
        tracing::info!(
            invite_id = %invitation.invite_id,
            inviter = %invitation.inviter,
            group = %invitation.group_id,
            policy = ?config.policy,
            "call invitation answered"
        );
        if !message.is_empty() {
            ctx.reply(message).await?;
        }
        Ok(())
    }

    async fn on_invitation_cancelled(
        &self,
        _ctx: &Context,
        invitation: &SignalingEvent,
    ) -> HandlerResult {
        log_ended(invitation, "call invitation cancelled by the caller");
        Ok(())
    }

    async fn on_invitation_timeout(
        &self,
        _ctx: &Context,
        invitation: &SignalingEvent,
    ) -> HandlerResult {
        log_ended(invitation, "call invitation timed out");
        Ok(())
    }
}

/// Log that `invitation` ended unanswered, and how (`what`).
fn log_ended(invitation: &SignalingEvent, what: &str) {
    tracing::info!(
        invite_id = %invitation.invite_id,
        inviter = %invitation.inviter,
        "{what}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> CallsConfig {
        PluginSection::new(toml::from_str(text).unwrap())
            .parse()
            .unwrap()
    }

    #[test]
    fn without_a_message_each_policy_has_its_own() {
        assert_eq!(config("").message(), DEFAULT_REJECT_MESSAGE);
        assert_eq!(
            config("policy = \"accept\"").message(),
            DEFAULT_ACCEPT_MESSAGE
        );
        assert_eq!(config("message = \"\"").message(), "");
    }

    #[test]
    fn an_unknown_policy_or_key_is_an_error() {
        let bad = |text: &str| Calls::validate(&PluginSection::new(toml::from_str(text).unwrap()));
        assert!(bad("policy = \"hang_up\"").is_err());
        assert!(bad("mesage = \"hi\"").is_err());
        assert!(bad("policy = \"accept\"").is_ok());
    }
}
