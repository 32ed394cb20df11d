//! `timbot run <file>`: check the bot file, start its bots on the backend it names, and stop
//! them cleanly.
//!
//! - **Embedded engine** (no `[backend]`, or `kind = "local"`): a person chats with the bots
//!   from the terminal ([`crate::terminal`]). The bots run until Ctrl-C (or SIGTERM), or until
//!   stdin closes (end of a piped script, `</dev/null`, Ctrl-D): then the replies still on their
//!   way are printed and the bots shut down. With `--no-chat`, stdin is not read and the bots run
//!   until Ctrl-C / SIGTERM.
//! - **Tencent Cloud** (`kind = "tencent"`): the callback receiver listens on the configured
//!   address, the bots log in through the REST API, and everything runs until Ctrl-C / SIGTERM.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use timbot::backend::local::LocalEngine;
use timbot::backend::tencent::TencentBackend;
use timbot::core::usersig::DEFAULT_EXPIRE_SECS;
use timbot::core::{Error, Result};
use timbot::runtime::{BotFile, BotHandle, Runtime, Signer};
use timbot::scheduler::Scheduler;
use timbot::store::Store;

use crate::assemble;
use crate::backend_choice::{choose, BackendChoice};
use crate::check::check_summary;
use crate::store_choice;
use crate::terminal::{self, Chat};

/// How long bots get to finish their handlers when stopping.
const SHUTDOWN_BOUND: Duration = Duration::from_secs(5);

/// After stdin closes: replies are awaited until none arrived for this long…
const QUIET_AFTER_INPUT: Duration = Duration::from_millis(500);
/// …but no longer than this in all.
const DRAIN_BOUND: Duration = Duration::from_secs(5);

/// How `timbot run` behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// On the embedded engine, read the terminal chat from stdin (and stop when it closes).
    pub chat: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { chat: true }
    }
}

/// Run the bots of the file at `path` until a stop signal (or, when chatting, the end of stdin).
pub async fn run(path: &Path, options: RunOptions) -> Result<()> {
    check_summary(path)?;
    let file = BotFile::load(path)?;
    let choice = store_choice::choose(file.other.get("store"), path)?;
    let store = store_choice::open(&choice).await?;
    match choose(file.other.get("backend"))? {
        BackendChoice::Local => run_local(&file, store, options).await,
        BackendChoice::Tencent(config) => {
            let backend = TencentBackend::new((*config).clone())?;
            if choice.is_shared() {
                backend.share_handled_callbacks(Arc::clone(&store))?;
            }
            run_tencent(&file, store, backend).await
        }
    }
}

async fn run_local(file: &BotFile, store: Arc<dyn Store>, options: RunOptions) -> Result<()> {
    let engine = LocalEngine::default();
    let configs = file.bot_configs();
    for config in &configs {
        engine.create_user(&config.user_id, &config.name)?;
    }
    let signing = engine.clone();
    let signer: Arc<dyn Signer> = Arc::new(move |user: &str| signing.user_sig(user));
    let running = start(file, engine.backend(), signer, store).await?;
    if !options.chat {
        tracing::info!("running on the embedded engine; Ctrl-C stops");
        stop_signal().await?;
        running.stop().await;
        return Ok(());
    }
    let bots: Vec<String> = configs.iter().map(|c| c.user_id.clone()).collect();
    let chat = Chat::new(engine, bots);
    let activity = chat.activity();
    if std::io::stdin().is_terminal() {
        println!("{}\n({})", terminal::USAGE, chat.prompt());
    }
    let stdin = tokio::io::BufReader::new(tokio::io::stdin());
    let mut chat_task = tokio::spawn(terminal::run(chat, stdin));
    tokio::select! {
        signal = stop_signal() => {
            chat_task.abort();
            signal?;
        }
        _ = &mut chat_task => {
            tracing::info!("stdin closed: printing the last replies, then stopping");
            terminal::wait_until_quiet(&activity, QUIET_AFTER_INPUT, DRAIN_BOUND).await;
        }
    }
    running.stop().await;
    Ok(())
}

async fn run_tencent(file: &BotFile, store: Arc<dyn Store>, backend: TencentBackend) -> Result<()> {
    let config = backend.config();
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| Error::Http(format!("cannot listen on {}: {e}", config.listen)))?;
    let listening = listener.local_addr().unwrap_or(config.listen);
    tracing::info!(
        listen = %listening,
        path = %config.callback_path,
        "callback receiver listening"
    );
    let server = tokio::spawn(backend.serve_webhooks(listener));
    let signing = backend.clone();
    let signer: Arc<dyn Signer> =
        Arc::new(move |user: &str| signing.user_sig_for(user, DEFAULT_EXPIRE_SECS));
    let running = start(file, Arc::new(backend), signer, store).await?;
    tracing::info!("running on Tencent Cloud IM; Ctrl-C stops");
    let served = tokio::select! {
        signal = stop_signal() => signal,
        ended = server => match ended {
            Ok(result) => result,
            Err(e) => Err(Error::Http(format!("callback receiver: {e}"))),
        },
    };
    running.stop().await;
    served
}

/// The bots of a file at work, with their schedulers.
pub struct Running {
    runtime: Runtime,
    schedulers: Vec<Scheduler>,
}

impl Running {
    /// The bots' handles, in the file's order.
    pub fn bots(&self) -> Vec<BotHandle> {
        self.runtime.bots()
    }

    /// Stop firing jobs, then stop the bots (within a bound of 5 s for the handlers in flight).
    pub async fn stop(self) {
        for scheduler in &self.schedulers {
            scheduler.shutdown().await;
        }
        let report = self.runtime.shutdown(SHUTDOWN_BOUND).await;
        for (bot, reason) in &report.bots {
            tracing::info!(bot, ?reason, "bot stopped");
        }
    }
}

/// Build and spawn the bots of `file`, then start their schedulers; fails (after stopping
/// what started) if a bot cannot log in or a scheduler cannot start.
pub async fn start(
    file: &BotFile,
    backend: Arc<dyn timbot::core::backend::Backend>,
    signer: Arc<dyn Signer>,
    store: Arc<dyn Store>,
) -> Result<Running> {
    let assembled = assemble::bots(file, backend, signer, store)?;
    let mut running = Running {
        runtime: Runtime::new(),
        schedulers: Vec::new(),
    };
    for bot in assembled.bots {
        running.runtime.spawn(bot);
    }
    for handle in running.runtime.bots() {
        let status = handle.running().await;
        if status.is_stopped() {
            let name = handle.name().to_owned();
            running.stop().await;
            return Err(Error::invalid(
                "bot",
                format!("{name} did not start: {status:?}"),
            ));
        }
        tracing::info!(
            bot = handle.name(),
            account = handle.user_id(),
            "bot running"
        );
    }
    for scheduler in assembled.schedulers {
        let started = scheduler.start().await;
        running.schedulers.push(scheduler);
        if let Err(error) = started {
            running.stop().await;
            return Err(error);
        }
    }
    Ok(running)
}

/// Ctrl-C, or SIGTERM on Unix (how service managers and containers ask a process to stop).
async fn stop_signal() -> Result<()> {
    let ctrl_c = async {
        tokio::signal::ctrl_c()
            .await
            .map_err(|e| Error::invalid("signal", e))
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).map_err(|e| Error::invalid("signal", e))?;
        tokio::select! {
            result = ctrl_c => result?,
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await?;
    tracing::info!("stop signal: stopping the bots");
    Ok(())
}
