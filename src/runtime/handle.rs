//! [`BotHandle`]: a cheap, clonable view of a running bot, for the runtime, tests and admin
//! commands.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::bot_state::BotState;
use super::metrics::MetricsSnapshot;
use super::status::BotStatus;
use crate::core::{Client, Error, Result};

/// A handle on one bot.
#[derive(Clone)]
pub struct BotHandle {
    state: Arc<BotState>,
}

impl std::fmt::Debug for BotHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BotHandle")
            .field("name", &self.name())
            .field("status", &self.status())
            .finish()
    }
}

impl BotHandle {
    pub(crate) fn new(state: Arc<BotState>) -> Self {
        BotHandle { state }
    }

    /// The bot's name.
    pub fn name(&self) -> &str {
        self.state.name()
    }

    /// The bot's account.
    pub fn user_id(&self) -> &str {
        self.state.user_id()
    }

    /// The bot's client (shared with its handlers).
    pub fn client(&self) -> &Client {
        &self.state.client
    }

    /// The bot's counters now.
    pub fn metrics(&self) -> MetricsSnapshot {
        self.state.metrics.snapshot()
    }

    /// Wait until the bot's counters satisfy `condition`.
    pub async fn wait_for_metrics(
        &self,
        condition: impl Fn(&MetricsSnapshot) -> bool,
    ) -> MetricsSnapshot {
        self.state.metrics.wait_until(condition).await
    }

    /// The bot's state now.
    pub fn status(&self) -> BotStatus {
        self.state.status.borrow().clone()
    }

    /// Wait until the bot's state satisfies `condition`; returns that state.
    pub async fn wait_for_status(&self, condition: impl Fn(&BotStatus) -> bool) -> BotStatus {
        let mut changes = self.state.status.subscribe();
        let result = changes.wait_for(|status| condition(status)).await;
        match result {
            Ok(status) => status.clone(),
            Err(_) => self.status(),
        }
    }

    /// Wait until the bot is logged in and dispatching (or stopped: then that state).
    pub async fn running(&self) -> BotStatus {
        self.wait_for_status(|s| s.is_running() || s.is_stopped())
            .await
    }

    /// Whether the plugin named `plugin` is enabled.
    pub fn plugin_enabled(&self, plugin: &str) -> bool {
        self.state
            .plugin_index(plugin)
            .and_then(|i| self.state.plugins.get(i))
            .is_some_and(|slot| slot.enabled.load(Ordering::SeqCst))
    }

    /// Turn a plugin off everywhere: its matchers stop firing, its `on_stop` runs and
    /// everything it registered (tasks, timers, jobs) is disposed.
    pub async fn disable_plugin(&self, plugin: &str) -> Result<()> {
        let index = self.index(plugin)?;
        self.state.stop_plugin(index).await;
        Ok(())
    }

    /// Turn a plugin on again: its `on_start` runs.
    pub async fn enable_plugin(&self, plugin: &str) -> Result<()> {
        let index = self.index(plugin)?;
        self.state
            .start_plugin(index)
            .await
            .map_err(|reason| Error::invalid("plugin start", format!("{plugin}: {reason}")))
    }

    /// Stop running `plugin` in `group` (it keeps running elsewhere).
    pub fn disable_in_group(&self, plugin: &str, group: &str) {
        self.state.scope.disable_in_group(plugin, group);
    }

    /// Run `plugin` in `group` again.
    pub fn enable_in_group(&self, plugin: &str, group: &str) {
        self.state.scope.enable_in_group(plugin, group);
    }

    /// Whether `plugin` runs in `group`.
    pub fn is_enabled_in_group(&self, plugin: &str, group: &str) -> bool {
        self.plugin_enabled(plugin) && self.state.scope.is_enabled(plugin, Some(group))
    }

    fn index(&self, plugin: &str) -> Result<usize> {
        self.state
            .plugin_index(plugin)
            .ok_or_else(|| Error::invalid("plugin", format!("no plugin named {plugin:?}")))
    }
}
