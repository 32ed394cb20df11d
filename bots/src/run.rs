//! `timbot run <file>`: check the bot file, start its bots on the backend it names (the
//! embedded engine by default), let a person chat with them from the terminal (embedded engine
//! only), and stop everything cleanly on Ctrl-C.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use timbot::backend::local::LocalEngine;
use timbot::core::{Error, Result};
use timbot::runtime::{BotFile, Runtime, Signer};

use crate::assemble;
use crate::backend_choice::{choose, BackendChoice};
use crate::check::check_summary;
use crate::terminal::{self, Chat};

/// How long bots get to finish their handlers at Ctrl-C.
const SHUTDOWN_BOUND: Duration = Duration::from_secs(5);

/// Run the bots of the file at `path` until Ctrl-C.
pub async fn run(path: &Path) -> Result<()> {
    check_summary(path)?;
    let file = BotFile::load(path)?;
    match choose(file.other.get("backend"))? {
        BackendChoice::Local => run_local(&file).await,
        BackendChoice::Tencent(_) => Err(Error::invalid(
            "[backend]",
            "the Tencent Cloud settings are valid, but this build cannot run bots on Tencent \
             Cloud yet (no Tencent session); remove [backend] to run on the embedded engine",
        )),
    }
}

async fn run_local(file: &BotFile) -> Result<()> {
    let engine = LocalEngine::default();
    let configs = file.bot_configs();
    for config in &configs {
        engine.create_user(&config.user_id, &config.name)?;
    }
    let signing = engine.clone();
    let signer: Arc<dyn Signer> = Arc::new(move |user: &str| signing.user_sig(user));
    let mut runtime = Runtime::new();
    for bot in assemble::bots(file, engine.backend(), signer)? {
        runtime.spawn(bot);
    }
    for handle in runtime.bots() {
        let status = handle.running().await;
        if status.is_stopped() {
            return Err(Error::invalid(
                "bot",
                format!("{} did not start: {status:?}", handle.name()),
            ));
        }
        tracing::info!(bot = handle.name(), account = handle.user_id(), "bot running");
    }
    let bots: Vec<String> = configs.iter().map(|c| c.user_id.clone()).collect();
    let chat = Chat::new(engine.clone(), bots);
    if std::io::stdin().is_terminal() {
        println!("{}\n({})", terminal::USAGE, chat.prompt());
    }
    let stdin = tokio::io::BufReader::new(tokio::io::stdin());
    let chat_task = tokio::spawn(terminal::run(chat, stdin));
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Error::invalid("signal", e))?;
    tracing::info!("Ctrl-C: stopping the bots");
    chat_task.abort();
    let report = runtime.shutdown(SHUTDOWN_BOUND).await;
    for (bot, reason) in &report.bots {
        tracing::info!(bot, ?reason, "bot stopped");
    }
    Ok(())
}
