//! The moderation plugin answering Tencent Cloud's before-send callbacks end to end: a signed
//! `Group.CallbackBeforeSendMsg` / `C2C.CallbackBeforeSendMsg` posted to the backend's callback
//! receiver reaches the bot's runtime, the plugin's verdict goes back as the callback's answer
//! (1 = block, 0 with a masked `MsgBody` = rewrite), inside the configured verdict budget.
//!
//! The REST API is a stand-in that accepts every call (the bot's login imports its account);
//! nothing talks to Tencent.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use timbot::backend::tencent::webhook::auth::sign_for;
use timbot::backend::tencent::{Region, TencentBackend, TencentConfig};
use timbot::core::usersig::UserSigSigner;
use timbot::runtime::{Bot, BotConfig, Runtime};
use timbot_plugin_moderation::Moderation;

const SDK_APP_ID: u64 = 1_400_000_000;
const SECRET: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const TOKEN: &str = "moderation-token";
const STRICT_GROUP: &str = "@TGS#strict";
const RELAXED_GROUP: &str = "@TGS#relaxed";

/// A REST stand-in answering every command with success.
async fn accepting_rest() -> SocketAddr {
    let app = axum::Router::new().fallback(|| async {
        axum::Json(json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""}))
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// A moderator bot on Tencent Cloud (banned word "scam"; the strict group blocks instead of
/// masking) and the address of its callback receiver.
async fn moderator_on_tencent() -> (Runtime, SocketAddr, Duration) {
    let rest = accepting_rest().await;
    let mut config = TencentConfig::new(Region::Singapore, SDK_APP_ID, "administrator");
    config.base_url = Some(format!("http://{rest}"));
    config.secret_key = Some(SECRET.to_owned());
    config.callback_token = Some(TOKEN.to_owned());
    let budget = config.verdict_timeout();
    let backend = Arc::new(TencentBackend::new(config).expect("backend"));

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let hook = listener.local_addr().expect("addr");
    tokio::spawn(backend.serve_webhooks(listener));

    let mut bot_config = BotConfig::new("moderator", "moderator_bot");
    bot_config.plugins.insert(
        "moderation".into(),
        toml::from_str(r#"banned_words = ["scam"]"#).expect("section"),
    );
    bot_config.groups.insert(
        STRICT_GROUP.into(),
        toml::from_str(r#"plugins.moderation = { before_send = "block" }"#).expect("section"),
    );
    let signer = UserSigSigner::new(SDK_APP_ID, SECRET);
    let bot = Bot::builder(bot_config, backend)
        .signer(move |user: &str| signer.generate(user, 86_400))
        .plugin(Moderation::new())
        .build()
        .expect("bot");
    let mut runtime = Runtime::new();
    runtime.spawn(bot).running().await;
    (runtime, hook, budget)
}

/// Posts a before-send callback for `text` as Tencent would (signed now) and returns the
/// answer's JSON and how long the answer took.
async fn ask(hook: SocketAddr, body: Value) -> (Value, Duration) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
        .to_string();
    let command = body["CallbackCommand"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let started = Instant::now();
    let response = reqwest::Client::new()
        .post(format!("http://{hook}/tencent/callback"))
        .query(&[
            ("CallbackCommand", command.as_str()),
            ("contenttype", "json"),
            ("SdkAppid", &SDK_APP_ID.to_string()),
            ("Sign", &sign_for(TOKEN, &now)),
            ("RequestTime", &now),
        ])
        .json(&body)
        .send()
        .await
        .expect("posted");
    assert_eq!(response.status().as_u16(), 200);
    let answer = response.json().await.expect("a JSON answer");
    (answer, started.elapsed())
}

fn group_message(group: &str, text: &str) -> Value {
    json!({
        "CallbackCommand": "Group.CallbackBeforeSendMsg",
        "GroupId": group, "Type": "Public", "From_Account": "mallory",
        "Operator_Account": "mallory", "Random": 7, "MsgSeq": 1, "MsgTime": 1_700_000_000,
        "OnlineOnlyFlag": 0,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}]
    })
}

#[tokio::test]
async fn a_banned_word_in_a_strict_group_is_blocked_before_delivery() {
    let (runtime, hook, budget) = moderator_on_tencent().await;

    let (answer, took) = ask(hook, group_message(STRICT_GROUP, "a real SCAM offer")).await;

    assert_eq!(
        answer,
        json!({"ActionStatus": "OK", "ErrorCode": 1, "ErrorInfo": ""})
    );
    assert!(took < budget, "answered in {took:?}, budget {budget:?}");
    runtime.shutdown(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn a_banned_word_elsewhere_is_masked_and_a_clean_message_allowed() {
    let (runtime, hook, budget) = moderator_on_tencent().await;

    let (answer, took) = ask(hook, group_message(RELAXED_GROUP, "no scam here")).await;
    assert_eq!(
        answer,
        json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "",
               "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "no **** here"}}]})
    );
    assert!(took < budget, "answered in {took:?}, budget {budget:?}");

    let c2c = json!({
        "CallbackCommand": "C2C.CallbackBeforeSendMsg",
        "From_Account": "alice", "To_Account": "bob", "MsgSeq": 2, "MsgRandom": 9,
        "MsgTime": 1_700_000_001, "MsgKey": "2_9_1700000001", "OnlineOnlyFlag": 0,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "see you at noon"}}]
    });
    let (answer, _) = ask(hook, c2c).await;
    assert_eq!(
        answer,
        json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""})
    );
    runtime.shutdown(Duration::from_secs(1)).await;
}
