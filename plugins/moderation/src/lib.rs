//! timbot plugin: group moderation.
//!
//! - **Checks** on every group message: banned words (all matched in one pass by an
//!   Aho-Corasick automaton), links outside an allow-list, floods (more than N messages in T
//!   seconds from one member) and repeated spam (the same text N times in a row).
//! - **An escalation ladder** per group: each violation is a strike, and strike n costs the
//!   ladder's step n (by default warn → recall → mute 10 min → mute 1 day → kick).
//! - **Newcomers**: a welcome on the join tip; join requests approved or refused by rules.
//! - **Admin commands** (`/mute @x 10m`, `/unmute @x`, `/kick @x`, `/warn @x`,
//!   `/mute-all on|off`) for the group owner, admins and the bot's superusers.
//! - **An audit log** of every action ([`audit_log`]), in `tracing` and in the bot's store.
//! - **A before-send verdict** for backends that ask before delivering: block a message with a
//!   banned word, or rewrite it with the words masked.
//!
//! The configuration is the `[plugins.moderation]` section ([`ModerationConfig`]), layered per
//! group by the runtime; see the crate's README.

pub mod actions;
pub mod audit;
pub mod commands;
pub mod config;
pub mod join;
pub mod rules;
pub mod shared_tracker;
pub mod tracker;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use timbot::core::event::Verdict;
use timbot::core::types::{
    Elem, GroupReportElem, GroupReportType, GroupTipType, GroupTipsElem, MemberRole, Message,
};
use timbot::core::{Error, Result};
use timbot::runtime::{Context, HandlerResult, HitDetail, Matcher, Plugin, PluginSection};
use timbot::store::Store;

pub use audit::{audit_log, AuditEntry};
pub use config::ModerationConfig;
pub use rules::{Rules, Step, Violation};

use actions::Actor;
use config::BeforeSendMode;
use tracker::Tracker;

/// The plugin's name, and its configuration section (`[plugins.moderation]`).
pub const NAME: &str = "moderation";

/// Check a moderation section (`[plugins.moderation]`, or a group's layered over it) as the
/// plugin will read it, so that a mistake is reported before the bot starts: the error is an
/// [`Error::Config`] naming the section's file and line.
pub fn validate(section: &PluginSection) -> Result<()> {
    Rules::compile(section.parse()?)
        .map(|_| ())
        .map_err(|error| Error::Config {
            file: section.file.clone(),
            line: section.line,
            message: error.to_string(),
        })
}

/// Rules compiled from a configuration section, with the section they came from.
type CompiledRules = (toml::Value, Arc<Rules>);

/// The moderation plugin.
#[derive(Debug, Default)]
pub struct Moderation {
    /// Compiled rules per group (`None`: the bot-level section), with the section they came
    /// from, so a changed section is compiled again.
    compiled: Mutex<HashMap<Option<String>, CompiledRules>>,
    tracker: Tracker,
}

impl Moderation {
    /// A moderation plugin; its rules come from its configuration section.
    pub fn new() -> Self {
        Moderation::default()
    }

    /// The rules as they apply where `ctx`'s event happened.
    fn rules(&self, ctx: &Context) -> Result<Arc<Rules>> {
        let section = ctx.section();
        let key = ctx.group_id().map(str::to_owned);
        let mut compiled = match self.compiled.lock() {
            Ok(compiled) => compiled,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((value, rules)) = compiled.get(&key) {
            if *value == section.value {
                return Ok(rules.clone());
            }
        }
        let rules = Arc::new(Rules::compile(section.parse()?)?);
        compiled.insert(key, (section.value, rules.clone()));
        Ok(rules)
    }

    /// Whether `message`'s sender is above the checks: listed as exempt, or owner/admin.
    fn exempt(rules: &Rules, message: &Message) -> bool {
        rules.config.exempt.contains(&message.sender)
            || message
                .sender_group_member_info
                .as_ref()
                .is_some_and(|m| matches!(m.member_role, MemberRole::Admin | MemberRole::Owner))
    }

    /// The flood and repeat rules for one message: counted in memory when the bot's store is
    /// this process's own, else in the store, so replicas sharing it count together. A store
    /// that fails is logged and the message judged by the other rules.
    async fn track(
        &self,
        ctx: &Context,
        group: &str,
        user: &str,
        text: &str,
        config: &ModerationConfig,
    ) -> Option<Violation> {
        let store = ctx.store();
        if store.local_id().is_some() {
            return self
                .tracker
                .record(group, user, text, config.flood, config.repeat);
        }
        shared_tracker::record(
            store.as_ref(),
            group,
            user,
            text,
            config.flood,
            config.repeat,
        )
        .await
        .unwrap_or_else(|error| {
            tracing::warn!(%group, %user, %error, "flood and repeat rules skipped");
            None
        })
    }

    /// Count a strike against the sender and take the ladder's step for it.
    async fn punish(
        &self,
        ctx: &Context,
        group: &str,
        message: &Message,
        rules: &Rules,
        violation: &Violation,
    ) -> Result<()> {
        let user = message.sender.as_str();
        let strike = strike(ctx.store(), group, user, rules).await?;
        let step = rules.step(strike);
        let reason = format!("{violation} (strike {strike})");
        let actor = Actor {
            ctx,
            group,
            by: ctx.self_id(),
        };
        if step.recalls() {
            actor.recall(message, &reason).await?;
        }
        match step {
            Step::Warn | Step::Recall => actor.warn(user, &reason).await,
            Step::Mute(duration) => {
                actor.mute(user, duration, &reason).await?;
                let text = format!("@{user} muted for {}s: {reason}", duration.as_secs());
                actor.say_to(&[user.to_owned()], text).await
            }
            Step::Kick => actor.kick(user, &reason).await,
        }
    }
}

/// Add a strike for `user` in `group`; returns how many they have within the window.
async fn strike(store: &Arc<dyn Store>, group: &str, user: &str, rules: &Rules) -> Result<u64> {
    let key = format!("moderation:strikes:{group}:{user}");
    let count = store
        .increment(&key, 1, Some(rules.config.strike_window()))
        .await?;
    Ok(u64::try_from(count).unwrap_or(1))
}

#[async_trait]
impl Plugin for Moderation {
    fn name(&self) -> &str {
        NAME
    }

    /// Moderation runs before the other plugins, so a recalled message goes no further.
    fn priority(&self) -> i32 {
        -100
    }

    fn matchers(&self) -> Vec<Matcher> {
        let mut matchers = commands::matchers();
        matchers.push(Matcher::any().in_groups().id("check"));
        matchers
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        let Some(group) = ctx.group_id() else {
            return Ok(());
        };
        if let Some(HitDetail::Command { name, .. }) = ctx.hit().map(|h| &h.detail) {
            commands::run(ctx, group, name).await?;
            ctx.stop();
            return Ok(());
        }
        let rules = self.rules(ctx)?;
        if Self::exempt(&rules, message) {
            return Ok(());
        }
        let text = message.plain_text();
        let config = &rules.config;
        let tracked = self.track(ctx, group, &message.sender, &text, config).await;
        let violation = rules
            .banned_word(&text)
            .map(Violation::BannedWord)
            .or_else(|| rules.forbidden_link(&text).map(Violation::Link))
            .or(tracked);
        if let Some(violation) = violation {
            ctx.stop();
            self.punish(ctx, group, message, &rules, &violation).await?;
        }
        Ok(())
    }

    async fn on_group_tips(&self, ctx: &Context, tips: &GroupTipsElem) -> HandlerResult {
        if tips.tip_type == GroupTipType::Invite {
            let rules = self.rules(ctx)?;
            join::welcome(ctx, tips, &rules.config.welcome).await?;
        }
        Ok(())
    }

    async fn on_group_system_notice(
        &self,
        ctx: &Context,
        notice: &GroupReportElem,
    ) -> HandlerResult {
        if notice.report_type == GroupReportType::AddRequest {
            let rules = self.rules(ctx)?;
            join::handle_request(ctx, notice, &rules.config.join_requests).await?;
        }
        Ok(())
    }

    async fn before_send(&self, ctx: &Context, message: &Message) -> Verdict {
        let rules = match self.rules(ctx) {
            Ok(rules) => rules,
            Err(error) => {
                tracing::warn!(%error, "moderation config unusable; allowing the message");
                return Verdict::Allow;
            }
        };
        let Some(word) = rules.banned_word(&message.plain_text()) else {
            return Verdict::Allow;
        };
        tracing::info!(
            target: "timbot::moderation::audit",
            sender = %message.sender,
            word = %word,
            mode = ?rules.config.before_send,
            "before-send verdict"
        );
        match rules.config.before_send {
            BeforeSendMode::Allow => Verdict::Allow,
            BeforeSendMode::Block => Verdict::Block,
            BeforeSendMode::Mask => Verdict::Rewrite(
                message
                    .elems
                    .iter()
                    .map(|elem| match elem {
                        Elem::Text(text) => Elem::text(rules.masked(&text.content)),
                        other => other.clone(),
                    })
                    .collect(),
            ),
        }
    }
}
