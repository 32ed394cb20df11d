//! [`Runtime`]: hosts many bots in one process and shuts them down together, within a bound.

use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::bot::Bot;
use super::handle::BotHandle;
use super::metrics::MetricsSnapshot;
use super::status::StopReason;

/// Many bots, run together.
pub struct Runtime {
    shutdown: watch::Sender<Option<Duration>>,
    bots: Vec<(BotHandle, JoinHandle<StopReason>)>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field(
                "bots",
                &self.bots.iter().map(|(h, _)| h.name()).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// How each bot ended when the runtime shut down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShutdownReport {
    /// Per bot: its name and why it stopped (`None` if it had to be aborted at the bound).
    pub bots: Vec<(String, Option<StopReason>)>,
}

impl ShutdownReport {
    /// Whether every bot stopped by itself within the bound.
    pub fn is_clean(&self) -> bool {
        self.bots.iter().all(|(_, reason)| reason.is_some())
    }
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime::new()
    }
}

impl Runtime {
    /// An empty runtime.
    pub fn new() -> Self {
        Runtime {
            shutdown: watch::Sender::new(None),
            bots: Vec::new(),
        }
    }

    /// Start running `bot`; returns its handle.
    pub fn spawn(&mut self, bot: Bot) -> BotHandle {
        let handle = bot.handle();
        let task = tokio::spawn(bot.run(self.shutdown.subscribe()));
        self.bots.push((handle.clone(), task));
        handle
    }

    /// The handles of every bot, in the order they were added.
    pub fn bots(&self) -> Vec<BotHandle> {
        self.bots.iter().map(|(h, _)| h.clone()).collect()
    }

    /// The bot named `name`.
    pub fn bot(&self, name: &str) -> Option<BotHandle> {
        self.bots
            .iter()
            .find(|(h, _)| h.name() == name)
            .map(|(h, _)| h.clone())
    }

    /// Every bot's counters, by name.
    pub fn metrics(&self) -> Vec<(String, MetricsSnapshot)> {
        self.bots
            .iter()
            .map(|(h, _)| (h.name().to_owned(), h.metrics()))
            .collect()
    }

    /// The counters of all bots added up.
    pub fn total_metrics(&self) -> MetricsSnapshot {
        self.bots
            .iter()
            .fold(MetricsSnapshot::default(), |sum, (h, _)| sum + h.metrics())
    }

    /// Stop every bot: they stop taking events, finish the handlers in flight within `bound`,
    /// stop their plugins and log out. A bot still not done a little after the bound is aborted.
    pub async fn shutdown(self, bound: Duration) -> ShutdownReport {
        self.shutdown.send_replace(Some(bound));
        // Past the handlers' bound, a bot still has its plugins' `on_stop` and a logout to do.
        let hard_bound = bound + Duration::from_secs(5);
        let mut report = Vec::with_capacity(self.bots.len());
        let deadline = tokio::time::Instant::now() + hard_bound;
        for (handle, mut task) in self.bots {
            let reason = match tokio::time::timeout_at(deadline, &mut task).await {
                Ok(Ok(reason)) => Some(reason),
                Ok(Err(error)) => {
                    tracing::error!(bot = %handle.name(), %error, "bot task failed");
                    None
                }
                Err(_) => {
                    tracing::error!(bot = %handle.name(), "bot did not stop in time; aborted");
                    task.abort();
                    None
                }
            };
            report.push((handle.name().to_owned(), reason));
        }
        ShutdownReport { bots: report }
    }
}
