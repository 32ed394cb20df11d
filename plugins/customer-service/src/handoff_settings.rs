//! The `[plugins.customer-service.handoff]` table: the agents' group, the phrases that ask for
//! a human, the replies of a hand-off and the satisfaction rating.
//!
//! ```toml
//! [plugins.customer-service.handoff]
//! agents_group = "agents"             # where agents are told about waiting customers and /take
//! create_group = true                 # create the group (Work type) when the bot is not in it
//! agents = ["ann", "bob"]             # members of a group the bot creates (optional)
//! phrases = ["human", "real person"]  # besides /agent: words that ask for a human
//! ```
//!
//! Every reply below has a default; placeholders in braces are filled per message.

use serde::Deserialize;

/// The hand-off's settings, as written (with defaults).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoffSettings {
    /// The group where agents are notified and take cases.
    pub agents_group: String,
    /// Create the agents' group at start when the bot is not a member of it.
    #[serde(default = "yes")]
    pub create_group: bool,
    /// The members of a group the bot creates.
    #[serde(default)]
    pub agents: Vec<String>,
    /// Words or phrases (whole words, any case) that ask for a human, besides `/agent`.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// To the customer on joining the queue: `{position}`, `{case}`.
    #[serde(default = "queued_reply")]
    pub queued_reply: String,
    /// To the customer who writes while waiting: `{position}`.
    #[serde(default = "waiting_reply")]
    pub waiting_reply: String,
    /// To the agents' group when a customer joins the queue: `{customer}`, `{case}`, `{queue}`,
    /// `{summary}` (what the intake collected, one line per answer).
    #[serde(default = "agents_notice")]
    pub agents_notice: String,
    /// To the agents' group when an agent takes a case: `{agent}`, `{customer}`, `{case}`,
    /// `{queue}`.
    #[serde(default = "taken_notice")]
    pub taken_notice: String,
    /// To the customer when an agent takes the case: `{agent}`.
    #[serde(default = "taken_reply")]
    pub taken_reply: String,
    /// To the agent when it takes a case: `{customer}`, `{case}`, `{summary}`.
    #[serde(default = "agent_brief")]
    pub agent_brief: String,
    /// To the customer when the case ends (before the rating card): `{agent}`.
    #[serde(default = "ended_reply")]
    pub ended_reply: String,
    /// To the customer who leaves the queue before an agent took the case.
    #[serde(default = "left_queue_reply")]
    pub left_queue_reply: String,
    /// The title of the transcript sent to the agent: `{customer}`, `{case}`.
    #[serde(default = "transcript_title")]
    pub transcript_title: String,
    /// The rating card's question: `{agent}`.
    #[serde(default = "rating_question")]
    pub rating_question: String,
    /// The rating's choices, worst first (scored 1, 2, …).
    #[serde(default = "rating_labels")]
    pub rating_labels: Vec<String>,
    /// To the customer after rating: `{score}`, `{scale}`.
    #[serde(default = "rating_thanks")]
    pub rating_thanks: String,
    /// To the agents' group after a rating: `{customer}`, `{agent}`, `{case}`, `{score}`,
    /// `{scale}`.
    #[serde(default = "rating_notice")]
    pub rating_notice: String,
}

fn yes() -> bool {
    true
}

fn queued_reply() -> String {
    "I've asked a human agent to help you (case #{case}). You are number {position} in the \
     queue; type /end to leave it."
        .to_owned()
}

fn waiting_reply() -> String {
    "An agent will be with you soon: you are number {position} in the queue. I'll pass on what \
     you write."
        .to_owned()
}

fn agents_notice() -> String {
    "Case #{case}: {customer} is waiting for an agent ({queue} waiting).{summary}\nType /take to \
     take the first case, or /take {customer}."
        .to_owned()
}

fn taken_notice() -> String {
    "{agent} took case #{case} ({customer}). {queue} still waiting.".to_owned()
}

fn taken_reply() -> String {
    "Hi, this is {agent}, a human agent. How can I help? (type /end when we're done)".to_owned()
}

fn agent_brief() -> String {
    "You have case #{case} with {customer}.{summary}\nWhat you write to me here goes to \
     {customer}; type /end to close the case."
        .to_owned()
}

fn ended_reply() -> String {
    "{agent} has closed the chat. Thank you for contacting us!".to_owned()
}

fn left_queue_reply() -> String {
    "You have left the queue. Ask for an agent again at any time.".to_owned()
}

fn transcript_title() -> String {
    "Case #{case} with {customer}".to_owned()
}

fn rating_question() -> String {
    "How satisfied are you with {agent}'s help?".to_owned()
}

fn rating_labels() -> Vec<String> {
    [
        "very unsatisfied",
        "unsatisfied",
        "okay",
        "satisfied",
        "very satisfied",
    ]
    .map(String::from)
    .to_vec()
}

fn rating_thanks() -> String {
    "Thank you for rating us {score}/{scale}!".to_owned()
}

fn rating_notice() -> String {
    "{customer} rated case #{case} ({agent}): {score}/{scale}.".to_owned()
}

impl HandoffSettings {
    /// Why these settings cannot work, if they cannot.
    pub fn problem(&self) -> Option<String> {
        if self.agents_group.trim().is_empty() {
            return Some("`agents_group` must name a group".into());
        }
        if self.rating_labels.is_empty() || self.rating_labels.len() > 10 {
            return Some("`rating_labels` needs 1 to 10 choices".into());
        }
        None
    }
}
