//! The bot runtime: bots, the dispatcher, the plugin trait, matchers, permissions and scoping.
//!
//! This first landing holds the parts that need nothing but the core's data model: matchers as
//! data ([`Matcher`], [`Command`], compiled once per bot into [`CompiledMatchers`], regexes in a
//! [`RegexBank`]), permissions, per-group scoping and cooldowns, metrics, the bot file
//! ([`BotFile`]), plugin effects ([`Effects`]) and UserSig signers ([`Signer`]). The `Plugin`
//! trait, the `Context`, the dispatcher, `Bot` and `Runtime` land as soon as the core's `Client`
//! and `Event` are on main.

pub mod command;
pub mod config;
pub mod dedup;
pub mod effects;
pub mod matcher;
pub mod metrics;
pub mod permission;
pub mod regex_bank;
pub mod scope;
pub mod signer;

pub use command::{Arg, ArgError, ArgKind, ArgValue, Args, Command};
pub use config::{
    BotConfig, BotFile, GroupConfig, KickedOfflinePolicy, PluginSection, PluginSections,
};
pub use effects::Effects;
pub use matcher::{CompiledMatchers, Hit, HitDetail, MatchInput, MatchResult, Matcher, Trigger};
pub use metrics::{Metrics, MetricsSnapshot};
pub use permission::{Permission, SenderRole};
pub use regex_bank::{Captures, RegexBank, RegexStrategy};
pub use scope::{Cooldowns, Scope};
pub use signer::{KeySigner, Signer};
