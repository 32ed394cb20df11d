//! Fixed small workloads on one thread, for instruction counts under callgrind: a figure that
//! does not depend on what else runs on the shared box, for before/after comparisons.
//!
//! Run one workload under callgrind with a message count, twice, and divide the difference by
//! the difference in work (that removes the setup: logins, UserSigs, the bot's start):
//!
//! ```sh
//! cargo bench -p timbot --bench instructions --no-run   # prints the binary's path
//! valgrind --tool=callgrind target/release/deps/instructions-<hash> c2c 2000
//! valgrind --tool=callgrind target/release/deps/instructions-<hash> c2c 4000
//! ```
//!
//! Workloads (a current-thread tokio runtime, so the counts repeat from run to run):
//!
//! - `c2c N`: one person sends N one-to-one text messages (the dispatch workload's texts) to an
//!   account whose stream a task drains (the task runs every 64 sends). Per message.
//! - `fanout N`: a Community group of 1,000 members, all logged in, each stream drained by its
//!   own task; one member sends N messages, the readers running after each. Per delivery
//!   (N × 999).
//! - `dispatch N`: one bot with the dispatch workload's 100 matchers (one message in ten
//!   answered with `ctx.reply`), 100 people sending it N messages, 100 at a time, each batch
//!   handled before the next. Per message.
//!
//! Without a workload (as `cargo bench` runs it) it runs each once at a small size and prints
//! the sizes of a message and an event.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::backend::LoginRequest;
use timbot::core::event::{Event, EventStream};
use timbot::core::types::{ConvType, Elem, Message, Platform};
use timbot::core::{Backend, Client, Result};
use timbot::runtime::{Bot, BotConfig, Context, HandlerResult, Matcher, Plugin, Runtime};

const GROUP_MEMBERS: usize = 1_000;
const PEOPLE: u64 = 100;

/// The dispatch workload's plugin, without the latency probe: answers whatever a matcher takes.
struct Desk;

#[async_trait]
impl Plugin for Desk {
    fn name(&self) -> &str {
        "desk"
    }

    fn matchers(&self) -> Vec<Matcher> {
        support::desk_matchers()
    }

    async fn on_message(&self, ctx: &Context, _message: &Message) -> HandlerResult {
        ctx.reply("noted").await?;
        Ok(())
    }
}

/// Drain `events` in a task, counting new messages into `count`.
fn count_messages(mut events: EventStream, count: &Arc<AtomicU64>) {
    let count = Arc::clone(count);
    tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            if matches!(event, Event::NewMessage(_)) {
                count.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
}

/// Let the other tasks run until `count` reaches `expected`.
async fn settle(count: &AtomicU64, expected: u64) {
    while count.load(Ordering::Relaxed) < expected {
        tokio::task::yield_now().await;
    }
}

async fn c2c(messages: u64) -> Result<()> {
    let engine = LocalEngine::default();
    let receiver = Client::new(engine.backend());
    let received = Arc::new(AtomicU64::new(0));
    count_messages(
        receiver.login("bot0", &engine.user_sig("bot0")?).await?,
        &received,
    );
    let person = Client::new(engine.backend());
    let _events = person
        .login("person0", &engine.user_sig("person0")?)
        .await?;
    let ops = person.messages()?;
    for seq in 0..messages {
        let text = support::desk_text(seq);
        ops.send_message(Message::new(ConvType::C2C, "bot0", vec![Elem::text(text)]))
            .await?;
        if seq % 64 == 63 {
            tokio::task::yield_now().await;
        }
    }
    settle(&received, messages).await;
    println!("c2c: {messages} messages received");
    Ok(())
}

async fn fanout(messages: u64) -> Result<()> {
    let (engine, ids, group) = support::community_of(GROUP_MEMBERS)?;
    let delivered = Arc::new(AtomicU64::new(0));
    let mut sender = None;
    for id in &ids {
        let logged = engine
            .login(LoginRequest {
                user_id: id.clone(),
                user_sig: engine.user_sig(id)?,
                platform: Platform::Other,
            })
            .await?;
        match sender {
            None => sender = Some(logged.session),
            Some(_) => count_messages(logged.events, &delivered),
        }
    }
    let Some(sender) = sender else {
        return Ok(());
    };
    for i in 0..messages {
        let text = format!("announcement {i}");
        sender
            .send_message(Message::new(
                ConvType::Group,
                &group,
                vec![Elem::text(text)],
            ))
            .await?;
        tokio::task::yield_now().await;
    }
    let expected = messages * (GROUP_MEMBERS as u64 - 1);
    settle(&delivered, expected).await;
    println!("fanout: {expected} deliveries");
    Ok(())
}

async fn dispatch(messages: u64) -> Result<()> {
    let engine = LocalEngine::default();
    let mut runtime = Runtime::new();
    let signing = engine.clone();
    let mut config = BotConfig::new("bot0", "bot0");
    config.flow.enabled = false;
    let bot = Bot::builder(config, engine.backend())
        .signer(move |user: &str| signing.user_sig(user))
        .plugin(Desk)
        .build()?;
    let handle = runtime.spawn(bot);
    handle.running().await;
    let replies = Arc::new(AtomicU64::new(0));
    let mut people = Vec::new();
    for p in 0..PEOPLE {
        let id = format!("person{p}");
        let client = Client::new(engine.backend());
        count_messages(client.login(&id, &engine.user_sig(&id)?).await?, &replies);
        people.push(client.messages()?);
    }
    for seq in 0..messages {
        let text = support::desk_text(seq);
        people[(seq % PEOPLE) as usize]
            .send_message(Message::new(ConvType::C2C, "bot0", vec![Elem::text(text)]))
            .await?;
        let sent = seq + 1;
        if sent % PEOPLE == 0 || sent == messages {
            handle.wait_for_metrics(|m| m.handled >= sent).await;
        }
    }
    println!(
        "dispatch: {} messages handled, {} replies",
        handle.metrics().handled,
        replies.load(Ordering::Relaxed)
    );
    runtime.shutdown(std::time::Duration::from_secs(5)).await;
    Ok(())
}

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let count = |default: u64| args.get(2).and_then(|a| a.parse().ok()).unwrap_or(default);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match args.get(1).map(String::as_str) {
        Some("c2c") => runtime.block_on(c2c(count(2_000)))?,
        Some("fanout") => runtime.block_on(fanout(count(10)))?,
        Some("dispatch") => runtime.block_on(dispatch(count(1_000)))?,
        _ => {
            println!(
                "a Message is {} bytes, an Event {} bytes; run a workload under callgrind \
                 (see the module doc)",
                std::mem::size_of::<Message>(),
                std::mem::size_of::<Event>()
            );
            runtime.block_on(c2c(100))?;
            runtime.block_on(fanout(2))?;
            runtime.block_on(dispatch(100))?;
        }
    }
    Ok(())
}
