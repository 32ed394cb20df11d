//! `/announce add|list|pause|resume|remove|run` in a group, for its owner, admins and the bot's
//! superusers (the runtime checks that before the handler runs and answers anyone else with its
//! denied reply). The commands see and change only the announcements posted to the group they
//! are used in.
//!
//! ```text
//! /announce add <id> every <duration> <content>      e.g. every 1h
//! /announce add <id> in <duration> <content>         once, that long from now
//! /announce add <id> at "<time>" <content>           once: RFC 3339 or "2026-12-24 18:00"
//! /announce add <id> cron "<expr>" <content>         cron with seconds, in the section's zone
//! /announce list
//! /announce pause|resume|remove|run <id>
//! ```
//!
//! `<content>` is a text; `@all <text>` mentions everyone; `card <title> | <text> [| <link>]`
//! posts a custom card; `digest <title> | <item> | <item> …` posts a merged digest.

use timbot::core::{Error, Result};
use timbot::runtime::{Arg, Command, Context, Matcher, Permission};
use timbot::scheduler::{JobAction, JobInfo, Scheduler};

use crate::announcement::{Announcement, Card, Digest};
use crate::config::{check_id, job_id, job_prefix, job_spec, AnnouncementsConfig, When};

/// The `/announce` matcher.
pub fn matcher() -> Matcher {
    let command = Command::new("announce")
        .about("schedule announcements: add, list, pause, resume, remove, run")
        .arg(Arg::choice(
            "action",
            ["add", "list", "pause", "resume", "remove", "run"],
        ))
        .arg(Arg::rest("details").optional());
    Matcher::command(command)
        .in_groups()
        .permission(Permission::GroupAdmin)
}

/// Carry out the `/announce` command in `group`; returns the answer to give.
pub async fn run(ctx: &Context, scheduler: &Scheduler, group: &str) -> Result<String> {
    let details = ctx.arg_text("details");
    let bot = ctx.bot_name();
    match ctx.arg_text("action") {
        "add" => {
            let config: AnnouncementsConfig = ctx.config()?;
            add(scheduler, bot, group, &config.zone, details).await
        }
        "list" => Ok(list(scheduler, bot, group)),
        action => {
            let id = details.trim();
            if here(scheduler, bot, group, id).is_none() {
                return Ok(format!("There is no announcement {id:?} in this group."));
            }
            let full = job_id(bot, id);
            match action {
                "pause" => scheduler.pause(&full).await?,
                "resume" => scheduler.resume(&full).await?,
                "remove" => scheduler.remove(&full).await?,
                _ => scheduler.run_now(&full).await?,
            };
            let done = match action {
                "pause" => "paused",
                "resume" => "resumed",
                "remove" => "removed",
                _ => "posted now",
            };
            Ok(format!("Announcement {id} {done}."))
        }
    }
}

/// The announcement `id` of the bot, if it is posted to `group`.
fn here(
    scheduler: &Scheduler,
    bot: &str,
    group: &str,
    id: &str,
) -> Option<(JobInfo, Announcement)> {
    let info = scheduler.get(&job_id(bot, id))?;
    let announcement = announcement_of(&info)?;
    announcement
        .groups
        .iter()
        .any(|g| g == group)
        .then_some((info, announcement))
}

fn announcement_of(info: &JobInfo) -> Option<Announcement> {
    let JobAction::Callback { payload, .. } = &info.spec.action;
    serde_json::from_value(payload.clone()).ok()
}

async fn add(
    scheduler: &Scheduler,
    bot: &str,
    group: &str,
    zone: &str,
    details: &str,
) -> Result<String> {
    let usage = || {
        Error::invalid(
            "/announce add",
            "write /announce add <id> every|in|at|cron <when> <content>",
        )
    };
    let (id, rest) = next_token(details).ok_or_else(usage)?;
    let (kind, rest) = next_token(rest).ok_or_else(usage)?;
    let (when, content) = next_token(rest).ok_or_else(usage)?;
    check_id(&id)?;
    if scheduler.get(&job_id(bot, &id)).is_some() && here(scheduler, bot, group, &id).is_none() {
        return Ok(format!(
            "The id {id:?} is taken by an announcement elsewhere."
        ));
    }
    let when = match kind.as_str() {
        "every" => When::Every(when),
        "cron" => When::Cron(when),
        "at" => When::At(when),
        "in" => {
            let delay = timbot::scheduler::parse_duration(&when)?;
            let delay = chrono::TimeDelta::from_std(delay)
                .map_err(|_| Error::invalid("/announce add", "that delay is too long"))?;
            When::At((scheduler.clock().now() + delay).to_rfc3339())
        }
        _ => return Err(usage()),
    };
    let announcement = content_of(group, content.trim())?;
    let spec = job_spec(bot, &id, when, zone, &announcement)?;
    let info = scheduler.add(spec).await?;
    Ok(match info.next_fire {
        Some(next) => format!("Announcement {id} added; next at {}.", next.to_rfc3339()),
        None => format!("Announcement {id} added, but its time has passed."),
    })
}

/// The announcement a chat command's `<content>` describes, posted to `group`.
fn content_of(group: &str, content: &str) -> Result<Announcement> {
    let mut announcement = Announcement {
        groups: vec![group.to_owned()],
        ..Announcement::default()
    };
    let parts =
        |rest: &str| -> Vec<String> { rest.split('|').map(|p| p.trim().to_owned()).collect() };
    let (first, rest) = content
        .split_once(char::is_whitespace)
        .unwrap_or((content, ""));
    match first {
        "@all" => {
            announcement.at_all = true;
            announcement.text = rest.trim().to_owned();
        }
        "card" => {
            let mut parts = parts(rest).into_iter();
            announcement.card = Some(Card {
                title: parts.next().unwrap_or_default(),
                text: parts.next().unwrap_or_default(),
                link: parts.next().unwrap_or_default(),
            });
        }
        "digest" => {
            let mut parts = parts(rest).into_iter();
            announcement.digest = Some(Digest {
                title: parts.next().unwrap_or_default(),
                items: parts.filter(|item| !item.is_empty()).collect(),
            });
        }
        _ => announcement.text = content.to_owned(),
    }
    announcement.check()?;
    Ok(announcement)
}

/// One line per announcement posted to `group`, soonest first.
fn list(scheduler: &Scheduler, bot: &str, group: &str) -> String {
    let prefix = job_prefix(bot);
    let lines: Vec<String> = scheduler
        .list()
        .iter()
        .filter_map(|info| {
            let id = info.spec.id.strip_prefix(&prefix)?;
            let announcement = announcement_of(info)?;
            if !announcement.groups.iter().any(|g| g == group) {
                return None;
            }
            let when = match (info.paused, info.next_fire) {
                (true, _) => "paused".to_owned(),
                (false, Some(next)) => format!("next {}", next.to_rfc3339()),
                (false, None) => "done".to_owned(),
            };
            Some(format!("{id} ({when}): {}", announcement.summary()))
        })
        .collect();
    if lines.is_empty() {
        "No announcements in this group.".to_owned()
    } else {
        lines.join("\n")
    }
}

/// The first word of `text` (a `"quoted phrase"` counts as one) and the text after it.
fn next_token(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    if let Some(quoted) = text.strip_prefix('"') {
        let end = quoted.find('"')?;
        return Some((quoted[..end].to_owned(), &quoted[end + 1..]));
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    Some((text[..end].to_owned(), &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_may_be_quoted() {
        let (cron, rest) = next_token(r#" "0 0 9 * * *" Good morning"#).unwrap();
        assert_eq!(cron, "0 0 9 * * *");
        assert_eq!(rest.trim(), "Good morning");
        assert_eq!(next_token("   "), None);
        assert_eq!(next_token(r#""unclosed"#), None);
    }

    #[test]
    fn content_forms() {
        let all = content_of("g", "@all meeting now").unwrap();
        assert!(all.at_all);
        assert_eq!(all.text, "meeting now");
        let card = content_of("g", "card Release | 2.0 is out | https://x.dev").unwrap();
        assert_eq!(card.card.unwrap().link, "https://x.dev");
        let digest = content_of("g", "digest Week | one | two").unwrap();
        assert_eq!(digest.digest.unwrap().items, ["one", "two"]);
        assert!(content_of("g", "digest Week").is_err());
        assert!(content_of("g", "digest").is_err());
        assert!(!content_of("g", "@allhands at noon").unwrap().at_all);
    }
}
