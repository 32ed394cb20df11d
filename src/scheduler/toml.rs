//! Jobs declared in a bot file: the `[[jobs]]` entries ([`JobDecl`]: the job's id, handler and
//! payload, and its [`Timing`] keys) and their conversion to [`JobSpec`]s, with errors that
//! name the job and the field.
//!
//! ```toml
//! [[jobs]]
//! id = "morning-digest"
//! cron = "0 0 9 * * Mon-Fri"      # with seconds; or `every = "10m"`, or `at = "…"`
//! zone = "Asia/Shanghai"           # IANA name; default UTC
//! misfire = "fire_once"            # skip (default) | fire_once | fire_each
//! max_missed = 3                   # for fire_each (default 1)
//! grace = "2m"                     # default 1m
//! retries = 3                      # default 2
//! retry_backoff = "30s"            # default 10s
//! handler = "announce"
//! payload = { group = "@TGS#1", text = "Good morning" }
//! ```
//!
//! `every` may take a `start` time; `at` and `start` are RFC 3339 times
//! (`"2026-12-24T18:00:00+08:00"`, also unquoted) or local times (`"2026-12-24 18:00"`) read in
//! `zone`. Durations are numbers with units: `500ms`, `90s`, `10m`, `1h30m`, `2d`.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use super::job::{JobAction, JobSpec, RetryPolicy};
use super::misfire::{Misfire, MisfirePolicy};
use super::trigger::Trigger;
use crate::core::{Error, Result};

/// When a job fires and how it copes with downtime and failures: the timing keys of a
/// `[[jobs]]` entry (`cron` / `every` + `start` / `at`, `zone`, `misfire`, `max_missed`,
/// `grace`, `retries`, `retry_backoff`), also used by plugins that declare jobs of their own
/// (read them with [`Timing::from_table`] once their own keys are taken out).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timing {
    /// A cron expression with seconds.
    pub cron: Option<String>,
    /// An interval, e.g. `"10m"`.
    pub every: Option<String>,
    /// The first fire time of an `every` job.
    pub start: Option<toml::Value>,
    /// The one fire time of a one-shot job.
    pub at: Option<toml::Value>,
    /// The IANA zone for `cron` and for local times (default `"UTC"`).
    pub zone: Option<String>,
    /// `skip`, `fire_once` or `fire_each`.
    pub misfire: Option<String>,
    /// For `fire_each`: how many missed times to fire at most.
    pub max_missed: Option<u32>,
    /// How late a fire time may be and still fire normally.
    pub grace: Option<String>,
    /// Attempts after a failed first one.
    pub retries: Option<u32>,
    /// The wait before the first retry.
    pub retry_backoff: Option<String>,
}

/// One `[[jobs]]` entry of a bot file: the job's own keys and its [`Timing`].
#[derive(Debug, Clone, PartialEq)]
pub struct JobDecl {
    /// The job's id.
    pub id: String,
    /// When it fires, misfire handling and retries.
    pub timing: Timing,
    /// The registered handler to call.
    pub handler: String,
    /// What to pass to the handler.
    pub payload: Option<toml::Value>,
}

/// The keys of a `[[jobs]]` entry that are not timing keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JobKeys {
    id: String,
    handler: String,
    payload: Option<toml::Value>,
}

impl<'de> Deserialize<'de> for JobDecl {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let mut table = toml::Table::deserialize(deserializer)?;
        let own = take_keys(&mut table, &["id", "handler", "payload"]);
        let keys: JobKeys = toml::Value::Table(own)
            .try_into()
            .map_err(D::Error::custom)?;
        let timing = Timing::from_table(table).map_err(D::Error::custom)?;
        Ok(JobDecl {
            id: keys.id,
            timing,
            handler: keys.handler,
            payload: keys.payload,
        })
    }
}

/// Takes the entries named `keys` out of `table`, into a table of their own.
pub fn take_keys(table: &mut toml::Table, keys: &[&str]) -> toml::Table {
    keys.iter()
        .filter_map(|key| table.remove(*key).map(|value| ((*key).to_owned(), value)))
        .collect()
}

/// The part of a bot file this module reads: its `[[jobs]]` (other keys are ignored).
#[derive(Debug, Deserialize)]
struct JobsSection {
    #[serde(default)]
    jobs: Vec<JobDecl>,
}

/// Reads the `[[jobs]]` of a TOML document and checks each one.
pub fn jobs_from_toml(text: &str) -> Result<Vec<JobSpec>> {
    let section: JobsSection =
        toml::from_str(text).map_err(|e| Error::invalid("jobs", e.message().to_owned()))?;
    section.jobs.into_iter().map(JobDecl::into_spec).collect()
}

impl JobDecl {
    /// Checks the declaration and turns it into a [`JobSpec`]. Errors name the job and say
    /// what is wrong (a bad cron expression, an unknown zone, two triggers, …).
    pub fn into_spec(self) -> Result<JobSpec> {
        let id = self.id.clone();
        self.checked().map_err(|reason| match reason {
            Error::Invalid { what, reason } => {
                Error::invalid("job", format!("job {id:?}: {what}: {reason}"))
            }
            other => other,
        })
    }

    fn checked(self) -> Result<JobSpec> {
        let (trigger, misfire, retry) = self.timing.into_parts()?;
        let payload = match self.payload {
            Some(payload) => serde_json::to_value(payload)
                .map_err(|e| Error::invalid("payload", e.to_string()))?,
            None => serde_json::Value::Null,
        };
        Ok(JobSpec {
            id: self.id,
            trigger,
            action: JobAction::callback(self.handler, payload),
            misfire,
            retry,
        })
    }
}

impl Timing {
    /// Reads the timing keys of `table`; any other key is an error that names it.
    pub fn from_table(table: toml::Table) -> std::result::Result<Timing, toml::de::Error> {
        toml::Value::Table(table).try_into()
    }

    /// Checks the keys and turns them into the job's trigger, misfire handling and retry
    /// policy. Errors say which key is wrong (a bad cron expression, an unknown zone, two
    /// triggers, …).
    pub fn into_parts(self) -> Result<(Trigger, Misfire, RetryPolicy)> {
        let zone_name = self.zone.unwrap_or_else(|| "UTC".to_owned());
        let trigger = match (self.cron, self.every, self.at) {
            (Some(expr), None, None) => Trigger::cron(expr, zone_name)?,
            (None, Some(every), None) => {
                let interval = parse_duration(&every)?;
                match self.start {
                    Some(start) => Trigger::every_from(interval, parse_time(&start, &zone_name)?)?,
                    None => Trigger::every(interval)?,
                }
            }
            (None, None, Some(at)) => Trigger::at(parse_time(&at, &zone_name)?),
            _ => {
                return Err(Error::invalid(
                    "trigger",
                    "give exactly one of `cron`, `every` or `at`",
                ))
            }
        };
        let policy = match self.misfire.as_deref() {
            None | Some("skip") => MisfirePolicy::Skip,
            Some("fire_once") => MisfirePolicy::FireOnce,
            Some("fire_each") => MisfirePolicy::FireEach {
                max: self.max_missed.unwrap_or(1),
            },
            Some(other) => {
                return Err(Error::invalid(
                    "misfire",
                    format!("{other:?} is not one of skip, fire_once, fire_each"),
                ))
            }
        };
        let mut misfire = Misfire {
            policy,
            ..Misfire::default()
        };
        if let Some(grace) = self.grace {
            misfire.grace = parse_duration(&grace)?;
        }
        let mut retry = RetryPolicy::default();
        if let Some(retries) = self.retries {
            retry.retries = retries;
        }
        if let Some(backoff) = self.retry_backoff {
            retry.backoff = parse_duration(&backoff)?;
        }
        Ok((trigger, misfire, retry))
    }
}

/// Parses a duration such as `500ms`, `90s`, `10m`, `1h30m` or `2d`.
pub fn parse_duration(text: &str) -> Result<Duration> {
    let bad = || {
        Error::invalid(
            "duration",
            format!("{text:?} (expected e.g. \"500ms\", \"90s\", \"10m\", \"1h30m\", \"2d\")"),
        )
    };
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(bad());
    }
    let mut total = Duration::ZERO;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let amount: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = match &rest[..unit_len] {
            "ms" => Duration::from_millis(1),
            "s" => Duration::from_secs(1),
            "m" => Duration::from_secs(60),
            "h" => Duration::from_secs(3600),
            "d" => Duration::from_secs(86_400),
            _ => return Err(bad()),
        };
        let part = unit
            .checked_mul(u32::try_from(amount).map_err(|_| bad())?)
            .ok_or_else(bad)?;
        total = total.checked_add(part).ok_or_else(bad)?;
        rest = &rest[unit_len..];
    }
    Ok(total)
}

/// Reads a time: RFC 3339 (quoted or a TOML date-time), or a local time read in `zone`.
fn parse_time(value: &toml::Value, zone: &str) -> Result<DateTime<Utc>> {
    let text = match value {
        toml::Value::String(text) => text.clone(),
        toml::Value::Datetime(datetime) => datetime.to_string(),
        other => {
            return Err(Error::invalid(
                "time",
                format!("expected a date and time, got {}", other.type_str()),
            ))
        }
    };
    if let Ok(time) = DateTime::parse_from_rfc3339(&text) {
        return Ok(time.with_timezone(&Utc));
    }
    let local = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(&text, format).ok())
    .ok_or_else(|| {
        Error::invalid(
            "time",
            format!("{text:?} (expected \"2026-12-24T18:00:00+08:00\" or \"2026-12-24 18:00\")"),
        )
    })?;
    let tz: Tz = zone.parse().map_err(|_| {
        Error::invalid(
            "time zone",
            format!("{zone:?} is not an IANA time zone name"),
        )
    })?;
    tz.from_local_datetime(&local)
        .earliest()
        .map(|time| time.with_timezone(&Utc))
        .ok_or_else(|| {
            Error::invalid(
                "time",
                format!("{text:?} does not exist in {zone} (skipped by a clock change)"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn timing_keys_become_a_trigger_a_misfire_policy_and_retries() {
        let timing = Timing::from_table(table(
            "every = \"1m\"\nmisfire = \"fire_once\"\nretries = 5",
        ))
        .unwrap();
        let (trigger, misfire, retry) = timing.into_parts().unwrap();
        assert_eq!(trigger, Trigger::every(Duration::from_secs(60)).unwrap());
        assert_eq!(misfire.policy, MisfirePolicy::FireOnce);
        assert_eq!(retry.retries, 5);
    }

    #[test]
    fn a_key_that_is_not_a_timing_key_is_named() {
        let mut entry = table("id = \"j\"\nevery = \"1m\"\nhandler = \"h\"");
        let own = take_keys(&mut entry, &["id"]);
        assert_eq!(own.get("id").and_then(toml::Value::as_str), Some("j"));
        let error = Timing::from_table(entry).unwrap_err();
        assert!(
            error.message().contains("unknown field `handler`"),
            "{error}"
        );
    }

    #[test]
    fn two_triggers_are_refused() {
        let timing = Timing::from_table(table("every = \"1m\"\ncron = \"0 * * * * *\"")).unwrap();
        let error = timing.into_parts().unwrap_err().to_string();
        assert!(
            error.contains("exactly one of `cron`, `every` or `at`"),
            "{error}"
        );
    }
}
