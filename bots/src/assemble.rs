//! Build the bots a bot file defines: each with its plugin sections, the shipped plugins its
//! `[plugins.<name>]` sections name, the file's store and a scheduler of its own (its jobs kept
//! in the store under `scheduler/<bot name>/`).

use std::sync::Arc;

use timbot::core::backend::Backend;
use timbot::core::Result;
use timbot::runtime::{Bot, BotFile, Signer};
use timbot::scheduler::{Scheduler, SchedulerConfig};
use timbot::store::Store;

use crate::registry;

/// The bots of a file, ready to spawn, and their schedulers (to start once the bots run, so
/// that the plugins have registered their job handlers).
pub struct Assembled {
    /// The bots, in the file's order.
    pub bots: Vec<Bot>,
    /// One scheduler per bot, in the same order.
    pub schedulers: Vec<Scheduler>,
}

/// Build every bot of `file` on `backend`, signing in with `signer` and keeping state in
/// `store` (both shared by all bots).
pub fn bots(
    file: &BotFile,
    backend: Arc<dyn Backend>,
    signer: Arc<dyn Signer>,
    store: Arc<dyn Store>,
) -> Result<Assembled> {
    let mut assembled = Assembled {
        bots: Vec::new(),
        schedulers: Vec::new(),
    };
    for config in file.bot_configs() {
        let scheduler = Scheduler::new(
            store.clone(),
            SchedulerConfig {
                namespace: format!("scheduler/{}/", config.name),
                ..SchedulerConfig::default()
            },
        );
        let names: Vec<&str> = config.plugins.keys().map(String::as_str).collect();
        let plugins = registry::plugins(&names)?;
        let sections = file.plugin_sections(&config);
        let signer = signer.clone();
        let mut builder = Bot::builder(config, backend.clone())
            .signer(SharedSigner(signer))
            .sections(sections)
            .store(store.clone())
            .scheduler(scheduler.clone());
        for plugin in plugins {
            builder = builder.plugin_arc(plugin);
        }
        assembled.bots.push(builder.build()?);
        assembled.schedulers.push(scheduler);
    }
    Ok(assembled)
}

/// A signer shared by several bots.
struct SharedSigner(Arc<dyn Signer>);

#[async_trait::async_trait]
impl Signer for SharedSigner {
    async fn user_sig(&self, user_id: &str) -> Result<String> {
        self.0.user_sig(user_id).await
    }
}
