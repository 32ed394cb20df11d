//! Engine fan-out benchmark: deliveries per second to a group of 10,000 online members.
//!
//! Run with `cargo bench -p timbot --bench fanout` (well under a minute). It creates a Community
//! group of 10,000 members on the embedded engine, logs every member in, gives each session's
//! event stream a task that counts the new messages it receives, then has one member send
//! [`MESSAGES`] text messages in a row. A delivery is one message received by one session; the
//! figure is the deliveries counted by the receiving tasks over the time from the first send to
//! the last delivery. The engine's per-group rate limit (40 messages a second, a rule of the
//! service) is lifted for the run, since it would measure the limit rather than the engine.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use timbot::backend::local::{EngineConfig, LocalEngine};
use timbot::core::backend::{CreateGroupParams, LoginRequest, MessageOps};
use timbot::core::event::Event;
use timbot::core::types::{ConvType, Elem, GroupType, Message, Platform};
use timbot::core::Backend;

const MEMBERS: usize = 10_000;
const MESSAGES: u64 = 200;
const PATIENCE: Duration = Duration::from_secs(60);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(run())?)
}

async fn run() -> timbot::core::Result<()> {
    let engine = LocalEngine::new(EngineConfig {
        group_messages_per_second: u32::MAX,
        ..EngineConfig::default()
    });
    let ids: Vec<String> = (0..MEMBERS).map(|i| format!("m{i}")).collect();
    for id in &ids {
        engine.create_user(id, id)?;
    }
    let mut params = CreateGroupParams::new(GroupType::Community, "fan-out");
    params.members = ids[1..].to_vec();
    let group = engine.admin_create_group(&ids[0], params)?;

    let setup = Instant::now();
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
        if sender.is_none() {
            sender = Some(logged.session);
            continue;
        }
        let mut events = logged.events;
        let delivered = Arc::clone(&delivered);
        tokio::spawn(async move {
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
        "setup: {MEMBERS} members logged in, each stream drained by a task ({:.1} s)",
        setup.elapsed().as_secs_f64()
    );
    // Let the login-time events (group tips, if any) drain before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    delivered.store(0, Ordering::Relaxed);

    let receivers = (MEMBERS - 1) as u64;
    let expected = MESSAGES * receivers;
    let start = Instant::now();
    for i in 0..MESSAGES {
        let text = format!("announcement {i}");
        sender
            .send_message(Message::new(
                ConvType::Group,
                &group,
                vec![Elem::text(text)],
            ))
            .await?;
    }
    let sent = start.elapsed();
    while delivered.load(Ordering::Relaxed) < expected && start.elapsed() < PATIENCE {
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    let elapsed = start.elapsed();
    let got = delivered.load(Ordering::Relaxed);
    println!(
        "{MESSAGES} messages to {receivers} receiving sessions: {got} of {expected} deliveries \
         counted in {:.3} s (sends returned after {:.3} s)",
        elapsed.as_secs_f64(),
        sent.as_secs_f64()
    );
    println!(
        "fan-out: {:.0} deliveries/s (target ≥ 5,000,000)",
        got as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}
