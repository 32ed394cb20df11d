//! The bot file: `[bot]` (or several `[[bots]]`), `[plugins.<name>]` and per-group overrides.
//!
//! ```toml
//! [bot]
//! name = "support"
//! user_id = "support_bot"
//! superusers = ["alice"]
//! command_prefixes = ["/", "!"]
//! handler_timeout_secs = 10
//! kicked_offline = { policy = "relogin", backoff_secs = 5, max_attempts = 3 }
//!
//! [bot.flow]                    # outbound flow control (see FlowLimits; these are the defaults)
//! per_group = 40
//! per_api = 200
//!
//! [plugins.faq]                 # every bot of the file
//! greeting = "Hello!"
//!
//! [groups."@TGS#team".plugins.faq]   # layered over [plugins.faq] for one group
//! greeting = "Hi team"
//!
//! [groups."@TGS#quiet"]
//! disabled = ["faq"]            # the plugin does not run in this group
//! ```
//!
//! A bot of `[[bots]]` may carry its own `plugins` and `groups` tables; they are layered over the
//! file-wide ones (bot over file, group over bot). Sections owned by other parts of timbot
//! (`[backend]`, `[store]`, …) are kept as raw TOML in [`BotFile::other`]. A plugin receives its
//! section as a [`PluginSection`] and deserializes it into its own type; a mistake in it is
//! reported with the file and the line of the section's header.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::flow::FlowLimits;
use super::regex_bank::RegexStrategy;
use crate::core::{Error, Result};

/// A whole bot file.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BotFile {
    /// The one bot of a single-bot file (`[bot]`).
    #[serde(default)]
    pub bot: Option<BotConfig>,
    /// The bots of a multi-bot file (`[[bots]]`).
    #[serde(default)]
    pub bots: Vec<BotConfig>,
    /// Plugin sections shared by every bot of the file (`[plugins.<name>]`).
    #[serde(default)]
    pub plugins: BTreeMap<String, toml::Value>,
    /// Per-group overrides shared by every bot of the file (`[groups."<group id>"]`).
    #[serde(default)]
    pub groups: BTreeMap<String, GroupConfig>,
    /// Every other top-level section (`[backend]`, `[store]`, …), for the parts that own them.
    #[serde(flatten)]
    pub other: BTreeMap<String, toml::Value>,
    /// Where the file came from (for error messages), and its text (to find section lines).
    #[serde(skip)]
    source: Source,
}

#[derive(Debug, Clone, Default)]
struct Source {
    file: String,
    text: String,
}

/// One bot's settings (`[bot]` or one entry of `[[bots]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BotConfig {
    /// The bot's name, used in logs, metrics and the runtime's reports.
    pub name: String,
    /// The IM account the bot logs in as.
    pub user_id: String,
    /// Users who pass every permission check.
    #[serde(default)]
    pub superusers: Vec<String>,
    /// Prefixes that start a command (`/help`, `!help`).
    #[serde(default = "default_prefixes")]
    pub command_prefixes: Vec<String>,
    /// How long one plugin may take on one event before it is abandoned and counted as timed out.
    #[serde(default = "default_handler_timeout")]
    pub handler_timeout_secs: u64,
    /// Events one conversation may have waiting before the dispatcher waits (backpressure).
    #[serde(default = "default_queue_capacity")]
    pub queue_capacity: usize,
    /// How many recent message ids are remembered to drop a message delivered twice.
    #[serde(default = "default_dedup_window")]
    pub dedup_window: usize,
    /// The reply when a permission check fails; empty for no reply.
    #[serde(default = "default_denied_reply")]
    pub denied_reply: String,
    /// The reply while a command is cooling down for a user; empty (the default) for no reply.
    #[serde(default)]
    pub cooldown_reply: String,
    /// What to do when the account is logged in elsewhere.
    #[serde(default)]
    pub kicked_offline: KickedOfflinePolicy,
    /// How the bot's regex matchers are tried (`"set"`, the default, or `"sequential"`).
    #[serde(default)]
    pub regex_strategy: RegexStrategy,
    /// Outbound flow control: budgets per group and per send API, retries (`[bot.flow]`).
    #[serde(default)]
    pub flow: FlowLimits,
    /// Plugin sections of this bot, layered over the file-wide ones.
    #[serde(default)]
    pub plugins: BTreeMap<String, toml::Value>,
    /// Per-group overrides of this bot, layered over the file-wide ones.
    #[serde(default)]
    pub groups: BTreeMap<String, GroupConfig>,
}

fn default_prefixes() -> Vec<String> {
    vec!["/".to_owned()]
}
fn default_handler_timeout() -> u64 {
    30
}
fn default_queue_capacity() -> usize {
    64
}
fn default_dedup_window() -> usize {
    4096
}
fn default_denied_reply() -> String {
    "You are not allowed to do that.".to_owned()
}

impl BotConfig {
    /// A bot named `name` logging in as `user_id`, with every other setting defaulted.
    pub fn new(name: impl Into<String>, user_id: impl Into<String>) -> Self {
        BotConfig {
            name: name.into(),
            user_id: user_id.into(),
            superusers: Vec::new(),
            command_prefixes: default_prefixes(),
            handler_timeout_secs: default_handler_timeout(),
            queue_capacity: default_queue_capacity(),
            dedup_window: default_dedup_window(),
            denied_reply: default_denied_reply(),
            cooldown_reply: String::new(),
            kicked_offline: KickedOfflinePolicy::default(),
            regex_strategy: RegexStrategy::default(),
            flow: FlowLimits::default(),
            plugins: BTreeMap::new(),
            groups: BTreeMap::new(),
        }
    }

    /// The handler timeout as a duration.
    pub fn handler_timeout(&self) -> Duration {
        Duration::from_secs(self.handler_timeout_secs)
    }
}

/// Overrides for one group.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupConfig {
    /// Plugins that do not run in this group.
    #[serde(default)]
    pub disabled: Vec<String>,
    /// Plugin sections for this group, layered over the bot's.
    #[serde(default)]
    pub plugins: BTreeMap<String, toml::Value>,
}

/// What a bot does when its account is logged in elsewhere (kicked offline).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case", deny_unknown_fields)]
pub enum KickedOfflinePolicy {
    /// Log in again after `backoff_secs`, doubling the wait after each failed attempt, up to
    /// `max_attempts` attempts in a row; then stop and report.
    Relogin {
        /// Seconds to wait before the first attempt.
        #[serde(default = "default_backoff")]
        backoff_secs: u64,
        /// Attempts in a row before giving up.
        #[serde(default = "default_attempts")]
        max_attempts: u32,
    },
    /// Stop the bot and report that it was kicked.
    Stop,
}

fn default_backoff() -> u64 {
    5
}
fn default_attempts() -> u32 {
    5
}

impl Default for KickedOfflinePolicy {
    fn default() -> Self {
        KickedOfflinePolicy::Relogin {
            backoff_secs: default_backoff(),
            max_attempts: default_attempts(),
        }
    }
}

impl BotFile {
    /// Parse a bot file's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<BotFile> {
        let mut parsed: BotFile = toml::from_str(text).map_err(|e| Error::Config {
            file: file.to_owned(),
            line: e.span().map_or(0, |span| line_of(text, span.start)),
            message: e.message().to_owned(),
        })?;
        if parsed.bot.is_some() && !parsed.bots.is_empty() {
            return Err(Error::Config {
                file: file.to_owned(),
                line: header_line(text, "[bot]"),
                message: "use either [bot] or [[bots]], not both".to_owned(),
            });
        }
        parsed.source = Source {
            file: file.to_owned(),
            text: text.to_owned(),
        };
        Ok(parsed)
    }

    /// Read and parse a bot file.
    pub fn load(path: &std::path::Path) -> Result<BotFile> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            file: file.clone(),
            line: 0,
            message: e.to_string(),
        })?;
        BotFile::parse(&file, &text)
    }

    /// The bots the file defines (`[bot]` or every `[[bots]]`), each with the file's plugin and
    /// group sections layered under its own.
    pub fn bot_configs(&self) -> Vec<BotConfig> {
        self.bot
            .iter()
            .chain(self.bots.iter())
            .map(|bot| self.layered(bot))
            .collect()
    }

    fn layered(&self, bot: &BotConfig) -> BotConfig {
        let mut out = bot.clone();
        out.plugins = merge_sections(&self.plugins, &bot.plugins);
        let mut groups = self.groups.clone();
        for (id, over) in &bot.groups {
            let entry = groups.entry(id.clone()).or_default();
            entry.disabled.extend(over.disabled.iter().cloned());
            entry.plugins = merge_sections(&entry.plugins, &over.plugins);
        }
        out.groups = groups;
        out
    }

    /// The sections of every plugin for one bot of this file, with where they come from.
    pub fn plugin_sections(&self, bot: &BotConfig) -> PluginSections {
        let layered = self.layered(bot);
        let sections = layered
            .plugins
            .iter()
            .map(|(name, value)| {
                let header = format!("[plugins.{name}]");
                (name.clone(), self.section(value.clone(), &header))
            })
            .collect();
        let groups = layered
            .groups
            .iter()
            .map(|(group, config)| {
                let plugins = config
                    .plugins
                    .iter()
                    .map(|(name, value)| {
                        let header = format!("\"{group}\".plugins.{name}]");
                        (name.clone(), self.section(value.clone(), &header))
                    })
                    .collect();
                (group.clone(), plugins)
            })
            .collect();
        PluginSections { sections, groups }
    }

    fn section(&self, value: toml::Value, header: &str) -> PluginSection {
        PluginSection {
            value,
            file: self.source.file.clone(),
            line: header_line(&self.source.text, header),
        }
    }
}

/// One plugin's configuration: raw TOML plus where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginSection {
    /// The section's contents.
    pub value: toml::Value,
    /// The file it came from (empty when built in code).
    pub file: String,
    /// The line of the section's header (0 when unknown).
    pub line: usize,
}

impl PluginSection {
    /// A section built in code (no file).
    pub fn new(value: toml::Value) -> Self {
        PluginSection {
            value,
            file: String::new(),
            line: 0,
        }
    }

    /// An empty section (a plugin with no configuration written).
    pub fn empty() -> Self {
        PluginSection::new(toml::Value::Table(toml::map::Map::new()))
    }

    /// Deserialize the section into the plugin's own configuration type.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        self.value
            .clone()
            .try_into()
            .map_err(|e: toml::de::Error| Error::Config {
                file: self.file.clone(),
                line: self.line,
                message: e.message().to_owned(),
            })
    }

    /// This section with `over` layered on top (tables merge key by key; other values replace).
    pub fn layered(&self, over: &PluginSection) -> PluginSection {
        PluginSection {
            value: merge_values(&self.value, &over.value),
            file: if over.file.is_empty() {
                self.file.clone()
            } else {
                over.file.clone()
            },
            line: over.line,
        }
    }
}

/// Every plugin section of one bot: its own and each group's overrides.
#[derive(Debug, Clone, Default)]
pub struct PluginSections {
    sections: HashMap<String, PluginSection>,
    groups: HashMap<String, HashMap<String, PluginSection>>,
}

impl PluginSections {
    /// The bot-level section of `plugin` (empty when none was written).
    pub fn for_plugin(&self, plugin: &str) -> PluginSection {
        self.sections
            .get(plugin)
            .cloned()
            .unwrap_or_else(PluginSection::empty)
    }

    /// The section of `plugin` as it applies in `group`: the group's override over the bot's.
    pub fn for_group(&self, plugin: &str, group: &str) -> PluginSection {
        let base = self.for_plugin(plugin);
        match self.groups.get(group).and_then(|g| g.get(plugin)) {
            Some(over) => base.layered(over),
            None => base,
        }
    }

    /// Set the bot-level section of a plugin (for bots configured in code).
    pub fn insert(&mut self, plugin: impl Into<String>, section: PluginSection) {
        self.sections.insert(plugin.into(), section);
    }

    /// Set a group's override of a plugin's section (for bots configured in code).
    pub fn insert_for_group(
        &mut self,
        group: impl Into<String>,
        plugin: impl Into<String>,
        section: PluginSection,
    ) {
        self.groups
            .entry(group.into())
            .or_default()
            .insert(plugin.into(), section);
    }
}

fn merge_sections(
    base: &BTreeMap<String, toml::Value>,
    over: &BTreeMap<String, toml::Value>,
) -> BTreeMap<String, toml::Value> {
    let mut out = base.clone();
    for (name, value) in over {
        let merged = match out.get(name) {
            Some(existing) => merge_values(existing, value),
            None => value.clone(),
        };
        out.insert(name.clone(), merged);
    }
    out
}

/// Layer `over` on `base`: tables merge key by key, anything else is replaced.
fn merge_values(base: &toml::Value, over: &toml::Value) -> toml::Value {
    match (base, over) {
        (toml::Value::Table(base), toml::Value::Table(over)) => {
            let mut out = base.clone();
            for (key, value) in over {
                let merged = match out.get(key) {
                    Some(existing) => merge_values(existing, value),
                    None => value.clone(),
                };
                out.insert(key.clone(), merged);
            }
            toml::Value::Table(out)
        }
        (_, over) => over.clone(),
    }
}

/// The 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at)
        .map_or(0, |head| head.matches('\n').count() + 1)
}

/// The 1-based line of the first line containing `header` (ignoring spaces), or 0.
fn header_line(text: &str, header: &str) -> usize {
    let wanted: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    text.lines()
        .position(|line| {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            compact.contains(&wanted)
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_of_counts_from_one() {
        let text = "a\nb\nc";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 2), 2);
        assert_eq!(line_of(text, 4), 3);
    }
}
