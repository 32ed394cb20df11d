//! A bot: an account on a backend, its plugins and its configuration; and its life: log in,
//! start the plugins, dispatch events, log in again when the UserSig expires or the account is
//! kicked, and stop cleanly.
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use timbot::core::backend::Backend;
//! # use timbot::runtime::{Bot, BotConfig, Runtime};
//! # async fn demo(backend: Arc<dyn Backend>, sig: String, echo: impl timbot::runtime::Plugin) -> timbot::core::Result<()> {
//! let bot = Bot::builder(BotConfig::new("support", "support_bot"), backend)
//!     .signer(move |_user: &str| Ok(sig.clone()))
//!     .plugin(echo)
//!     .build()?;
//! let mut runtime = Runtime::new();
//! runtime.spawn(bot);
//! # Ok(()) }
//! ```
//!
//! **UserSig expiry**: on [`Event::UserSigExpired`] the bot asks its [`Signer`] for a fresh
//! UserSig and logs in again at once. **Kicked offline**: the bot follows its
//! [`KickedOfflinePolicy`]: log in again after a backoff (doubling after each failure, up to a
//! number of attempts), or stop with [`StopReason::KickedOffline`]. A session whose event stream
//! ends on its own is treated like a kick. Plugins keep running across re-logins: they are
//! started once, when the bot first logs in.

use std::any::{Any, TypeId};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::bot_state::{BotState, Extensions, PluginSlot};
use super::claim::Claim;
use super::config::{BotConfig, KickedOfflinePolicy, PluginSection, PluginSections};
use super::conv_key::ConvKey;
use super::dialogue_book::DialogueBook;
use super::dispatcher::Dispatcher;
use super::effects::Effects;
use super::flow::FlowControl;
use super::handle::BotHandle;
use super::matcher::CompiledMatchers;
use super::metrics::{DropReason, Metrics};
use super::outbox::Outbox;
use super::plugin::Plugin;
use super::scope::{Cooldowns, Scope};
use super::signer::Signer;
use super::status::{BotStatus, StopReason};
use crate::core::backend::Backend;
use crate::core::event::{Event, EventStream};
use crate::core::{Client, Error, Result};
use crate::scheduler::Scheduler;
use crate::store::{Clock, MemoryStore, Store};

/// What tells a running bot to stop: `Some(bound)` once a shutdown is asked, with the time
/// the bot may take to finish its handlers.
pub type ShutdownSignal = watch::Receiver<Option<Duration>>;

/// A bot, built and ready to run.
pub struct Bot {
    state: Arc<BotState>,
    signer: Arc<dyn Signer>,
}

impl std::fmt::Debug for Bot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bot")
            .field("name", &self.state.name())
            .finish_non_exhaustive()
    }
}

/// Builds a [`Bot`].
pub struct BotBuilder {
    config: BotConfig,
    backend: Arc<dyn Backend>,
    signer: Option<Arc<dyn Signer>>,
    plugins: Vec<Arc<dyn Plugin>>,
    sections: Option<PluginSections>,
    outbox: Option<Arc<dyn Outbox>>,
    store: Option<Arc<dyn Store>>,
    scheduler: Option<Scheduler>,
    claims: Vec<Arc<dyn Claim>>,
    extensions: Extensions,
    clock: Option<Clock>,
}

impl Bot {
    /// Start building a bot with `config` on `backend`.
    pub fn builder(config: BotConfig, backend: Arc<dyn Backend>) -> BotBuilder {
        BotBuilder {
            config,
            backend,
            signer: None,
            plugins: Vec::new(),
            sections: None,
            outbox: None,
            store: None,
            scheduler: None,
            claims: Vec::new(),
            extensions: Extensions::new(),
            clock: None,
        }
    }

    /// A handle on the bot (usable before and while it runs).
    pub fn handle(&self) -> BotHandle {
        BotHandle::new(self.state.clone())
    }

    /// Run the bot until `shutdown` asks it to stop or it stops on its own; returns why it
    /// stopped. The runtime calls this; call it yourself to run one bot without a runtime.
    pub async fn run(self, mut shutdown: ShutdownSignal) -> StopReason {
        let state = self.state.clone();
        let reason = self.run_inner(&mut shutdown).await;
        state
            .status
            .send_replace(BotStatus::Stopped(reason.clone()));
        reason
    }

    async fn run_inner(&self, shutdown: &mut ShutdownSignal) -> StopReason {
        let state = &self.state;
        let mut events = match self.login().await {
            Ok(events) => events,
            Err(error) => {
                tracing::error!(bot = %state.name(), %error, "login failed");
                return StopReason::LoginFailed(error.to_string());
            }
        };
        for index in 0..state.plugins.len() {
            let _ = state.start_plugin(index).await;
        }
        state.status.send_replace(BotStatus::Running);
        let mut dispatcher = Dispatcher::new(state.clone());
        let reason = loop {
            let event = tokio::select! {
                biased;
                _ = shutdown_asked(shutdown) => break StopReason::Shutdown,
                event = events.recv() => event,
            };
            let relogin = match event {
                Some(Event::UserSigExpired) => {
                    tracing::info!(bot = %state.name(), "UserSig expired; logging in with a fresh one");
                    Relogin::Now
                }
                Some(Event::KickedOffline) | None => {
                    tracing::warn!(bot = %state.name(), "session ended (kicked offline or closed)");
                    match &state.config.kicked_offline {
                        KickedOfflinePolicy::Stop => break StopReason::KickedOffline,
                        KickedOfflinePolicy::Relogin {
                            backoff_secs,
                            max_attempts,
                        } => Relogin::After(Duration::from_secs(*backoff_secs), *max_attempts),
                    }
                }
                Some(event) => {
                    dispatcher.dispatch(event).await;
                    continue;
                }
            };
            match self.relogin(relogin, shutdown).await {
                Ok(fresh) => {
                    events = fresh;
                    state.status.send_replace(BotStatus::Running);
                }
                Err(reason) => break reason,
            }
        };
        while let Some(event) = events.try_recv() {
            if ConvKey::of_event(&event).is_some() {
                state.metrics.receive();
                state.metrics.drop_event(DropReason::ShuttingDown);
            }
        }
        let bound = shutdown.borrow().unwrap_or(Duration::ZERO);
        dispatcher.shut_down(bound).await;
        for index in (0..state.plugins.len()).rev() {
            state.stop_plugin(index).await;
        }
        if let Err(error) = state.client.logout().await {
            tracing::debug!(bot = %state.name(), %error, "logout at stop failed");
        }
        reason
    }

    async fn login(&self) -> Result<EventStream> {
        let user = self.state.user_id();
        let sig = self.signer.user_sig(user).await?;
        self.state.client.login(user, &sig).await
    }

    /// Log in again per `plan`; gives up with the reason to stop.
    async fn relogin(
        &self,
        plan: Relogin,
        shutdown: &mut ShutdownSignal,
    ) -> std::result::Result<EventStream, StopReason> {
        let (mut wait, attempts) = match plan {
            Relogin::Now => (Duration::ZERO, 1),
            Relogin::After(backoff, attempts) => (backoff, attempts.max(1)),
        };
        let mut last_error = String::new();
        for attempt in 1..=attempts {
            self.state
                .status
                .send_replace(BotStatus::Relogging { attempt });
            tokio::select! {
                biased;
                _ = shutdown_asked(shutdown) => return Err(StopReason::Shutdown),
                _ = tokio::time::sleep(wait) => {}
            }
            match self.login().await {
                Ok(events) => return Ok(events),
                Err(error) => {
                    tracing::warn!(bot = %self.state.name(), attempt, %error, "re-login failed");
                    last_error = error.to_string();
                    wait = (wait * 2).max(Duration::from_secs(1));
                }
            }
        }
        Err(match plan {
            Relogin::Now => StopReason::LoginFailed(last_error),
            Relogin::After(..) => StopReason::KickedOffline,
        })
    }
}

#[derive(Debug, Clone, Copy)]
enum Relogin {
    Now,
    After(Duration, u32),
}

/// Resolves once a shutdown has been asked (never, if the runtime is gone without asking).
async fn shutdown_asked(shutdown: &mut ShutdownSignal) {
    if shutdown.wait_for(Option::is_some).await.is_err() {
        std::future::pending::<()>().await;
    }
}

impl BotBuilder {
    /// Where UserSigs come from (required).
    pub fn signer(mut self, signer: impl Signer) -> Self {
        self.signer = Some(Arc::new(signer));
        self
    }

    /// Add a plugin.
    pub fn plugin(self, plugin: impl Plugin) -> Self {
        self.plugin_arc(Arc::new(plugin))
    }

    /// Add a shared plugin.
    pub fn plugin_arc(mut self, plugin: Arc<dyn Plugin>) -> Self {
        self.plugins.push(plugin);
        self
    }

    /// The plugin sections, e.g. from [`BotFile::plugin_sections`] (default: the bot config's
    /// own `plugins` and `groups` tables).
    ///
    /// [`BotFile::plugin_sections`]: super::BotFile::plugin_sections
    pub fn sections(mut self, sections: PluginSections) -> Self {
        self.sections = Some(sections);
        self
    }

    /// Route every outgoing message through `outbox` (default: a [`FlowControl`] made from the
    /// config's `flow` limits, or sending at once when they are not `enabled`).
    pub fn outbox(mut self, outbox: Arc<dyn Outbox>) -> Self {
        self.outbox = Some(outbox);
        self
    }

    /// The store handlers, dialogues and jobs keep state in (default: a fresh [`MemoryStore`]).
    pub fn store(mut self, store: Arc<dyn Store>) -> Self {
        self.store = Some(store);
        self
    }

    /// The scheduler handlers and plugins reach through [`Context::scheduler`] and
    /// [`Setup::register_job_handler`]. The bot does not start or stop it: it may be shared.
    ///
    /// [`Context::scheduler`]: super::Context::scheduler
    /// [`Setup::register_job_handler`]: super::Setup::register_job_handler
    pub fn scheduler(mut self, scheduler: Scheduler) -> Self {
        self.scheduler = Some(scheduler);
        self
    }

    /// Let `claim` hand plugins messages their matchers did not select (dialogues).
    pub fn claim(mut self, claim: Arc<dyn Claim>) -> Self {
        self.claims.push(claim);
        self
    }

    /// The wall clock dialogue deadlines are kept by (default: the system's). Give the file
    /// store and the bot the same clock in tests that pause time.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Make `value` available to handlers as [`Context::extension::<T>()`] (one value per type):
    /// a store, a scheduler handle, a dialogue manager, a database pool.
    ///
    /// [`Context::extension::<T>()`]: super::Context::extension
    pub fn extension<T: Any + Send + Sync>(mut self, value: Arc<T>) -> Self {
        self.extensions.insert(TypeId::of::<T>(), value);
        self
    }

    /// Build the bot: sort plugins by priority and compile their matchers once.
    pub fn build(self) -> Result<Bot> {
        let signer = self.signer.ok_or_else(|| {
            Error::invalid("bot", format!("{}: no signer configured", self.config.name))
        })?;
        let mut plugins = self.plugins;
        // A stable sort keeps registration order among equal priorities.
        plugins.sort_by_key(|p| p.priority());
        let mut names = std::collections::HashSet::new();
        for plugin in &plugins {
            if !names.insert(plugin.name().to_owned()) {
                return Err(Error::invalid(
                    "bot",
                    format!("two plugins are named {:?}", plugin.name()),
                ));
            }
        }
        let matchers = CompiledMatchers::compile(
            plugins.iter().map(|p| p.matchers()).collect(),
            &self.config.command_prefixes,
            self.config.regex_strategy,
        )?;
        let sections = self
            .sections
            .unwrap_or_else(|| sections_from_config(&self.config));
        let scope = Scope::new(&self.config, sections);
        let store = self.store.unwrap_or_else(|| Arc::new(MemoryStore::new()));
        let clock = self.clock.unwrap_or_else(Clock::system);
        let dialogues = Arc::new(DialogueBook::new(&self.config.name, store.clone(), clock));
        let mut claims = self.claims;
        claims.push(dialogues.clone());
        let slots = plugins
            .into_iter()
            .map(|plugin| PluginSlot {
                name: plugin.name().to_owned(),
                plugin,
                enabled: AtomicBool::new(false),
                effects: Arc::new(Effects::default()),
                lifecycle: tokio::sync::Mutex::new(()),
            })
            .collect();
        let outbox = self
            .outbox
            .unwrap_or_else(|| FlowControl::outbox(&self.config.flow));
        let state = BotState {
            client: Client::new(self.backend),
            config: self.config,
            plugins: slots,
            matchers,
            scope,
            cooldowns: Cooldowns::default(),
            metrics: Metrics::default(),
            outbox,
            store,
            scheduler: self.scheduler,
            claims,
            dialogues: dialogues.clone(),
            extensions: self.extensions,
            status: watch::Sender::new(BotStatus::Starting),
        };
        let state = Arc::new(state);
        dialogues.bind(&state);
        Ok(Bot { state, signer })
    }
}

fn sections_from_config(config: &BotConfig) -> PluginSections {
    let mut sections = PluginSections::default();
    for (name, value) in &config.plugins {
        sections.insert(name.clone(), PluginSection::new(value.clone()));
    }
    for (group, overrides) in &config.groups {
        for (name, value) in &overrides.plugins {
            sections.insert_for_group(
                group.clone(),
                name.clone(),
                PluginSection::new(value.clone()),
            );
        }
    }
    sections
}
