//! The actions the plugin takes on members: warn, recall, mute, unmute, kick, mute everyone.
//! Each one is carried out with the bot's client and written to the audit log.

use std::time::Duration;

use timbot::core::backend::{ModifyGroupParams, ModifyMemberParams};
use timbot::core::types::{ConvType, Elem, Message};
use timbot::core::{Error, Result};
use timbot::runtime::Context;

use crate::audit::{self, AuditEntry};

/// Who acts and where: the handler's context, the group and the acting user (an admin, or the
/// bot for automatic actions).
pub struct Actor<'a> {
    /// The handler's context.
    pub ctx: &'a Context,
    /// The group acted in.
    pub group: &'a str,
    /// Who asked for the action.
    pub by: &'a str,
}

impl Actor<'_> {
    async fn audit(&self, target: &str, action: &str, reason: &str) -> Result<()> {
        let entry = AuditEntry::new(self.group, self.by, target, action, reason);
        audit::record(self.ctx.store(), &entry).await
    }

    /// Send `text` to the group, @-mentioning `users`.
    pub async fn say_to(&self, users: &[String], text: String) -> Result<()> {
        let mut message = Message::new(ConvType::Group, self.group, vec![Elem::text(text)]);
        message.group_at_user_array = users.to_vec();
        self.ctx.send(message).await?;
        Ok(())
    }

    /// Tell `user` off in the group.
    pub async fn warn(&self, user: &str, reason: &str) -> Result<()> {
        self.say_to(
            &[user.to_owned()],
            format!("@{user} warning: {reason}. Please follow the group rules."),
        )
        .await?;
        self.audit(user, "warn", reason).await
    }

    /// Recall `message`.
    pub async fn recall(&self, message: &Message, reason: &str) -> Result<()> {
        self.ctx
            .client()
            .messages()?
            .revoke_message(message)
            .await?;
        self.audit(&message.sender, "recall", reason).await
    }

    /// Mute `user` for `duration` (`Duration::ZERO` unmutes).
    pub async fn mute(&self, user: &str, duration: Duration, reason: &str) -> Result<()> {
        let secs = u32::try_from(duration.as_secs())
            .map_err(|_| Error::invalid("mute duration", "longer than the IM allows"))?;
        self.ctx
            .client()
            .groups()?
            .modify_member(ModifyMemberParams {
                group_id: self.group.to_owned(),
                user_id: user.to_owned(),
                shutup_secs: Some(secs),
                ..ModifyMemberParams::default()
            })
            .await?;
        if secs == 0 {
            self.audit(user, "unmute", reason).await
        } else {
            self.audit(user, "mute", &format!("{secs}s: {reason}"))
                .await
        }
    }

    /// Remove `user` from the group.
    pub async fn kick(&self, user: &str, reason: &str) -> Result<()> {
        self.ctx
            .client()
            .groups()?
            .kick_members(self.group, &[user.to_owned()], reason)
            .await?;
        self.audit(user, "kick", reason).await
    }

    /// Mute (`on`) or unmute everyone but the owner and admins.
    pub async fn mute_all(&self, on: bool) -> Result<()> {
        self.ctx
            .client()
            .groups()?
            .modify_group(ModifyGroupParams {
                group_id: self.group.to_owned(),
                shutup_all: Some(on),
                ..ModifyGroupParams::default()
            })
            .await?;
        let action = if on { "mute_all" } else { "unmute_all" };
        self.audit("", action, "").await
    }

    /// Record an action taken elsewhere (a welcome, a join decision).
    pub async fn note(&self, target: &str, action: &str, reason: &str) -> Result<()> {
        self.audit(target, action, reason).await
    }
}
