//! The callback endpoint: authenticate, decode, route to the logged-in bots, answer.
//!
//! Routing (Tencent sends the whole app's callbacks to one URL):
//! - before-send callbacks ask every logged-in bot except the sender, and answer with the
//!   strictest verdict (see [`super::verdict`]);
//! - a delivered one-to-one message (`C2C.CallbackAfterSendMsg` with `SendMsgResult` 0, or
//!   `Bot.OnC2CMessage`) goes to the recipient, if it is a logged-in bot;
//! - a delivered group message (`Group.CallbackAfterSendMsg`) goes to every logged-in bot but
//!   the sender; `Bot.OnGroupMessage` to the @-mentioned robots;
//! - member joins and exits (group tips), join requests (group system notices) and recalls go to
//!   every logged-in bot;
//! - `State.StateChange` and commands timbot does not handle are answered OK and logged.
//!
//! A callback delivered twice reaches each bot once: messages are recognised by `MsgKey`
//! (C2C) or group and `MsgSeq` (so a robot's `Bot.OnGroupMessage` and the group's
//! `AfterSendMsg` of the same message count once), other callbacks by their body. A repeated
//! before-send question is answered with the default verdict without asking again (Tencent
//! never retries before-callbacks, so a repeat is not a genuine redelivery). The window is in
//! process unless [`Receiver::share_handled_window`] puts it in a store several replicas share.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tracing::{debug, warn};

use super::answer;
use super::auth::{Authenticator, Rejection};
use super::callbacks::{C2cMessage, Callback, GroupMessage};
use super::handled::HandledWindow;
use super::registry::Registry;
use super::translate;
use super::verdict::{self, VerdictPolicy};
use crate::core::event::{Event, EventSender};
use crate::core::types::Platform;
use crate::core::usersig::Clock;
use crate::store::Store;

/// How long a handled callback is remembered, to handle a redelivery once.
const DEDUPE_SECS: u64 = 600;
/// How many handled callbacks are remembered at most.
const DEDUPE_CAPACITY: usize = 200_000;

/// The callback receiver of one app.
pub struct Receiver {
    auth: Authenticator,
    registry: Arc<Registry>,
    handled: HandledWindow,
    clock: Arc<dyn Clock>,
    policy: VerdictPolicy,
}

impl std::fmt::Debug for Receiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("auth", &self.auth)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl Receiver {
    /// A receiver checking requests with `auth`, routing to `registry`'s sessions.
    pub fn new(
        auth: Authenticator,
        registry: Arc<Registry>,
        clock: Arc<dyn Clock>,
        policy: VerdictPolicy,
    ) -> Self {
        Receiver {
            auth,
            registry,
            handled: HandledWindow::new(DEDUPE_SECS, DEDUPE_CAPACITY),
            clock,
            policy,
        }
    }

    /// Remembers handled callbacks in `store` from now on, so that a callback Tencent delivers
    /// twice is handled once even when the second delivery reaches another replica sharing the
    /// store. Only once per receiver: a second call is an [`crate::core::Error::Invalid`].
    pub fn share_handled_window(&self, store: Arc<dyn Store>) -> crate::core::Result<()> {
        self.handled.share(store)
    }

    /// An axum router serving this receiver at `path` (POST).
    pub fn router(self: Arc<Self>, path: &str) -> Router {
        Router::new().route(path, post(handle)).with_state(self)
    }

    /// Handles one callback request: its query parameters and body. Returns the HTTP status
    /// and the JSON answer.
    pub async fn handle(
        &self,
        query: &HashMap<String, String>,
        body: &[u8],
    ) -> (StatusCode, Value) {
        let now = self.clock.now_unix_secs();
        if let Err(rejection) = self.auth.check(query, body, now) {
            warn!(reason = rejection.reason(), "callback refused");
            let status = match rejection {
                Rejection::WrongApp => StatusCode::FORBIDDEN,
                Rejection::Unsigned | Rejection::Stale | Rejection::BadSign => {
                    StatusCode::UNAUTHORIZED
                }
                Rejection::Replayed => StatusCode::CONFLICT,
            };
            return (status, answer::fail(rejection.reason()));
        }
        let Some(command) = command(query, body) else {
            warn!("callback without CallbackCommand");
            return (
                StatusCode::BAD_REQUEST,
                answer::fail("CallbackCommand is missing"),
            );
        };
        let callback = match Callback::decode(&command, body) {
            Ok(callback) => callback,
            Err(error) => {
                warn!(%command, %error, "malformed callback");
                return (StatusCode::BAD_REQUEST, answer::fail(&error.to_string()));
            }
        };
        let platform = translate::platform(query.get("OptPlatform").map_or("", String::as_str));
        (
            StatusCode::OK,
            self.dispatch(callback, platform, body, now).await,
        )
    }

    async fn dispatch(
        &self,
        callback: Callback,
        platform: Platform,
        body: &[u8],
        now: i64,
    ) -> Value {
        match callback {
            Callback::C2cBeforeSend(cb) => {
                let message = translate::outgoing_c2c(&cb, platform);
                self.before_send(
                    &format!("before:{}", c2c_key(&cb)),
                    &cb.from_account,
                    message,
                    now,
                )
                .await
            }
            Callback::GroupBeforeSend(cb) => {
                let key = format!(
                    "before:group:{}:{}:{}:{}",
                    cb.group_id, cb.from_account, cb.random, cb.event_time
                );
                let message = translate::group_message(&cb, platform);
                self.before_send(&key, &cb.from_account, message, now).await
            }
            Callback::C2cAfterSend(cb) | Callback::BotC2c(cb) => {
                if cb.send_msg_result == 0 {
                    if let Some(recipient) = self.registry.get(&cb.to_account) {
                        let event =
                            Event::NewMessage(Arc::new(translate::received_c2c(&cb, platform)));
                        self.deliver(
                            vec![(cb.to_account.clone(), recipient)],
                            &c2c_key(&cb),
                            event,
                            now,
                        )
                        .await;
                    }
                }
                answer::ok()
            }
            Callback::GroupAfterSend(cb) => {
                let targets = self.registry.all_except(&cb.from_account);
                self.deliver_group_message(targets, &cb, platform, now)
                    .await;
                answer::ok()
            }
            Callback::BotGroup(cb) => {
                let targets = cb
                    .at_robots
                    .iter()
                    .filter(|robot| **robot != cb.from_account)
                    .filter_map(|robot| {
                        self.registry
                            .get(robot)
                            .map(|events| (robot.clone(), events))
                    })
                    .collect();
                self.deliver_group_message(targets, &cb, platform, now)
                    .await;
                answer::ok()
            }
            Callback::MemberJoined(cb) => {
                let event = Event::GroupTips(Arc::new(translate::joined_tip(&cb)));
                self.deliver(self.registry.all(), &body_key(body), event, now)
                    .await;
                answer::ok()
            }
            Callback::MemberExited(cb) => {
                let event = Event::GroupTips(Arc::new(translate::exited_tip(&cb)));
                self.deliver(self.registry.all(), &body_key(body), event, now)
                    .await;
                answer::ok()
            }
            Callback::ApplyJoin(cb) => {
                // The verdict stays with the group's own approval rules: answer "continue".
                let event = Event::GroupSystemNotice(Arc::new(translate::join_request(&cb)));
                self.deliver(self.registry.all(), &body_key(body), event, now)
                    .await;
                answer::ok()
            }
            Callback::GroupRecalled(cb) => {
                let key = body_key(body);
                for (index, revoked) in translate::recalled(&cb).into_iter().enumerate() {
                    let event = Event::MessageRevoked(Box::new(revoked));
                    self.deliver(self.registry.all(), &format!("{key}:{index}"), event, now)
                        .await;
                }
                answer::ok()
            }
            Callback::StateChange(cb) => {
                debug!(user = %cb.info.to_account, action = %cb.info.action, reason = %cb.info.reason, "state change");
                answer::ok()
            }
            Callback::Other(command) => {
                debug!(%command, "callback not handled by timbot");
                answer::ok()
            }
        }
    }

    async fn before_send(
        &self,
        key: &str,
        sender: &str,
        message: crate::core::types::Message,
        now: i64,
    ) -> Value {
        if !self.handled.first_time(key, now).await {
            debug!(key, "repeated before-send callback; answering the default");
            return verdict::answer_for(
                &verdict::default_verdict(self.policy.default),
                self.policy.default,
            );
        }
        let targets: Vec<EventSender> = self
            .registry
            .all_except(sender)
            .into_iter()
            .map(|(_, events)| events)
            .collect();
        let decided = verdict::ask(&targets, Arc::new(message), self.policy).await;
        verdict::answer_for(&decided, self.policy.default)
    }

    async fn deliver_group_message(
        &self,
        targets: Vec<(String, EventSender)>,
        cb: &GroupMessage,
        platform: Platform,
        now: i64,
    ) {
        let key = format!("msg:group:{}:{}", cb.group_id, cb.msg_seq);
        let event = Event::NewMessage(Arc::new(translate::group_message(cb, platform)));
        self.deliver(targets, &key, event, now).await;
    }

    /// Sends `event` to each target that has not had the event `key` yet.
    async fn deliver(
        &self,
        targets: Vec<(String, EventSender)>,
        key: &str,
        event: Event,
        now: i64,
    ) {
        for (user, events) in targets {
            if self.handled.first_time(&format!("{user}|{key}"), now).await {
                events.send(event.clone());
            } else {
                debug!(%user, key, "callback already handled for this bot");
            }
        }
    }
}

async fn handle(
    State(receiver): State<Arc<Receiver>>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let (status, answer) = receiver.handle(&query, &body).await;
    (status, Json(answer)).into_response()
}

/// The command: from the URL, or from the body when the URL lacks it.
fn command(query: &HashMap<String, String>, body: &[u8]) -> Option<String> {
    if let Some(command) = query.get("CallbackCommand").filter(|c| !c.is_empty()) {
        return Some(command.clone());
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    value.get("CallbackCommand")?.as_str().map(str::to_owned)
}

/// A one-to-one message's identity: its `MsgKey`, or its parts when the key is missing.
fn c2c_key(cb: &C2cMessage) -> String {
    if cb.msg_key.is_empty() {
        format!(
            "msg:c2c:{}:{}:{}:{}:{}",
            cb.from_account, cb.to_account, cb.msg_seq, cb.msg_random, cb.msg_time
        )
    } else {
        format!("msg:c2c:{}", cb.msg_key)
    }
}

/// A callback's identity by its body.
fn body_key(body: &[u8]) -> String {
    format!("body:{}", hex::encode(Sha256::digest(body)))
}
