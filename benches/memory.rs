//! Memory benchmark: heap bytes per logged-in bot and per idle conversation.
//!
//! Run with `cargo bench -p timbot --bench memory` (about 80 s: it waits twice for idle
//! conversation workers to retire). Heap bytes in use are counted by a global allocator wrapper
//! (the allocator's own overhead and freed-but-cached memory are not in the figures).
//!
//! - **Per logged-in bot**: [`BOTS`] bots are built, started and logged in to the embedded
//!   engine; the heap growth over the bot count. Two kinds: a bot with one command (`/echo`),
//!   and a bot with the dispatch benchmark's 100 matchers (50 commands, 50 regexes). It includes
//!   the engine's side of the account and session.
//! - **Per idle conversation**: [`PEOPLE`] people (logged in before counting) each send one
//!   message that the echo bot answers; once every reply has arrived, the heap growth over the
//!   conversation count. Measured with the bot's per-conversation worker still alive (the first
//!   [`timbot::runtime::dispatcher::WORKER_IDLE`] after the last message) and again after the
//!   workers retired; and with no bot at all (a bare session receiving and answering the same
//!   messages), which is the engine's share (the stored history of both messages and each
//!   side's conversation entry). The runtime's share is the difference.
//!
//! The conversations are measured twice with the bot: plain, and with a dialogue opened by the
//! answer (`ctx.dialogue::<u32>().start(…, 5 min)`: its record in the bot's memory store, its
//! deadline in the bot's timer queue and its conversation in the index of open dialogues), which
//! stays open while the conversation is idle.
//!
//! The bots' outbound flow control (Tencent's REST budgets, 200 sends per second) is turned off:
//! it would make the replies take 50 s.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::event::{Event, EventStream};
use timbot::core::types::{ConvType, Elem, Message};
use timbot::core::{Client, Result};
use timbot::runtime::dispatcher::WORKER_IDLE;
use timbot::runtime::{
    Arg, Bot, BotConfig, BotHandle, Command, Context, HandlerResult, Matcher, Plugin, Runtime,
};

#[global_allocator]
static GLOBAL: support::Counting = support::Counting;

const BOTS: usize = 200;
const PEOPLE: usize = 10_000;
const PATIENCE: Duration = Duration::from_secs(60);
const DIALOGUE_TIMEOUT: Duration = Duration::from_secs(300);

/// A plugin with the given matchers, answering each hit with one reply (after opening a
/// dialogue, when `dialogue`).
struct Answering {
    matchers: fn() -> Vec<Matcher>,
    dialogue: bool,
}

#[async_trait]
impl Plugin for Answering {
    fn name(&self) -> &str {
        "answering"
    }

    fn matchers(&self) -> Vec<Matcher> {
        (self.matchers)()
    }

    async fn on_message(&self, ctx: &Context, _message: &Message) -> HandlerResult {
        if self.dialogue {
            ctx.dialogue::<u32>().start(1, DIALOGUE_TIMEOUT).await?;
        }
        ctx.reply("noted").await?;
        Ok(())
    }
}

fn echo() -> Vec<Matcher> {
    vec![Matcher::command(
        Command::new("echo").arg(Arg::rest("text")),
    )]
}

fn bot(
    engine: &LocalEngine,
    id: &str,
    matchers: fn() -> Vec<Matcher>,
    dialogue: bool,
) -> Result<Bot> {
    let signing = engine.clone();
    let mut config = BotConfig::new(id, id);
    config.flow.enabled = false;
    Bot::builder(config, engine.backend())
        .signer(move |user: &str| signing.user_sig(user))
        .plugin(Answering { matchers, dialogue })
        .build()
}

/// Bytes per bot for bots with `matchers`.
async fn per_bot(kind: &str, matchers: fn() -> Vec<Matcher>) -> Result<()> {
    let engine = LocalEngine::default();
    let mut runtime = Runtime::new();
    // One bot first, so that one-time allocations (runtime, engine tables) are not counted.
    runtime
        .spawn(bot(&engine, "warm", matchers, false)?)
        .running()
        .await;
    let before = support::allocated();
    for b in 0..BOTS {
        runtime
            .spawn(bot(&engine, &format!("bot{b}"), matchers, false)?)
            .running()
            .await;
    }
    let grown = support::allocated() - before;
    println!(
        "  per logged-in bot ({kind}): {} B ({BOTS} bots) [load {}]",
        grown / BOTS as isize,
        support::load()
    );
    runtime.shutdown(Duration::from_secs(5)).await;
    Ok(())
}

/// People logged in, their events counted; returns their clients.
async fn people(engine: &LocalEngine, received: &Arc<AtomicU64>) -> Result<Vec<Client>> {
    let mut clients = Vec::with_capacity(PEOPLE);
    for p in 0..PEOPLE {
        let id = format!("person{p}");
        let client = Client::new(engine.backend());
        let events = client.login(&id, &engine.user_sig(&id)?).await?;
        tokio::spawn(count(events, Arc::clone(received)));
        clients.push(client);
    }
    Ok(clients)
}

async fn count(mut events: EventStream, received: Arc<AtomicU64>) {
    while let Some(event) = events.recv().await {
        if matches!(event, Event::NewMessage(_)) {
            received.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Every person sends one message to `to` (its reply counted in `received`); returns once all
/// replies arrived.
async fn converse(clients: &[Client], to: &str, received: &AtomicU64) -> Result<()> {
    for client in clients {
        let message = Message::new(ConvType::C2C, to, vec![Elem::text("/echo hello")]);
        client.messages()?.send_message(message).await?;
    }
    let start = Instant::now();
    while received.load(Ordering::Relaxed) < clients.len() as u64 && start.elapsed() < PATIENCE {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    Ok(())
}

fn per_conversation(grown: isize) -> isize {
    grown / PEOPLE as isize
}

/// Idle conversations with a bot: while its workers live, and after they retired.
async fn with_bot(dialogue: bool) -> Result<()> {
    let kind = if dialogue {
        "with a dialogue"
    } else {
        "no dialogue"
    };
    let engine = LocalEngine::default();
    let received = Arc::new(AtomicU64::new(0));
    let clients = people(&engine, &received).await?;
    let mut runtime = Runtime::new();
    let handle: BotHandle = runtime.spawn(bot(&engine, "echo_bot", echo, dialogue)?);
    handle.running().await;
    let before = support::allocated();
    converse(&clients, "echo_bot", &received).await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    println!(
        "  per idle conversation ({kind}), bot worker alive: {} B ({PEOPLE} conversations) \
         [load {}]",
        per_conversation(support::allocated() - before),
        support::load()
    );
    tokio::time::sleep(WORKER_IDLE + Duration::from_secs(2)).await;
    println!(
        "  per idle conversation ({kind}), worker retired: {} B [load {}]",
        per_conversation(support::allocated() - before),
        support::load()
    );
    runtime.shutdown(Duration::from_secs(5)).await;
    Ok(())
}

/// The same conversations with no bot: a bare session answers each message.
async fn engine_only() -> Result<()> {
    let engine = LocalEngine::default();
    let received = Arc::new(AtomicU64::new(0));
    let clients = people(&engine, &received).await?;
    let sink = Client::new(engine.backend());
    let mut events = sink.login("sink", &engine.user_sig("sink")?).await?;
    let replies = sink.messages()?;
    tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            if let Event::NewMessage(message) = event {
                let answer =
                    Message::new(ConvType::C2C, &message.sender, vec![Elem::text("noted")]);
                if replies.send_message(answer).await.is_err() {
                    return;
                }
            }
        }
    });
    let before = support::allocated();
    converse(&clients, "sink", &received).await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    println!(
        "  per idle conversation, engine only (no bot): {} B [load {}]",
        per_conversation(support::allocated() - before),
        support::load()
    );
    Ok(())
}

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        tokio::spawn(async {
            println!("memory (heap bytes in use, counted by a global allocator):");
            per_bot("one command", echo).await?;
            per_bot("100 matchers", support::desk_matchers).await?;
            engine_only().await?;
            with_bot(false).await?;
            with_bot(true).await
        })
        .await
    })??;
    Ok(())
}
