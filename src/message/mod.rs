//! Outgoing-message helpers (builders) and incoming-message helpers.
//!
//! - [`builder`]: [`MessageBuilder`] for a [`Target`]: text, @ members and @all (the text carries
//!   the `@name` tokens in the @ list's order), face, location, image / file / sound / video by
//!   URL, custom, merged and quote-reply messages, and every send option.
//! - [`custom`]: custom messages ([`CustomMessage`]) and typed JSON payloads with a `businessID`
//!   and `version` ([`BusinessPayload`]), the UI kits' convention.
//! - [`merge`]: merged (combined-forward) messages from sent messages or synthetic [`Entry`]s,
//!   nested to any documented depth, and opening one into its entries.
//! - [`reply`]: quote-replies, stored in cloud custom data in the UI kits' format ([`QuoteRef`]).
//! - [`limits`]: the documented limits, each a named constant with its source, and [`validate`],
//!   which checks them all before sending and names the limit hit.
//! - [`incoming`]: reading a received message ([`Incoming`]): readable text with fallbacks,
//!   mentions, commands and their arguments, custom payloads, merged messages, quotes.

pub mod builder;
pub mod custom;
pub mod incoming;
pub mod limits;
pub mod merge;
pub mod reply;

pub use builder::{MessageBuilder, Target, AT_ALL_TOKEN};
pub use custom::{parse_payload, BusinessPayload, CustomMessage, Envelope};
pub use incoming::{Command, Incoming};
pub use limits::{validate, TargetKind};
pub use merge::{Entry, MergedMessage, Opened, OpenedEntry};
pub use reply::{find_quoted, quote_of, QuoteRef};
