//! The job handler that posts an announcement when its job fires: one message per group, with
//! the group's type looked up so the right limits apply.

use async_trait::async_trait;
use timbot::core::{Client, Error, Result};
use timbot::scheduler::{Firing, JobHandler};

use crate::announcement::Announcement;

/// Posts announcements as the bot.
pub struct Poster {
    client: Client,
}

impl Poster {
    /// A poster sending with `client` (the bot's).
    pub fn new(client: Client) -> Self {
        Poster { client }
    }

    async fn post(&self, announcement: &Announcement, group: &str, firing: &Firing) -> Result<()> {
        let groups = self.client.groups()?;
        let info = groups.group_info(&[group.to_owned()]).await?;
        let group_type = info
            .first()
            .map(|info| info.group_type)
            .ok_or_else(|| Error::invalid("announcement group", format!("{group:?} not found")))?;
        let bot = self.client.user_id().unwrap_or_default();
        let message = announcement.message(group, group_type, &bot, firing.scheduled_at)?;
        self.client.messages()?.send_message(message).await?;
        Ok(())
    }
}

#[async_trait]
impl JobHandler for Poster {
    /// Post to every group; a group that fails is logged. The run fails (and is retried) only
    /// when no group got the announcement, so a retry never posts twice to the same group.
    async fn run(&self, firing: Firing) -> Result<()> {
        let announcement: Announcement = serde_json::from_value(firing.payload.clone())
            .map_err(|e| Error::invalid("announcement payload", e))?;
        let mut posted = 0;
        let mut last_error = None;
        for group in &announcement.groups {
            match self.post(&announcement, group, &firing).await {
                Ok(()) => posted += 1,
                Err(error) => {
                    tracing::warn!(job = %firing.job_id, %group, %error, "announcement not posted");
                    last_error = Some(error);
                }
            }
        }
        match last_error {
            Some(error) if posted == 0 => Err(error),
            _ => Ok(()),
        }
    }
}
