//! The bot runtime: bots, the dispatcher, the plugin trait, matchers, permissions and scoping.
//!
//! How the parts fit, following one event:
//!
//! 1. A [`Runtime`] hosts many [`Bot`]s. A bot ([`bot`]) logs its account in through the core's
//!    `Client` with a UserSig from its [`Signer`], reads the account's event stream, logs in again
//!    when the UserSig expires or the account is kicked ([`KickedOfflinePolicy`]), and reports its
//!    [`BotStatus`].
//! 2. The [`dispatcher`] drops the bot's own echoes and duplicate message ids, then queues the
//!    event for its conversation ([`ConvKey`]): one worker and one bounded queue per
//!    conversation, so a conversation is handled in order and conversations run in parallel.
//! 3. A worker runs the event through the plugins (`pipeline.rs`): in priority order, each enabled
//!    plugin whose [`Matcher`]s fire (compiled once per bot in [`CompiledMatchers`]; commands by
//!    hash lookup, regexes in a [`RegexBank`], keywords in one automaton) and whose
//!    [`Permission`] and cooldown pass gets a [`Context`]; a handler's error, panic or timeout is
//!    contained, logged inside the event's tracing span and counted in [`Metrics`].
//! 4. Handlers answer through the [`Context`]'s reply helpers, which send through the bot's one
//!    [`Outbox`] (where outbound flow control plugs in).
//! 5. [`Scope`] switches plugins per group and layers per-group configuration over the bot's;
//!    [`Effects`] collects what a plugin registered so that disabling it disposes of everything.
//! 6. A plugin keeps a conversation's state over several messages in a [`Dialogue`]
//!    ([`Context::dialogue`]): it lives in the store, takes the conversation's next messages
//!    through the bot's [`Claim`]s, and runs [`Plugin::on_dialogue_timeout`] at its deadline.
//!
//! Configuration comes from a bot file ([`BotFile`]) or is built in code ([`BotConfig`]).
//! Extension points for the rest of the framework: [`Outbox`] (flow control), [`Claim`]
//! (messages for an open dialogue), [`BotBuilder::extension`] + [`Context::extension`] (any
//! shared service), and inherent `impl Context` blocks in sibling modules (e.g. a
//! `Context::dialogue` built on [`Context::store`] and [`Context::conversation`]).

pub mod bot;
mod bot_state;
pub mod claim;
pub mod command;
pub mod config;
pub mod context;
pub mod conv_key;
pub mod dedup;
pub mod dialogue;
mod dialogue_book;
mod dialogue_index;
mod dialogue_timers;
pub mod dispatcher;
pub mod effects;
pub mod flow;
pub mod handle;
pub mod matcher;
pub mod metrics;
pub mod outbox;
pub mod permission;
mod pipeline;
pub mod plugin;
pub mod regex_bank;
#[allow(clippy::module_inception)]
pub mod runtime;
pub mod scope;
pub mod signer;
pub mod status;

pub use bot::{Bot, BotBuilder, ShutdownSignal};
pub use claim::Claim;
pub use command::{Arg, ArgError, ArgKind, ArgValue, Args, Command};
pub use config::{
    BotConfig, BotFile, GroupConfig, KickedOfflinePolicy, PluginSection, PluginSections,
};
pub use context::Context;
pub use conv_key::ConvKey;
pub use dialogue::{Dialogue, ExpiredDialogue, OnCommand};
pub use effects::Effects;
pub use flow::{is_rate_limited, FlowControl, FlowLimits};
pub use handle::BotHandle;
pub use matcher::{CompiledMatchers, Hit, HitDetail, MatchInput, MatchResult, Matcher, Trigger};
pub use metrics::{Metrics, MetricsSnapshot};
pub use outbox::{DirectOutbox, Outbox};
pub use permission::{Permission, SenderRole};
pub use plugin::{BoxError, HandlerResult, Plugin, Setup};
pub use regex_bank::{Captures, RegexBank, RegexStrategy};
pub use runtime::{Runtime, ShutdownReport};
pub use scope::{Cooldowns, Scope};
pub use signer::{KeySigner, Signer};
pub use status::{BotStatus, StopReason};
