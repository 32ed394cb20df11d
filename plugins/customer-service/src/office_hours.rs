//! Office hours: the days and times (in one time zone) when human agents are at work.
//!
//! ```toml
//! [plugins.customer-service.office_hours]
//! timezone = "Asia/Shanghai"          # an IANA zone
//! days = ["mon", "tue", "wed", "thu", "fri"]
//! open = "09:00"
//! close = "18:00"                     # open ≤ time < close, local time
//! closed_reply = "We are closed now; we answer from 09:00 on weekdays."
//! ```

use chrono::{DateTime, Datelike, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;
use timbot::core::{Error, Result};

/// The office hours as written in the bot file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeHoursConfig {
    /// IANA time zone of the office.
    pub timezone: String,
    /// Working days (`mon` … `sun`).
    pub days: Vec<String>,
    /// Opening time, `HH:MM`.
    pub open: String,
    /// Closing time, `HH:MM` (exclusive).
    pub close: String,
    /// The reply outside office hours.
    pub closed_reply: String,
}

/// Office hours, validated.
#[derive(Debug, Clone)]
pub struct OfficeHours {
    zone: Tz,
    days: Vec<Weekday>,
    open: NaiveTime,
    close: NaiveTime,
    /// The reply outside office hours.
    pub closed_reply: String,
}

impl OfficeHours {
    /// Validate the written configuration.
    pub fn from_config(config: &OfficeHoursConfig) -> Result<OfficeHours> {
        let zone: Tz = config
            .timezone
            .parse()
            .map_err(|_| invalid(format!("unknown time zone {:?}", config.timezone)))?;
        let days = config
            .days
            .iter()
            .map(|day| {
                day.parse::<Weekday>()
                    .map_err(|_| invalid(format!("unknown day {day:?} (use mon … sun)")))
            })
            .collect::<Result<Vec<_>>>()?;
        let time = |text: &str| {
            NaiveTime::parse_from_str(text, "%H:%M")
                .map_err(|_| invalid(format!("time {text:?} is not HH:MM")))
        };
        let (open, close) = (time(&config.open)?, time(&config.close)?);
        if open >= close {
            return Err(invalid(format!(
                "open ({}) must be before close ({})",
                config.open, config.close
            )));
        }
        Ok(OfficeHours {
            zone,
            days,
            open,
            close,
            closed_reply: config.closed_reply.clone(),
        })
    }

    /// Whether the office is open at `now`.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        let local = now.with_timezone(&self.zone);
        let time = local.time();
        self.days.contains(&local.weekday()) && self.open <= time && time < self.close
    }
}

fn invalid(message: String) -> Error {
    Error::invalid("office_hours", message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn hours() -> OfficeHours {
        OfficeHours::from_config(&OfficeHoursConfig {
            timezone: "Asia/Shanghai".into(),
            days: vec!["mon".into(), "fri".into()],
            open: "09:00".into(),
            close: "18:00".into(),
            closed_reply: "closed".into(),
        })
        .unwrap()
    }

    #[test]
    fn open_on_working_days_between_open_and_close_local_time() {
        let hours = hours();
        // Friday 2026-11-20 01:00 UTC is 09:00 in Shanghai: open.
        assert!(hours.is_open(Utc.with_ymd_and_hms(2026, 11, 20, 1, 0, 0).unwrap()));
        // 10:00 UTC is 18:00 in Shanghai: closed (close is exclusive).
        assert!(!hours.is_open(Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap()));
        // Saturday noon in Shanghai: not a working day.
        assert!(!hours.is_open(Utc.with_ymd_and_hms(2026, 11, 21, 4, 0, 0).unwrap()));
    }

    #[test]
    fn bad_settings_are_errors() {
        let mut config = OfficeHoursConfig {
            timezone: "Mars/Olympus".into(),
            days: vec![],
            open: "09:00".into(),
            close: "18:00".into(),
            closed_reply: String::new(),
        };
        assert!(OfficeHours::from_config(&config).is_err());
        config.timezone = "UTC".into();
        config.open = "19:00".into();
        assert!(OfficeHours::from_config(&config).is_err());
    }
}
