//! The help desk: who waits for a human agent, which agent has which customer, the transcript
//! of each case, and the ratings still owed. Pure bookkeeping, no messages: the plugin
//! ([`crate::handoff`]) asks the desk what to do and sends the messages itself.
//!
//! A case's life:
//!
//! 1. [`Desk::request`]: the customer joins the queue (first come, first served) and a case
//!    opens with an empty transcript; asking again tells the same place in the queue.
//! 2. [`Desk::take`]: an agent (with no other case) takes the first waiting customer, or a
//!    named one. An agent handles one case at a time.
//! 3. [`Desk::route`]: while the case is open every message of the customer and of its agent is
//!    kept in the transcript (at most [`Desk::MAX_TRANSCRIPT`], the oldest dropped first) and
//!    told where to go: to the agent, to the customer, or nowhere yet (the customer still waits).
//! 4. [`Desk::end`]: the customer or the agent ends it. A customer who was still waiting just
//!    leaves the queue; a case an agent had ends with its transcript and the customer owes a
//!    rating ([`Desk::rate`]).
//!
//! A desk is plain data (serde): the plugin keeps it in the bot's store
//! ([`crate::stored_desk`]), so it survives a restart and replicas share it.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};
use timbot::core::types::Message;

/// One customer's request for a human agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Case {
    id: u64,
    agent: Option<String>,
    transcript: VecDeque<Message>,
    /// Lines the bot collected before the case opened (e.g. the intake's answers).
    summary: Vec<String>,
}

/// What [`Desk::request`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requested {
    /// The customer joined the queue at `position` (1 = next), as case `case`.
    Queued {
        /// The case's number.
        case: u64,
        /// The place in the queue, 1-based.
        position: usize,
    },
    /// The customer was already waiting at `position`.
    AlreadyQueued {
        /// The place in the queue, 1-based.
        position: usize,
    },
    /// The customer is already talking with `agent`.
    AlreadyServed {
        /// The agent.
        agent: String,
    },
}

/// A case an agent took.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    /// The case's number.
    pub case: u64,
    /// The customer.
    pub customer: String,
    /// What the bot collected before the case opened.
    pub summary: Vec<String>,
    /// The customer's messages while waiting.
    pub waiting_messages: Vec<Message>,
}

/// Why an agent could not take a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakeRefused {
    /// Nobody waits.
    QueueEmpty,
    /// The named customer does not wait.
    NotWaiting(String),
    /// The agent already has a case, with this customer.
    Busy(String),
}

/// Where a message of an open case goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// From the customer to this agent.
    ToAgent(String),
    /// From the agent to this customer.
    ToCustomer(String),
    /// The customer still waits, at this place in the queue.
    Waiting(usize),
    /// The sender has no open case.
    NoCase,
}

/// A case that ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Ended {
    /// The case's number.
    pub case: u64,
    /// The customer.
    pub customer: String,
    /// The agent (`None`: the customer left the queue before anyone took the case).
    pub agent: Option<String>,
    /// What the bot collected before the case opened.
    pub summary: Vec<String>,
    /// Every message of the case, in order.
    pub transcript: Vec<Message>,
}

/// A rating a customer owes for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwedRating {
    /// The case's number.
    pub case: u64,
    /// The agent who handled it.
    pub agent: String,
}

/// The queue, the open cases and the owed ratings of one bot. Its maps are ordered, so one desk
/// always encodes to the same bytes (an unchanged desk is not written back to the store).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Desk {
    queue: VecDeque<String>,
    /// Open cases by customer.
    cases: BTreeMap<String, Case>,
    /// The customer of each busy agent.
    agents: BTreeMap<String, String>,
    owed_ratings: BTreeMap<String, OwedRating>,
    last_case: u64,
}

impl Desk {
    /// The most messages a transcript keeps (the documented limit of a merged message).
    pub const MAX_TRANSCRIPT: usize = timbot::message::limits::MAX_MERGED_MESSAGES;

    /// `customer` asks for a human agent; `summary` is what the bot already collected.
    pub fn request(&mut self, customer: &str, summary: Vec<String>) -> Requested {
        if let Some(case) = self.cases.get(customer) {
            return match &case.agent {
                Some(agent) => Requested::AlreadyServed {
                    agent: agent.clone(),
                },
                None => Requested::AlreadyQueued {
                    position: self.position(customer).unwrap_or(0),
                },
            };
        }
        self.last_case += 1;
        self.owed_ratings.remove(customer);
        self.cases.insert(
            customer.to_owned(),
            Case {
                id: self.last_case,
                agent: None,
                transcript: VecDeque::new(),
                summary,
            },
        );
        self.queue.push_back(customer.to_owned());
        Requested::Queued {
            case: self.last_case,
            position: self.queue.len(),
        }
    }

    /// Whether `customer` has an open case (waiting or with an agent).
    pub fn has_case(&self, customer: &str) -> bool {
        self.cases.contains_key(customer)
    }

    /// The waiting customers, first first.
    pub fn waiting(&self) -> impl Iterator<Item = &str> {
        self.queue.iter().map(String::as_str)
    }

    /// `customer`'s place in the queue (1 = next).
    pub fn position(&self, customer: &str) -> Option<usize> {
        self.queue.iter().position(|c| c == customer).map(|i| i + 1)
    }

    /// `agent` takes the case of `customer`, or of the first waiting customer.
    pub fn take(&mut self, agent: &str, customer: Option<&str>) -> Result<Taken, TakeRefused> {
        if let Some(current) = self.agents.get(agent) {
            return Err(TakeRefused::Busy(current.clone()));
        }
        let index = match customer {
            Some(wanted) => self
                .queue
                .iter()
                .position(|c| c == wanted)
                .ok_or_else(|| TakeRefused::NotWaiting(wanted.to_owned()))?,
            None if self.queue.is_empty() => return Err(TakeRefused::QueueEmpty),
            None => 0,
        };
        let customer = self.queue.remove(index).ok_or(TakeRefused::QueueEmpty)?;
        let case = self
            .cases
            .get_mut(&customer)
            .ok_or_else(|| TakeRefused::NotWaiting(customer.clone()))?;
        case.agent = Some(agent.to_owned());
        self.agents.insert(agent.to_owned(), customer.clone());
        Ok(Taken {
            case: case.id,
            customer,
            summary: case.summary.clone(),
            waiting_messages: case.transcript.iter().cloned().collect(),
        })
    }

    /// Where `message` from `sender` goes, keeping it in its case's transcript.
    pub fn route(&mut self, sender: &str, message: Message) -> Route {
        let (customer, route) = if let Some(customer) = self.agents.get(sender) {
            (customer.clone(), Route::ToCustomer(customer.clone()))
        } else if let Some(case) = self.cases.get(sender) {
            let route = match &case.agent {
                Some(agent) => Route::ToAgent(agent.clone()),
                None => Route::Waiting(self.position(sender).unwrap_or(0)),
            };
            (sender.to_owned(), route)
        } else {
            return Route::NoCase;
        };
        if let Some(case) = self.cases.get_mut(&customer) {
            if case.transcript.len() == Self::MAX_TRANSCRIPT {
                case.transcript.pop_front();
            }
            case.transcript.push_back(message);
        }
        route
    }

    /// `user` (the customer or the agent) ends the case.
    pub fn end(&mut self, user: &str) -> Option<Ended> {
        let customer = match self.agents.get(user) {
            Some(customer) => customer.clone(),
            None => user.to_owned(),
        };
        let case = self.cases.remove(&customer)?;
        self.queue.retain(|c| c != &customer);
        if let Some(agent) = &case.agent {
            self.agents.remove(agent);
            self.owed_ratings.insert(
                customer.clone(),
                OwedRating {
                    case: case.id,
                    agent: agent.clone(),
                },
            );
        }
        Some(Ended {
            case: case.id,
            customer,
            agent: case.agent,
            summary: case.summary,
            transcript: case.transcript.into_iter().collect(),
        })
    }

    /// The rating `customer` owes, if any.
    pub fn owed_rating(&self, customer: &str) -> Option<&OwedRating> {
        self.owed_ratings.get(customer)
    }

    /// `customer` gave (or declined) the rating it owed; returns what it was for.
    pub fn rate(&mut self, customer: &str) -> Option<OwedRating> {
        self.owed_ratings.remove(customer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use timbot::core::types::{ConvType, Elem};

    fn said(sender: &str, text: &str) -> Message {
        let mut message = Message::new(ConvType::C2C, "bot", vec![Elem::text(text)]);
        message.sender = sender.to_owned();
        message
    }

    #[test]
    fn first_come_first_served_and_asking_again_keeps_the_place() {
        let mut desk = Desk::default();
        assert_eq!(
            desk.request("alice", vec![]),
            Requested::Queued {
                case: 1,
                position: 1
            }
        );
        assert_eq!(
            desk.request("bob", vec![]),
            Requested::Queued {
                case: 2,
                position: 2
            }
        );
        assert_eq!(
            desk.request("bob", vec![]),
            Requested::AlreadyQueued { position: 2 }
        );
        let taken = desk.take("ann", None).unwrap();
        assert_eq!(taken.customer, "alice");
        assert_eq!(desk.position("bob"), Some(1));
        assert_eq!(
            desk.request("alice", vec![]),
            Requested::AlreadyServed {
                agent: "ann".into()
            }
        );
    }

    #[test]
    fn an_agent_has_one_case_and_takes_only_waiting_customers() {
        let mut desk = Desk::default();
        assert_eq!(desk.take("ann", None), Err(TakeRefused::QueueEmpty));
        desk.request("alice", vec![]);
        desk.request("bob", vec![]);
        assert_eq!(
            desk.take("ann", Some("carol")),
            Err(TakeRefused::NotWaiting("carol".into()))
        );
        assert_eq!(desk.take("ann", Some("bob")).unwrap().customer, "bob");
        assert_eq!(desk.take("ann", None), Err(TakeRefused::Busy("bob".into())));
        assert_eq!(desk.waiting().collect::<Vec<_>>(), ["alice"]);
    }

    #[test]
    fn messages_route_both_ways_and_fill_the_transcript() {
        let mut desk = Desk::default();
        desk.request("alice", vec!["order: 42".into()]);
        assert_eq!(
            desk.route("alice", said("alice", "hello?")),
            Route::Waiting(1)
        );
        let taken = desk.take("ann", None).unwrap();
        assert_eq!(taken.summary, ["order: 42"]);
        assert_eq!(taken.waiting_messages.len(), 1);
        assert_eq!(
            desk.route("alice", said("alice", "it broke")),
            Route::ToAgent("ann".into())
        );
        assert_eq!(
            desk.route("ann", said("ann", "sorry!")),
            Route::ToCustomer("alice".into())
        );
        assert_eq!(desk.route("bob", said("bob", "hi")), Route::NoCase);
        let ended = desk.end("ann").unwrap();
        let texts: Vec<String> = ended.transcript.iter().map(|m| m.plain_text()).collect();
        assert_eq!(texts, ["hello?", "it broke", "sorry!"]);
        assert_eq!(ended.agent.as_deref(), Some("ann"));
        assert_eq!(desk.route("alice", said("alice", "bye")), Route::NoCase);
        assert_eq!(
            desk.rate("alice"),
            Some(OwedRating {
                case: 1,
                agent: "ann".into()
            })
        );
        assert_eq!(desk.rate("alice"), None);
    }

    #[test]
    fn leaving_the_queue_owes_no_rating() {
        let mut desk = Desk::default();
        desk.request("alice", vec![]);
        assert!(desk.has_case("alice"));
        let ended = desk.end("alice").unwrap();
        assert_eq!(ended.agent, None);
        assert!(!desk.has_case("alice"));
        assert_eq!(desk.waiting().count(), 0);
        assert_eq!(desk.owed_rating("alice"), None);
        assert!(desk.end("alice").is_none());
    }

    #[test]
    fn the_transcript_keeps_the_latest_messages_up_to_the_merge_limit() {
        let mut desk = Desk::default();
        desk.request("alice", vec![]);
        desk.take("ann", None).unwrap();
        for i in 0..Desk::MAX_TRANSCRIPT + 5 {
            desk.route("alice", said("alice", &i.to_string()));
        }
        let ended = desk.end("alice").unwrap();
        assert_eq!(ended.transcript.len(), Desk::MAX_TRANSCRIPT);
        assert_eq!(ended.transcript[0].plain_text(), "5");
    }
}
