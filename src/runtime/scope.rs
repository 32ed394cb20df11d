//! Where and how often a plugin runs: per-group enable/disable, per-group configuration layered
//! over the bot's, and per-user cooldowns.
//!
//! A plugin disabled in a group is skipped for that group's events (it stays active elsewhere;
//! its matchers, jobs and timers stay registered because it still runs in other groups). To turn
//! a plugin off everywhere, and dispose of what it registered, use
//! [`BotHandle::disable_plugin`](super::BotHandle::disable_plugin).

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, RwLock};
use std::time::Duration;

use tokio::time::Instant;

use super::config::{BotConfig, PluginSection, PluginSections};

/// Per-group switches and configuration of one bot's plugins.
#[derive(Debug, Default)]
pub struct Scope {
    disabled: RwLock<HashMap<String, HashSet<String>>>,
    sections: PluginSections,
}

impl Scope {
    /// The scope a bot's configuration describes (`[groups."<id>"] disabled = [...]`), with the
    /// plugin sections `sections`.
    pub fn new(config: &BotConfig, sections: PluginSections) -> Self {
        let mut disabled: HashMap<String, HashSet<String>> = HashMap::new();
        for (group, overrides) in &config.groups {
            for plugin in &overrides.disabled {
                disabled
                    .entry(plugin.clone())
                    .or_default()
                    .insert(group.clone());
            }
        }
        Scope {
            disabled: RwLock::new(disabled),
            sections,
        }
    }

    /// Whether `plugin` runs for an event of `group` (events outside groups: always).
    pub fn is_enabled(&self, plugin: &str, group: Option<&str>) -> bool {
        let Some(group) = group else { return true };
        let disabled = self.disabled.read().unwrap_or_else(|p| p.into_inner());
        !disabled
            .get(plugin)
            .is_some_and(|groups| groups.contains(group))
    }

    /// Stop running `plugin` in `group`.
    pub fn disable_in_group(&self, plugin: &str, group: &str) {
        let mut disabled = self.disabled.write().unwrap_or_else(|p| p.into_inner());
        disabled
            .entry(plugin.to_owned())
            .or_default()
            .insert(group.to_owned());
    }

    /// Run `plugin` in `group` again.
    pub fn enable_in_group(&self, plugin: &str, group: &str) {
        let mut disabled = self.disabled.write().unwrap_or_else(|p| p.into_inner());
        if let Some(groups) = disabled.get_mut(plugin) {
            groups.remove(group);
        }
    }

    /// The configuration of `plugin` as it applies in `group` (or the bot's, outside groups).
    pub fn section(&self, plugin: &str, group: Option<&str>) -> PluginSection {
        match group {
            Some(group) => self.sections.for_group(plugin, group),
            None => self.sections.for_plugin(plugin),
        }
    }
}

/// Per-user cooldowns of matchers: when each (plugin, matcher, user) may fire again.
#[derive(Debug, Default)]
pub struct Cooldowns {
    ready_at: Mutex<HashMap<(usize, usize, String), Instant>>,
}

/// Above this many remembered entries, expired ones are pruned.
const PRUNE_ABOVE: usize = 4096;

impl Cooldowns {
    /// Whether matcher `matcher` of plugin `plugin` may fire for `user` now; if so, the cooldown
    /// starts.
    pub fn try_fire(&self, plugin: usize, matcher: usize, user: &str, cooldown: Duration) -> bool {
        let now = Instant::now();
        let mut ready_at = self.ready_at.lock().unwrap_or_else(|p| p.into_inner());
        let key = (plugin, matcher, user.to_owned());
        if ready_at.get(&key).is_some_and(|ready| *ready > now) {
            return false;
        }
        if ready_at.len() >= PRUNE_ABOVE {
            ready_at.retain(|_, ready| *ready > now);
        }
        ready_at.insert(key, now + cooldown);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn cooldown_is_per_user_and_expires() {
        let cooldowns = Cooldowns::default();
        let minute = Duration::from_secs(60);
        assert!(cooldowns.try_fire(0, 0, "ann", minute));
        assert!(!cooldowns.try_fire(0, 0, "ann", minute));
        assert!(cooldowns.try_fire(0, 0, "bob", minute));
        assert!(cooldowns.try_fire(0, 1, "ann", minute));
        tokio::time::advance(minute).await;
        assert!(cooldowns.try_fire(0, 0, "ann", minute));
    }

    #[test]
    fn group_switches() {
        let scope = Scope::default();
        assert!(scope.is_enabled("faq", Some("g1")));
        scope.disable_in_group("faq", "g1");
        assert!(!scope.is_enabled("faq", Some("g1")));
        assert!(scope.is_enabled("faq", Some("g2")));
        assert!(scope.is_enabled("faq", None));
        scope.enable_in_group("faq", "g1");
        assert!(scope.is_enabled("faq", Some("g1")));
    }
}
