//! Webhook ingest benchmark: callbacks per second through the Tencent callback receiver, and the
//! time to answer a before-send callback with the bots' verdict.
//!
//! Run with `cargo bench -p timbot --bench webhook` (about half a minute). The receiver is the
//! real one (`Receiver` with token signing checked, replay and redelivery detection, the
//! documented bodies) and one bot runs on the real runtime behind it: a bench-local backend logs
//! the bot in by registering its session with the receiver's registry, as `TencentBackend` does
//! (which would also call the REST API, not wanted here). The bot has the dispatch benchmark's
//! 100 matchers and a before-send verdict (block texts containing "forbidden", allow the rest).
//!
//! 1. **Ingest**: `C2C.CallbackAfterSendMsg` callbacks (each a new message to the bot), signed
//!    like Tencent's, posted over loopback HTTP by [`CLIENTS`] concurrent keep-alive clients
//!    (reqwest; client and server share the machine's 2 cores), and called in process on
//!    `Receiver::handle` (no HTTP) from one task. Callbacks answered per second; the bot handles
//!    the messages meanwhile.
//! 2. **Before-send verdict**: `C2C.CallbackBeforeSendMsg` callbacks one at a time, each timed
//!    from the request to the answer (the bot's runtime answers through its plugin): p50, p99,
//!    over loopback HTTP and in process.

mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde_json::{json, Value};
use timbot::backend::tencent::webhook::auth::{sign_for, Authenticator};
use timbot::backend::tencent::webhook::verdict::VerdictPolicy;
use timbot::backend::tencent::webhook::{Receiver, Registry};
use timbot::backend::tencent::DefaultVerdict;
use timbot::core::backend::{
    Backend, ConversationOps, FriendshipOps, GroupOps, LoggedIn, LoginRequest, MessageOps, Served,
    Session, SignalingOps,
};
use timbot::core::event::{event_channel, Verdict};
use timbot::core::types::Message;
use timbot::core::usersig::{Clock, SystemClock};
use timbot::core::Result;
use timbot::runtime::{
    Bot, BotConfig, BotHandle, Context, HandlerResult, Matcher, Plugin, Runtime,
};

const SDK_APP_ID: u64 = 1_400_000_001;
const TOKEN: &str = "bench-callback-token";
const PATH: &str = "/tencent/callback";
const BOT: &str = "support_bot";
const CLIENTS: usize = 8;
const HTTP_CALLBACKS: u64 = 40_000;
const DIRECT_CALLBACKS: u64 = 100_000;
const VERDICTS: usize = 2_000;

/// Logs accounts in by registering their sessions with the receiver's registry.
struct Hooked {
    registry: Arc<Registry>,
}

/// A session that only receives (sending goes through the REST API in the real backend).
struct Receiving {
    user_id: String,
}

impl Served for Receiving {
    fn backend_name(&self) -> &'static str {
        "bench-webhook"
    }
}
impl MessageOps for Receiving {}
impl ConversationOps for Receiving {}
impl GroupOps for Receiving {}
impl SignalingOps for Receiving {}
impl FriendshipOps for Receiving {}

#[async_trait]
impl Session for Receiving {
    fn user_id(&self) -> &str {
        &self.user_id
    }

    async fn logout(&self) -> Result<()> {
        Ok(())
    }
}

#[async_trait]
impl Backend for Hooked {
    fn name(&self) -> &'static str {
        "bench-webhook"
    }

    async fn login(&self, request: LoginRequest) -> Result<LoggedIn> {
        let (sender, events) = event_channel();
        self.registry.register(&request.user_id, sender);
        Ok(LoggedIn {
            session: Arc::new(Receiving {
                user_id: request.user_id,
            }),
            events,
        })
    }
}

/// The bot behind the receiver: 100 matchers (messages are handled, not answered: the bench
/// backend cannot send) and a before-send verdict.
struct Guard;

#[async_trait]
impl Plugin for Guard {
    fn name(&self) -> &str {
        "guard"
    }

    fn matchers(&self) -> Vec<Matcher> {
        support::desk_matchers()
    }

    async fn on_message(&self, _ctx: &Context, _message: &Message) -> HandlerResult {
        Ok(())
    }

    async fn before_send(&self, _ctx: &Context, message: &Message) -> Verdict {
        if message.plain_text().contains("forbidden") {
            Verdict::Block
        } else {
            Verdict::Allow
        }
    }
}

fn c2c(command: &str, seq: u64) -> Vec<u8> {
    let text = match seq % 10 {
        0 => format!("/cmd{} {seq}", seq % 50),
        5 => format!("this is forbidden {seq}"),
        _ => format!("hello, is anyone there? this is message {seq}"),
    };
    json!({
        "CallbackCommand": command,
        "From_Account": format!("person{}", seq % 1_000),
        "To_Account": BOT,
        "MsgSeq": seq, "MsgRandom": 2_837_546, "MsgTime": 1_557_481_126,
        "MsgKey": format!("{seq}_2837546_1557481126"), "OnlineOnlyFlag": 0,
        "SendMsgResult": 0, "ErrorInfo": "send msg succeed", "UnreadMsgNum": 1,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}],
    })
    .to_string()
    .into_bytes()
}

/// The query Tencent adds to a callback URL, signed now.
fn query(command: &str) -> HashMap<String, String> {
    let time = SystemClock.now_unix_secs().to_string();
    [
        ("SdkAppid", SDK_APP_ID.to_string()),
        ("CallbackCommand", command.to_owned()),
        ("contenttype", "json".to_owned()),
        ("ClientIP", "127.0.0.1".to_owned()),
        ("OptPlatform", "Android".to_owned()),
        ("Sign", sign_for(TOKEN, &time)),
        ("RequestTime", time),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

struct Setup {
    receiver: Arc<Receiver>,
    addr: SocketAddr,
    runtime: Runtime,
    bot: BotHandle,
}

async fn start() -> std::result::Result<Setup, Box<dyn std::error::Error + Send + Sync>> {
    let registry = Arc::new(Registry::default());
    let receiver = Arc::new(Receiver::new(
        Authenticator::new(SDK_APP_ID, Some(TOKEN.to_owned()), 300),
        Arc::clone(&registry),
        Arc::new(SystemClock),
        VerdictPolicy {
            timeout: Duration::from_millis(1_500),
            default: DefaultVerdict::Allow,
        },
    ));
    let backend: Arc<dyn Backend> = Arc::new(Hooked { registry });
    let bot = Bot::builder(BotConfig::new(BOT, BOT), backend)
        .signer(|_user: &str| Ok("unchecked".to_owned()))
        .plugin(Guard)
        .build()?;
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(bot);
    handle.running().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = Arc::clone(&receiver).router(PATH);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(Setup {
        receiver,
        addr,
        runtime,
        bot: handle,
    })
}

async fn post(
    http: &reqwest::Client,
    addr: SocketAddr,
    command: &str,
    body: Vec<u8>,
) -> std::result::Result<Value, reqwest::Error> {
    http.post(format!("http://{addr}{PATH}"))
        .query(&query(command))
        .body(body)
        .send()
        .await?
        .json()
        .await
}

/// Waits until the bot handled `count` messages (or a minute passed).
async fn handled(bot: &BotHandle, count: u64) {
    let wait = bot.wait_for_metrics(|m| m.handled + m.failed >= count);
    let _ = tokio::time::timeout(Duration::from_secs(60), wait).await;
}

async fn ingest_http(setup: &Setup, first: u64) -> std::result::Result<u64, reqwest::Error> {
    let load = support::load();
    let start = Instant::now();
    let mut clients = Vec::with_capacity(CLIENTS);
    for c in 0..CLIENTS as u64 {
        let addr = setup.addr;
        clients.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut refused = 0u64;
            for seq in (first..first + HTTP_CALLBACKS).filter(|s| s % CLIENTS as u64 == c) {
                let answer = post(
                    &http,
                    addr,
                    "C2C.CallbackAfterSendMsg",
                    c2c("C2C.CallbackAfterSendMsg", seq),
                )
                .await?;
                if answer["ErrorCode"] != 0 {
                    refused += 1;
                }
            }
            Ok::<u64, reqwest::Error>(refused)
        }));
    }
    let mut refused = 0;
    for client in clients {
        refused += client
            .await
            .map_or(HTTP_CALLBACKS, |r| r.unwrap_or(HTTP_CALLBACKS));
    }
    let answered = start.elapsed();
    println!(
        "  loopback HTTP, {CLIENTS} clients: {HTTP_CALLBACKS} callbacks answered in {:.2} s: \
         {:.0} callbacks/s ({refused} refused) [load {load}]",
        answered.as_secs_f64(),
        HTTP_CALLBACKS as f64 / answered.as_secs_f64()
    );
    Ok(first + HTTP_CALLBACKS)
}

async fn ingest_direct(setup: &Setup, first: u64) -> u64 {
    let command = "C2C.CallbackAfterSendMsg";
    let requests: Vec<(HashMap<String, String>, Vec<u8>)> = (first..first + DIRECT_CALLBACKS)
        .map(|seq| (query(command), c2c(command, seq)))
        .collect();
    let load = support::load();
    let start = Instant::now();
    let mut refused = 0;
    for (query, body) in &requests {
        let (status, _) = setup.receiver.handle(query, body).await;
        if !status.is_success() {
            refused += 1;
        }
    }
    let answered = start.elapsed();
    println!(
        "  in process (Receiver::handle, one task): {DIRECT_CALLBACKS} callbacks in {:.2} s: \
         {:.0} callbacks/s ({refused} refused) [load {load}]",
        answered.as_secs_f64(),
        DIRECT_CALLBACKS as f64 / answered.as_secs_f64()
    );
    first + DIRECT_CALLBACKS
}

fn report_latencies(path: &str, mut latencies: Vec<Duration>, blocked: usize, load: &str) {
    latencies.sort();
    println!(
        "  before-send verdict, {path}: p50 {}, p99 {}, max {} ({} callbacks, {blocked} blocked) \
         [load {load}]",
        support::micros(support::percentile(&latencies, 0.50)),
        support::micros(support::percentile(&latencies, 0.99)),
        support::micros(support::percentile(&latencies, 1.0)),
        latencies.len(),
    );
}

async fn verdicts(setup: &Setup, first: u64) -> std::result::Result<(), reqwest::Error> {
    let command = "C2C.CallbackBeforeSendMsg";
    let http = reqwest::Client::new();
    let load = support::load();
    let mut latencies = Vec::with_capacity(VERDICTS);
    let mut blocked = 0;
    for seq in first..first + VERDICTS as u64 {
        let body = c2c(command, seq);
        let start = Instant::now();
        let answer = post(&http, setup.addr, command, body).await?;
        latencies.push(start.elapsed());
        blocked += usize::from(answer["ErrorCode"] == 1);
    }
    report_latencies("loopback HTTP", latencies, blocked, &load);

    let first = first + VERDICTS as u64;
    let load = support::load();
    let mut latencies = Vec::with_capacity(VERDICTS);
    let mut blocked = 0;
    for seq in first..first + VERDICTS as u64 {
        let (query, body) = (query(command), c2c(command, seq));
        let start = Instant::now();
        let (_, answer) = setup.receiver.handle(&query, &body).await;
        latencies.push(start.elapsed());
        blocked += usize::from(answer["ErrorCode"] == 1);
    }
    report_latencies("in process", latencies, blocked, &load);
    Ok(())
}

fn main() -> std::result::Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        tokio::spawn(async {
            let setup = start().await?;
            println!("webhook ingest (C2C.CallbackAfterSendMsg to one bot):");
            let next = ingest_http(&setup, 0).await?;
            handled(&setup.bot, next).await;
            let next = ingest_direct(&setup, next).await;
            handled(&setup.bot, next).await;
            verdicts(&setup, next).await?;
            setup.runtime.shutdown(Duration::from_secs(5)).await;
            Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
        })
        .await?
    })?;
    Ok(())
}
