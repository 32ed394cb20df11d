//! The state a built bot shares with its dispatcher, workers and handlers.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::watch;

use super::claim::Claim;
use super::config::BotConfig;
use super::dialogue_book::DialogueBook;
use super::effects::Effects;
use super::matcher::CompiledMatchers;
use super::metrics::Metrics;
use super::outbox::Outbox;
use super::plugin::{Plugin, Setup};
use super::scope::{Cooldowns, Scope};
use super::status::BotStatus;
use crate::core::types::Message;
use crate::core::{Client, Result};
use crate::scheduler::Scheduler;
use crate::store::Store;

/// Values of any type a bot carries for its handlers (see [`Context::extension`]).
///
/// [`Context::extension`]: super::Context::extension
pub(crate) type Extensions = HashMap<TypeId, Arc<dyn Any + Send + Sync>>;

/// One plugin of a bot.
pub(crate) struct PluginSlot {
    pub plugin: Arc<dyn Plugin>,
    pub name: String,
    pub enabled: AtomicBool,
    pub effects: Arc<Effects>,
    /// Serializes start/stop of this plugin.
    pub lifecycle: tokio::sync::Mutex<()>,
}

/// Everything a running bot shares.
pub(crate) struct BotState {
    pub config: BotConfig,
    pub client: Client,
    /// Sorted by priority; the index is the plugin's index in `matchers`.
    pub plugins: Vec<PluginSlot>,
    pub matchers: CompiledMatchers,
    pub scope: Scope,
    pub cooldowns: Cooldowns,
    pub metrics: Metrics,
    pub outbox: Arc<dyn Outbox>,
    pub store: Arc<dyn Store>,
    pub scheduler: Option<Scheduler>,
    pub claims: Vec<Arc<dyn Claim>>,
    /// The bot's dialogues (also one of its claims).
    pub dialogues: Arc<DialogueBook>,
    pub extensions: Extensions,
    pub status: watch::Sender<BotStatus>,
}

impl BotState {
    /// The bot's name.
    pub fn name(&self) -> &str {
        &self.config.name
    }

    /// The bot's account.
    pub fn user_id(&self) -> &str {
        &self.config.user_id
    }

    /// Whether `user` is one of the bot's superusers.
    pub fn is_superuser(&self, user: &str) -> bool {
        self.config.superusers.iter().any(|u| u == user)
    }

    /// Send through the bot's outbox.
    pub async fn send(&self, message: Message) -> Result<Message> {
        self.outbox.send(&self.client, message).await
    }

    /// The index of the plugin named `name`.
    pub fn plugin_index(&self, name: &str) -> Option<usize> {
        self.plugins.iter().position(|slot| slot.name == name)
    }

    /// What plugin `index` gets at start and stop.
    pub fn setup(&self, index: usize) -> Option<Setup> {
        let slot = self.plugins.get(index)?;
        Some(Setup {
            bot_name: self.config.name.clone(),
            client: self.client.clone(),
            section: self.scope.section(&slot.name, None),
            effects: slot.effects.clone(),
            store: self.store.clone(),
            scheduler: self.scheduler.clone(),
        })
    }

    /// Start plugin `index` (reopening its effects); a failure disables it and is returned.
    pub async fn start_plugin(&self, index: usize) -> std::result::Result<(), String> {
        let (Some(slot), Some(setup)) = (self.plugins.get(index), self.setup(index)) else {
            return Err("no such plugin".to_owned());
        };
        let _guard = slot.lifecycle.lock().await;
        if slot.enabled.load(Ordering::SeqCst) {
            return Ok(());
        }
        slot.effects.reopen();
        match slot.plugin.on_start(&setup).await {
            Ok(()) => {
                slot.enabled.store(true, Ordering::SeqCst);
                self.dialogues.resume(index).await;
                Ok(())
            }
            Err(error) => {
                tracing::error!(bot = %self.name(), plugin = %slot.name, %error, "plugin failed to start; it stays disabled");
                slot.effects.dispose();
                Err(error.to_string())
            }
        }
    }

    /// Stop plugin `index`: its matchers stop firing, `on_stop` runs, its effects are disposed.
    pub async fn stop_plugin(&self, index: usize) {
        let (Some(slot), Some(setup)) = (self.plugins.get(index), self.setup(index)) else {
            return;
        };
        let _guard = slot.lifecycle.lock().await;
        if !slot.enabled.swap(false, Ordering::SeqCst) {
            return;
        }
        if let Err(error) = slot.plugin.on_stop(&setup).await {
            tracing::warn!(bot = %self.name(), plugin = %slot.name, %error, "plugin failed to stop cleanly");
        }
        slot.effects.dispose();
    }
}
