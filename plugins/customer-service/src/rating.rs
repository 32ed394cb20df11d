//! The satisfaction rating: the custom card the customer gets when a case ends, and reading
//! the customer's answer.
//!
//! The card is a custom message in the UI kits' convention (`businessID`
//! [`RatingCard::BUSINESS_ID`], see [`timbot::message::custom`]): a client that knows it draws
//! the options as buttons and answers with a [`RatingAnswer`] custom message; any other client
//! shows the card's description, which asks for a number, and the customer types it.

use serde::{Deserialize, Serialize};
use timbot::core::types::{Elem, Message};
use timbot::message::{parse_payload, BusinessPayload, CustomMessage};

use crate::template::fill;

/// One choice on the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingOption {
    /// The score it gives (1 = worst).
    pub score: u8,
    /// What it says, e.g. "excellent".
    pub label: String,
}

/// The card's payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingCard {
    /// The case being rated.
    pub case: u64,
    /// The agent who handled it.
    pub agent: String,
    /// The question.
    pub title: String,
    /// The choices, worst first.
    pub options: Vec<RatingOption>,
}

impl BusinessPayload for RatingCard {
    const BUSINESS_ID: &'static str = "timbot_satisfaction_rating";
}

/// A client's answer to the card, as a custom message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingAnswer {
    /// The case rated.
    pub case: u64,
    /// The score chosen.
    pub score: u8,
}

impl BusinessPayload for RatingAnswer {
    const BUSINESS_ID: &'static str = "timbot_satisfaction_rating_answer";
}

impl RatingCard {
    /// The card for `case` handled by `agent`: `question` (with `{agent}` filled) and one option
    /// per label, scored 1, 2, … in order.
    pub fn new(case: u64, agent: &str, question: &str, labels: &[String]) -> RatingCard {
        RatingCard {
            case,
            agent: agent.to_owned(),
            title: fill(question, &[("agent", agent)]),
            options: labels
                .iter()
                .zip(1u8..)
                .map(|(label, score)| RatingOption {
                    score,
                    label: label.clone(),
                })
                .collect(),
        }
    }

    /// The highest score.
    pub fn scale(&self) -> u8 {
        self.options.iter().map(|o| o.score).max().unwrap_or(0)
    }

    /// The custom message element; its description asks for a number, for plain clients.
    pub fn into_elem(self) -> timbot::core::Result<Elem> {
        let choices: Vec<String> = self
            .options
            .iter()
            .map(|o| format!("{} = {}", o.score, o.label))
            .collect();
        let description = format!(
            "{} Reply with a number from 1 to {} ({}).",
            self.title,
            self.scale(),
            choices.join(", ")
        );
        Ok(CustomMessage::payload(&self)?
            .description(description)
            .into_elem())
    }
}

/// The score `message` gives on a scale of 1 to `scale`: a [`RatingAnswer`] custom element, or
/// a text starting with the number (`"4"`, `"4/5"`, `"5 stars"`). `None` when it is no rating.
pub fn score_of(message: &Message, scale: u8) -> Option<u8> {
    let answered = message.elems.iter().find_map(|elem| match elem {
        Elem::Custom(custom) => parse_payload::<RatingAnswer>(custom).ok().flatten(),
        _ => None,
    });
    let score = match answered {
        Some(answer) => answer.score,
        None => {
            let text = message.plain_text();
            let text = text.trim();
            let digits = text
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len());
            let rest = text[digits..].trim_start();
            let number_alone =
                rest.is_empty() || rest.starts_with('/') || rest.starts_with(char::is_alphabetic);
            if digits == 0 || !number_alone {
                return None;
            }
            text[..digits].parse().ok()?
        }
    };
    (1..=scale).contains(&score).then_some(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use timbot::core::types::ConvType;
    use timbot::message::custom::encode_payload;

    fn text(text: &str) -> Message {
        Message::new(ConvType::C2C, "bot", vec![Elem::text(text)])
    }

    #[test]
    fn typed_scores_within_the_scale_count() {
        assert_eq!(score_of(&text("4"), 5), Some(4));
        assert_eq!(score_of(&text(" 5/5 "), 5), Some(5));
        assert_eq!(score_of(&text("3 stars"), 5), Some(3));
        assert_eq!(score_of(&text("6"), 5), None);
        assert_eq!(score_of(&text("0"), 5), None);
        assert_eq!(score_of(&text("12345 is my order"), 5), None);
        assert_eq!(score_of(&text("thanks"), 5), None);
        assert_eq!(score_of(&text("2.5"), 5), None);
    }

    #[test]
    fn a_card_answer_counts() {
        let data = encode_payload(&RatingAnswer { case: 7, score: 2 }).unwrap();
        let answer = Message::new(
            ConvType::C2C,
            "bot",
            vec![CustomMessage::new(data).into_elem()],
        );
        assert_eq!(score_of(&answer, 5), Some(2));
    }

    #[test]
    fn the_card_scores_its_labels_in_order_and_asks_plain_clients_for_a_number() {
        let labels = ["bad".to_owned(), "good".to_owned()];
        let card = RatingCard::new(3, "ann", "How was {agent}?", &labels);
        assert_eq!(card.title, "How was ann?");
        assert_eq!(card.scale(), 2);
        let Elem::Custom(custom) = card.clone().into_elem().unwrap() else {
            panic!("not a custom element");
        };
        assert_eq!(parse_payload::<RatingCard>(&custom).unwrap(), Some(card));
        assert_eq!(
            custom.desc,
            "How was ann? Reply with a number from 1 to 2 (1 = bad, 2 = good)."
        );
    }
}
