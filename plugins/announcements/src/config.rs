//! The announcements plugin's configuration: the `[plugins.announcements]` section of a bot
//! file, with its jobs (`[[plugins.announcements.jobs]]`), each turned into a scheduler job.

use serde::Deserialize;
use timbot::core::{Error, Result};
use timbot::scheduler::{take_keys, JobDecl, JobSpec, Timing};

use crate::announcement::Announcement;

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

/// One `[[plugins.announcements.jobs]]` entry: when (the scheduler's [`Timing`] keys) and what
/// (an [`Announcement`]'s keys).
#[derive(Debug, Clone, Default)]
pub struct JobEntry {
    /// The announcement's id (what `/announce pause <id>` names).
    pub id: String,
    /// When it fires (`cron`, `every`, `at` …); its `zone` defaults to the section's.
    pub timing: Timing,
    /// What it posts.
    pub announcement: Announcement,
}

impl<'de> Deserialize<'de> for JobEntry {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let mut table = toml::Table::deserialize(deserializer)?;
        let id = match table.remove("id") {
            Some(id) => id.try_into().map_err(|e| D::Error::custom(e.message()))?,
            None => String::new(),
        };
        let what = take_keys(&mut table, &["groups", "text", "at_all", "card", "digest"]);
        let announcement = toml::Value::Table(what)
            .try_into()
            .map_err(|e| D::Error::custom(e.message()))?;
        let timing = Timing::from_table(table).map_err(|e| D::Error::custom(e.message()))?;
        Ok(JobEntry {
            id,
            timing,
            announcement,
        })
    }
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
    let mut timing = Timing {
        zone: Some(zone.to_owned()),
        ..Timing::default()
    };
    match when {
        When::Cron(expr) => timing.cron = Some(expr),
        When::Every(every) => timing.every = Some(every),
        When::At(at) => timing.at = Some(toml::Value::String(at)),
    }
    timed_job_spec(bot, id, timing, announcement)
}

/// The scheduler job for announcement `id` of the bot, posting `announcement` at `timing`.
/// Errors name the announcement as its users know it; the job gets the bot's job id.
fn timed_job_spec(
    bot: &str,
    id: &str,
    timing: Timing,
    announcement: &Announcement,
) -> Result<JobSpec> {
    check_id(id)?;
    announcement
        .check()
        .map_err(|e| Error::invalid("announcement", format!("{id:?}: {e}")))?;
    let payload = toml::Value::try_from(announcement)
        .map_err(|e| Error::invalid("announcement", e.to_string()))?;
    let decl = JobDecl {
        id: id.to_owned(),
        timing,
        handler: handler_name(bot),
        payload: Some(payload),
    };
    let mut spec = decl.into_spec()?;
    spec.id = job_id(bot, id);
    Ok(spec)
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
                let mut timing = entry.timing.clone();
                timing.zone.get_or_insert_with(|| self.zone.clone());
                timed_job_spec(bot, &entry.id, timing, &entry.announcement)
            })
            .collect()
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

    #[test]
    fn every_timing_key_of_the_scheduler_works_and_a_typo_is_named() {
        let specs = config(
            r#"
            [[jobs]]
            id = "nightly"
            every = "1d"
            misfire = "fire_each"
            max_missed = 3
            retries = 4
            retry_backoff = "1m"
            groups = ["g"]
            text = "good night"
            "#,
        )
        .unwrap();
        assert_eq!(
            specs[0].misfire.policy,
            timbot::scheduler::MisfirePolicy::FireEach { max: 3 }
        );
        assert_eq!(specs[0].retry.retries, 4);
        assert_eq!(specs[0].retry.backoff, std::time::Duration::from_secs(60));
        let typo = "[[jobs]]\nid = \"t\"\ncronn = \"0 0 9 * * *\"\ngroups = [\"g\"]\ntext = \"t\"";
        let error = config(typo).unwrap_err().to_string();
        assert!(error.contains("unknown field `cronn`"), "{error}");
    }
}
