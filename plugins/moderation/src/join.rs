//! Newcomers and applicants: a welcome on the join tip, and join requests decided by the
//! configured rules (the request notice names the applicant; the request itself is found among
//! the bot's pendencies and handled there).

use timbot::core::types::{GroupPendencyHandle, GroupReportElem, GroupTipsElem};
use timbot::core::Result;
use timbot::runtime::Context;

use crate::actions::Actor;
use crate::config::{JoinDecision, JoinRule};

/// Welcome the members a join tip announces (the bot itself excepted).
pub async fn welcome(ctx: &Context, tips: &GroupTipsElem, template: &str) -> Result<()> {
    let newcomers: Vec<String> = tips
        .user_array
        .iter()
        .filter(|u| u.as_str() != ctx.self_id())
        .cloned()
        .collect();
    if template.is_empty() || newcomers.is_empty() {
        return Ok(());
    }
    let mentions: Vec<String> = newcomers.iter().map(|u| format!("@{u}")).collect();
    let text = template.replace("{user}", &mentions.join(" "));
    let actor = Actor {
        ctx,
        group: &tips.group_id,
        by: ctx.self_id(),
    };
    actor.say_to(&newcomers, text).await?;
    for user in &newcomers {
        actor.note(user, "welcome", "").await?;
    }
    Ok(())
}

/// What `rule` decides for `applicant` asking with `message`.
pub fn decide(rule: &JoinRule, applicant: &str, message: &str) -> JoinDecision {
    if rule.refuse_users.iter().any(|u| u == applicant) {
        return JoinDecision::Refuse;
    }
    if !rule.require_words.is_empty() {
        let message = message.to_lowercase();
        let has_word = rule
            .require_words
            .iter()
            .any(|w| message.contains(&w.to_lowercase()));
        return if has_word {
            JoinDecision::Accept
        } else {
            JoinDecision::Refuse
        };
    }
    rule.default
}

/// Decide the open join request a request notice is about.
pub async fn handle_request(
    ctx: &Context,
    notice: &GroupReportElem,
    rule: &JoinRule,
) -> Result<()> {
    let applicant = notice.op_user.as_str();
    let decision = decide(rule, applicant, &notice.msg);
    if decision == JoinDecision::Ignore {
        return Ok(());
    }
    let groups = ctx.client().groups()?;
    let pending = groups.pendencies().await?;
    let Some(request) = pending.iter().find(|p| {
        p.group_id == notice.group_id
            && p.from_identifier == applicant
            && p.handled == GroupPendencyHandle::NotHandled
    }) else {
        tracing::warn!(group = %notice.group_id, applicant, "join request notice without an open request");
        return Ok(());
    };
    let accept = decision == JoinDecision::Accept;
    let reason = if accept {
        ""
    } else {
        rule.refuse_reason.as_str()
    };
    groups.handle_pendency(request, accept, reason).await?;
    let actor = Actor {
        ctx,
        group: &notice.group_id,
        by: ctx.self_id(),
    };
    let action = if accept { "join_accept" } else { "join_refuse" };
    actor.note(applicant, action, &notice.msg).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(default: JoinDecision) -> JoinRule {
        JoinRule {
            default,
            ..JoinRule::default()
        }
    }

    #[test]
    fn refused_users_then_required_words_then_the_default() {
        let mut r = rule(JoinDecision::Accept);
        assert_eq!(decide(&r, "ann", "hi"), JoinDecision::Accept);
        r.refuse_users = vec!["spammer".into()];
        assert_eq!(decide(&r, "spammer", "rust"), JoinDecision::Refuse);
        r.require_words = vec!["Rust".into()];
        assert_eq!(decide(&r, "ann", "I write rust"), JoinDecision::Accept);
        assert_eq!(decide(&r, "ann", "hello"), JoinDecision::Refuse);
        assert_eq!(
            decide(&rule(JoinDecision::Ignore), "ann", "x"),
            JoinDecision::Ignore
        );
    }
}
