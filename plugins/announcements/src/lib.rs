//! timbot plugin: announcements.
//!
//! Announcements are scheduler jobs that post a text (optionally to @all), a custom card or a
//! merged digest to groups. They come from the bot file (`[[plugins.announcements.jobs]]`,
//! declared again at every start without resetting their progress) and from the chat command
//! `/announce add|list|pause|resume|remove|run` of group owners, admins and superusers
//! ([`commands`]). The jobs live in the bot's scheduler, so they survive a restart when its store
//! does.
//!
//! The bot must be built with a scheduler ([`timbot::runtime::BotBuilder::scheduler`]), which
//! its owner starts; without one the plugin does not start.

pub mod announcement;
pub mod commands;
pub mod config;
pub mod poster;

use std::sync::Arc;

use async_trait::async_trait;
use timbot::core::types::Message;
use timbot::core::{Error, Result};
use timbot::runtime::{Context, HandlerResult, Matcher, Plugin, PluginSection, Setup};

pub use announcement::{Announcement, Card, Digest};
pub use config::AnnouncementsConfig;

/// The plugin's name, and its configuration section (`[plugins.announcements]`).
pub const NAME: &str = "announcements";

/// Check an announcements section (`[plugins.announcements]`) and its jobs as the plugin will
/// read them, so that a mistake is reported before the bot starts: the error is an
/// [`Error::Config`] naming the section's file and line, and the announcement.
pub fn validate(section: &PluginSection) -> Result<()> {
    let config: AnnouncementsConfig = section.parse()?;
    config
        .job_specs("check")
        .map(|_| ())
        .map_err(|error| Error::Config {
            file: section.file.clone(),
            line: section.line,
            message: error.to_string(),
        })
}

/// The announcements plugin.
#[derive(Debug, Default)]
pub struct Announcements;

#[async_trait]
impl Plugin for Announcements {
    fn name(&self) -> &str {
        NAME
    }

    fn matchers(&self) -> Vec<Matcher> {
        vec![commands::matcher()]
    }

    /// Register the job handler that posts the bot's announcements, and declare the bot file's.
    async fn on_start(&self, setup: &Setup) -> HandlerResult {
        let config: AnnouncementsConfig = setup.config()?;
        let bot = setup.bot_name();
        let specs = config.job_specs(bot)?;
        setup.register_job_handler(
            config::handler_name(bot),
            Arc::new(poster::Poster::new(setup.client().clone())),
        )?;
        let scheduler = setup
            .scheduler()
            .ok_or_else(|| Error::invalid("announcements", "the bot has no scheduler"))?;
        for spec in specs {
            scheduler.add(spec).await?;
        }
        Ok(())
    }

    async fn on_message(&self, ctx: &Context, _message: &Message) -> HandlerResult {
        let (Some(group), Some(scheduler)) = (ctx.group_id(), ctx.scheduler()) else {
            return Ok(());
        };
        let answer = match commands::run(ctx, scheduler, group).await {
            Ok(answer) => answer,
            Err(error @ Error::Invalid { .. }) => error.to_string(),
            Err(error) => return Err(error.into()),
        };
        ctx.reply(answer).await?;
        Ok(())
    }
}
