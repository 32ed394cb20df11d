//! The moderation plugin's configuration: the `[plugins.moderation]` section of a bot file,
//! layered per group by the runtime (`[groups."<id>".plugins.moderation]`).

use std::time::Duration;

use serde::Deserialize;
use timbot::core::{Error, Result};

/// Everything the moderation plugin reads from its section. Every field has a default, so an
/// empty section gives a plugin that only answers admin commands and keeps its audit log.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModerationConfig {
    /// Words (or phrases) that are not allowed; matched case-insensitively anywhere in a text.
    pub banned_words: Vec<String>,
    /// The character that replaces each character of a banned word in a rewrite.
    pub mask: char,
    /// Links in messages.
    pub links: LinkRule,
    /// Too many messages from one member in a short time.
    pub flood: Option<FloodRule>,
    /// The same text sent again and again by one member.
    pub repeat: Option<RepeatRule>,
    /// What each strike of a member costs, in order: `"warn"`, `"recall"`, `"mute:<duration>"`
    /// (e.g. `"mute:10m"`, `"mute:1d"`), `"kick"`. Strikes past the end repeat the last step.
    pub ladder: Vec<String>,
    /// Strikes are forgotten this many seconds after the last one.
    pub strike_window_secs: u64,
    /// Members whose messages are never checked (besides the group owner and admins).
    pub exempt: Vec<String>,
    /// The text sent to a newcomer on a join tip; `{user}` is replaced by the @-mention. Empty:
    /// no welcome.
    pub welcome: String,
    /// How join requests are decided.
    pub join_requests: JoinRule,
    /// The before-send verdict on a message with a banned word: `"block"`, `"mask"` (rewrite
    /// with the words masked) or `"allow"`.
    pub before_send: BeforeSendMode,
}

impl Default for ModerationConfig {
    fn default() -> Self {
        ModerationConfig {
            banned_words: Vec::new(),
            mask: '*',
            links: LinkRule::default(),
            flood: None,
            repeat: None,
            ladder: ["warn", "recall", "mute:10m", "mute:1d", "kick"]
                .map(String::from)
                .to_vec(),
            strike_window_secs: 86_400,
            exempt: Vec::new(),
            welcome: String::new(),
            join_requests: JoinRule::default(),
            before_send: BeforeSendMode::Mask,
        }
    }
}

impl ModerationConfig {
    /// How long strikes are remembered.
    pub fn strike_window(&self) -> Duration {
        Duration::from_secs(self.strike_window_secs)
    }
}

/// Links in messages: allowed everywhere, or only to the listed domains.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkRule {
    /// Whether links are a violation at all.
    pub block: bool,
    /// Domains whose links are fine (subdomains included), e.g. `"example.com"`.
    pub allow: Vec<String>,
}

/// More than `messages` messages within `seconds` seconds is a flood.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FloodRule {
    /// Messages allowed within the window.
    pub messages: usize,
    /// The window, in seconds.
    pub seconds: u64,
}

/// The same text `count` times in a row is spam.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepeatRule {
    /// How many identical messages in a row count as spam (at least 2).
    pub count: usize,
}

/// How join requests are decided: refused users first, then the required words, then the
/// default.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JoinRule {
    /// What happens to a request no rule decides: `"accept"`, `"refuse"` or `"ignore"` (left to
    /// a human).
    pub default: JoinDecision,
    /// When not empty, the request's message must contain one of these (case-insensitive) to be
    /// accepted; otherwise it is refused.
    pub require_words: Vec<String>,
    /// Users whose requests are always refused.
    pub refuse_users: Vec<String>,
    /// The reason given with a refusal.
    pub refuse_reason: String,
}

impl Default for JoinRule {
    fn default() -> Self {
        JoinRule {
            default: JoinDecision::Ignore,
            require_words: Vec::new(),
            refuse_users: Vec::new(),
            refuse_reason: "Your request does not meet this group's rules.".to_owned(),
        }
    }
}

/// A decision on a join request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinDecision {
    /// Let the applicant in.
    Accept,
    /// Turn the applicant away.
    Refuse,
    /// Leave the request to a human.
    Ignore,
}

/// The before-send verdict on a message with a banned word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BeforeSendMode {
    /// Refuse the message.
    Block,
    /// Deliver it with the banned words masked.
    Mask,
    /// Deliver it unchanged (the message checks still apply after delivery).
    Allow,
}

/// Parse a configuration value (a whole `[plugins.moderation]` table).
pub fn parse(value: toml::Value) -> Result<ModerationConfig> {
    value
        .try_into()
        .map_err(|e: toml::de::Error| Error::invalid("moderation config", e.message()))
}
