//! timbot plugin `customer-service`: a support bot for one-to-one chats.
//!
//! It greets a new conversation ([`new_conversation`]), answers frequently asked questions from
//! a knowledge file (matched by regex, keywords and fuzzy similarity, see [`knowledge`] and
//! [`similarity`]), lists "did you mean" suggestions when unsure, keeps office hours with an
//! out-of-hours reply ([`office_hours`]), and hands customers over to human agents: a queue, an
//! agents' group, relayed messages, a transcript and a satisfaction rating ([`handoff`],
//! [`desk`], [`stored_desk`], [`rating`]). Configuration: [`settings`]; the README has the full reference.

pub mod desk;
pub mod handoff;
pub mod handoff_settings;
pub mod intake;
pub mod knowledge;
pub mod new_conversation;
pub mod office_hours;
pub mod plugin;
pub mod rating;
pub mod settings;
pub mod similarity;
pub mod stored_desk;
pub mod template;

pub use handoff_settings::HandoffSettings;
pub use knowledge::{Entry, KnowledgeBase, Lookup, Thresholds};
pub use plugin::{Clock, CustomerService};
pub use rating::{RatingAnswer, RatingCard};
pub use settings::Settings;

/// The plugin's name: its section is `[plugins.customer-service]`.
pub const NAME: &str = "customer-service";
