//! Per-member recent history for the flood and repeat rules: when a member's last messages
//! were sent and how often the same text came in a row. Kept in memory (it only needs the last
//! seconds) on the runtime's clock, so tests can drive it with paused time; replicas sharing a
//! store count in it instead ([`crate::shared_tracker`]).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use crate::config::{FloodRule, RepeatRule};
use crate::rules::Violation;

#[derive(Debug, Default)]
struct Recent {
    times: VecDeque<Instant>,
    run: RepeatRun,
}

/// The member's last text and how many times in a row it came (the repeat rule's state).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct RepeatRun {
    last_text: String,
    repeats: usize,
}

impl RepeatRun {
    /// Counts `text` and says whether it makes a run the rule forbids (empty texts do not
    /// count).
    pub fn see(&mut self, rule: RepeatRule, text: &str) -> Option<Violation> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if self.last_text == text {
            self.repeats += 1;
        } else {
            text.clone_into(&mut self.last_text);
            self.repeats = 1;
        }
        (self.repeats >= rule.count).then_some(Violation::Repeat)
    }
}

/// Recent messages per (group, member).
#[derive(Debug, Default)]
pub struct Tracker {
    members: Mutex<HashMap<(String, String), Recent>>,
}

impl Tracker {
    /// Record a message of `user` in `group` and say whether it breaks the flood or the repeat
    /// rule. After a violation the member's history starts afresh, so one burst costs one
    /// strike.
    pub fn record(
        &self,
        group: &str,
        user: &str,
        text: &str,
        flood: Option<FloodRule>,
        repeat: Option<RepeatRule>,
    ) -> Option<Violation> {
        let now = Instant::now();
        let mut members = match self.members.lock() {
            Ok(members) => members,
            Err(poisoned) => poisoned.into_inner(),
        };
        let recent = members
            .entry((group.to_owned(), user.to_owned()))
            .or_default();
        let violation = flood
            .and_then(|rule| flooded(recent, rule, now))
            .or_else(|| repeat.and_then(|rule| recent.run.see(rule, text)));
        if violation.is_some() {
            *recent = Recent::default();
        }
        violation
    }
}

fn flooded(recent: &mut Recent, rule: FloodRule, now: Instant) -> Option<Violation> {
    let window = Duration::from_secs(rule.seconds);
    while recent
        .times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        recent.times.pop_front();
    }
    recent.times.push_back(now);
    (recent.times.len() > rule.messages).then_some(Violation::Flood)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn more_than_n_messages_in_the_window_is_a_flood() {
        let tracker = Tracker::default();
        let rule = Some(FloodRule {
            messages: 3,
            seconds: 10,
        });
        for _ in 0..3 {
            assert_eq!(tracker.record("g", "u", "hi", rule, None), None);
        }
        assert_eq!(
            tracker.record("g", "u", "hi", rule, None),
            Some(Violation::Flood)
        );
        // Someone else is counted apart; after the window the member starts afresh.
        assert_eq!(tracker.record("g", "v", "hi", rule, None), None);
        tokio::time::advance(Duration::from_secs(10)).await;
        for _ in 0..3 {
            assert_eq!(tracker.record("g", "u", "hi", rule, None), None);
        }
    }

    #[test]
    fn the_same_text_n_times_in_a_row_is_spam() {
        let tracker = Tracker::default();
        let rule = Some(RepeatRule { count: 3 });
        assert_eq!(tracker.record("g", "u", "buy", None, rule), None);
        assert_eq!(tracker.record("g", "u", "buy", None, rule), None);
        assert_eq!(tracker.record("g", "u", "other", None, rule), None);
        assert_eq!(tracker.record("g", "u", "other", None, rule), None);
        assert_eq!(
            tracker.record("g", "u", "other", None, rule),
            Some(Violation::Repeat)
        );
    }
}
