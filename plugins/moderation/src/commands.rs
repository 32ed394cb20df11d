//! The admin commands: `/mute @x 10m`, `/unmute @x`, `/kick @x`, `/warn @x [reason]`,
//! `/mute-all on|off`. Only group owners and admins (and the bot's superusers) may use them; the
//! runtime checks that before the handler runs and answers anyone else with its denied reply.

use std::time::Duration;

use timbot::core::Result;
use timbot::runtime::{Arg, Command, Context, Matcher, Permission};

use crate::actions::Actor;

/// How long `/mute @x` mutes when no duration is given.
const DEFAULT_MUTE: Duration = Duration::from_secs(600);

/// The admin commands' matchers.
pub fn matchers() -> Vec<Matcher> {
    let commands = [
        Command::new("mute")
            .about("mute a member (default 10m)")
            .arg(Arg::user("user"))
            .arg(Arg::duration("for").optional()),
        Command::new("unmute")
            .about("unmute a member")
            .arg(Arg::user("user")),
        Command::new("kick")
            .about("remove a member from the group")
            .arg(Arg::user("user"))
            .arg(Arg::rest("reason").optional()),
        Command::new("warn")
            .about("warn a member")
            .arg(Arg::user("user"))
            .arg(Arg::rest("reason").optional()),
        Command::new("mute-all")
            .about("mute or unmute everyone but admins")
            .arg(Arg::choice("switch", ["on", "off"])),
    ];
    commands
        .into_iter()
        .map(|command| {
            Matcher::command(command)
                .in_groups()
                .permission(Permission::GroupAdmin)
        })
        .collect()
}

/// Carry out the admin command `name` that fired in `group`.
pub async fn run(ctx: &Context, group: &str, name: &str) -> Result<()> {
    let args = ctx.args();
    let user = args.and_then(|a| a.user("user")).unwrap_or("").to_owned();
    let reason = match ctx.arg_text("reason") {
        "" => format!("by {}", ctx.sender()),
        given => given.to_owned(),
    };
    let actor = Actor {
        ctx,
        group,
        by: ctx.sender(),
    };
    match name {
        "mute" => {
            let duration = args.and_then(|a| a.duration("for")).unwrap_or(DEFAULT_MUTE);
            actor.mute(&user, duration, &reason).await?;
            ctx.reply(format!("Muted {user} for {}s.", duration.as_secs()))
                .await?;
        }
        "unmute" => {
            actor.mute(&user, Duration::ZERO, &reason).await?;
            ctx.reply(format!("Unmuted {user}.")).await?;
        }
        "kick" => {
            actor.kick(&user, &reason).await?;
            ctx.reply(format!("Removed {user}.")).await?;
        }
        "warn" => actor.warn(&user, &reason).await?,
        "mute-all" => {
            let on = ctx.arg_text("switch") == "on";
            actor.mute_all(on).await?;
            ctx.reply(if on {
                "Everyone but admins is muted."
            } else {
                "Everyone may speak again."
            })
            .await?;
        }
        _ => {}
    }
    Ok(())
}
