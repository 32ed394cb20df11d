//! One event through a bot's plugins: matching, permission, cooldown, and each handler guarded
//! by a timeout and a panic barrier, inside a tracing span.
//!
//! The event's span carries the bot, the conversation and the message id; each plugin call gets
//! a child span with the plugin's name, so every log line of a handler says which event and
//! plugin it belongs to.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use futures::FutureExt;
use tracing::Instrument;

use super::bot_state::BotState;
use super::context::Context;
use super::conv_key::ConvKey;
use super::matcher::{MatchInput, MatchResult};
use super::metrics::Outcome;
use super::permission::SenderRole;
use super::plugin::{BoxError, HandlerResult, Plugin};
use crate::core::event::{BeforeSend, Event, SignalingEvent, Verdict};
use crate::core::types::{
    is_at_all, ConvType, Elem, GroupReportElem, GroupTipsElem, MemberRole, Message,
    SignalingActionType,
};

/// Run `event` (of conversation `conv`) through the bot's plugins and count how it ended.
pub(crate) async fn run_event(state: Arc<BotState>, event: Arc<Event>, conv: ConvKey) {
    let msg_id = match &*event {
        Event::NewMessage(message) => message.msg_id.clone(),
        _ => String::new(),
    };
    let span = tracing::info_span!("event", bot = %state.name(), conv = %conv, msg_id = %msg_id);
    let outcome = async {
        match &*event {
            Event::NewMessage(message) => run_message(&state, &event, &conv, message).await,
            Event::GroupTips(tips) => run_each(&state, &event, &conv, Call::Tips(tips)).await,
            Event::GroupSystemNotice(notice) => {
                run_each(&state, &event, &conv, Call::Notice(notice)).await
            }
            Event::Signaling(signaling) => match signaling.action {
                SignalingActionType::Invite => {
                    run_each(&state, &event, &conv, Call::Invited(signaling)).await
                }
                SignalingActionType::CancelInvite => {
                    run_each(&state, &event, &conv, Call::Cancelled(signaling)).await
                }
                SignalingActionType::InviteTimeout => {
                    run_each(&state, &event, &conv, Call::TimedOut(signaling)).await
                }
                _ => Outcome::Handled,
            },
            Event::BeforeSend(question) => {
                answer_before_send(&state, &event, &conv, question).await
            }
            _ => Outcome::Handled,
        }
    }
    .instrument(span)
    .await;
    state.metrics.finish(outcome);
}

/// A non-message event, as the plugin method it calls.
#[derive(Clone, Copy)]
enum Call<'e> {
    Tips(&'e GroupTipsElem),
    Notice(&'e GroupReportElem),
    Invited(&'e SignalingEvent),
    Cancelled(&'e SignalingEvent),
    TimedOut(&'e SignalingEvent),
}

impl Call<'_> {
    async fn on(self, plugin: &dyn Plugin, ctx: &Context) -> HandlerResult {
        match self {
            Call::Tips(tips) => plugin.on_group_tips(ctx, tips).await,
            Call::Notice(notice) => plugin.on_group_system_notice(ctx, notice).await,
            Call::Invited(invitation) => plugin.on_invitation(ctx, invitation).await,
            Call::Cancelled(invitation) => plugin.on_invitation_cancelled(ctx, invitation).await,
            Call::TimedOut(invitation) => plugin.on_invitation_timeout(ctx, invitation).await,
        }
    }
}

/// Run a non-message event through every enabled plugin in priority order.
async fn run_each(
    state: &Arc<BotState>,
    event: &Arc<Event>,
    conv: &ConvKey,
    call: Call<'_>,
) -> Outcome {
    let mut outcome = Outcome::Handled;
    for (index, slot) in state.plugins.iter().enumerate() {
        if !runs_here(state, index, conv) {
            continue;
        }
        let ctx = Context::new(state.clone(), index, event.clone(), conv.clone(), None);
        let result = guarded(state, &slot.name, call.on(slot.plugin.as_ref(), &ctx)).await;
        outcome = worse(outcome, result);
        if ctx.is_stopped() {
            break;
        }
    }
    outcome
}

pub(crate) fn runs_here(state: &BotState, index: usize, conv: &ConvKey) -> bool {
    state.plugins.get(index).is_some_and(|slot| {
        slot.enabled.load(Ordering::SeqCst) && state.scope.is_enabled(&slot.name, conv.group_id())
    })
}

/// Run a message through the plugins whose matchers fire on it.
async fn run_message(
    state: &Arc<BotState>,
    event: &Arc<Event>,
    conv: &ConvKey,
    message: &Message,
) -> Outcome {
    let text = message.plain_text();
    let self_id = state.user_id();
    let mentions: Vec<String> = message
        .group_at_user_array
        .iter()
        .filter(|u| u.as_str() != self_id && !is_at_all(u))
        .cloned()
        .collect();
    let input = MatchInput {
        text: &text,
        conv: message.conv_type,
        group_id: conv.group_id(),
        sender: &message.sender,
        mentioned: message.mentions(self_id) || message.is_at_all(),
        elems: &message.elems,
        mentions: &mentions,
    };
    let scan = state.matchers.scan(&input);
    let mut outcome = Outcome::Handled;
    let mut role: Option<SenderRole> = None;
    for (index, slot) in state.plugins.iter().enumerate() {
        if !runs_here(state, index, conv) {
            continue;
        }
        let hit = if state.matchers.takes_everything(index) {
            None
        } else {
            match scan.first_hit(index) {
                None if claimed(state, &slot.name, conv, message).await => None,
                None => continue,
                Some(MatchResult::BadArgs { error, usage, .. }) => {
                    reply(state, message, format!("{error}\nUsage: {usage}")).await;
                    continue;
                }
                Some(MatchResult::Hit(matcher_index, hit)) => {
                    let Some(matcher) = state.matchers.matcher(index, matcher_index) else {
                        continue;
                    };
                    if matcher.permission.needs_role() && role.is_none() {
                        role = Some(sender_role(state, message).await);
                    }
                    if !matcher.permission.allows(
                        state.is_superuser(&message.sender),
                        role.unwrap_or(SenderRole::None),
                    ) {
                        let denial = matcher
                            .denied_reply
                            .clone()
                            .unwrap_or_else(|| state.config.denied_reply.clone());
                        reply(state, message, denial).await;
                        continue;
                    }
                    if let Some(cooldown) = matcher.cooldown {
                        if !state.cooldowns.try_fire(
                            index,
                            matcher_index,
                            &message.sender,
                            cooldown,
                        ) {
                            reply(state, message, state.config.cooldown_reply.clone()).await;
                            continue;
                        }
                    }
                    Some(hit)
                }
            }
        };
        let ctx = Context::new(state.clone(), index, event.clone(), conv.clone(), hit);
        let result = guarded(state, &slot.name, slot.plugin.on_message(&ctx, message)).await;
        outcome = worse(outcome, result);
        if ctx.is_stopped() {
            break;
        }
    }
    outcome
}

/// Whether one of the bot's claims gives `message` to `plugin` although its matchers did not
/// fire.
async fn claimed(state: &BotState, plugin: &str, conv: &ConvKey, message: &Message) -> bool {
    for claim in &state.claims {
        if claim.claims(plugin, conv, message).await {
            return true;
        }
    }
    false
}

/// The sender's role in the message's group: from the message when it carries it, else asked
/// of the service. A failed lookup counts as no role (and is logged).
async fn sender_role(state: &BotState, message: &Message) -> SenderRole {
    if message.conv_type != ConvType::Group {
        return SenderRole::None;
    }
    if let Some(info) = &message.sender_group_member_info {
        if info.member_role != MemberRole::None {
            return role_of(info.member_role);
        }
    }
    let lookup = async {
        let groups = state.client.groups()?;
        groups
            .member_info(&message.conv_id, std::slice::from_ref(&message.sender))
            .await
    };
    match lookup.await {
        Ok(members) => members
            .iter()
            .find(|m| m.identifier == message.sender)
            .map_or(SenderRole::None, |m| role_of(m.member_role)),
        Err(error) => {
            tracing::warn!(%error, sender = %message.sender, "could not look up the sender's role");
            SenderRole::None
        }
    }
}

fn role_of(role: MemberRole) -> SenderRole {
    match role {
        MemberRole::Owner => SenderRole::Owner,
        MemberRole::Admin => SenderRole::Admin,
        MemberRole::Normal => SenderRole::Member,
        _ => SenderRole::None,
    }
}

/// Answer a message in its conversation with `text` (nothing when `text` is empty).
async fn reply(state: &BotState, to: &Message, text: String) {
    if text.is_empty() {
        return;
    }
    let answer = Message::new(to.conv_type, to.conv_id.clone(), vec![Elem::text(text)]);
    if let Err(error) = state.send(answer).await {
        tracing::warn!(%error, "could not send the dispatcher's reply");
    }
}

/// Ask the plugins, in priority order, for a verdict on a message about to be delivered; the
/// first that does not allow it decides. A plugin that fails or overruns counts as allowing.
async fn answer_before_send(
    state: &Arc<BotState>,
    event: &Arc<Event>,
    conv: &ConvKey,
    question: &BeforeSend,
) -> Outcome {
    let mut outcome = Outcome::Handled;
    let mut verdict = Verdict::Allow;
    for (index, slot) in state.plugins.iter().enumerate() {
        if !runs_here(state, index, conv) {
            continue;
        }
        let ctx = Context::new(state.clone(), index, event.clone(), conv.clone(), None);
        let mut answer = Verdict::Allow;
        let call = async {
            answer = slot.plugin.before_send(&ctx, &question.message).await;
            Ok::<(), BoxError>(())
        };
        outcome = worse(outcome, guarded(state, &slot.name, call).await);
        if answer != Verdict::Allow {
            verdict = answer;
            break;
        }
        if ctx.is_stopped() {
            break;
        }
    }
    question.respond(verdict);
    outcome
}

/// Run one handler with the bot's timeout, catching panics; log failures with the plugin's name
/// (the event's ids come from the enclosing span).
pub(crate) async fn guarded<F>(state: &BotState, plugin: &str, handler: F) -> Outcome
where
    F: Future<Output = HandlerResult>,
{
    let timeout = state.config.handler_timeout();
    let span = tracing::info_span!("plugin", plugin = %plugin);
    let run = tokio::time::timeout(timeout, AssertUnwindSafe(handler).catch_unwind());
    match run.instrument(span).await {
        Ok(Ok(Ok(()))) => Outcome::Handled,
        Ok(Ok(Err(error))) => {
            tracing::warn!(plugin = %plugin, %error, "handler failed");
            Outcome::Failed
        }
        Ok(Err(panic)) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-text panic".to_owned());
            tracing::error!(plugin = %plugin, panic = %message, "handler panicked");
            Outcome::Failed
        }
        Err(_) => {
            tracing::error!(plugin = %plugin, ?timeout, "handler timed out");
            Outcome::TimedOut
        }
    }
}

/// The worse of two outcomes (a timeout over a failure over success).
fn worse(a: Outcome, b: Outcome) -> Outcome {
    match (a, b) {
        (Outcome::TimedOut, _) | (_, Outcome::TimedOut) => Outcome::TimedOut,
        (Outcome::Failed, _) | (_, Outcome::Failed) => Outcome::Failed,
        _ => Outcome::Handled,
    }
}
