//! timbot plugin `help`: `/help` lists the commands of the plugins enabled where it is asked.
//!
//! The plugin is built with the plugins of its bot ([`Help::for_plugins`]), reads their command
//! matchers once, and on `/help` lists, plugin by plugin, the commands of those that run in the
//! conversation (enabled in the bot and, in a group, not switched off for that group). The
//! command prefix shown is the one the asker typed.
//!
//! ```toml
//! [plugins.help]
//! header = "Here is what I can do:"    # optional first line
//! ```

use std::sync::Arc;

use async_trait::async_trait;
use serde::Deserialize;
use timbot::core::types::Message;
use timbot::runtime::{Command, Context, HandlerResult, Matcher, Plugin, Trigger};

/// The plugin's name: its section is `[plugins.help]`.
pub const NAME: &str = "help";

/// The commands one plugin declares.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginCommands {
    /// The plugin's name.
    pub plugin: String,
    /// Its commands, in declaration order.
    pub commands: Vec<Command>,
}

impl PluginCommands {
    /// The command matchers of `plugin`.
    pub fn of(plugin: &dyn Plugin) -> PluginCommands {
        PluginCommands {
            plugin: plugin.name().to_owned(),
            commands: plugin
                .matchers()
                .into_iter()
                .filter_map(|m| match m.trigger {
                    Trigger::Command(command) => Some(command),
                    _ => None,
                })
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
    /// Help for the commands of `plugins` (its own `/help` included).
    pub fn for_plugins(plugins: &[Arc<dyn Plugin>]) -> Help {
        let mut listed: Vec<PluginCommands> = plugins
            .iter()
            .map(|p| PluginCommands::of(p.as_ref()))
            .filter(|p| !p.commands.is_empty())
            .collect();
        listed.push(PluginCommands {
            plugin: NAME.to_owned(),
            commands: vec![help_command()],
        });
        Help { listed }
    }

    /// Check the `[plugins.help]` section.
    pub fn validate(section: &timbot::runtime::PluginSection) -> timbot::core::Result<()> {
        section.parse::<HelpConfig>().map(|_| ())
    }
}

fn help_command() -> Command {
    Command::new("help").about("list the commands you can use here")
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
        vec![Matcher::command(help_command())]
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        ctx.stop();
        let config: HelpConfig = ctx.config()?;
        let bot = ctx.bot();
        let text = message.plain_text();
        let prefix = typed_prefix(&text);
        let mut reply = config.header;
        for entry in &self.listed {
            let runs_here = match ctx.group_id() {
                Some(group) => bot.is_enabled_in_group(&entry.plugin, group),
                None => bot.plugin_enabled(&entry.plugin),
            };
            if !runs_here {
                continue;
            }
            reply.push_str(&format!("\n[{}]", entry.plugin));
            for command in &entry.commands {
                reply.push_str(&format!("\n  {}", command.usage(prefix)));
                if !command.about.is_empty() {
                    reply.push_str(&format!(" — {}", command.about));
                }
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
}
