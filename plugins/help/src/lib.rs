//! timbot plugin `help`: `/help` lists the commands that can be used where it is asked.
//!
//! The plugin is built with the plugins of its bot ([`Help::for_plugins`]) and reads their
//! command matchers once. On `/help` it lists, plugin by plugin, the commands that would run in
//! that conversation: the plugin is enabled in the bot and, in a group, not switched off for
//! that group (`[groups."<id>"] disabled = [...]`, or at run time); the command's matcher allows
//! this kind of conversation (one-to-one or group) and this group. Commands restricted to group
//! admins, the owner or superusers are marked. The prefix shown is the one the asker typed.
//!
//! ```toml
//! [plugins.help]
//! header = "Here is what I can do:"    # optional first line of the reply
//! ```

use std::sync::Arc;

use async_trait::async_trait;
use serde::Deserialize;
use timbot::core::types::{ConvType, Message};
use timbot::runtime::{
    Command, Context, HandlerResult, Matcher, Permission, Plugin, PluginSection, Trigger,
};

/// The plugin's name: its section is `[plugins.help]`.
pub const NAME: &str = "help";

/// One command a plugin declares, with where and by whom it may be used.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// The command.
    pub command: Command,
    /// Only in this kind of conversation (`None`: any).
    pub conv: Option<ConvType>,
    /// Only in these groups (empty: any).
    pub groups: Vec<String>,
    /// Who may use it.
    pub permission: Permission,
}

impl Listed {
    fn of(matcher: Matcher) -> Option<Listed> {
        match matcher.trigger {
            Trigger::Command(command) => Some(Listed {
                command,
                conv: matcher.conv,
                groups: matcher.groups,
                permission: matcher.permission,
            }),
            _ => None,
        }
    }

    /// Whether the command can fire in a conversation of `conv` type (in `group`, if one).
    pub fn usable_in(&self, conv: ConvType, group: Option<&str>) -> bool {
        let kind_ok = self.conv.is_none_or(|only| only == conv);
        let group_ok = match group {
            Some(group) => self.groups.is_empty() || self.groups.iter().any(|g| g == group),
            None => true,
        };
        kind_ok && group_ok
    }

    /// The help line: usage, aliases, who may use it, and what it does.
    pub fn line(&self, prefix: &str) -> String {
        let mut line = self.command.usage(prefix);
        for alias in &self.command.aliases {
            line.push_str(&format!(" | {prefix}{alias}"));
        }
        match self.permission {
            Permission::Everyone => {}
            Permission::GroupAdmin => line.push_str(" (admins)"),
            Permission::GroupOwner => line.push_str(" (owner)"),
            Permission::Superuser => line.push_str(" (superusers)"),
        }
        if !self.command.about.is_empty() {
            line.push_str(&format!(" — {}", self.command.about));
        }
        line
    }
}

/// The commands one plugin declares.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginCommands {
    /// The plugin's name.
    pub plugin: String,
    /// Its commands, in declaration order.
    pub commands: Vec<Listed>,
}

impl PluginCommands {
    /// The command matchers of `plugin`.
    pub fn of(plugin: &dyn Plugin) -> PluginCommands {
        PluginCommands {
            plugin: plugin.name().to_owned(),
            commands: plugin
                .matchers()
                .into_iter()
                .filter_map(Listed::of)
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HelpConfig {
    #[serde(default = "default_header")]
    header: String,
}

fn default_header() -> String {
    "Commands:".to_owned()
}

/// The help plugin.
#[derive(Debug, Clone)]
pub struct Help {
    listed: Vec<PluginCommands>,
}

impl Help {
    /// Help for the commands of `plugins` (its own `/help` included, listed last).
    pub fn for_plugins(plugins: &[Arc<dyn Plugin>]) -> Help {
        let mut listed: Vec<PluginCommands> = plugins
            .iter()
            .map(|p| PluginCommands::of(p.as_ref()))
            .filter(|p| !p.commands.is_empty())
            .collect();
        listed.extend(Listed::of(help_matcher()).map(|own| PluginCommands {
            plugin: NAME.to_owned(),
            commands: vec![own],
        }));
        Help { listed }
    }

    /// Check the `[plugins.help]` section.
    pub fn validate(section: &PluginSection) -> timbot::core::Result<()> {
        section.parse::<HelpConfig>().map(|_| ())
    }

    /// The commands it knows, plugin by plugin.
    pub fn listed(&self) -> &[PluginCommands] {
        &self.listed
    }
}

fn help_matcher() -> Matcher {
    Matcher::command(Command::new("help").about("list the commands you can use here"))
}

/// The prefix the asker typed before `help` (`/` when it cannot be told).
fn typed_prefix(text: &str) -> &str {
    let text = text.trim_start();
    let lower = text.to_ascii_lowercase();
    lower
        .find("help")
        .and_then(|at| text.get(..at))
        .filter(|p| !p.is_empty())
        .unwrap_or("/")
}

#[async_trait]
impl Plugin for Help {
    fn name(&self) -> &str {
        NAME
    }

    fn priority(&self) -> i32 {
        -10
    }

    fn matchers(&self) -> Vec<Matcher> {
        vec![help_matcher()]
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        ctx.stop();
        let config: HelpConfig = ctx.config()?;
        let bot = ctx.bot();
        let text = message.plain_text();
        let prefix = typed_prefix(&text);
        let group = ctx.group_id();
        let mut reply = config.header;
        for entry in &self.listed {
            let runs_here = match group {
                Some(group) => bot.is_enabled_in_group(&entry.plugin, group),
                None => bot.plugin_enabled(&entry.plugin),
            };
            let usable: Vec<&Listed> = entry
                .commands
                .iter()
                .filter(|listed| listed.usable_in(message.conv_type, group))
                .collect();
            if !runs_here || usable.is_empty() {
                continue;
            }
            reply.push_str(&format!("\n[{}]", entry.plugin));
            for listed in usable {
                reply.push_str(&format!("\n  {}", listed.line(prefix)));
            }
        }
        ctx.reply(reply).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_what_precedes_help() {
        assert_eq!(typed_prefix("/help"), "/");
        assert_eq!(typed_prefix("!HELP"), "!");
        assert_eq!(typed_prefix("help"), "/");
    }

    #[test]
    fn a_line_shows_usage_aliases_permission_and_about() {
        let mut matcher = Matcher::command(Command::new("mute").alias("m").about("mute someone"));
        matcher.permission = Permission::GroupAdmin;
        let listed = Listed::of(matcher).expect("a command");
        assert_eq!(listed.line("!"), "!mute | !m (admins) — mute someone");
    }

    #[test]
    fn commands_limited_to_groups_are_not_usable_one_to_one() {
        let listed =
            Listed::of(Matcher::command(Command::new("kick")).in_groups()).expect("a command");
        assert!(listed.usable_in(ConvType::Group, Some("g")));
        assert!(!listed.usable_in(ConvType::C2C, None));
    }
}
