//! Dispatch benchmark: throughput of bots on the embedded engine, and reply latency at half of
//! the maximum throughput.
//!
//! Run with `cargo bench -p timbot --bench dispatch` (about a minute). 1,000 people, each
//! logged in to the embedded engine, send text messages one-to-one to the bots; person `p`
//! talks to bot `p mod bots`, so there are 1,000 conversations whatever the number of bots.
//! Every bot has one plugin with 100 matchers: 50 commands (`/cmd0` … `/cmd49 <text…>`) and 50
//! regexes (`ticket-0 #(\d+)` … `ticket-49 #(\d+)`). One message in ten calls one of them (half
//! commands, half regexes) and is answered with `ctx.reply`; the others are chat that no matcher
//! takes. The bots' outbound flow control (Tencent's REST budget of 200 sends per second per
//! bot) is turned off: it would measure that budget, not the runtime. Two sender tasks send as fast as the engine accepts, keeping at most [`WINDOW`]
//! messages not yet handled by the bots (the event streams are unbounded, so an open-loop sender
//! would only measure a growing queue).
//!
//! 1. **Throughput**, for 1, 10 and 100 bots: messages in per second (sent and handled by the
//!    bots, over the time from the first send to the last handled message and the last reply
//!    received by its person) and replies out per second.
//! 2. **Latency** at half of the 1-bot maximum: the senders pace themselves to that rate for
//!    [`LATENCY_SECS`]; for each answered message, the time from just before the person's send
//!    call (which returns once the engine accepted the message) to the moment the bot's
//!    `ctx.reply` returned (the engine accepted the reply): p50, p99, p99.9.
//! 3. **Breakdown** (one task, no runtime), to show where a message's time goes: the matchers
//!    alone (`CompiledMatchers::scan` + `first_hit` on the same texts) with each regex strategy,
//!    and the engine alone (one person sending to one account whose stream a task drains).

mod support;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::backend::MessageOps;
use timbot::core::event::Event;
use timbot::core::types::{ConvType, Elem, Message};
use timbot::core::{Client, Result};
use timbot::runtime::{
    Bot, BotConfig, BotHandle, CompiledMatchers, Context, HandlerResult, MatchInput, Matcher,
    Plugin, RegexStrategy, Runtime,
};

const PEOPLE: usize = 1_000;
/// Messages sent per throughput run (after a warm-up message per conversation).
const MESSAGES: u64 = 300_000;
/// Messages sent but not yet handled, at most.
const WINDOW: u64 = 20_000;
const SENDERS: usize = 2;
const LATENCY_SECS: u64 = 5;
const PATIENCE: Duration = Duration::from_secs(120);

/// When each numbered message was sent, and the latencies of the answered ones.
struct Probe {
    base: Instant,
    sent_at: Vec<AtomicU64>,
    latencies: Mutex<Vec<Duration>>,
    recording: AtomicBool,
}

impl Probe {
    fn new(messages: usize) -> Self {
        Probe {
            base: Instant::now(),
            sent_at: (0..messages).map(|_| AtomicU64::new(0)).collect(),
            latencies: Mutex::new(Vec::new()),
            recording: AtomicBool::new(false),
        }
    }

    fn mark_sent(&self, seq: usize) {
        if let Some(slot) = self.sent_at.get(seq) {
            slot.store(self.base.elapsed().as_nanos() as u64, Ordering::Relaxed);
        }
    }

    fn mark_replied(&self, seq: Option<usize>) {
        if !self.recording.load(Ordering::Relaxed) {
            return;
        }
        let Some(sent) = seq.and_then(|seq| self.sent_at.get(seq)) else {
            return;
        };
        let now = self.base.elapsed().as_nanos() as u64;
        let latency = Duration::from_nanos(now.saturating_sub(sent.load(Ordering::Relaxed)));
        if let Ok(mut latencies) = self.latencies.lock() {
            latencies.push(latency);
        }
    }
}

/// The plugin every bot runs: 50 commands and 50 regexes, each answered with one reply.
struct Desk {
    probe: Arc<Probe>,
}

#[async_trait]
impl Plugin for Desk {
    fn name(&self) -> &str {
        "desk"
    }

    fn matchers(&self) -> Vec<Matcher> {
        support::desk_matchers()
    }

    async fn on_message(&self, ctx: &Context, _message: &Message) -> HandlerResult {
        let seq = match ctx.captures() {
            Some(captures) => captures.get(1),
            None => Some(ctx.arg_text("text")),
        }
        .and_then(|text| text.parse().ok());
        ctx.reply("noted").await?;
        self.probe.mark_replied(seq);
        Ok(())
    }
}

fn answered(messages: u64) -> u64 {
    messages.div_ceil(10)
}

/// One engine with its bots and people.
struct Setup {
    runtime: Runtime,
    bots: Vec<BotHandle>,
    people: Vec<(Arc<dyn MessageOps>, String)>,
    replies: Arc<AtomicU64>,
    probe: Arc<Probe>,
    next_seq: u64,
}

impl Setup {
    async fn start(bot_count: usize, strategy: RegexStrategy, probe: Arc<Probe>) -> Result<Setup> {
        let engine = LocalEngine::default();
        let mut runtime = Runtime::new();
        let mut bots = Vec::with_capacity(bot_count);
        for b in 0..bot_count {
            let signing = engine.clone();
            let id = format!("bot{b}");
            let mut config = BotConfig::new(&id, &id);
            config.regex_strategy = strategy;
            config.flow.enabled = false;
            let bot = Bot::builder(config, engine.backend())
                .signer(move |user: &str| signing.user_sig(user))
                .plugin(Desk {
                    probe: Arc::clone(&probe),
                })
                .build()?;
            let handle = runtime.spawn(bot);
            handle.running().await;
            bots.push(handle);
        }
        let replies = Arc::new(AtomicU64::new(0));
        let mut people = Vec::with_capacity(PEOPLE);
        for p in 0..PEOPLE {
            let id = format!("person{p}");
            let client = Client::new(engine.backend());
            let mut events = client.login(&id, &engine.user_sig(&id)?).await?;
            let counted = Arc::clone(&replies);
            tokio::spawn(async move {
                while let Some(event) = events.recv().await {
                    if matches!(event, Event::NewMessage(_)) {
                        counted.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
            people.push((client.messages()?, format!("bot{}", p % bot_count)));
        }
        let mut setup = Setup {
            runtime,
            bots,
            people,
            replies,
            probe,
            next_seq: 0,
        };
        // Warm-up: one message per conversation starts each conversation's worker.
        setup.send(PEOPLE as u64, None).await?;
        Ok(setup)
    }

    fn handled(&self) -> u64 {
        self.bots.iter().map(|bot| bot.metrics().handled).sum()
    }

    /// Send `count` messages, at `rate` per second when given (else as fast as the window
    /// allows), and wait until the bots handled them and the replies arrived. Returns the time.
    async fn send(&mut self, count: u64, rate: Option<f64>) -> Result<Duration> {
        let first = self.next_seq;
        self.next_seq += count;
        let handled_before = self.handled();
        let replies_before = self.replies.load(Ordering::Relaxed);
        let bots = Arc::new(self.bots.clone());
        let start = Instant::now();
        let mut senders = Vec::with_capacity(SENDERS);
        for s in 0..SENDERS {
            let people = self.people.clone();
            let bots = Arc::clone(&bots);
            let probe = Arc::clone(&self.probe);
            senders.push(tokio::spawn(async move {
                let mine = (first..first + count).filter(|seq| seq % SENDERS as u64 == s as u64);
                for (n, seq) in mine.enumerate() {
                    if let Some(rate) = rate {
                        let due = start + Duration::from_secs_f64((seq - first) as f64 / rate);
                        if Instant::now() < due {
                            tokio::time::sleep_until(due.into()).await;
                        }
                    } else if n % 256 == 0 {
                        while seq - first
                            > bots.iter().map(|b| b.metrics().handled).sum::<u64>() - handled_before
                                + WINDOW
                        {
                            tokio::task::yield_now().await;
                        }
                    }
                    let (person, bot) = &people[(seq % PEOPLE as u64) as usize];
                    let message = Message::new(
                        ConvType::C2C,
                        bot,
                        vec![Elem::text(support::desk_text(seq))],
                    );
                    probe.mark_sent(seq as usize);
                    person.send_message(message).await?;
                }
                Ok::<(), timbot::core::Error>(())
            }));
        }
        for sender in senders {
            sender
                .await
                .map_err(|e| timbot::core::Error::invalid("sender", e.to_string()))??;
        }
        let expected_replies = answered(first + count) - answered(first);
        while (self.handled() - handled_before < count
            || self.replies.load(Ordering::Relaxed) - replies_before < expected_replies)
            && start.elapsed() < PATIENCE
        {
            tokio::time::sleep(Duration::from_micros(100)).await;
        }
        Ok(start.elapsed())
    }

    async fn stop(self) {
        self.runtime.shutdown(Duration::from_secs(5)).await;
    }
}

async fn throughput(label: &str, bot_count: usize, strategy: RegexStrategy) -> Result<f64> {
    let probe = Arc::new(Probe::new(0));
    let mut setup = Setup::start(bot_count, strategy, probe).await?;
    let replies_before = setup.replies.load(Ordering::Relaxed);
    let handled_before = setup.handled();
    let load = support::load();
    let cpu = support::cpu_time();
    let elapsed = setup.send(MESSAGES, None).await?;
    let cpu = support::cpu_time() - cpu;
    let handled = setup.handled() - handled_before;
    let replies = setup.replies.load(Ordering::Relaxed) - replies_before;
    let rate = handled as f64 / elapsed.as_secs_f64();
    println!(
        "{label}{bot_count:>3} bots, {strategy:?} regexes: {handled} messages handled in {:.2} s: \
         {rate:>7.0} msg/s in, {:>6.0} replies/s out ({replies} replies); {:.1} µs of CPU per \
         message [load {load}]",
        elapsed.as_secs_f64(),
        replies as f64 / elapsed.as_secs_f64(),
        cpu.as_secs_f64() * 1e6 / handled as f64,
    );
    setup.stop().await;
    Ok(rate)
}

async fn latency(rate: f64) -> Result<()> {
    let messages = (rate * LATENCY_SECS as f64) as u64;
    let probe = Arc::new(Probe::new(PEOPLE + messages as usize));
    let mut setup = Setup::start(1, RegexStrategy::default(), Arc::clone(&probe)).await?;
    probe.recording.store(true, Ordering::Relaxed);
    let load = support::load();
    let elapsed = setup.send(messages, Some(rate)).await?;
    probe.recording.store(false, Ordering::Relaxed);
    let mut latencies = probe
        .latencies
        .lock()
        .map(|l| l.clone())
        .unwrap_or_default();
    latencies.sort();
    setup.stop().await;
    if latencies.is_empty() {
        println!("latency: no replies recorded");
        return Ok(());
    }
    println!(
        "latency at {rate:.0} msg/s for {:.1} s ({} replies): p50 {}, p99 {}, p99.9 {}, max {} \
         [load {load}]",
        elapsed.as_secs_f64(),
        latencies.len(),
        support::micros(support::percentile(&latencies, 0.50)),
        support::micros(support::percentile(&latencies, 0.99)),
        support::micros(support::percentile(&latencies, 0.999)),
        support::micros(support::percentile(&latencies, 1.0)),
    );
    Ok(())
}

/// The matchers alone: scan and first hit for [`MESSAGES`] texts.
fn matching(strategy: RegexStrategy) -> Result<()> {
    let matchers =
        CompiledMatchers::compile(vec![support::desk_matchers()], &["/".to_owned()], strategy)?;
    let texts: Vec<String> = (0..1_000).map(support::desk_text).collect();
    let start = Instant::now();
    let mut hits = 0;
    for seq in 0..MESSAGES {
        let text = &texts[(seq % 1_000) as usize];
        let input = MatchInput {
            text,
            conv: ConvType::C2C,
            group_id: None,
            sender: "person0",
            mentioned: false,
            elems: &[],
            mentions: &[],
        };
        if matchers.scan(&input).first_hit(0).is_some() {
            hits += 1;
        }
    }
    let elapsed = start.elapsed();
    println!(
        "  matchers ({strategy:?} regexes): {:.2} µs per message ({hits} of {MESSAGES} hit) \
         [load {}]",
        elapsed.as_secs_f64() * 1e6 / MESSAGES as f64,
        support::load()
    );
    Ok(())
}

/// The engine alone: one person sends [`MESSAGES`] one-to-one messages to an account whose
/// stream a task drains.
async fn engine_alone() -> Result<()> {
    let engine = LocalEngine::default();
    let receiver = Client::new(engine.backend());
    let mut events = receiver.login("bot0", &engine.user_sig("bot0")?).await?;
    let drained = tokio::spawn(async move {
        let mut count = 0u64;
        while let Some(event) = events.recv().await {
            if matches!(event, Event::NewMessage(_)) {
                count += 1;
                if count == MESSAGES {
                    break;
                }
            }
        }
    });
    let person = Client::new(engine.backend());
    let _events = person
        .login("person0", &engine.user_sig("person0")?)
        .await?;
    let messages = person.messages()?;
    let start = Instant::now();
    for seq in 0..MESSAGES {
        let message = Message::new(
            ConvType::C2C,
            "bot0",
            vec![Elem::text(support::desk_text(seq))],
        );
        messages.send_message(message).await?;
    }
    let sent = start.elapsed();
    let _ = drained.await;
    println!(
        "  engine: {:.0} one-to-one messages/s accepted ({:.2} µs each; {:.2} s until read); \
         a Message is {} bytes [load {}]",
        MESSAGES as f64 / sent.as_secs_f64(),
        sent.as_secs_f64() * 1e6 / MESSAGES as f64,
        start.elapsed().as_secs_f64(),
        std::mem::size_of::<Message>(),
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
            println!("dispatch throughput (target ≥ 300,000 msg/s in):");
            // The first run in a process pays for growing the heap; it is shown, not used.
            throughput("warm-up: ", 1, RegexStrategy::default()).await?;
            let max = throughput("", 1, RegexStrategy::default()).await?;
            throughput("", 1, RegexStrategy::Sequential).await?;
            throughput("", 10, RegexStrategy::default()).await?;
            throughput("", 100, RegexStrategy::default()).await?;
            println!("latency at half of the 1-bot maximum (target p99 ≤ 1 ms):");
            latency(max / 2.0).await?;
            println!("breakdown (one task):");
            matching(RegexStrategy::Sequential)?;
            matching(RegexStrategy::Set)?;
            engine_alone().await
        })
        .await
    })??;
    Ok(())
}
