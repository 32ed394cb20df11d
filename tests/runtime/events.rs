//! Events other than messages reach their plugin methods: signaling invitations (and their
//! cancellation and timeout) and group tips.

use std::time::Duration;

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::backend::InviteParams;
use timbot::core::event::SignalingEvent;
use timbot::core::types::GroupTipsElem;
use timbot::runtime::{Context, HandlerResult, Plugin, Runtime};

use crate::support::{bot, group, settled, Log, Person};

/// Logs every invitation and group tip it sees.
struct Switchboard(Log);

#[async_trait]
impl Plugin for Switchboard {
    fn name(&self) -> &str {
        "switchboard"
    }

    async fn on_invitation(&self, ctx: &Context, invitation: &SignalingEvent) -> HandlerResult {
        self.0.push(format!(
            "invited by {} in {}",
            invitation.inviter,
            ctx.conversation()
        ));
        Ok(())
    }

    async fn on_invitation_cancelled(
        &self,
        _ctx: &Context,
        invitation: &SignalingEvent,
    ) -> HandlerResult {
        self.0.push(format!("cancelled: {}", invitation.data));
        Ok(())
    }

    async fn on_invitation_timeout(
        &self,
        _ctx: &Context,
        invitation: &SignalingEvent,
    ) -> HandlerResult {
        self.0.push(format!("timed out: {}", invitation.invite_id));
        Ok(())
    }

    async fn on_group_tips(&self, ctx: &Context, tips: &GroupTipsElem) -> HandlerResult {
        if ctx.group_id() == Some(tips.group_id.as_str()) {
            self.0.push("tips in its group");
        }
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn invitations_their_cancellation_and_their_timeout() {
    let engine = LocalEngine::default();
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "b", "bot")
            .plugin(Switchboard(log.clone()))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let alice = Person::login(&engine, "alice").await;
    let signaling = alice.client().signaling().unwrap();
    let invite = |data: &str| InviteParams {
        invitees: vec!["bot".into()],
        data: data.into(),
        timeout_secs: 30,
        ..InviteParams::default()
    };
    let first = signaling.invite(invite("call me")).await.unwrap();
    let second = signaling.invite(invite("never mind")).await.unwrap();
    signaling
        .cancel_invitation(&second, "never mind")
        .await
        .unwrap();
    handle.wait_for_metrics(|m| m.handled == 3).await;
    assert_eq!(
        log.entries(),
        vec![
            "invited by alice in c2c_alice".to_owned(),
            "invited by alice in c2c_alice".to_owned(),
            "cancelled: never mind".to_owned(),
        ]
    );
    tokio::time::sleep(Duration::from_secs(31)).await;
    handle.wait_for_metrics(|m| m.handled == 4).await;
    assert_eq!(log.entries().last(), Some(&format!("timed out: {first}")));
}

#[tokio::test(start_paused = true)]
async fn group_tips_reach_the_plugin_in_the_groups_conversation() {
    let engine = LocalEngine::default();
    let g = group(&engine, "olga", &["bot"]);
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "b", "bot")
            .plugin(Switchboard(log.clone()))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let base = settled(&handle).await;
    let before = log.entries().len();
    engine.create_user("newbie", "newbie").unwrap();
    engine
        .admin_add_members(&g, &["newbie".to_owned()])
        .unwrap();
    handle
        .wait_for_metrics(|m| m.received > base && m.in_flight() == 0)
        .await;
    assert_eq!(log.entries().len(), before + 1);
    assert_eq!(
        log.entries().last().map(String::as_str),
        Some("tips in its group")
    );
}
