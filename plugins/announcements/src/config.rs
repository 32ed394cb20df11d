//! The announcements plugin's configuration: the `[plugins.announcements]` section of a bot
//! file, with its jobs (`[[plugins.announcements.jobs]]`), each turned into a scheduler job.

use serde::Deserialize;
use timbot::core::{Error, Result};
use timbot::scheduler::{JobDecl, JobSpec};

use crate::announcement::{Announcement, Card, Digest};

/// The plugin's section.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnnouncementsConfig {
    /// The IANA time zone of `/announce add … cron …` and `at` times given in chat
    /// (default `"UTC"`).
    pub zone: String,
    /// The announcements declared in the bot file.
    pub jobs: Vec<JobEntry>,
}

impl Default for AnnouncementsConfig {
    fn default() -> Self {
        AnnouncementsConfig {
            zone: "UTC".to_owned(),
            jobs: Vec::new(),
        }
    }
}

/// One `[[plugins.announcements.jobs]]` entry: when (the scheduler's `[[jobs]]` keys) and what
/// (an [`Announcement`]'s keys).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobEntry {
    /// The announcement's id (what `/announce pause <id>` names).
    pub id: String,
    /// A cron expression with seconds, e.g. `"0 30 9 * * Mon-Fri"`.
    pub cron: Option<String>,
    /// An interval, e.g. `"1h"`.
    pub every: Option<String>,
    /// The first fire time of an `every` job.
    pub start: Option<toml::Value>,
    /// The one fire time of a one-shot announcement.
    pub at: Option<toml::Value>,
    /// The IANA zone of `cron` and of local times (default: the section's `zone`).
    pub zone: Option<String>,
    /// Missed fire times after downtime: `skip` (default), `fire_once` or `fire_each`.
    pub misfire: Option<String>,
    /// How late a fire time may be and still fire normally (default `1m`).
    pub grace: Option<String>,
    /// Attempts after a failed first one (default 2).
    pub retries: Option<u32>,
    /// The groups it is posted to.
    pub groups: Vec<String>,
    /// A text message.
    pub text: String,
    /// Whether the text @-mentions everyone.
    pub at_all: bool,
    /// A custom card.
    pub card: Option<Card>,
    /// A merged digest.
    pub digest: Option<Digest>,
}

/// When an announcement fires, as the chat command or the bot file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// A cron expression with seconds.
    Cron(String),
    /// An interval.
    Every(String),
    /// One time: RFC 3339, or a local time in the zone.
    At(String),
}

/// The scheduler job for announcement `id` of the bot, posting `announcement` at `when` in
/// `zone`. The job's id and handler are the bot's (see [`job_id`], [`handler_name`]).
pub fn job_spec(
    bot: &str,
    id: &str,
    when: When,
    zone: &str,
    announcement: &Announcement,
) -> Result<JobSpec> {
    into_spec(bot, job_decl(bot, id, when, zone, announcement)?)
}

/// The scheduler job of a declaration whose id is the announcement's: errors name the
/// announcement as its users know it, and the job gets the bot's job id.
fn into_spec(bot: &str, decl: JobDecl) -> Result<JobSpec> {
    let id = decl.id.clone();
    let mut spec = decl.into_spec()?;
    spec.id = job_id(bot, &id);
    Ok(spec)
}

fn job_decl(
    bot: &str,
    id: &str,
    when: When,
    zone: &str,
    announcement: &Announcement,
) -> Result<JobDecl> {
    check_id(id)?;
    announcement
        .check()
        .map_err(|e| Error::invalid("announcement", format!("{id:?}: {e}")))?;
    let payload = toml::Value::try_from(announcement)
        .map_err(|e| Error::invalid("announcement", e.to_string()))?;
    let (cron, every, at) = match when {
        When::Cron(expr) => (Some(expr), None, None),
        When::Every(every) => (None, Some(every), None),
        When::At(at) => (None, None, Some(toml::Value::String(at))),
    };
    Ok(JobDecl {
        id: id.to_owned(),
        cron,
        every,
        start: None,
        at,
        zone: Some(zone.to_owned()),
        misfire: None,
        max_missed: None,
        grace: None,
        retries: None,
        retry_backoff: None,
        handler: handler_name(bot),
        payload: Some(payload),
    })
}

/// An announcement id is one word of letters, digits, `-` and `_`.
pub fn check_id(id: &str) -> Result<()> {
    let fine = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if fine {
        Ok(())
    } else {
        Err(Error::invalid(
            "announcement id",
            format!("{id:?}: use letters, digits, - and _"),
        ))
    }
}

/// The scheduler job id of announcement `id` of bot `bot`.
pub fn job_id(bot: &str, id: &str) -> String {
    format!("{}{id}", job_prefix(bot))
}

/// The prefix of the scheduler job ids of bot `bot`'s announcements.
pub fn job_prefix(bot: &str) -> String {
    format!("announcements/{bot}/")
}

/// The name of bot `bot`'s job handler.
pub fn handler_name(bot: &str) -> String {
    format!("announcements/{bot}")
}

impl AnnouncementsConfig {
    /// The scheduler jobs of the declared announcements of bot `bot`; the error names the
    /// announcement and the problem.
    pub fn job_specs(&self, bot: &str) -> Result<Vec<JobSpec>> {
        self.jobs
            .iter()
            .map(|entry| {
                let when = match (&entry.cron, &entry.every, &entry.at) {
                    (Some(cron), None, None) => When::Cron(cron.clone()),
                    (None, Some(every), None) => When::Every(every.clone()),
                    (None, None, Some(at)) => When::At(match at {
                        toml::Value::String(text) => text.clone(),
                        other => other.to_string(),
                    }),
                    _ => {
                        return Err(Error::invalid(
                            "announcement",
                            format!(
                                "{:?}: give exactly one of `cron`, `every` or `at`",
                                entry.id
                            ),
                        ))
                    }
                };
                let zone = entry.zone.as_deref().unwrap_or(&self.zone);
                let mut decl = job_decl(bot, &entry.id, when, zone, &entry.announcement())?;
                decl.start = entry.start.clone();
                decl.misfire = entry.misfire.clone();
                decl.grace = entry.grace.clone();
                decl.retries = entry.retries;
                into_spec(bot, decl)
            })
            .collect()
    }
}

impl JobEntry {
    fn announcement(&self) -> Announcement {
        Announcement {
            groups: self.groups.clone(),
            text: self.text.clone(),
            at_all: self.at_all,
            card: self.card.clone(),
            digest: self.digest.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<Vec<JobSpec>> {
        let value: toml::Value = toml::from_str(text).unwrap();
        timbot::runtime::PluginSection::new(value)
            .parse::<AnnouncementsConfig>()?
            .job_specs("bot")
    }

    #[test]
    fn declared_jobs_become_scheduler_jobs_of_the_bot() {
        let specs = config(
            r#"
            zone = "Asia/Shanghai"
            [[jobs]]
            id = "standup"
            cron = "0 30 9 * * Mon-Fri"
            groups = ["g"]
            text = "Stand-up"
            at_all = true
            "#,
        )
        .unwrap();
        assert_eq!(specs[0].id, "announcements/bot/standup");
        let timbot::scheduler::JobAction::Callback { handler, payload } = &specs[0].action;
        assert_eq!(handler, "announcements/bot");
        assert_eq!(payload["at_all"], true);
    }

    #[test]
    fn mistakes_name_the_announcement() {
        let two_triggers = r#"
            [[jobs]]
            id = "x"
            cron = "0 0 9 * * *"
            every = "1h"
            groups = ["g"]
            text = "hi"
        "#;
        let error = config(two_triggers).unwrap_err().to_string();
        assert!(
            error.contains("\"x\"") && error.contains("exactly one"),
            "{error}"
        );
        let no_content = "[[jobs]]\nid = \"y\"\nevery = \"1h\"\ngroups = [\"g\"]";
        let error = config(no_content).unwrap_err().to_string();
        assert!(error.contains("\"y\""), "{error}");
        let bad_cron = "[[jobs]]\nid = \"z\"\ncron = \"nope\"\ngroups = [\"g\"]\ntext = \"t\"";
        assert!(config(bad_cron).is_err());
        assert!(
            config("[[jobs]]\nid = \"a b\"\nevery = \"1h\"\ngroups = [\"g\"]\ntext = \"t\"")
                .is_err()
        );
    }
}
