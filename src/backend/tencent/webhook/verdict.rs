//! Before-send callbacks: asking the logged-in bots, combining their verdicts, and answering
//! Tencent with the result.
//!
//! Each asked session gets an [`Event::BeforeSend`]; all of them share one deadline (the
//! configured verdict timeout, below Tencent's 2 s). A session that answers votes its verdict; one
//! that drops the question without answering abstains; one that does not answer in time votes
//! the configured default. The strictest vote wins: block, then drop, then rewrite, then allow.
//! With nobody to ask, the message is allowed.
//!
//! The answer's `ErrorCode` is 0 (deliver), 1 (block: the sender gets 20006 in C2C, 10016 in a
//! group) or 2 (drop silently; the sender believes it was sent), and a rewrite answers 0 with
//! the replacement `MsgBody` (research note §3.3).

use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use serde_json::{json, Value};
use tokio::time::{timeout_at, Instant};
use tracing::warn;

use super::answer;
use crate::backend::tencent::config::DefaultVerdict;
use crate::core::event::{BeforeSend, Event, EventSender, Verdict};
use crate::core::rest::RestMessage;
use crate::core::types::Message;

/// How long to wait and what to assume when nobody answers in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerdictPolicy {
    /// The time the sessions get.
    pub timeout: Duration,
    /// The vote of a session that did not answer in time.
    pub default: DefaultVerdict,
}

/// Asks every session in `targets` about `message` and returns the strictest answer.
pub async fn ask(targets: &[EventSender], message: Arc<Message>, policy: VerdictPolicy) -> Verdict {
    let deadline = Instant::now() + policy.timeout;
    let mut pending = Vec::new();
    for target in targets {
        let (question, answer) = BeforeSend::new(Arc::clone(&message));
        if target.send(Event::BeforeSend(question)) {
            pending.push(timeout_at(deadline, answer));
        }
    }
    let votes = join_all(pending)
        .await
        .into_iter()
        .filter_map(|outcome| match outcome {
            Ok(Ok(verdict)) => Some(verdict),
            Ok(Err(_abstained)) => None,
            Err(_timed_out) => Some(default_verdict(policy.default)),
        });
    strictest(votes)
}

/// The verdict a configured default stands for.
pub fn default_verdict(default: DefaultVerdict) -> Verdict {
    match default {
        DefaultVerdict::Allow => Verdict::Allow,
        DefaultVerdict::Block => Verdict::Block,
        DefaultVerdict::Drop => Verdict::DropSilently,
    }
}

/// The strictest of `votes` (the first of equals); allow when there are none.
pub fn strictest(votes: impl IntoIterator<Item = Verdict>) -> Verdict {
    let rank = |verdict: &Verdict| match verdict {
        Verdict::Allow => 0,
        Verdict::Rewrite(_) => 1,
        Verdict::DropSilently => 2,
        Verdict::Block => 3,
    };
    let mut best = Verdict::Allow;
    for vote in votes {
        if rank(&vote) > rank(&best) {
            best = vote;
        }
    }
    best
}

/// Tencent's answer for `verdict`. A rewrite whose elements have no REST form cannot be
/// delivered as asked; the configured default is answered instead, and logged.
pub fn answer_for(verdict: &Verdict, default: DefaultVerdict) -> Value {
    match verdict {
        Verdict::Allow => answer::ok(),
        Verdict::Block => answer::with_code(1),
        Verdict::DropSilently => answer::with_code(2),
        Verdict::Rewrite(elems) => {
            let replacement = Message {
                elems: elems.clone(),
                ..Message::default()
            };
            match RestMessage::from_message(&replacement) {
                Ok(rest) => json!({
                    "ActionStatus": "OK",
                    "ErrorCode": 0,
                    "ErrorInfo": "",
                    "MsgBody": rest.msg_body,
                }),
                Err(error) => {
                    warn!(%error, "a rewrite verdict has no REST form; answering the default");
                    answer_for(&default_verdict(default), DefaultVerdict::Allow)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::types::Elem;

    #[test]
    fn the_strictest_vote_wins() {
        let rewrite = Verdict::Rewrite(vec![Elem::text("***")]);
        assert_eq!(strictest([]), Verdict::Allow);
        assert_eq!(strictest([Verdict::Allow, rewrite.clone()]), rewrite);
        assert_eq!(
            strictest([rewrite, Verdict::DropSilently]),
            Verdict::DropSilently
        );
        assert_eq!(
            strictest([Verdict::Block, Verdict::DropSilently]),
            Verdict::Block
        );
    }

    #[test]
    fn answers_carry_the_documented_codes() {
        let default = DefaultVerdict::Allow;
        assert_eq!(answer_for(&Verdict::Allow, default)["ErrorCode"], 0);
        assert_eq!(answer_for(&Verdict::Block, default)["ErrorCode"], 1);
        assert_eq!(answer_for(&Verdict::DropSilently, default)["ErrorCode"], 2);
        let rewritten = answer_for(&Verdict::Rewrite(vec![Elem::text("***")]), default);
        assert_eq!(rewritten["ErrorCode"], 0);
        assert_eq!(
            rewritten["MsgBody"],
            json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "***"}}])
        );
    }
}
