//! timbot plugin `customer-service`: a support bot for one-to-one chats.
//!
//! It greets a new conversation, answers frequently asked questions from a knowledge file
//! (matched by regex, keywords and fuzzy similarity, see [`knowledge`] and [`similarity`]), lists
//! "did you mean" suggestions when unsure, and keeps office hours with an out-of-hours reply
//! ([`office_hours`]). Configuration: [`settings`]; the README has the full reference.

pub mod knowledge;
pub mod office_hours;
pub mod plugin;
pub mod settings;
pub mod similarity;

pub use knowledge::{Entry, KnowledgeBase, Lookup, Thresholds};
pub use plugin::{Clock, CustomerService};
pub use settings::Settings;

/// The plugin's name: its section is `[plugins.customer-service]`.
pub const NAME: &str = "customer-service";
