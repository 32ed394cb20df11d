//! Engine fan-out benchmark: deliveries per second to a group of 10,000 online members.
//!
//! Run with `cargo bench -p timbot --bench fanout` (well under a minute). It creates a Community
//! group of 10,000 members on the embedded engine and logs every member in; one member sends
//! [`MESSAGES`] text messages in a row. A delivery is one message reaching one member's session.
//! The engine's per-group rate limit (40 messages a second, a rule of the service) is lifted for
//! the run, since it would measure the limit rather than the engine. Two figures:
//!
//! 1. **Engine**: the members' readers are held back while the messages are sent, so the time
//!    is the engine's alone: checks, storage, and pushing the shared message into every online
//!    session's event stream. Deliveries over the time spent in the send calls.
//! 2. **To the readers**: each session's stream is drained by its own task (10,000 tasks, as
//!    10,000 connected clients would be), counting new messages; deliveries counted over the
//!    time from the first send to the last delivery.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use timbot::core::backend::{LoginRequest, Session};
use timbot::core::event::Event;
use timbot::core::types::{ConvType, Elem, Message, Platform};
use timbot::core::Backend;
use tokio::sync::watch;

const MEMBERS: usize = 10_000;
const MESSAGES: u64 = 200;
const PATIENCE: Duration = Duration::from_secs(60);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async { tokio::spawn(run()).await })??;
    Ok(())
}

/// Send [`MESSAGES`] messages to `group`; returns the time spent in the send calls.
async fn send_all(sender: &dyn Session, group: &str, round: u64) -> timbot::core::Result<Duration> {
    let mut busy = Duration::ZERO;
    for i in 0..MESSAGES {
        let message = Message::new(
            ConvType::Group,
            group,
            vec![Elem::text(format!("announcement {round}.{i}"))],
        );
        let start = Instant::now();
        sender.send_message(message).await?;
        busy += start.elapsed();
    }
    Ok(busy)
}

async fn wait_for(delivered: &AtomicU64, expected: u64, since: Instant) -> u64 {
    while delivered.load(Ordering::Relaxed) < expected && since.elapsed() < PATIENCE {
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    delivered.load(Ordering::Relaxed)
}

async fn run() -> timbot::core::Result<()> {
    let (engine, ids, group) = support::community_of(MEMBERS)?;

    let setup = Instant::now();
    let delivered = Arc::new(AtomicU64::new(0));
    let (open, gate) = watch::channel(false);
    let mut sender = None;
    for id in &ids {
        let logged = engine
            .login(LoginRequest {
                user_id: id.clone(),
                user_sig: engine.user_sig(id)?,
                platform: Platform::Other,
            })
            .await?;
        if sender.is_none() {
            sender = Some(logged.session);
            continue;
        }
        let mut events = logged.events;
        let delivered = Arc::clone(&delivered);
        let mut gate = gate.clone();
        tokio::spawn(async move {
            if gate.wait_for(|open| *open).await.is_err() {
                return;
            }
            while let Some(event) = events.recv().await {
                if matches!(event, Event::NewMessage(_)) {
                    delivered.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
    }
    let Some(sender) = sender else {
        return Ok(());
    };
    println!(
        "setup: {MEMBERS} members logged in, each stream drained by a task ({:.1} s); an Event \
         is {} bytes (each session's queue starts with room for 16)",
        setup.elapsed().as_secs_f64(),
        std::mem::size_of::<Event>()
    );
    let receivers = (MEMBERS - 1) as u64;
    let expected = MESSAGES * receivers;

    let load = support::load();
    let busy = send_all(sender.as_ref(), &group, 0).await?;
    println!(
        "engine: {MESSAGES} messages to {receivers} online members in {:.3} s of send calls: \
         {:.0} deliveries/s (target ≥ 5,000,000) [load {load}]",
        busy.as_secs_f64(),
        expected as f64 / busy.as_secs_f64()
    );
    open.send_replace(true);
    let drained = wait_for(&delivered, expected, Instant::now()).await;
    delivered.store(0, Ordering::Relaxed);
    if drained < expected {
        println!("only {drained} of {expected} held-back deliveries were read");
    }

    let load = support::load();
    let start = Instant::now();
    send_all(sender.as_ref(), &group, 1).await?;
    let sent = start.elapsed();
    let got = wait_for(&delivered, expected, start).await;
    let elapsed = start.elapsed();
    println!(
        "to the readers: {got} of {expected} deliveries counted in {:.3} s (sends returned \
         after {:.3} s): {:.0} deliveries/s [load {load}]",
        elapsed.as_secs_f64(),
        sent.as_secs_f64(),
        got as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}
