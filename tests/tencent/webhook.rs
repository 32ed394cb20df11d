//! The callback receiver: the documented bodies posted to it, decoded into events for the
//! logged-in bots; before-send verdicts; refused requests.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use timbot::backend::tencent::webhook::auth::sign_for;
use timbot::backend::tencent::{DefaultVerdict, TencentBackend};
use timbot::core::backend::{Backend, LoginRequest};
use timbot::core::event::{Event, EventStream, Verdict};
use timbot::core::types::{ConvType, Elem, GroupReportType, GroupTipType};
use timbot::store::{MemoryStore, Store};
use tokio::task::JoinHandle;

use super::fake::FakeRest;
use super::{config, setup, signer, TestClock, SDK_APP_ID, TOKEN};

struct Hook {
    addr: SocketAddr,
    clock: TestClock,
    http: reqwest::Client,
}

impl Hook {
    async fn start(backend: &TencentBackend, clock: &TestClock) -> Hook {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(backend.serve_webhooks(listener));
        Hook {
            addr,
            clock: clock.clone(),
            http: reqwest::Client::new(),
        }
    }

    /// Posts `body` as Tencent would: signed now.
    async fn post(&self, body: &Value) -> (u16, Value) {
        let time = self.clock.now().to_string();
        let sign = sign_for(TOKEN, &time);
        self.post_with(
            body,
            &[
                ("SdkAppid", &SDK_APP_ID.to_string()),
                ("Sign", &sign),
                ("RequestTime", &time),
            ],
        )
        .await
    }

    async fn post_with(&self, body: &Value, auth: &[(&str, &str)]) -> (u16, Value) {
        self.post_raw(
            body.to_string().into_bytes(),
            body["CallbackCommand"].as_str().unwrap_or(""),
            auth,
        )
        .await
    }

    async fn post_raw(&self, body: Vec<u8>, command: &str, auth: &[(&str, &str)]) -> (u16, Value) {
        let mut query: Vec<(&str, &str)> = vec![
            ("CallbackCommand", command),
            ("contenttype", "json"),
            ("ClientIP", "127.0.0.1"),
            ("OptPlatform", "Android"),
        ];
        query.extend_from_slice(auth);
        let response = self
            .http
            .post(format!("http://{}/tencent/callback", self.addr))
            .query(&query)
            .body(body)
            .send()
            .await
            .expect("posted");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON answer"))
    }
}

async fn login(backend: &TencentBackend, clock: &TestClock, user: &str) -> EventStream {
    let sig = signer(clock).generate(user, 86_400).expect("sig");
    backend
        .login(LoginRequest::new(user, sig))
        .await
        .expect("login")
        .events
}

fn ok() -> Value {
    json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""})
}

fn c2c(command: &str, to: &str) -> Value {
    json!({
        "CallbackCommand": command,
        "From_Account": "jared", "To_Account": to,
        "MsgSeq": 48374, "MsgRandom": 2837546, "MsgTime": 1557481126,
        "MsgKey": "48374_2837546_1557481126", "OnlineOnlyFlag": 0,
        "SendMsgResult": 0, "ErrorInfo": "send msg succeed", "UnreadMsgNum": 7,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "red packet"}}],
        "CloudCustomData": "your cloud custom data"
    })
}

fn group(command: &str) -> Value {
    json!({
        "CallbackCommand": command,
        "GroupId": "@TGS#2J4SZEAEL", "Type": "Public",
        "From_Account": "jared", "Operator_Account": "admin",
        "Random": 123456, "MsgSeq": 123, "MsgTime": 1490686222, "OnlineOnlyFlag": 0,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "red packet"}}],
        "CloudCustomData": "your cloud custom data",
        "EventTime": "1670574414123"
    })
}

fn only_event(events: &mut EventStream) -> Event {
    let event = events.try_recv().expect("an event");
    assert!(events.try_recv().is_none(), "exactly one event");
    event
}

#[tokio::test]
async fn a_c2c_message_reaches_its_recipient_once_even_via_two_callbacks() {
    let (_fake, backend, clock) = setup().await;
    let mut bot = login(&backend, &clock, "@RBT#001").await;
    let hook = Hook::start(&backend, &clock).await;

    assert_eq!(
        hook.post(&c2c("C2C.CallbackAfterSendMsg", "@RBT#001"))
            .await,
        (200, ok())
    );
    clock.advance(1);
    assert_eq!(
        hook.post(&c2c("Bot.OnC2CMessage", "@RBT#001")).await,
        (200, ok())
    );

    let Event::NewMessage(message) = only_event(&mut bot) else {
        panic!("not a message")
    };
    assert_eq!(message.conv_type, ConvType::C2C);
    assert_eq!(message.conv_id, "jared");
    assert_eq!(message.sender, "jared");
    assert_eq!(message.plain_text(), "red packet");
    assert_eq!(message.msg_id, "48374_2837546_1557481126");
    assert_eq!(message.cloud_custom_str, "your cloud custom data");

    // A message to someone else is not this bot's.
    assert_eq!(
        hook.post(&c2c("C2C.CallbackAfterSendMsg", "Jonh")).await,
        (200, ok())
    );
    assert!(bot.try_recv().is_none());
}

#[tokio::test]
async fn group_messages_reach_the_bots_and_robot_mentions_are_marked() {
    let (_fake, backend, clock) = setup().await;
    let mut bot = login(&backend, &clock, "mod-bot").await;
    let mut robot = login(&backend, &clock, "@RBT#001").await;
    let hook = Hook::start(&backend, &clock).await;

    let mut mention = group("Bot.OnGroupMessage");
    mention["AtRobots_Account"] = json!(["@RBT#001"]);
    mention["MsgBody"] =
        json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "@@RBT#001 hello"}}]);
    assert_eq!(hook.post(&mention).await, (200, ok()));
    let Event::NewMessage(message) = only_event(&mut robot) else {
        panic!("not a message")
    };
    assert!(message.mentions("@RBT#001"));
    assert_eq!(message.msg_id, "@TGS#2J4SZEAEL:123");
    assert!(
        bot.try_recv().is_none(),
        "only the mentioned robot gets Bot.OnGroupMessage"
    );

    clock.advance(1);
    assert_eq!(
        hook.post(&group("Group.CallbackAfterSendMsg")).await,
        (200, ok())
    );
    let Event::NewMessage(message) = only_event(&mut bot) else {
        panic!("not a message")
    };
    assert_eq!(
        (message.conv_type, message.conv_id.as_str()),
        (ConvType::Group, "@TGS#2J4SZEAEL")
    );
    assert_eq!(message.seq, 123);
    assert!(
        robot.try_recv().is_none(),
        "the robot already had this message"
    );
}

#[tokio::test]
async fn membership_join_requests_recalls_and_state_changes() {
    let (_fake, backend, clock) = setup().await;
    let mut bot = login(&backend, &clock, "mod-bot").await;
    let hook = Hook::start(&backend, &clock).await;

    let joined = json!({"CallbackCommand": "Group.CallbackAfterNewMemberJoin", "GroupId": "@TGS#2J4SZEAEL", "Type": "Public",
        "JoinType": "Apply", "Operator_Account": "leckie",
        "NewMemberList": [{"Member_Account": "jared"}, {"Member_Account": "tommy"}], "EventTime": "1670574414123"});
    assert_eq!(hook.post(&joined).await, (200, ok()));
    let Event::GroupTips(tip) = only_event(&mut bot) else {
        panic!("not a tip")
    };
    assert_eq!(tip.tip_type, GroupTipType::Invite);
    assert_eq!(tip.user_array, ["jared", "tommy"]);
    assert_eq!(tip.op_user, "leckie");

    let exited = json!({"CallbackCommand": "Group.CallbackAfterMemberExit", "GroupId": "@TGS#2J4SZEAEL", "Type": "Public",
        "ExitType": "Kicked", "Operator_Account": "leckie",
        "ExitMemberList": [{"Member_Account": "jared"}], "EventTime": 1670574414123u64});
    assert_eq!(hook.post(&exited).await, (200, ok()));
    let Event::GroupTips(tip) = only_event(&mut bot) else {
        panic!("not a tip")
    };
    assert_eq!(
        (tip.tip_type, tip.user_array.as_slice()),
        (GroupTipType::Kick, &["jared".to_owned()][..])
    );

    let apply = json!({"CallbackCommand": "Group.CallbackBeforeApplyJoinGroup", "GroupId": "@TGS#2J4SZEAEL",
        "Type": "Public", "Requestor_Account": "jared", "EventTime": "1670574414123"});
    assert_eq!(
        hook.post(&apply).await,
        (200, ok()),
        "the group's own approval rules decide"
    );
    let Event::GroupSystemNotice(notice) = only_event(&mut bot) else {
        panic!("not a notice")
    };
    assert_eq!(
        (notice.report_type, notice.op_user.as_str()),
        (GroupReportType::AddRequest, "jared")
    );

    let recall = json!({"CallbackCommand": "Group.CallbackAfterRecallMsg", "Operator_Account": "admin", "Type": "Public",
        "GroupId": "1213456", "MsgSeqList": [{"MsgSeq": 130}]});
    assert_eq!(hook.post(&recall).await, (200, ok()));
    let Event::MessageRevoked(revoked) = only_event(&mut bot) else {
        panic!("not a recall")
    };
    assert_eq!(
        (revoked.conv_id.as_str(), revoked.msg_id.as_str()),
        ("1213456", "1213456:130")
    );

    let state = json!({"CallbackCommand": "State.StateChange", "EventTime": 1629883332497u64,
        "Info": {"Action": "Login", "To_Account": "testuser316", "Reason": "Register"},
        "KickedDevice": [{"Platform": "Windows"}]});
    assert_eq!(hook.post(&state).await, (200, ok()));
    assert!(bot.try_recv().is_none());
}

/// A tiny moderator: answers the first before-send question with `verdict`.
fn moderator(mut events: EventStream, verdict: Verdict) -> JoinHandle<String> {
    tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            if let Event::BeforeSend(question) = event {
                let text = question.message.plain_text();
                question.respond(verdict);
                return text;
            }
        }
        String::new()
    })
}

#[tokio::test]
async fn a_before_send_message_is_blocked_by_the_verdict() {
    let (_fake, backend, clock) = setup().await;
    let bot = login(&backend, &clock, "mod-bot").await;
    let asked = moderator(bot, Verdict::Block);
    let hook = Hook::start(&backend, &clock).await;

    let (status, answer) = hook.post(&group("Group.CallbackBeforeSendMsg")).await;
    assert_eq!(
        (status, answer),
        (
            200,
            json!({"ActionStatus": "OK", "ErrorCode": 1, "ErrorInfo": ""})
        )
    );
    assert_eq!(asked.await.expect("asked"), "red packet");
}

#[tokio::test]
async fn a_before_send_message_is_rewritten_by_the_verdict() {
    let (_fake, backend, clock) = setup().await;
    let bot = login(&backend, &clock, "mod-bot").await;
    let asked = moderator(bot, Verdict::Rewrite(vec![Elem::text("*** packet")]));
    let hook = Hook::start(&backend, &clock).await;

    let (status, answer) = hook.post(&c2c("C2C.CallbackBeforeSendMsg", "Jonh")).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer,
        json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "",
               "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "*** packet"}}]})
    );
    asked.await.expect("asked");
}

#[tokio::test(start_paused = true)]
async fn without_a_verdict_in_time_the_configured_default_is_answered_within_two_seconds() {
    let clock = TestClock::new();
    let fake = FakeRest::start(signer(&clock), super::ADMIN).await;
    let mut config = config(&fake);
    config.verdict_default = DefaultVerdict::Drop;
    let backend = TencentBackend::with_clock(config, clock.as_clock()).expect("backend");
    let mut silent = login(&backend, &clock, "slow-bot").await;
    let hook = Hook::start(&backend, &clock).await;

    let started = tokio::time::Instant::now();
    let (status, answer) = hook.post(&group("Group.CallbackBeforeSendMsg")).await;
    assert_eq!(
        (status, answer["ErrorCode"].clone()),
        (200, json!(2)),
        "drop silently"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "answered inside Tencent's budget"
    );
    // The question was asked (and is still unanswered).
    assert!(matches!(silent.try_recv(), Some(Event::BeforeSend(_))));
}

#[tokio::test]
async fn with_no_bot_to_ask_a_message_is_allowed_at_once() {
    let (_fake, backend, clock) = setup().await;
    let hook = Hook::start(&backend, &clock).await;
    assert_eq!(
        hook.post(&c2c("C2C.CallbackBeforeSendMsg", "Jonh")).await,
        (200, ok())
    );
}

#[tokio::test]
async fn forged_stale_foreign_replayed_and_malformed_requests_are_refused() {
    let (_fake, backend, clock) = setup().await;
    let mut bot = login(&backend, &clock, "@RBT#001").await;
    let hook = Hook::start(&backend, &clock).await;
    let body = c2c("C2C.CallbackAfterSendMsg", "@RBT#001");
    let app = SDK_APP_ID.to_string();
    let now = clock.now().to_string();

    let (status, answer) = hook.post_with(&body, &[("SdkAppid", &app)]).await;
    assert_eq!(
        (status, answer["ActionStatus"].clone()),
        (401, json!("FAIL")),
        "unsigned"
    );
    let forged = "0".repeat(64);
    let (status, _) = hook
        .post_with(
            &body,
            &[("SdkAppid", &app), ("Sign", &forged), ("RequestTime", &now)],
        )
        .await;
    assert_eq!(status, 401, "bad Sign");
    let stale = (clock.now() - 301).to_string();
    let stale_sign = sign_for(TOKEN, &stale);
    let (status, _) = hook
        .post_with(
            &body,
            &[
                ("SdkAppid", &app),
                ("Sign", &stale_sign),
                ("RequestTime", &stale),
            ],
        )
        .await;
    assert_eq!(status, 401, "stale RequestTime");
    let sign = sign_for(TOKEN, &now);
    let (status, _) = hook
        .post_with(
            &body,
            &[
                ("SdkAppid", "1400000001"),
                ("Sign", &sign),
                ("RequestTime", &now),
            ],
        )
        .await;
    assert_eq!(status, 403, "another app's SdkAppid");
    assert!(bot.try_recv().is_none(), "nothing refused reached the bot");

    let signed = [
        ("SdkAppid", app.as_str()),
        ("Sign", sign.as_str()),
        ("RequestTime", now.as_str()),
    ];
    assert_eq!(hook.post_with(&body, &signed).await, (200, ok()));
    let (status, _) = hook.post_with(&body, &signed).await;
    assert_eq!(status, 409, "the same signed request again is a replay");
    assert!(matches!(only_event(&mut bot), Event::NewMessage(_)));

    let (status, answer) = hook
        .post_raw(
            b"{\"From_Account\": ".to_vec(),
            "C2C.CallbackAfterSendMsg",
            &signed,
        )
        .await;
    assert_eq!(
        (status, answer["ActionStatus"].clone()),
        (400, json!("FAIL")),
        "malformed JSON"
    );
    let (status, _) = hook
        .post_raw(
            br#"{"MsgSeq": "not a number"}"#.to_vec(),
            "C2C.CallbackAfterSendMsg",
            &signed,
        )
        .await;
    assert_eq!(status, 400, "a wrongly typed field");
    clock.advance(1);
    assert_eq!(
        hook.post(&group("Group.CallbackAfterSendMsg")).await.0,
        200,
        "the receiver still works"
    );
}

#[tokio::test]
async fn a_callback_delivered_twice_is_handled_once() {
    let (_fake, backend, clock) = setup().await;
    let mut bot = login(&backend, &clock, "mod-bot").await;
    let hook = Hook::start(&backend, &clock).await;
    let exited = json!({"CallbackCommand": "Group.CallbackAfterMemberExit", "GroupId": "@TGS#2J4SZEAEL", "Type": "Public",
        "ExitType": "Quit", "Operator_Account": "jared", "ExitMemberList": [{"Member_Account": "jared"}], "EventTime": "1670574414123"});
    assert_eq!(hook.post(&exited).await, (200, ok()));
    clock.advance(2);
    assert_eq!(
        hook.post(&exited).await,
        (200, ok()),
        "a redelivery is acknowledged"
    );
    assert!(matches!(only_event(&mut bot), Event::GroupTips(_)));
}

/// Two replicas of one deployment: each a backend of its own on the same app, with the bot
/// logged in on both, and the same callback delivered once to each.
async fn redelivered_to_a_second_replica(shared: Option<Arc<dyn Store>>) -> (Event, Option<Event>) {
    let (fake, first, clock) = setup().await;
    let second = TencentBackend::with_clock(config(&fake), clock.as_clock()).expect("backend");
    if let Some(store) = shared {
        first.share_handled_callbacks(Arc::clone(&store)).unwrap();
        second.share_handled_callbacks(store).unwrap();
    }
    let mut on_first = login(&first, &clock, "mod-bot").await;
    let mut on_second = login(&second, &clock, "mod-bot").await;
    let exited = json!({"CallbackCommand": "Group.CallbackAfterMemberExit", "GroupId": "@TGS#2J4SZEAEL", "Type": "Public",
        "ExitType": "Quit", "Operator_Account": "jared", "ExitMemberList": [{"Member_Account": "jared"}], "EventTime": "1670574414123"});
    assert_eq!(
        Hook::start(&first, &clock).await.post(&exited).await,
        (200, ok())
    );
    clock.advance(2);
    assert_eq!(
        Hook::start(&second, &clock).await.post(&exited).await,
        (200, ok())
    );
    (only_event(&mut on_first), on_second.try_recv())
}

#[tokio::test]
async fn replicas_sharing_a_store_handle_a_redelivered_callback_once() {
    let (first, second) = redelivered_to_a_second_replica(Some(Arc::new(MemoryStore::new()))).await;
    assert!(matches!(first, Event::GroupTips(_)));
    assert!(
        second.is_none(),
        "the second replica saw it was handled: {second:?}"
    );

    // Without a shared store each replica has its own window and handles it again.
    let (_, second) = redelivered_to_a_second_replica(None).await;
    assert!(matches!(second, Some(Event::GroupTips(_))));
}

#[tokio::test]
async fn the_handled_window_is_shared_once() {
    let (_fake, backend, _clock) = setup().await;
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    backend.share_handled_callbacks(Arc::clone(&store)).unwrap();
    assert!(matches!(
        backend.share_handled_callbacks(store),
        Err(timbot::core::Error::Invalid { .. })
    ));
}
