//! What happens to fire times that passed while no scheduler ran (downtime, a paused process):
//! the [`Misfire`] rule and the [`plan`] that applies it.
//!
//! A fire time at most `grace` late is simply late: it fires, whatever the policy. One later
//! than that was *missed*, and the policy decides: [`MisfirePolicy::Skip`] drops it,
//! [`MisfirePolicy::FireOnce`] fires once for all the missed times together (as the latest of
//! them), [`MisfirePolicy::FireEach`] fires each missed time, oldest first, keeping only the
//! most recent `max`.

use std::collections::VecDeque;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::trigger::Schedule;

/// What to do with fire times missed by more than the grace period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum MisfirePolicy {
    /// Drop them; the job goes on at its next fire time.
    #[default]
    Skip,
    /// Fire once for all of them.
    FireOnce,
    /// Fire each of them (oldest first), at most the `max` most recent.
    FireEach {
        /// How many missed times to fire at most.
        max: u32,
    },
}

/// A job's misfire rule: the policy, and how late a fire time may be and still fire normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Misfire {
    /// What to do with missed fire times.
    pub policy: MisfirePolicy,
    /// How late a fire time may be and still count as on time.
    pub grace: Duration,
}

impl Default for Misfire {
    /// Skip, with a grace of one minute.
    fn default() -> Self {
        Misfire {
            policy: MisfirePolicy::Skip,
            grace: Duration::from_secs(60),
        }
    }
}

/// How many due fire times one plan looks at before giving up on the rest (a once-a-second job
/// after a day of downtime has 86,400).
const MAX_DUE_SCANNED: usize = 100_000;

/// What to do about a job's fire times that are due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Missed fire times the policy keeps, oldest first.
    pub missed: Vec<DateTime<Utc>>,
    /// Fire times late by at most the grace period, oldest first.
    pub on_time: Vec<DateTime<Utc>>,
    /// The latest due fire time looked at (fired or dropped).
    pub last: Option<DateTime<Utc>>,
    /// The job's next fire time after `now` (`None`: it has no more).
    pub next: Option<DateTime<Utc>>,
}

/// Plans a job whose fire time `due` (≤ `now`) has come.
pub(crate) fn plan(
    schedule: &Schedule,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
    misfire: &Misfire,
) -> Plan {
    let grace = TimeDelta::from_std(misfire.grace).unwrap_or(TimeDelta::MAX);
    let keep_missed = match misfire.policy {
        MisfirePolicy::Skip => 0,
        MisfirePolicy::FireOnce => 1,
        MisfirePolicy::FireEach { max } => usize::try_from(max).unwrap_or(usize::MAX),
    };
    let mut missed = VecDeque::new();
    let mut on_time = Vec::new();
    let mut next = Some(due);
    let mut last = None;
    let mut scanned = 0;
    while let Some(time) = next.filter(|time| *time <= now) {
        scanned += 1;
        if scanned > MAX_DUE_SCANNED {
            tracing::warn!(
                scanned = MAX_DUE_SCANNED,
                "too many missed fire times; the rest are skipped"
            );
            next = schedule.next_after(now);
            break;
        }
        last = Some(time);
        if now - time <= grace {
            on_time.push(time);
        } else if keep_missed > 0 {
            if missed.len() == keep_missed {
                missed.pop_front();
            }
            missed.push_back(time);
        }
        next = schedule.next_after(time);
    }
    Plan {
        missed: missed.into(),
        on_time,
        last,
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::Trigger;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + TimeDelta::minutes(minute)
    }

    /// Every ten minutes from minute 0; the job was due at 10 and it is now minute 65.
    fn plan_for(policy: MisfirePolicy, grace_minutes: u64) -> Plan {
        let schedule = Trigger::every_from(Duration::from_secs(600), at(0))
            .unwrap()
            .schedule()
            .unwrap();
        let misfire = Misfire {
            policy,
            grace: Duration::from_secs(grace_minutes * 60),
        };
        plan(&schedule, at(10), at(65), &misfire)
    }

    #[test]
    fn each_policy_after_downtime() {
        let skip = plan_for(MisfirePolicy::Skip, 10);
        assert!(skip.missed.is_empty());
        assert_eq!(skip.on_time, [at(60)], "60 is 5 minutes late: within grace");
        assert_eq!(skip.next, Some(at(70)));

        let once = plan_for(MisfirePolicy::FireOnce, 10);
        assert_eq!(once.missed, [at(50)]);

        let each = plan_for(MisfirePolicy::FireEach { max: 3 }, 1);
        assert_eq!(each.missed, [at(40), at(50), at(60)]);
        assert!(each.on_time.is_empty());
    }
}
