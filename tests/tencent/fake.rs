//! A local fake of the Tencent Cloud IM REST API, on 127.0.0.1 inside the test.
//!
//! It checks what the REST overview requires of every call (POST to `/v4/<service>/<command>`,
//! `sdkappid`, `identifier` = the admin, a `usersig` that verifies for the admin with
//! `core::usersig`, `random` a u32, `contenttype=json`, a JSON object body) and the fields each
//! command's page marks required. A violation is answered as the service would (FAIL with
//! 60002 / 70009 / 90001-style codes) and recorded. Answers are the documented sample shapes,
//! or what a test queued for a command.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use timbot::core::usersig::UserSigSigner;

/// One call the fake received.
#[derive(Debug, Clone)]
pub struct Call {
    /// `<service>/<command>`.
    pub command: String,
    /// The URL query.
    pub query: HashMap<String, String>,
    /// The JSON body.
    pub body: Value,
}

/// A scripted answer: an HTTP status and a body.
#[derive(Debug, Clone)]
pub struct Answer {
    status: u16,
    body: Value,
}

impl Answer {
    /// HTTP 200 with `body`.
    pub fn json(body: Value) -> Self {
        Answer { status: 200, body }
    }

    /// A documented FAIL answer with `code`.
    pub fn fail(code: i32, info: &str) -> Self {
        Answer::json(json!({"ActionStatus": "FAIL", "ErrorInfo": info, "ErrorCode": code}))
    }

    /// A bare HTTP status (e.g. 502 from a gateway).
    pub fn status(status: u16) -> Self {
        Answer {
            status,
            body: json!({}),
        }
    }
}

struct FakeState {
    admin: String,
    signer: UserSigSigner,
    calls: Mutex<Vec<Call>>,
    violations: Mutex<Vec<String>>,
    queued: Mutex<HashMap<String, VecDeque<Answer>>>,
}

/// The running fake.
#[derive(Clone)]
pub struct FakeRest {
    addr: SocketAddr,
    state: Arc<FakeState>,
}

impl FakeRest {
    /// Starts a fake for the app of `signer` with admin `admin`.
    pub async fn start(signer: UserSigSigner, admin: &str) -> FakeRest {
        let state = Arc::new(FakeState {
            admin: admin.to_owned(),
            signer,
            calls: Mutex::new(Vec::new()),
            violations: Mutex::new(Vec::new()),
            queued: Mutex::new(HashMap::new()),
        });
        let router = Router::new()
            .route("/v4/{service}/{command}", post(handle))
            .with_state(Arc::clone(&state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, router).await });
        FakeRest { addr, state }
    }

    /// The base URL to configure (`base_url`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queues `answer` for the next call of `command` (`<service>/<command>`).
    pub fn queue(&self, command: &str, answer: Answer) {
        self.state
            .queued
            .lock()
            .expect("lock")
            .entry(command.to_owned())
            .or_default()
            .push_back(answer);
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.state.calls.lock().expect("lock").clone()
    }

    /// The calls of `command`.
    pub fn calls_of(&self, command: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.command == command)
            .collect()
    }

    /// The only call of `command`'s body.
    pub fn body_of(&self, command: &str) -> Value {
        let calls = self.calls_of(command);
        assert_eq!(calls.len(), 1, "expected one {command} call, got {calls:?}");
        calls[0].body.clone()
    }

    /// What the fake found wrong in the requests.
    pub fn violations(&self) -> Vec<String> {
        self.state.violations.lock().expect("lock").clone()
    }
}

async fn handle(
    State(state): State<Arc<FakeState>>,
    Path((service, command)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let name = format!("{service}/{command}");
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    state.calls.lock().expect("lock").push(Call {
        command: name.clone(),
        query: query.clone(),
        body: parsed.clone().unwrap_or(Value::Null),
    });
    let answer = match check(&state, &name, &query, parsed.as_ref()) {
        Err(answer) => answer,
        Ok(()) => {
            let queued = state
                .queued
                .lock()
                .expect("lock")
                .get_mut(&name)
                .and_then(VecDeque::pop_front);
            queued.unwrap_or_else(|| Answer::json(sample(&name)))
        }
    };
    let status = StatusCode::from_u16(answer.status).expect("status");
    (status, Json(answer.body)).into_response()
}

fn check(
    state: &FakeState,
    name: &str,
    query: &HashMap<String, String>,
    body: Option<&Value>,
) -> Result<(), Answer> {
    let violation = |what: String, answer: Answer| {
        state.violations.lock().expect("lock").push(what);
        Err(answer)
    };
    let expected_app = state.signer.sdk_app_id().to_string();
    if query.get("sdkappid") != Some(&expected_app) {
        return violation(
            format!("{name}: sdkappid {:?}", query.get("sdkappid")),
            Answer::fail(60006, "invalid sdkappid"),
        );
    }
    if query.get("identifier") != Some(&state.admin) {
        return violation(
            format!("{name}: identifier {:?}", query.get("identifier")),
            Answer::fail(60010, "admin required"),
        );
    }
    let sig = query.get("usersig").cloned().unwrap_or_default();
    if let Err(error) = state.signer.verify(&state.admin, &sig) {
        return violation(
            format!("{name}: usersig {error}"),
            Answer::fail(70009, "usersig check failed"),
        );
    }
    if query
        .get("random")
        .and_then(|r| r.parse::<u32>().ok())
        .is_none()
    {
        return violation(
            format!("{name}: random {:?}", query.get("random")),
            Answer::fail(60002, "bad random"),
        );
    }
    if query.get("contenttype").map(String::as_str) != Some("json") {
        return violation(
            format!("{name}: contenttype"),
            Answer::fail(60002, "bad contenttype"),
        );
    }
    let Some(Value::Object(fields)) = body else {
        return violation(
            format!("{name}: body is not a JSON object"),
            Answer::fail(60003, "json parse"),
        );
    };
    for field in required(name) {
        if !fields.contains_key(*field) {
            return violation(
                format!("{name}: missing {field}"),
                Answer::fail(90001, "missing field"),
            );
        }
    }
    if let Some(msg_body) = fields.get("MsgBody") {
        let ok = msg_body.as_array().is_some_and(|elems| {
            !elems.is_empty()
                && elems.iter().all(|e| {
                    e.get("MsgType").is_some_and(Value::is_string)
                        && e.get("MsgContent").is_some_and(Value::is_object)
                })
        });
        if !ok {
            return violation(
                format!("{name}: MsgBody {msg_body}"),
                Answer::fail(90002, "MsgBody invalid"),
            );
        }
    }
    Ok(())
}

/// The fields each command's page marks required.
fn required(name: &str) -> &'static [&'static str] {
    match name {
        "im_open_login_svc/account_import" => &["UserID"],
        "openim/sendmsg" => &["To_Account", "MsgRandom", "MsgBody"],
        "openim/batchsendmsg" => &["To_Account", "MsgRandom", "MsgBody"],
        "openim/admin_msgwithdraw" => &["From_Account", "To_Account", "MsgKey"],
        "openim/admin_getroammsg" => &[
            "Operator_Account",
            "Peer_Account",
            "MaxCnt",
            "MinTime",
            "MaxTime",
        ],
        "group_open_http_svc/send_group_msg" => &["GroupId", "Random", "MsgBody"],
        "group_open_http_svc/send_group_system_notification" => &["GroupId", "Content"],
        "group_open_http_svc/forbid_send_msg" => &["GroupId", "Members_Account", "MuteTime"],
        "group_open_http_svc/modify_group_base_info" => &["GroupId"],
        "group_open_http_svc/delete_group_member" => &["GroupId", "MemberToDel_Account"],
        "group_open_http_svc/add_group_member" => &["GroupId", "MemberList"],
        "group_open_http_svc/group_msg_recall" => &["GroupId", "MsgSeqList"],
        "group_open_http_svc/create_group" => &["Type", "Name"],
        "group_open_http_svc/get_group_member_info" => &["GroupId"],
        "group_open_http_svc/group_msg_get_simple" => &["GroupId", "ReqMsgNumber"],
        "openim_robot_http_svc/create_robot" => &["UserID"],
        "openim_robot_http_svc/delete_robot" => &["Robot_Account"],
        _ => &[],
    }
}

/// The documented sample answer of each command.
fn sample(name: &str) -> Value {
    let ok = json!({"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0});
    let with = |extra: Value| {
        let mut answer = ok.clone();
        if let (Value::Object(a), Value::Object(b)) = (&mut answer, extra) {
            a.extend(b);
        }
        answer
    };
    match name {
        "openim/sendmsg" | "openim/batchsendmsg" => {
            with(json!({"MsgTime": 1653641346, "MsgKey": "1213_1122_1653641346"}))
        }
        "group_open_http_svc/send_group_msg" => {
            with(json!({"MsgTime": 1490686222, "MsgSeq": 1, "MsgDropReason": ""}))
        }
        "group_open_http_svc/create_group" => with(json!({"GroupId": "@TGS#2J4SZEAEL"})),
        "openim_robot_http_svc/get_all_robots" => {
            with(json!({"Robot_Account": ["@RBT#001", "@RBT#002", "@RBT#003"]}))
        }
        _ => ok,
    }
}
