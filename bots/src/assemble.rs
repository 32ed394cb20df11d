//! Build the bots a bot file defines: each with its plugin sections and the shipped plugins
//! its `[plugins.<name>]` sections name.

use std::sync::Arc;

use timbot::core::backend::Backend;
use timbot::core::Result;
use timbot::runtime::{Bot, BotFile, Signer};

use crate::registry;

/// Build every bot of `file` on `backend`, signing in with `signer` (shared by all bots).
pub fn bots(
    file: &BotFile,
    backend: Arc<dyn Backend>,
    signer: Arc<dyn Signer>,
) -> Result<Vec<Bot>> {
    file.bot_configs()
        .into_iter()
        .map(|config| {
            let names: Vec<&str> = config.plugins.keys().map(String::as_str).collect();
            let plugins = registry::plugins(&names)?;
            let sections = file.plugin_sections(&config);
            let signer = signer.clone();
            let mut builder = Bot::builder(config, backend.clone())
                .signer(SharedSigner(signer))
                .sections(sections);
            for plugin in plugins {
                builder = builder.plugin_arc(plugin);
            }
            builder.build()
        })
        .collect()
}

/// A signer shared by several bots.
struct SharedSigner(Arc<dyn Signer>);

#[async_trait::async_trait]
impl Signer for SharedSigner {
    async fn user_sig(&self, user_id: &str) -> Result<String> {
        self.0.user_sig(user_id).await
    }
}
