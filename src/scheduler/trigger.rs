//! When a job fires: [`Trigger`] (cron in a named zone, a fixed interval, or one time) as stored
//! data, and [`Schedule`], its checked form that computes the next fire time.
//!
//! # Cron and daylight saving
//!
//! Cron expressions use the `cron` crate's syntax with a seconds field
//! (`sec min hour day-of-month month day-of-week [year]`) and are read in an IANA zone
//! (chrono-tz). A fire time is every instant whose local time in that zone matches the
//! expression, which is how the `cron` crate and chrono-tz define the two daylight-saving cases:
//!
//! - a local time that does not exist (skipped when clocks spring forward) does not fire;
//! - a local time that happens twice (when clocks fall back) fires twice, once per instant.
//!
//! Unlike the `cron` crate's own iterator, fire times are computed from an instant rather than a
//! local time, so they always move forward in real time, also inside a repeated hour.
//!
//! # Shared expressions
//!
//! A parsed cron expression takes about 500 bytes, and many jobs tend to use the same one (every
//! weekday at 09:00). A scheduler keeps its jobs' schedules in a [`CronTable`], which holds one
//! parsed expression per distinct expression text and lends it to every schedule using it.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Weak};
use std::time::Duration;

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::core::{Error, Result};

/// When a job fires. Plain data: it is stored with the job and checked by [`Trigger::schedule`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trigger {
    /// A cron expression with seconds, read in an IANA time zone (e.g. `"Europe/Berlin"`).
    Cron {
        /// The expression, e.g. `"0 30 9 * * Mon-Fri"`.
        expr: String,
        /// The IANA zone name, e.g. `"Asia/Shanghai"`.
        zone: String,
    },
    /// Every `interval` (millisecond precision): at `start`, `start + interval`, … when `start`
    /// is given; otherwise `interval` after the previous fire time (the first one `interval`
    /// after the job is added).
    Every {
        /// The interval (at least one millisecond).
        interval: Duration,
        /// The first fire time, anchoring all later ones.
        start: Option<DateTime<Utc>>,
    },
    /// Once, at this time.
    At {
        /// The fire time.
        at: DateTime<Utc>,
    },
}

impl Trigger {
    /// A cron trigger; the expression and zone are checked now.
    pub fn cron(expr: impl Into<String>, zone: impl Into<String>) -> Result<Self> {
        let trigger = Trigger::Cron {
            expr: expr.into(),
            zone: zone.into(),
        };
        trigger.schedule()?;
        Ok(trigger)
    }

    /// Every `interval`, the first time `interval` from when the job is added.
    pub fn every(interval: Duration) -> Result<Self> {
        let trigger = Trigger::Every {
            interval,
            start: None,
        };
        trigger.schedule()?;
        Ok(trigger)
    }

    /// Every `interval`, first at `start`.
    pub fn every_from(interval: Duration, start: DateTime<Utc>) -> Result<Self> {
        let trigger = Trigger::Every {
            interval,
            start: Some(start),
        };
        trigger.schedule()?;
        Ok(trigger)
    }

    /// Once, at `at`.
    pub fn at(at: DateTime<Utc>) -> Self {
        Trigger::At { at }
    }

    /// Checks the trigger and returns its [`Schedule`]. A bad cron expression, an unknown zone
    /// or a zero interval is an [`Error::Invalid`] saying which.
    pub fn schedule(&self) -> Result<Schedule> {
        match self {
            Trigger::Cron { expr, zone } => {
                let cron = cron::Schedule::from_str(expr).map_err(|e| {
                    Error::invalid(
                        "cron expression",
                        format!(
                            "{expr:?}: {e} (expected `sec min hour day-of-month month \
                             day-of-week [year]`)"
                        ),
                    )
                })?;
                let zone = Tz::from_str(zone).map_err(|_| {
                    Error::invalid(
                        "time zone",
                        format!("{zone:?} is not an IANA time zone name such as \"Asia/Shanghai\""),
                    )
                })?;
                Ok(Schedule(Kind::Cron(Arc::new(cron), zone)))
            }
            Trigger::Every { interval, start } => {
                let step_ms = i64::try_from(interval.as_millis())
                    .ok()
                    .filter(|ms| *ms > 0)
                    .ok_or_else(|| {
                        Error::invalid(
                            "interval",
                            format!("{interval:?} must be at least one millisecond"),
                        )
                    })?;
                Ok(Schedule(Kind::Every {
                    step_ms,
                    start: *start,
                }))
            }
            Trigger::At { at } => Ok(Schedule(Kind::At(*at))),
        }
    }
}

/// A checked [`Trigger`]: computes fire times.
#[derive(Debug, Clone)]
pub struct Schedule(Kind);

#[derive(Debug, Clone)]
enum Kind {
    Cron(Arc<cron::Schedule>, Tz),
    Every {
        step_ms: i64,
        start: Option<DateTime<Utc>>,
    },
    At(DateTime<Utc>),
}

/// How far back (in real time) a fall-back transition can repeat local times; no zone has ever
/// turned its clocks back by more.
const LARGEST_FALL_BACK: TimeDelta = TimeDelta::hours(3);

/// A bound on the cron candidates examined for one fire time (a repeated hour of a
/// once-a-second expression needs 3,600).
const MAX_CANDIDATES: usize = 20_000;

impl Schedule {
    /// The first fire time for a job added at `now`: the next one after `now`, except that a
    /// one-shot time already past is still returned (whether it fires late is the misfire
    /// policy's decision).
    pub fn first(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.0 {
            Kind::At(at) => Some(at),
            _ => self.next_after(now),
        }
    }

    /// The first fire time strictly after `after`, or `None` when there is none (a one-shot
    /// time already past, or a cron expression with no more matches).
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.0 {
            Kind::At(at) => (*at > after).then_some(*at),
            Kind::Every { step_ms, start } => {
                let (anchor, steps) = match start {
                    Some(start) if after < *start => return Some(*start),
                    Some(start) => (*start, (after - *start).num_milliseconds() / step_ms + 1),
                    None => (after, 1),
                };
                anchor.checked_add_signed(TimeDelta::milliseconds(steps.checked_mul(*step_ms)?))
            }
            Kind::Cron(cron, zone) => next_cron(cron, *zone, after),
        }
    }
}

/// The parsed cron expressions of a scheduler's jobs, one per distinct expression text, shared
/// by the schedules that use it. Read in different zones, one parsed expression still serves
/// both: the zone stays with each schedule. An expression is freed with the last schedule using
/// it; the table forgets freed ones whenever it has doubled since it last looked.
#[derive(Debug, Default)]
pub(crate) struct CronTable {
    by_expr: HashMap<Box<str>, Weak<cron::Schedule>>,
    /// The table's size after it last forgot the freed expressions.
    size_after_sweep: usize,
}

impl CronTable {
    /// `schedule`, its cron expression now shared with the other schedules of the same text.
    pub fn share(&mut self, schedule: Schedule) -> Schedule {
        let Kind::Cron(cron, zone) = schedule.0 else {
            return schedule;
        };
        if let Some(shared) = self.by_expr.get(cron.source()).and_then(Weak::upgrade) {
            return Schedule(Kind::Cron(shared, zone));
        }
        self.by_expr
            .insert(cron.source().into(), Arc::downgrade(&cron));
        if self.by_expr.len() > self.size_after_sweep.max(32) * 2 {
            self.by_expr.retain(|_, cron| cron.strong_count() > 0);
            self.size_after_sweep = self.by_expr.len();
        }
        Schedule(Kind::Cron(cron, zone))
    }

    /// How many distinct expressions are in use.
    #[cfg(test)]
    pub fn in_use(&self) -> usize {
        self.by_expr
            .values()
            .filter(|cron| cron.strong_count() > 0)
            .count()
    }
}

/// The first instant after `after` whose local time in `zone` matches `cron`.
///
/// Matching local times come from the cron crate in local-time order (read on a zone-less
/// calendar); each maps to zero, one or two instants. Local order equals real-time order except
/// inside a repeated hour, so the search starts early enough to see a repeated hour that lies
/// ahead, and stops once no later local time can map to an earlier instant.
fn next_cron(cron: &cron::Schedule, zone: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let offset_at = |t: DateTime<Utc>| zone.offset_from_utc_datetime(&t.naive_utc()).fix();
    let fall_back = (offset_at(after).local_minus_utc()
        - offset_at(after + LARGEST_FALL_BACK).local_minus_utc())
    .max(0);
    let fall_back = TimeDelta::seconds(i64::from(fall_back));
    let local_after = after.with_timezone(&zone).naive_local();
    let search_from = (local_after - fall_back - TimeDelta::seconds(1)).and_utc();

    let mut best: Option<(DateTime<Utc>, NaiveDateTime)> = None;
    for candidate in cron.after(&search_from).take(MAX_CANDIDATES) {
        let local = candidate.naive_utc();
        if let Some((_, best_local)) = best {
            if local > best_local + fall_back {
                break;
            }
        }
        let instants = match zone.from_local_datetime(&local) {
            LocalResult::None => continue,
            LocalResult::Single(one) => [Some(one), None],
            LocalResult::Ambiguous(first, second) => [Some(first), Some(second)],
        };
        for instant in instants.into_iter().flatten() {
            let instant = instant.with_timezone(&Utc);
            if instant > after && best.is_none_or(|(best, _)| instant < best) {
                best = Some((instant, local));
            }
        }
    }
    best.map(|(instant, _)| instant)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn fire_times(trigger: &Trigger, from: &str, count: usize) -> Vec<DateTime<Utc>> {
        let schedule = trigger.schedule().unwrap();
        std::iter::successors(schedule.next_after(utc(from)), |t| schedule.next_after(*t))
            .take(count)
            .collect()
    }

    #[test]
    fn half_hourly_cron_walks_through_a_repeated_hour_in_real_time_order() {
        // New York falls back at 02:00 EDT on 2026-11-01: 01:00–01:59 happens twice.
        let trigger = Trigger::cron("0 */30 * * * *", "America/New_York").unwrap();
        let times = fire_times(&trigger, "2026-11-01T04:45:00Z", 6);
        let expected = [
            "2026-11-01T05:00:00Z", // 01:00 EDT
            "2026-11-01T05:30:00Z", // 01:30 EDT
            "2026-11-01T06:00:00Z", // 01:00 EST
            "2026-11-01T06:30:00Z", // 01:30 EST
            "2026-11-01T07:00:00Z", // 02:00 EST
            "2026-11-01T07:30:00Z",
        ];
        assert_eq!(times, expected.map(utc));
    }

    #[test]
    fn anchored_interval_keeps_its_grid() {
        let trigger =
            Trigger::every_from(Duration::from_secs(600), utc("2026-01-01T00:00:00Z")).unwrap();
        let times = fire_times(&trigger, "2026-01-01T00:25:00Z", 2);
        assert_eq!(
            times,
            [utc("2026-01-01T00:30:00Z"), utc("2026-01-01T00:40:00Z")]
        );
        let schedule = trigger.schedule().unwrap();
        assert_eq!(
            schedule.next_after(utc("2026-01-01T00:30:00Z")),
            Some(utc("2026-01-01T00:40:00Z")),
            "a fire time is strictly after `after`"
        );
    }
}
